"""paperkit: clean, typed metadata for the papers a reading group discusses.

Read a group's page, fetch and resolve every paper from arXiv, Crossref and DataCite, normalize
venue names, and export BibTeX, JSON, CSL-JSON or Markdown. See https://github.com/paperkit/paperkit.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from paperkit._batch import Batch, Progress
from paperkit.bulk import read_snapshot
from paperkit.client import Client, fetch, fetch_many
from paperkit.config import Settings
from paperkit.errors import (
    AmbiguousMatchError,
    CacheWarning,
    ConfigError,
    ExportError,
    FetchError,
    IdentifierError,
    NotFoundError,
    OfflineError,
    PaperkitError,
    PaperkitWarning,
    ParseError,
)
from paperkit.export import (
    BibtexImport,
    read_bibtex,
    to_bibtex,
    to_csl_json,
    to_json,
    to_markdown,
    write,
)
from paperkit.identifiers import ArxivId, Doi, Identifier, parse_id
from paperkit.ingest import (
    EnrichReport,
    PageProblem,
    PageReport,
    PaperOutcome,
    enrich,
    read_page,
    read_page_report,
)
from paperkit.merge import merge
from paperkit.models import Author, Paper, Provenance, ReadingGroup, Session, Venue, VenueKind
from paperkit.resolve import TitleQuery, resolve, resolve_many, upgrade
from paperkit.venues import VenueRegistry, normalize_venue

try:
    __version__ = version("paperkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "__version__",
    "AmbiguousMatchError",
    "ArxivId",
    "Author",
    "Batch",
    "BibtexImport",
    "CacheWarning",
    "Client",
    "ConfigError",
    "Doi",
    "enrich",
    "EnrichReport",
    "ExportError",
    "fetch",
    "fetch_many",
    "FetchError",
    "Identifier",
    "IdentifierError",
    "merge",
    "normalize_venue",
    "NotFoundError",
    "OfflineError",
    "PageProblem",
    "PageReport",
    "Paper",
    "PaperkitError",
    "PaperkitWarning",
    "PaperOutcome",
    "parse_id",
    "ParseError",
    "Progress",
    "Provenance",
    "read_bibtex",
    "read_page",
    "read_page_report",
    "read_snapshot",
    "ReadingGroup",
    "resolve",
    "resolve_many",
    "Session",
    "Settings",
    "TitleQuery",
    "to_bibtex",
    "to_csl_json",
    "to_json",
    "to_markdown",
    "upgrade",
    "Venue",
    "VenueKind",
    "VenueRegistry",
    "write",
]
