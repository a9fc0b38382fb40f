"""Pages paperkit wrote itself (`paperkit.to_markdown`), read back exactly in the writer's shape.

The writer escapes every text it writes, so each line of its page says what it is: ``###`` a
paper, ``---`` the end of a session, a labelled line ("Date:", "Notes:") a field, any other line
a paragraph of the abstract. Reading that shape with the heuristics meant for hand-written pages
would lose what they guess wrong (a title that looks like a date, a leader named "A and B", a
session of several papers), so a page that ends with the writer's `MARKER` is read here instead.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass, field

from pydantic import ValidationError

from paperkit.export.markdown import MARKER, unescape
from paperkit.ingest._assemble import Assembly
from paperkit.ingest._draft import PAGE, PageProblem, page_venue
from paperkit.models import Author, Paper, Provenance, Session

__all__ = ["is_spotlight_page", "read_spotlights"]

_LABELLED = re.compile(r"^(Session|Date|Discussion Leaders?|Authors|Links|Notes): (.*)$")
_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?: \((.*)\))?$")
_YEAR_ONLY = re.compile(r"^\d{4}$")
_ARXIV_ABS = "https://arxiv.org/abs/"
_DOI_ORG = "https://doi.org/"
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
# a backslash escape is one token, so an escaped "(" or "," never counts as markup
_TOKEN = re.compile(r"\\.|.", re.DOTALL)
_NAME_TOKEN = re.compile(r"\\.|, | and |.", re.DOTALL)


def is_spotlight_page(text: str) -> bool:
    """True when the page ends with the line `to_markdown` writes last."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and lines[-1] == MARKER


@dataclass
class _PaperDraft:
    line: int
    heading: str
    authors: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)


@dataclass
class _SessionDraft:
    papers: list[_PaperDraft] = field(default_factory=list)
    title: str | None = None
    date: dt.date | None = None
    label: str | None = None
    leaders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_spotlights(text: str) -> Assembly:
    """Read a page `to_markdown` wrote: its sessions, the problems found, the group's name."""
    reader = _Reader()
    for number, raw in enumerate(text.splitlines(), start=1):
        reader.line(number, raw.strip())
    reader.end_session()
    return Assembly(tuple(reader.sessions), tuple(reader.problems), reader.name)


class _Reader:
    def __init__(self) -> None:
        self.name: str | None = None
        self.sessions: list[Session] = []
        self.problems: list[PageProblem] = []
        self.session = _SessionDraft()
        self.started = False

    def line(self, number: int, line: str) -> None:
        if not line or line == MARKER or line.startswith("## "):
            return
        if line == "---":
            self.end_session()
        elif line.startswith("### "):
            self.started = True
            self.session.papers.append(_PaperDraft(number, line[4:]))
        elif line.startswith("# ") and not self.started and self.name is None:
            self.name = unescape(line[2:]) or None
        elif labelled := _LABELLED.match(line):
            self._field(number, labelled.group(1), labelled.group(2))
        elif self.session.papers:
            self.session.papers[-1].abstract.append(unescape(line))
        else:
            self.problems.append(PageProblem(number, f"{line!r} does not belong to any paper"))

    def _field(self, number: int, label: str, value: str) -> None:
        session = self.session
        paper = session.papers[-1] if session.papers else None
        if label == "Session":
            session.title = unescape(value)
        elif label == "Date":
            session.date, session.label = _read_when(value)
        elif label.startswith("Discussion Leader"):
            session.leaders.extend(_split_names(value))
        elif label == "Notes":
            session.notes.append(unescape(value))
        elif paper is None:
            self.problems.append(PageProblem(number, f"{label!r} does not belong to any paper"))
        elif label == "Authors":
            paper.authors.extend(_split_names(value))
        else:
            paper.links.extend(_LINK.findall(value))

    def end_session(self) -> None:
        draft, self.session = self.session, _SessionDraft()
        papers = []
        for paper in draft.papers:
            try:
                papers.append(_build_paper(paper))
            except ValidationError as exc:
                reason = exc.errors()[0]["msg"] if exc.errors() else str(exc)
                self.problems.append(PageProblem(paper.line, f"could not read the paper: {reason}"))
        if not papers:
            return
        try:
            session = Session(
                papers=tuple(papers),
                leaders=tuple(draft.leaders),
                date=draft.date,
                label=draft.label,
                title=draft.title,
                notes="\n".join(draft.notes) or None,
            )
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"] if exc.errors() else str(exc)
            line = draft.papers[0].line
            self.problems.append(PageProblem(line, f"could not read the session: {reason}"))
            return
        self.sessions.append(session)


def _read_when(value: str) -> tuple[dt.date | None, str | None]:
    found = _WHEN.match(value)
    if found:
        try:
            date = dt.date.fromisoformat(found.group(1))
        except ValueError:  # "2021-02-30" is a label, not a date
            return None, unescape(value)
        return date, None if found.group(2) is None else unescape(found.group(2))
    return None, unescape(value) or None


def _split_names(value: str) -> list[str]:
    names: list[str] = []
    current: list[str] = []
    for token in _NAME_TOKEN.findall(value):
        if token in {", ", " and "}:
            names.append(unescape("".join(current)))
            current = []
        else:
            current.append(token)
    names.append(unescape("".join(current)))
    return [name for name in names if name.strip()]


def _split_heading(heading: str) -> tuple[str, str | None]:
    """The title and what stood in the venue's parentheses, the only unescaped ones."""
    tokens = _TOKEN.findall(heading)
    if tokens and tokens[-1] == ")" and "(" in tokens:
        start = tokens.index("(")
        title = "".join(tokens[:start]).rstrip(" ")
        return unescape(title), unescape("".join(tokens[start + 1 : -1]))
    return unescape(heading), None


def _build_paper(draft: _PaperDraft) -> Paper:
    title, where = _split_heading(draft.heading)
    fields: dict[str, object] = {"title": title}
    if where and _YEAR_ONLY.match(where):
        fields["year"] = int(where)
    elif where:
        venue, year = page_venue(where)
        fields["venue"] = venue
        if year is not None:
            fields["year"] = year
    if draft.authors:
        fields["authors"] = tuple(Author(name=name) for name in draft.authors)
    if draft.abstract:
        fields["abstract"] = "\n\n".join(draft.abstract)
    for label, url in draft.links:
        _read_link(label, url, fields)
    provenance = Provenance(sources=dict.fromkeys(fields, PAGE))
    return Paper.model_validate({**fields, "provenance": provenance})


def _read_link(label: str, url: str, fields: dict[str, object]) -> None:
    # the writer's own links hold the ids verbatim; the model checks them
    if label == "arXiv" and url.startswith(_ARXIV_ABS):
        fields.setdefault("arxiv_id", url.removeprefix(_ARXIV_ABS))
    elif label == "DOI" and url.startswith(_DOI_ORG):
        fields.setdefault("doi", urllib.parse.unquote(url.removeprefix(_DOI_ORG)))
    elif label == "Paper":
        fields.setdefault("url", url)
    elif label == "PDF":
        fields.setdefault("pdf_url", url)
