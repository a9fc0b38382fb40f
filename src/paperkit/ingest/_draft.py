"""A meeting being read, and how it becomes a `Session` of `Paper`s from the source "page"."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from paperkit.errors import IdentifierError, PaperkitError
from paperkit.identifiers import ArxivId, Doi, parse_id
from paperkit.ingest._blocks import restore_escapes
from paperkit.ingest._fields import ANY_YEAR, When
from paperkit.models import Author, Paper, Provenance, Session, Venue, VenueKind
from paperkit.venues import normalize_venue

__all__ = ["PAGE", "Draft", "PageProblem", "build_session", "page_venue", "read_venue"]

PAGE = "page"
"""The provenance source of everything read from a page."""


@dataclass(frozen=True)
class PageProblem:
    """Something on a page that could not be read: where, and why."""

    line: int
    """1-based line of the page."""
    message: str


@dataclass
class Draft:
    """A meeting being read; becomes a Session when it is complete and confirmed."""

    line: int
    title: str | None = None
    title_line: int = 0
    venue_text: str | None = None
    authors: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    when: When | None = None
    abstract: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    confirmed: bool = False
    year_in_title: bool = False
    """The title had a year in parentheses but no venue paperkit knows."""
    orphans: list[tuple[int, str]] = field(default_factory=list)
    """Fields seen before any title: (line, text)."""
    weak: bool = False
    """The title is a heading with nothing of a paper about it: a "Title:" field replaces it."""
    item_depth: int | None = None
    """The list depth of the item that started this meeting; deeper items belong to it."""

    @property
    def has_fields(self) -> bool:
        """True when a field that only a meeting has (leader, author, date, venue) was read."""
        return bool(self.leaders or self.authors or self.when or self.venue_text)


@lru_cache(maxsize=4096)  # a page names the same few venues again and again
def read_venue(text: str) -> Venue | None:
    """The venue `normalize_venue` reads in the text; None for one it does not know."""
    try:
        return normalize_venue(text)
    except PaperkitError:
        return None


def page_venue(text: str) -> tuple[Venue | None, int | None]:
    """The venue and year a page wrote in parentheses; unknown venues are kept as written."""
    found = ANY_YEAR.search(text)
    year = int(found.group(0)) if found and found.group(0).isdigit() else None
    venue = read_venue(text)
    if venue is None:
        return Venue(raw=text, year=year, kind=VenueKind.OTHER), year
    if venue.raw is None:
        venue = venue.model_copy(update={"raw": text})
    return venue, venue.year if venue.year is not None else year


def build_session(draft: Draft) -> Session:
    """The session a complete draft stands for; every field read is attributed to the page.

    Raises:
        pydantic.ValidationError: A field does not fit the model (e.g. an empty title).
    """
    assert draft.title is not None
    fields: dict[str, object] = {"title": restore_escapes(draft.title)}
    if draft.venue_text:
        venue, year = page_venue(restore_escapes(draft.venue_text))
        fields["venue"] = venue
        if year is not None:
            fields["year"] = year
    if draft.authors:
        fields["authors"] = tuple(Author(name=restore_escapes(name)) for name in draft.authors)
    if draft.abstract:
        fields["abstract"] = restore_escapes("\n\n".join(draft.abstract))
    notes = [restore_escapes(note) for note in draft.notes]
    for text, url in draft.links:
        _read_link(text, url, fields, notes)
    provenance = Provenance(sources=dict.fromkeys(fields, PAGE))
    paper = Paper.model_validate({**fields, "provenance": provenance})
    when = draft.when or When()
    return Session(
        papers=(paper,),
        leaders=tuple(restore_escapes(leader) for leader in draft.leaders),
        date=when.date,
        label=None if when.label is None else restore_escapes(when.label),
        notes="\n".join(notes) or None,
    )


_ID_HOSTS = ("arxiv.org", "doi.org", "dx.doi.org")


def _read_link(text: str, url: str, fields: dict[str, object], notes: list[str]) -> None:
    host = urlparse(url).netloc.casefold().removeprefix("www.").removeprefix("export.")
    identifier: ArxivId | Doi | None = None
    if host in _ID_HOSTS or url.casefold().startswith(("arxiv:", "doi:", "10.")):
        try:
            identifier = parse_id(url)
        except IdentifierError:
            identifier = None
    if isinstance(identifier, ArxivId):
        fields.setdefault("arxiv_id", identifier.id)
        if url.casefold().endswith(".pdf") or "/pdf/" in url:
            fields.setdefault("pdf_url", url)
        return
    if isinstance(identifier, Doi):
        fields.setdefault("doi", identifier.value)
        return
    if url.casefold().endswith(".pdf"):
        fields.setdefault("pdf_url", url)
    elif text.casefold() in {"paper", "url", "link", "paper link", "paper url", "html"} or (
        text == url and "url" not in fields and not notes
    ):
        fields.setdefault("url", url)
    else:
        notes.append(f"{text}: {url}" if text != url else url)
