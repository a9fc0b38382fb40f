"""arXiv, through the `arxiv` package: id lists in batches of 100, searches, and the mapping.

The `arxiv` client is used for what it does well (building query URLs, parsing both Atom formats),
with its own pacing and retries turned off: its private session is replaced by `paperkit._http`,
which paces, retries, caches and refuses hostile XML for the whole process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.etree.ElementTree import Element

import arxiv
import requests

from paperkit._http import Doubtful, Http, check_xml
from paperkit.errors import FetchError, NotFoundError, PaperkitError
from paperkit.identifiers import ArxivId
from paperkit.models import Author, Paper, Provenance, Venue, VenueKind
from paperkit.sources._common import provenance_for, safe_author, venue_from_text

__all__ = ["BATCH_SIZE", "ArxivSource", "abstract_from_summary", "paper_from_result"]

SOURCE = "arxiv"
BATCH_SIZE = 100
"""Ids per ``id_list`` request: arXiv's own clients use 100, and ~700 overflow the URL."""

_ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"
_ATOM_SUMMARY = "{http://www.w3.org/2005/Atom}summary"
_ENTRY_ID = re.compile(r"arxiv\.org/abs/(.+?)(?:v(\d+))?$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n[ \t]+")
_CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?$")
_DOI = re.compile(r"10\.\d{4,9}/[^\s,;]+")
_BAD_ID = re.compile(r"incorrect id format for (\S+)")


def abstract_from_summary(summary: str | None) -> str | None:
    """Join arXiv's hard-wrapped lines, keeping paragraphs (a newline then indentation, or a
    blank line, starts one) separated by a blank line."""
    if not summary or not summary.strip():
        return None
    text = summary.replace("\r\n", "\n").strip()
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p) or None


def split_entry_id(entry_id: str) -> tuple[str, int | None]:
    """``http://arxiv.org/abs/1706.03762v7`` -> (``"1706.03762"``, 7)."""
    match = _ENTRY_ID.search(entry_id.strip())
    if match is None:
        raise ValueError(f"{entry_id!r} is not an arXiv abstract URL")
    version = match.group(2)
    return match.group(1), int(version) if version else None


def _published_doi(text: str | None) -> str | None:
    match = _DOI.search(text or "")
    return match.group(0).rstrip(".").lower() if match else None


def paper_from_result(result: arxiv.Result) -> Paper:
    """Map one `arxiv.Result` to a `Paper` (a pure function: no requests).

    The title is whitespace-collapsed, the abstract keeps its paragraphs, authors are split into
    given and family names, categories start with the primary one, ``journal_ref`` (or else the
    comment) is read with `paperkit.venues.normalize_venue`, and the author-supplied ``arxiv:doi``
    becomes the published version's DOI. Links are built from the id, never taken from the feed.

    Raises:
        ValueError: the result has no usable id or title.
    """
    arxiv_id, version = split_entry_id(result.entry_id)
    identifier = ArxivId(arxiv_id, version)
    published = result.published.date() if result.published else None
    updated = result.updated.date() if result.updated else None
    first_year = published.year if published else None

    venue: Venue | None = None
    for text in (result.journal_ref, result.comment):
        candidate = venue_from_text(text, year=None)
        if candidate is not None and candidate.kind is not VenueKind.PREPRINT:
            venue = candidate
            break
    if venue is None:
        venue = venue_from_text("arXiv", year=first_year) or Venue(
            acronym="arXiv", name="arXiv", year=first_year, kind=VenueKind.PREPRINT
        )
    year = venue.year if venue.kind is not VenueKind.PREPRINT and venue.year else first_year

    authors: list[Author] = []
    for author in result.authors:
        made = safe_author(name=author.name, affiliations=getattr(author, "affiliation", ()) or ())
        if made is not None:
            authors.append(made)
    categories = [result.primary_category] if result.primary_category else []
    categories += [c for c in result.categories if c not in categories]
    fields: dict[str, Any] = {
        "title": " ".join((result.title or "").split()),
        "authors": tuple(authors),
        "abstract": abstract_from_summary(result.summary),
        "year": year,
        "venue": venue,
        "arxiv_id": arxiv_id,
        "arxiv_version": version,
        "doi": _published_doi(result.doi),
        "url": ArxivId(arxiv_id).abs_url,
        "pdf_url": identifier.pdf_url,
        "categories": tuple(c for c in categories if _CATEGORY.match(c)),
        "published": published,
        "updated": updated,
    }
    if not fields["title"]:
        raise ValueError(f"arXiv entry {result.entry_id} has no title")
    return Paper(**fields, provenance=Provenance(sources=provenance_for(SOURCE, fields)))


