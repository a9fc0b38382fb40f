"""The errors paperkit raises, all in one tree, and the warnings it gives, in another.

```
PaperkitError
├── ConfigError (also ValueError)        a setting or PAPERKIT_* variable with a bad value
├── IdentifierError (also ValueError)    text that is not an arXiv id or a DOI
├── FetchError                           transport or HTTP failure (.source, .identifier, .status)
│   ├── NotFoundError                    the source answered: no such paper
│   └── OfflineError                     offline mode, and the answer is not in the cache
├── AmbiguousMatchError                  a title matched several papers (.candidates)
├── ParseError (also ValueError)         a page, .bib file or response that cannot be read (.line)
└── ExportError (also ValueError)        an unknown format or an unwritable file (.known)

PaperkitWarning (also UserWarning)
└── CacheWarning                         the HTTP cache was corrupted or locked; paperkit went on
```

Foreign exceptions (requests, XML, JSON) are translated at one boundary with ``raise ... from exc``,
so ``except paperkit.PaperkitError`` is enough to handle everything paperkit raises on purpose.
Warnings are given where paperkit can carry on; ``warnings.simplefilter("error", PaperkitWarning)``
turns them all into exceptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperkit.models import Paper

__all__ = [
    "AmbiguousMatchError",
    "CacheWarning",
    "ConfigError",
    "ExportError",
    "FetchError",
    "IdentifierError",
    "NotFoundError",
    "OfflineError",
    "PaperkitError",
    "PaperkitWarning",
    "ParseError",
]


class PaperkitError(Exception):
    """Base class of every error paperkit raises on purpose."""


class ConfigError(PaperkitError, ValueError):
    """A setting or ``PAPERKIT_*`` environment variable has a value paperkit cannot use."""


class IdentifierError(PaperkitError, ValueError):
    """Text that is neither an arXiv identifier nor a DOI; the message quotes it."""

    def __init__(self, message: str, *, text: str = "") -> None:
        super().__init__(message)
        self.text = text

    def __reduce__(self) -> tuple[type[IdentifierError], tuple[str], dict[str, str]]:
        return (type(self), (str(self),), {"text": self.text})


class FetchError(PaperkitError):
    """A source could not be reached or gave an answer paperkit cannot use."""

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        identifier: str = "",
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.source = source
        self.identifier = identifier
        self.status = status

    def __reduce__(self) -> tuple[type[FetchError], tuple[str], dict[str, object]]:
        state: dict[str, object] = {
            "source": self.source,
            "identifier": self.identifier,
            "status": self.status,
        }
        return (type(self), (str(self),), state)


class NotFoundError(FetchError):
    """The source answered, and it has no such paper."""


class OfflineError(FetchError):
    """Offline mode is on and the answer is not in the cache."""


class AmbiguousMatchError(PaperkitError):
    """A title matched several papers equally well; ``candidates`` lists them, best first."""

    def __init__(self, message: str, *, candidates: Sequence[Paper] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)

    def __reduce__(self) -> tuple[type[AmbiguousMatchError], tuple[str], dict[str, object]]:
        return (type(self), (str(self),), {"candidates": self.candidates})


class ParseError(PaperkitError, ValueError):
    """Input that cannot be read; ``line`` is the 1-based line number where known."""

    def __init__(self, message: str, *, line: int | None = None, source: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.source = source

    def __reduce__(self) -> tuple[type[ParseError], tuple[str], dict[str, object]]:
        return (type(self), (str(self),), {"line": self.line, "source": self.source})


class ExportError(PaperkitError, ValueError):
    """An unknown export format or a file that cannot be written; ``known`` lists the formats."""

    def __init__(self, message: str, *, known: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.known = tuple(known)

    def __reduce__(self) -> tuple[type[ExportError], tuple[str], dict[str, object]]:
        return (type(self), (str(self),), {"known": self.known})


class PaperkitWarning(UserWarning):
    """Base class of every warning paperkit gives: something went wrong, and paperkit carried on."""


class CacheWarning(PaperkitWarning):
    """The HTTP cache could not be used as is (corrupted or locked); paperkit carried on."""
