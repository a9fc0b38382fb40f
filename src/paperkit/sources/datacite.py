"""DataCite: ``/dois/{doi}``, for arXiv DOIs (10.48550) and DOIs Crossref does not know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from paperkit._http import Http, parse_json
from paperkit.identifiers import ARXIV_DOI_PREFIX
from paperkit.models import Paper, Provenance, Venue, VenueKind
from paperkit.sources._common import (
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

__all__ = ["DataciteSource", "paper_from_doi_record"]

SOURCE = "datacite"
_KINDS = {
    "preprint": VenueKind.PREPRINT,
    "journalarticle": VenueKind.JOURNAL,
    "conferencepaper": VenueKind.CONFERENCE,
    "conferenceproceeding": VenueKind.CONFERENCE,
}


def _attributes(record: Mapping[str, Any]) -> Mapping[str, Any]:
    data = record.get("data")
    if isinstance(data, Mapping) and isinstance(data.get("attributes"), Mapping):
        return data["attributes"]  # type: ignore[no-any-return]
    return record


def _date(attributes: Mapping[str, Any], *kinds: str) -> dt.date | None:
    for kind in kinds:
        for item in attributes.get("dates") or []:
            if isinstance(item, Mapping) and item.get("dateType") == kind:
                text = str(item.get("date", ""))[:10]
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    continue
    return None


def _arxiv_id(attributes: Mapping[str, Any], doi: str | None) -> str | None:
    for key, type_key, value_key in (
        ("identifiers", "identifierType", "identifier"),
        ("alternateIdentifiers", "alternateIdentifierType", "alternateIdentifier"),
    ):
        for item in attributes.get(key) or []:
            if isinstance(item, Mapping) and str(item.get(type_key, "")).lower() == "arxiv":
                value = first_text(item.get(value_key))
                if value:
                    return value
    if doi and doi.startswith(f"{ARXIV_DOI_PREFIX}/arxiv."):
        return doi.split("/arxiv.", 1)[1]
    return None


def paper_from_doi_record(record: Mapping[str, Any]) -> Paper:
    """Map a DataCite DOI record (the whole ``{"data": ...}`` answer or its attributes).

    An arXiv DOI (10.48550) gives an arXiv preprint: its ``arxiv_id`` is set and ``doi`` stays
    None, because `Paper.doi` is the published version's DOI.

    Raises:
        ValueError: the record has no title.
    """
    attributes = _attributes(record)
    titles = attributes.get("titles") or []
    title = next(
        (
            first_text(t.get("title"))
            for t in titles
            if isinstance(t, Mapping) and not t.get("titleType") and first_text(t.get("title"))
        ),
        None,
    ) or next((first_text(t.get("title")) for t in titles if isinstance(t, Mapping)), None)
    if not title:
        raise ValueError(f"DataCite record {attributes.get('doi', '?')} has no title")
    doi_text = first_text(attributes.get("doi"))
    doi = doi_text.lower() if doi_text else None
    arxiv_id = _arxiv_id(attributes, doi)
    is_arxiv = bool(doi and doi.startswith(f"{ARXIV_DOI_PREFIX}/"))
    authors = []
    for creator in attributes.get("creators") or []:
        if not isinstance(creator, Mapping):
            continue
        affiliations = [
            a if isinstance(a, str) else a.get("name")
            for a in creator.get("affiliation") or []
            if isinstance(a, str | Mapping)
        ]
        personal = creator.get("nameType") != "Organizational"
        author = safe_author(
            name=creator.get("name"),
            given=creator.get("givenName") if personal else None,
            family=creator.get("familyName") if personal else None,
            orcid=next(
                (
                    n.get("nameIdentifier")
                    for n in creator.get("nameIdentifiers") or []
                    if isinstance(n, Mapping) and n.get("nameIdentifierScheme") == "ORCID"
                ),
                None,
            ),
            affiliations=[a for a in affiliations if isinstance(a, str)],
        )
        if author is not None:
            authors.append(author)
    abstract = next(
        (
            jats_to_text(d.get("description"))
            for d in attributes.get("descriptions") or []
            if isinstance(d, Mapping) and d.get("descriptionType") == "Abstract"
        ),
        None,
    )
    year = attributes.get("publicationYear")
    year = int(year) if isinstance(year, int | str) and str(year).isdigit() else None
    published = _date(attributes, "Issued", "Submitted", "Available")
    publisher = attributes.get("publisher")
    publisher = first_text(publisher.get("name") if isinstance(publisher, Mapping) else publisher)
    types: Mapping[str, Any] = _mapping(attributes.get("types"))
    kind = _KINDS.get(str(types.get("resourceTypeGeneral", "")).lower(), VenueKind.OTHER)
    container: Mapping[str, Any] = _mapping(attributes.get("container"))
    venue: Venue | None
    if is_arxiv:
        venue = venue_from_text("arXiv", year=year) or Venue(
            acronym="arXiv", name="arXiv", year=year, kind=VenueKind.PREPRINT
        )
    else:
        name = first_text(container.get("title"))
        venue = venue_from_text(name, year=year) if name else None
        if venue is None and (name or publisher):
            venue = Venue(name=name or publisher, year=year, kind=kind, raw=name)
        if venue is not None:
            extra = {
                "volume": first_text(container.get("volume")),
                "issue": first_text(container.get("issue")),
                "publisher": publisher,
            }
            venue = venue.model_copy(update={k: v for k, v in extra.items() if v})
    first, last = first_text(container.get("firstPage")), first_text(container.get("lastPage"))
    fields: dict[str, Any] = {
        "title": title,
        "authors": tuple(authors),
        "abstract": abstract,
        "year": year,
        "venue": venue,
        "pages": normalize_pages(f"{first}-{last}" if first and last else first),
        "arxiv_id": arxiv_id if arxiv_id and _valid_arxiv(arxiv_id) else None,
        "doi": None if is_arxiv else doi,
        "url": first_text(attributes.get("url")) or (f"https://doi.org/{doi}" if doi else None),
        "published": published,
    }
    return Paper(**fields, provenance=Provenance(sources=provenance_for(SOURCE, fields)))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _valid_arxiv(text: str) -> bool:
    from paperkit.errors import IdentifierError
    from paperkit.identifiers import ArxivId

    try:
        ArxivId(text)
    except IdentifierError:
        return False
    return True


class DataciteSource:
    """Requests to the DataCite REST API through a shared `Http`."""

    def __init__(self, http: Http) -> None:
        self.http = http

    def record(self, doi: str) -> Paper:
        """The record registered at DataCite under `doi`.

        Raises:
            NotFoundError: DataCite does not know the DOI.
            FetchError: DataCite could not be reached or answered something unusable.
        """
        url = f"{self.http.settings.datacite_url}/dois/{doi_path(doi)}"
        response = self.http.get(
            url,
            source=SOURCE,
            identifier=doi,
            accept="application/vnd.api+json",
            check=lambda r: require_object(r.content, source=SOURCE, service="DataCite"),
        )
        data = parse_json(response.content, source=SOURCE)
        return read_record(
            paper_from_doi_record, data, doi=doi, source=SOURCE, record="DataCite's record"
        )