class _Transport:
    """Stands in for the `arxiv` client's private session, so its requests go through `Http`."""

    def __init__(self, http: Http, identifier: str, *, expect_entries: bool) -> None:
        self.http = http
        self.identifier = identifier
        self.expect_entries = expect_entries
        self.last: requests.Response | None = None

    def get(self, url: str, **_: Any) -> requests.Response:
        self.last = self.http.get(
            url,
            source=SOURCE,
            identifier=self.identifier,
            check=self._check,
            passthrough=frozenset({400}),
        )
        return self.last

    def _check(self, response: requests.Response) -> None:
        root = _checked_root(response.content, self.identifier)
        if self.expect_entries and root.find(_ATOM_ENTRY) is None:
            # arXiv sometimes answers a valid id with an empty page by mistake
            raise Doubtful(f"arXiv answered an empty feed for {self.identifier}")

    def close(self) -> None:
        """Nothing to close: the `Http` session outlives this transport."""


def _checked_root(body: bytes, identifier: str) -> Element:
    check_xml(body, source=SOURCE, identifier=identifier)
    # parse again only to look at the entries: check_xml has refused DTDs and entities already
    import defusedxml.ElementTree

    return defusedxml.ElementTree.fromstring(body, forbid_dtd=True)


class ArxivSource:
    """Requests to the arXiv API through a shared `Http`."""

    def __init__(self, http: Http) -> None:
        self.http = http

    def _client(self, transport: _Transport, page_size: int) -> arxiv.Client:
        client = arxiv.Client(page_size=page_size, delay_seconds=0.0, num_retries=0)
        client.query_url_format = self.http.settings.arxiv_url + "?{}"
        client._session = transport  # our layer paces, retries and caches
        return client

    def _run(self, transport: _Transport, search: arxiv.Search, page_size: int) -> list[Any]:
        client = self._client(transport, page_size)
        try:
            return list(client.results(search))
        except arxiv.HTTPError as exc:
            raise FetchError(
                f"arXiv refused the request for {transport.identifier}: HTTP {exc.status} "
                f"{_error_summary(transport.last)}",
                source=SOURCE,
                identifier=transport.identifier,
                status=exc.status,
            ) from exc
        except arxiv.ArxivError as exc:
            raise FetchError(
                f"arXiv gave an unusable answer for {transport.identifier}: {exc}",
                source=SOURCE,
                identifier=transport.identifier,
            ) from exc

    def fetch_many(self, ids: Sequence[ArxivId]) -> dict[ArxivId, Paper | PaperkitError]:
        """Papers for `ids`, in batches of `BATCH_SIZE`; a failure per id instead of raising.

        Papers already in the cache (from any earlier batch) are not asked for again.
        """
        outcome: dict[ArxivId, Paper | PaperkitError] = {}
        missing = []
        for arxiv_id in dict.fromkeys(ids):
            paper = self._recall(arxiv_id)
            if paper is None:
                missing.append(arxiv_id)
            else:
                outcome[arxiv_id] = paper
        for start in range(0, len(missing), BATCH_SIZE):
            chunk = missing[start : start + BATCH_SIZE]
            found = self._fetch_chunk(chunk)
            self.http.remember(
                {
                    _record_name(arxiv_id): answer.model_dump_json().encode()
                    for arxiv_id, answer in found.items()
                    if isinstance(answer, Paper)
                }
            )
            outcome.update(found)
        return outcome

    def _recall(self, arxiv_id: ArxivId) -> Paper | None:
        stored = self.http.recall(_record_name(arxiv_id))
        if stored is None:
            return None
        try:
            return Paper.model_validate_json(stored)
        except ValueError:
            return None  # written by another paperkit version: ask arXiv again

    def _fetch_chunk(self, chunk: list[ArxivId]) -> dict[ArxivId, Paper | PaperkitError]:
        outcome: dict[ArxivId, Paper | PaperkitError] = {}
        pending = list(chunk)
        while pending:
            # messages name the request by its size: a list of 100 ids helps nobody
            label = str(pending[0]) if len(pending) == 1 else f"{len(pending)} ids"
            transport = _Transport(self.http, label, expect_entries=True)
            search = arxiv.Search(id_list=[str(i) for i in pending], max_results=len(pending))
            try:
                results = self._run(transport, search, len(pending))
            except FetchError as exc:
                bad = _bad_id(exc, pending)
                if exc.status == 400 and bad is not None and len(pending) > 1:
                    outcome[bad] = FetchError(
                        f"arXiv rejected the identifier {bad}: {exc}",
                        source=SOURCE,
                        identifier=str(bad),
                        status=400,
                    )
                    pending.remove(bad)
                    continue
                for arxiv_id in pending:
                    outcome[arxiv_id] = _for_one(exc, arxiv_id, len(pending))
                return outcome
            outcome.update(_index(results, pending))
            return outcome
        return outcome

    def search(self, query: str, *, max_results: int = 10) -> list[Paper]:
        """Papers matching a raw arXiv ``search_query`` (e.g. ``ti:"attention is all"``)."""
        transport = _Transport(self.http, f"search {query!r}", expect_entries=False)
        search = arxiv.Search(query=query, max_results=max_results)
        results = self._run(transport, search, min(max(max_results, 1), BATCH_SIZE))
        papers = []
        for result in results:
            try:
                papers.append(paper_from_result(result))
            except (ValueError, PaperkitError):
                continue  # an entry arXiv could not describe is no search hit
        return papers


