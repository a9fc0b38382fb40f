"""paperkit: clean, typed metadata for the papers a reading group discusses.

Read a group's page, fetch and resolve every paper from arXiv, Crossref and DataCite, normalize
venue names, and export BibTeX, JSON, CSL-JSON or Markdown. See https://github.com/paperkit/paperkit.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from paperkit._batch import Batch, Progress
from paperkit.config import Settings
from paperkit.errors import (
    AmbiguousMatchError,
    ConfigError,
    ExportError,
    FetchError,
    IdentifierError,
    NotFoundError,
    OfflineError,
    PaperkitError,
    ParseError,
)
from paperkit.models import Author, Paper, Provenance, ReadingGroup, Session, Venue, VenueKind

try:
    __version__ = version("paperkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "__version__",
    "AmbiguousMatchError",
    "Author",
    "Batch",
    "ConfigError",
    "ExportError",
    "FetchError",
    "IdentifierError",
    "NotFoundError",
    "OfflineError",
    "Paper",
    "PaperkitError",
    "ParseError",
    "Progress",
    "Provenance",
    "ReadingGroup",
    "Session",
    "Settings",
    "Venue",
    "VenueKind",
]
