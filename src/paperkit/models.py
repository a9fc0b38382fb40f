"""The typed models: `Author`, `Venue`, `Paper`, `Session` and `ReadingGroup`.

All are frozen pydantic models with tuples for sequences, so they can be shared between threads
and compared with ``==``. Each survives a JSON round trip:
``Model.model_validate_json(m.model_dump_json()) == m``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from paperkit._id_grammar import new_style_problem, old_style_problem
from paperkit._names import display_name, split_name

__all__ = ["Author", "Paper", "Provenance", "ReadingGroup", "Session", "Venue", "VenueKind"]

MIN_YEAR = 1450
MAX_YEAR = 2100

_SPACE = re.compile(r"\s+")
# ASCII digits only ("\d" also matches other scripts' digits); the same DOI grammar as identifiers
_DOI = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s\x00-\x1f\x7f]+")


def _collapse(text: str) -> str:
    collapsed = _SPACE.sub(" ", text).strip()
    if not collapsed:
        raise ValueError("must not be empty or only white space")
    return collapsed


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}..{MAX_YEAR}")
    return year


def _check_doi(doi: str) -> str:
    value = doi.strip().lower()
    if not _DOI.fullmatch(value):
        raise ValueError(f"{doi!r} is not a DOI (expected 10.NNNN/suffix, without a URL prefix)")
    return value


def _check_arxiv_id(arxiv_id: str) -> str:
    # the same rules as parse_id, so a Paper never holds an id that parse_id would refuse
    value = arxiv_id.strip()
    archive, slash, number = value.partition("/")
    if slash and "." in archive:
        bare = f"{archive.split('.')[0]}/{number}"
        raise ValueError(f"{value!r} has a subject class; the versionless id is {bare!r}")
    problem = old_style_problem(archive, number, None) if slash else new_style_problem(value, None)
    if problem:
        raise ValueError(f"{problem} (a versionless arXiv id, without a subject class)")
    return value


Text = Annotated[str, AfterValidator(_collapse)]
"""A string with runs of white space collapsed; empty strings are rejected."""
Year = Annotated[int, AfterValidator(_check_year)]
DoiStr = Annotated[str, AfterValidator(_check_doi)]
ArxivIdStr = Annotated[str, AfterValidator(_check_arxiv_id)]

_FROZEN = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class VenueKind(StrEnum):
    """What kind of venue published a paper."""

    CONFERENCE = "conference"
    JOURNAL = "journal"
    WORKSHOP = "workshop"
    PREPRINT = "preprint"
    OTHER = "other"


class Author(BaseModel):
    """A person or an organisation credited on a paper.

    Give ``name`` alone and it is split: ``Author(name="Ulrike von Luxburg")`` has given "Ulrike"
    and family "von Luxburg". Give ``given`` and ``family`` and ``name`` is built from them.
    """

    model_config = _FROZEN

    name: Text = ""
    """The name as it is displayed, e.g. "Aidan N. Gomez"."""
    given: str | None = None
    """Given names, e.g. "Aidan N."; None for organisations and single-word names."""
    family: str | None = None
    """Family name with its particles, e.g. "von Luxburg"; None for organisations."""
    suffix: str | None = None
    """Generational suffix such as "Jr." or "III"."""
    organization: bool = False
    """True when the author is an organisation or a team, whose name is never split."""
    orcid: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")
    """ORCID iD without the URL prefix, e.g. "0000-0002-1825-0097"."""
    affiliations: tuple[Text, ...] = ()
    """Affiliations as the source gave them."""

    @model_validator(mode="before")
    @classmethod
    def _fill_parts(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        values = dict(data)
        orcid = values.get("orcid")
        if isinstance(orcid, str):
            values["orcid"] = orcid.strip().rsplit("/", 1)[-1] or None
        name, given, family = values.get("name"), values.get("given"), values.get("family")
        if not name and (given or family):
            values["name"] = display_name(given, family, values.get("suffix"))
        elif isinstance(name, str) and given is None and family is None:
            if values.get("organization") is True:  # the caller knows: never split it
                return values
            parts = split_name(name)
            values.update(given=parts.given, family=parts.family, organization=parts.organization)
            if values.get("suffix") is None:
                values["suffix"] = parts.suffix
            # "Gomez, Aidan N." becomes the display name "Aidan N. Gomez"
            if "," in name and not parts.organization:
                values["name"] = display_name(parts.given, parts.family, parts.suffix)
        return values


class Venue(BaseModel):
    """Where a paper appeared: a conference or journal edition, a workshop, or arXiv."""

    model_config = _FROZEN

    acronym: str | None = None
    """Canonical short name, e.g. "NeurIPS"; None for a venue paperkit does not know."""
    name: str | None = None
    """Canonical full name of the series, e.g. "Neural Information Processing Systems"."""
    year: Year | None = None
    """Year of the edition."""
    kind: VenueKind = VenueKind.OTHER
    """Conference, journal, workshop, preprint or other."""
    volume: str | None = None
    """Proceedings or journal volume, e.g. "30" for NeurIPS 2017 or "119" for ICML 2020 (PMLR)."""
    issue: str | None = None
    """Journal issue (number)."""
    proceedings: str | None = None
    """Proceedings title of the edition,
    e.g. "Advances in Neural Information Processing Systems 30".
    """
    series: str | None = None
    """Book series, e.g. "Proceedings of Machine Learning Research"."""
    publisher: str | None = None
    """Publisher of the edition, e.g. "Curran Associates, Inc."."""
    raw: str | None = None
    """The text this venue was read from, kept as it was."""
    warnings: tuple[str, ...] = ()
    """Doubts found while reading the text, e.g. a year that contradicts the edition's ordinal."""