def _record_name(arxiv_id: ArxivId) -> str:
    from paperkit import __version__

    return f"arxiv:{arxiv_id}:paperkit-{__version__}"


def _index(results: list[Any], wanted: list[ArxivId]) -> dict[ArxivId, Paper | PaperkitError]:
    """Match results to the ids asked for: they come back in any order."""
    by_id: dict[str, list[ArxivId]] = {}
    for arxiv_id in wanted:
        by_id.setdefault(arxiv_id.id, []).append(arxiv_id)
    outcome: dict[ArxivId, Paper | PaperkitError] = {}
    for result in results:
        try:
            paper = paper_from_result(result)
        except (ValueError, PaperkitError) as exc:
            error: Paper | PaperkitError = FetchError(
                f"arXiv's entry {result.entry_id} cannot be read: {exc}", source=SOURCE
            )
            key = _entry_key(result.entry_id)
            for arxiv_id in by_id.get(key or "", []):
                outcome[arxiv_id] = error
            continue
        for arxiv_id in by_id.get(paper.arxiv_id or "", []):
            if arxiv_id.version in (None, paper.arxiv_version):
                outcome[arxiv_id] = paper
    for arxiv_id in wanted:
        if arxiv_id not in outcome:
            outcome[arxiv_id] = NotFoundError(
                f"arXiv has no paper {arxiv_id}",
                source=SOURCE,
                identifier=str(arxiv_id),
                status=200,
            )
    return outcome


def _entry_key(entry_id: str) -> str | None:
    try:
        return split_entry_id(entry_id)[0]
    except ValueError:
        return None


def _error_summary(response: requests.Response | None) -> str:
    if response is None:
        return ""
    try:
        root = _checked_root(response.content, "error feed")
    except Exception:
        return ""
    summary = root.find(f"{_ATOM_ENTRY}/{_ATOM_SUMMARY}")
    return f"({summary.text.strip()})" if summary is not None and summary.text else ""


def _bad_id(exc: FetchError, pending: list[ArxivId]) -> ArxivId | None:
    match = _BAD_ID.search(str(exc))
    if match is None:
        return None
    named = match.group(1).rstrip(")")
    return next((i for i in pending if str(i) == named), None)


def _for_one(exc: FetchError, arxiv_id: ArxivId, asked: int) -> FetchError:
    """The chunk's error, told for one id: ``1706.03762: arXiv request for 100 ids failed: ...``."""
    kind = type(exc)
    message = str(exc) if asked == 1 else f"{arxiv_id}: {exc}"
    error = kind(message, source=exc.source, identifier=str(arxiv_id), status=exc.status)
    error.__cause__ = exc
    return error
