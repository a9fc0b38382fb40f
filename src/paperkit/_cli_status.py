"""The command's exit statuses, shared by the parser and the subcommands."""

EXIT_OK = 0
"""Everything worked."""
EXIT_UNRESOLVED = 1
"""Some papers could not be resolved or read; the output still holds everything that was read."""
EXIT_USAGE = 2
"""Bad usage or unreadable input."""
