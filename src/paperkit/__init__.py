"""paperkit: clean, typed metadata for the papers a reading group discusses.

Read a group's page, fetch and resolve every paper from arXiv, Crossref and DataCite, normalize
venue names, and export BibTeX, JSON, CSL-JSON or Markdown. See https://github.com/paperkit/paperkit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from paperkit import _lazy

if TYPE_CHECKING:  # what type checkers, editors and the docs read; at run time, see __getattr__
    __version__: str
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

# Where each public name lives. `import paperkit` loads none of it: a name's module is imported
# when the name is first used, so a script or command loads only what it uses (the HTTP stack,
# requests-cache and Dask's glue cost half a second that `paperkit venue` or `paperkit bulk`
# never needed). tests/test_api.py holds this table to `__all__` and to the imports above.
_HOMES = {
    "AmbiguousMatchError": "paperkit.errors",
    "ArxivId": "paperkit.identifiers",
    "Author": "paperkit.models",
    "Batch": "paperkit._batch",
    "BibtexImport": "paperkit.export",
    "CacheWarning": "paperkit.errors",
    "Client": "paperkit.client",
    "ConfigError": "paperkit.errors",
    "Doi": "paperkit.identifiers",
    "enrich": "paperkit.ingest",
    "EnrichReport": "paperkit.ingest",
    "ExportError": "paperkit.errors",
    "fetch": "paperkit.client",
    "fetch_many": "paperkit.client",
    "FetchError": "paperkit.errors",
    "Identifier": "paperkit.identifiers",
    "IdentifierError": "paperkit.errors",
    "merge": "paperkit.merge",
    "normalize_venue": "paperkit.venues",
    "NotFoundError": "paperkit.errors",
    "OfflineError": "paperkit.errors",
    "PageProblem": "paperkit.ingest",
    "PageReport": "paperkit.ingest",
    "Paper": "paperkit.models",
    "PaperkitError": "paperkit.errors",
    "PaperkitWarning": "paperkit.errors",
    "PaperOutcome": "paperkit.ingest",
    "parse_id": "paperkit.identifiers",
    "ParseError": "paperkit.errors",
    "Progress": "paperkit._batch",
    "Provenance": "paperkit.models",
    "read_bibtex": "paperkit.export",
    "read_page": "paperkit.ingest",
    "read_page_report": "paperkit.ingest",
    "read_snapshot": "paperkit.bulk",
    "ReadingGroup": "paperkit.models",
    "resolve": "paperkit.resolve",
    "resolve_many": "paperkit.resolve",
    "Session": "paperkit.models",
    "Settings": "paperkit.config",
    "TitleQuery": "paperkit.resolve",
    "to_bibtex": "paperkit.export",
    "to_csl_json": "paperkit.export",
    "to_json": "paperkit.export",
    "to_markdown": "paperkit.export",
    "upgrade": "paperkit.resolve",
    "Venue": "paperkit.models",
    "VenueKind": "paperkit.models",
    "VenueRegistry": "paperkit.venues",
    "write": "paperkit.export",
}

# subpackages and modules reachable as attributes, as they were when the package imported them
_SUBMODULES = frozenset(
    [
        *("bulk", "client", "config", "errors", "export", "identifiers", "ingest", "merge"),
        *("models", "resolve", "sources", "venues"),
    ]
)


_import = _lazy.attribute_importer(globals(), _HOMES, _SUBMODULES)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    return _import(name)


__dir__ = _lazy.attribute_lister(globals(), _HOMES, _SUBMODULES)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("paperkit")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


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
