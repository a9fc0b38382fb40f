"""`write`: one exporter chosen by name or file suffix, written atomically.

The text goes to a temporary file in the target's folder, is flushed and fsynced, and then
replaces the target with ``os.replace``, which is atomic on POSIX and Windows: a reader sees the
old file or the new one, and a run killed half-way leaves the old file as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paperkit.errors import ExportError
from paperkit.export.bibtex import to_bibtex
from paperkit.export.csl import to_csl_json
from paperkit.export.json import to_json
from paperkit.export.markdown import to_markdown

__all__ = ["FORMATS", "SUFFIXES", "format_for", "write"]

FORMATS: dict[str, Callable[..., str]] = {
    "bibtex": to_bibtex,
    "csl-json": to_csl_json,
    "json": to_json,
    "markdown": to_markdown,
}
"""Format name -> exporter."""
SUFFIXES = {".csl.json": "csl-json", ".bib": "bibtex", ".json": "json", ".md": "markdown"}
"""File suffix -> format name; the longest matching suffix wins."""
_ALIASES = {"bib": "bibtex", "csl": "csl-json", "csljson": "csl-json", "md": "markdown"}


def format_for(path: Path, format: str | None = None) -> str:
    """The format name for `path`: `format` when given (aliases allowed), else its suffix.

    Raises:
        ExportError: The format or suffix is not known; the message lists the known ones.
    """
    if format is not None:
        name = format.strip().lower().lstrip(".")
        name = _ALIASES.get(name, name)
        if name not in FORMATS:
            raise ExportError(
                f"unknown export format {format!r}; known formats: {', '.join(FORMATS)}",
                known=tuple(FORMATS),
            )
        return name
    lowered = path.name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if lowered.endswith(suffix):
            return SUFFIXES[suffix]
    raise ExportError(
        f"cannot tell the export format of {str(path)!r} from its suffix; known suffixes: "
        f"{', '.join(SUFFIXES)} (or pass format= one of {', '.join(FORMATS)})",
        known=tuple(FORMATS),
    )


def write(
    obj: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Path:
    """Export `obj` to `path` atomically, in the format its suffix (or `format`) names.

    Args:
        obj: What the exporter takes: papers, sessions or a group (a group or sessions for
            Markdown).
        path: The file to write; its folder must exist. An existing file is replaced, keeping
            its permissions.
        format: "bibtex", "json", "csl-json" or "markdown"; by default from the suffix
            (``.bib``, ``.json``, ``.csl.json``, ``.md``).
        **options: Passed to the exporter, e.g. ``key_template=`` or ``unicode=`` for BibTeX.

    Returns:
        The path written.

    Raises:
        ExportError: An unknown format, or a file that cannot be written.
    """
    target = Path(path)
    name = format_for(target, format)
    text = FORMATS[name](obj, **options)
    _write_atomically(target, text.encode("utf-8"))
    return target


def _write_atomically(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666
        # os.open applies the umask to a new file, as open() would for the target itself
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if target.exists():
                temporary.chmod(mode)
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc


def _sync_folder(folder: Path) -> None:
    # the rename itself is durable only once the folder's entry is on disk (POSIX)
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
