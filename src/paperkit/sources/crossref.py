"""Crossref: ``/works/{doi}`` and ``/works?query.bibliographic=...``, and the mapping to `Paper`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paperkit._http import Http, parse_json
from paperkit.errors import PaperkitError
from paperkit.models import Author, Paper, Provenance, Venue, VenueKind
from paperkit.sources._common import (
    date_from_parts,
    doi_path,
    first_text,
    jats_to_text,
    normalize_pages,
    provenance_for,
    read_record,
    require_object,
    safe_author,
    venue_from_text,
)

__all__ = ["CrossrefSource", "kind_of_type", "paper_from_work"]

SOURCE = "crossref"
_KINDS: dict[str, VenueKind] = {
    "journal-article": VenueKind.JOURNAL,
    "journal-issue": VenueKind.JOURNAL,
    "journal": VenueKind.JOURNAL,
    "article-journal": VenueKind.JOURNAL,
    "proceedings-article": VenueKind.CONFERENCE,
    "paper-conference": VenueKind.CONFERENCE,
    "proceedings": VenueKind.CONFERENCE,
    "posted-content": VenueKind.PREPRINT,
    "article": VenueKind.PREPRINT,
}
_DATE_FIELDS = ("issued", "published-print", "published-online", "published", "posted", "created")


def kind_of_type(work_type: str | None) -> VenueKind:
    """The venue kind of a Crossref (or CSL) type: ``journal-article`` -> journal, and so on."""
    return _KINDS.get((work_type or "").lower(), VenueKind.OTHER)


def _unwrap(data: Mapping[str, Any]) -> Mapping[str, Any]:
    message = data.get("message")
    if isinstance(message, Mapping) and "message-type" in data:
        return message
    return data


def _authors(items: Any) -> tuple[Author, ...]:
    authors = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        affiliations = [
            a.get("name") for a in item.get("affiliation") or [] if isinstance(a, Mapping)
        ]
        author = safe_author(
            name=item.get("name") or item.get("literal"),
            given=item.get("given"),
            family=item.get("family"),
            suffix=item.get("suffix"),
            orcid=item.get("ORCID"),
            affiliations=[a for a in affiliations if isinstance(a, str)],
        )
        if author is not None:
            authors.append(author)
    return tuple(authors)


def _event_name(event: Any) -> str | None:
    if isinstance(event, Mapping):
        return first_text(event.get("name"))
    return first_text(event)


def paper_from_work(work: Mapping[str, Any], *, source: str = SOURCE) -> Paper:
    """Map a Crossref work (the whole answer or its ``message``) to a `Paper`; no requests.

    The venue comes from ``container-title``, ``event`` and ``short-container-title`` read with
    `paperkit.venues.normalize_venue`, its kind from the work's type; the year from the issued
    date; volume, issue, pages and publisher as given; a JATS abstract becomes plain text.

    Raises:
        ValueError: the work has no title.
    """
    work = _unwrap(work)
    title = first_text(work.get("title"))
    subtitle = first_text(work.get("subtitle"))
    if title and subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    if not title:
        raise ValueError(f"{source} record {work.get('DOI', '?')} has no title")
    year, published = None, None
    for name in _DATE_FIELDS:
        year, published = date_from_parts(work.get(name))
        if year is not None:
            break
    doi = first_text(work.get("DOI"))
    doi = doi.lower() if doi else None
    fields: dict[str, Any] = {
        "title": title,
        "authors": _authors(work.get("author")),
        "abstract": jats_to_text(work.get("abstract")),
        "year": year,
        "venue": _venue(work, year),
        "pages": normalize_pages(work.get("page")),
        "doi": doi,
        "url": f"https://doi.org/{doi_path(doi)}" if doi else None,
        "published": published,
    }
    related = _relations(work.get("relation"))
    if related:  # e.g. a bioRxiv preprint's is-preprint-of, for paperkit.resolve.upgrade
        fields["related"] = related
    return Paper(**fields, provenance=Provenance(sources=provenance_for(source, fields)))


def _relations(relation: Any) -> dict[str, tuple[str, ...]]:
    """Crossref's ``relation`` object as relation type -> related DOIs (other ids skipped)."""
    related: dict[str, tuple[str, ...]] = {}
    for kind, items in relation.items() if isinstance(relation, Mapping) else ():
        listed = items if isinstance(items, list) else []
        dois = [
            item["id"].strip().lower()
            for item in listed
            if isinstance(item, Mapping)
            and item.get("id-type") == "doi"
            and isinstance(item.get("id"), str)
        ]
        if dois and isinstance(kind, str):
            related[kind] = tuple(dict.fromkeys(dois))
    return related


def _venue(work: Mapping[str, Any], year: int | None) -> Venue | None:
    kind = kind_of_type(work.get("type") if isinstance(work.get("type"), str) else None)
    container = first_text(work.get("container-title"))
    event = _event_name(work.get("event")) or first_text(work.get("event-title"))
    short = first_text(work.get("short-container-title")) or first_text(
        work.get("container-title-short")
    )
    publisher = first_text(work.get("publisher"))
    details = {
        "volume": first_text(str(work["volume"])) if work.get("volume") is not None else None,
        "issue": first_text(str(work["issue"])) if work.get("issue") is not None else None,
        "publisher": publisher,
    }
    details = {k: v for k, v in details.items() if v}
    for text in (container, event, short):
        venue = venue_from_text(text, year=year)
        if venue is not None:
            update: dict[str, Any] = dict(details)
            if venue.year is None and year is not None:
                update["year"] = year
            if venue.acronym is None and kind is not VenueKind.OTHER:
                update["kind"] = kind
            return venue.model_copy(update=update)
    name = container or event or short
    if name is None:
        if kind is VenueKind.PREPRINT:
            return Venue(name=publisher, year=year, kind=kind, raw=publisher)
        return None
    return Venue(name=name, year=year, kind=kind, raw=name, proceedings=None, **details)


class CrossrefSource:
    """Requests to the Crossref REST API through a shared `Http`."""

    def __init__(self, http: Http) -> None:
        self.http = http

    def _json(self, url: str, identifier: str, params: dict[str, str] | None = None) -> Any:
        response = self.http.get(
            url,
            source=SOURCE,
            identifier=identifier,
            params=params,
            accept="application/json",
            check=lambda r: require_object(r.content, source=SOURCE, service="Crossref"),
        )
        return parse_json(response.content, source=SOURCE)

    def work(self, doi: str) -> Paper:
        """The work registered under `doi`.

        Raises:
            NotFoundError: Crossref does not know the DOI (e.g. it is a DataCite DOI).
            FetchError: Crossref could not be reached or answered something unusable.
        """
        url = f"{self.http.settings.crossref_url}/works/{doi_path(doi)}"
        data = self._json(url, doi)
        return read_record(
            paper_from_work, data, doi=doi, source=SOURCE, record="Crossref's record"
        )

    def search(self, query: str, *, rows: int = 10) -> list[Paper]:
        """Works matching a citation-like `query` (``query.bibliographic``), best first."""
        url = f"{self.http.settings.crossref_url}/works"
        params = {"query.bibliographic": query, "rows": str(rows)}
        data = self._json(url, f"search {query!r}", params)
        message = data.get("message") if isinstance(data, Mapping) else None
        items = message.get("items") if isinstance(message, Mapping) else None
        papers = []
        for item in items if isinstance(items, list) else []:
            try:
                papers.append(paper_from_work(item))
            except (ValueError, PaperkitError):
                continue  # a record without a title is no search hit
        return papers