class Provenance(BaseModel):
    """Where a paper's fields came from."""

    model_config = _FROZEN

    sources: dict[str, str] = Field(default_factory=dict)
    """Field name -> source ("arxiv", "crossref", "datacite", "doi.org", "page", "bibtex", ...)."""
    match_score: float | None = Field(default=None, ge=0, le=100)
    """Title similarity (0-100) when the paper was found from its title alone."""
    match_query: str | None = None
    """The title that was searched for, when the paper was found from its title."""


class Paper(BaseModel):
    """One paper, with metadata merged from every source that knew it."""

    model_config = _FROZEN

    title: Text
    """Title with white space collapsed; Unicode, never LaTeX."""
    authors: tuple[Author, ...] = ()
    """Authors in order."""
    abstract: str | None = None
    """Abstract as plain text; paragraphs are separated by a blank line."""
    year: Year | None = None
    """Year of publication (of the published version when there is one)."""
    venue: Venue | None = None
    """Where the paper appeared; kind "preprint" for arXiv-only papers."""
    pages: str | None = None
    """Page range, e.g. "5998--6008", or an article number."""
    arxiv_id: ArxivIdStr | None = None
    """Versionless arXiv identifier, e.g. "1706.03762" or "hep-th/9901001"."""
    arxiv_version: int | None = Field(default=None, ge=1)
    """arXiv version number the metadata was read from."""
    doi: DoiStr | None = None
    """DOI of the published version in lower case, e.g. "10.1145/3292500.3330701"."""
    url: str | None = None
    """Landing page: the DOI link, or the arXiv abstract page."""
    pdf_url: str | None = None
    """Link to the PDF."""
    categories: tuple[str, ...] = ()
    """arXiv categories, the primary one first."""
    published: dt.date | None = None
    """Date of first publication (arXiv v1, or the issued date)."""
    updated: dt.date | None = None
    """Date of the version the metadata was read from."""
    related: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Related works by relation type, from Crossref's ``relation``, e.g.
    ``{"is-preprint-of": ("10.1016/j.xgen.2025.100814",)}``; DOIs in lower case."""
    provenance: Provenance = Field(default_factory=Provenance)
    """Which source supplied which field."""

    @property
    def primary_category(self) -> str | None:
        """The primary arXiv category, e.g. "cs.CL"."""
        return self.categories[0] if self.categories else None


class Session(BaseModel):
    """One reading-group meeting: the paper(s) discussed, who led, and when."""

    model_config = _FROZEN

    papers: tuple[Paper, ...] = Field(min_length=1)
    """The paper or papers discussed."""
    leaders: tuple[Text, ...] = ()
    """Discussion leaders' names."""
    date: dt.date | None = None
    """Date of the meeting, when the page gives one."""
    label: str | None = None
    """A date-like label that is not a date, e.g. "Week 3"."""
    title: str | None = None
    """The session's own title, when it has one apart from the paper's."""
    notes: str | None = None
    """Free text about the meeting."""


class ReadingGroup(BaseModel):
    """A group's whole program: every session, in the order the page lists them."""

    model_config = _FROZEN

    name: str | None = None
    """The group's name, e.g. "ML Reading Group"."""
    url: str | None = None
    """Where the group's page lives."""
    sessions: tuple[Session, ...] = ()
    """The meetings, in page order."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """Every paper the group discussed, in session order."""
        return tuple(self._iter_papers())

    def _iter_papers(self) -> Iterator[Paper]:
        for session in self.sessions:
            yield from session.papers

    def replace_papers(self, papers: tuple[Paper, ...]) -> Self:
        """A copy with the papers replaced, in the order of `papers`."""
        if len(papers) != len(self.papers):
            raise ValueError(f"expected {len(self.papers)} papers, got {len(papers)}")
        remaining = iter(papers)
        sessions = tuple(
            s.model_copy(update={"papers": tuple(next(remaining) for _ in s.papers)})
            for s in self.sessions
        )
        return self.model_copy(update={"sessions": sessions})
