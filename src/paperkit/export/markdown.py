r"""Markdown spotlight pages in the shape of a reading group's own page (`to_markdown`).

The shape, which `paperkit.read_page` reads back into the same sessions::

    # ML Reading Group                                  <- the group's name, when it has one

    ## Paper Spotlight

    ### Attention Is All You Need (NeurIPS 2017)        <- "Title (Venue Year)", one per paper

    Session: Transformers                               <- the session's own title, if any

    Date: 2021-10-05 (Week 3)                           <- its date and/or label ("Date: Week 3")

    Discussion Leader: Darius Lam                       <- "Discussion Leaders: A, B and C"

    Authors: Ashish Vaswani, Noam Shazeer and Illia Polosukhin

    Links: [arXiv](https://arxiv.org/abs/1706.03762) · [DOI](https://doi.org/...) · [PDF](...)

    The abstract, one paragraph per line, paragraphs separated by a blank line.

    ### Another paper of the same session (ICML 2020)  <- a session may hold several papers

    Notes: the session's notes, one line per line       <- after the session's last paper

    ---                                                 <- between sessions

    <!-- paperkit:spotlights -->                        <- last: tells read_page the page is ours

Every labelled line is a paragraph of its own, so it renders as its own line anywhere. A session
with several papers has one ``###`` block per paper; the session's lines (Session, Date,
Discussion Leader) come with its first paper and its Notes after its last one.

What a page carries, so ``read_page(to_markdown(group), format="markdown")`` gives it back: the
group's name; per session its title, date, label, leaders and notes; per paper its title, venue
(acronym, year and kind, for venues paperkit knows; only the year when there is no venue), authors'
names, abstract, and the arXiv id, DOI, landing page and PDF as links. White space is collapsed in
every line; an abstract keeps its paragraphs (split at blank lines) and notes keep their lines.
Everything else (pages, volume, categories, provenance, dates of publication ...) is left out.

Escaping: Markdown punctuation in text is backslash-escaped (``\*``, ``\_``, ``\[``, ``\|``,
...; parentheses too in titles and labels, so only the last group is the venue); ``<`` is written
``&lt;`` and an ``&`` before a letter or ``#`` ``&amp;``, so no text can open an HTML tag or
turn into an entity; a paragraph that would start a heading, list, quote or rule has its first
character escaped, and one that would start with a label of this shape ("Notes:") its colon. In
lists of names, commas are escaped (``\,``) and the word "and" is written ``&#97;nd``, so only
the separators split. Links are only ever http(s), percent-encoded. `unescape` reverses the text
escaping.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable

from paperkit.errors import ExportError
from paperkit.export._papers import abs_url, pdf_url, safe_url
from paperkit.models import Paper, ReadingGroup, Session

__all__ = ["MARKER", "to_markdown", "unescape"]

MARKER = "<!-- paperkit:spotlights -->"
"""The last line of every page `to_markdown` writes: `read_page` then reads it in this shape."""

_BACKSLASHED = set("\\`*_{}[]|~>#")
_TITLE_BACKSLASHED = _BACKSLASHED | set("()")
# html.unescape also decodes "&copy" or "&lt" without their semicolon
_ENTITY_LIKE = re.compile(r"&(?=[#A-Za-z])")
_BLOCK_START = re.compile(r"^(?:[-+=>#]|\d+[.)])")
_LABEL_START = re.compile(
    r"^(?:session|date|discussion leaders?|authors|links|notes)\s*(?=:)", re.IGNORECASE
)
_ISO_DATE_START = re.compile(r"^\d{4}-")
_AND = re.compile(r"(?<!\w)and(?!\w)")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _escape(text: str, *, title: bool = False) -> str:
    special = _TITLE_BACKSLASHED if title else _BACKSLASHED
    text = " ".join(text.split())
    text = _ENTITY_LIKE.sub("&amp;", text)
    out = []
    for ch in text:
        if ch == "<":
            out.append("&lt;")
        elif ch in special:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    start = _BLOCK_START.match(escaped)
    if start:
        # "1. x", "- x", "> x", "=== " would turn the paragraph into a list, quote or heading
        end = start.end() - 1
        escaped = escaped[:end] + "\\" + escaped[end:]
    label = _LABEL_START.match(escaped)
    if label:
        # an abstract paragraph "Notes: x" must not read back as the session's notes
        escaped = escaped[: label.end()] + "\\" + escaped[label.end() :]
    return escaped


def _escape_name(name: str) -> str:
    # ", " and " and " separate the names of a list, so inside a name they must not
    return _AND.sub("&#97;nd", _escape(name)).replace(",", "\\,")


def unescape(text: str) -> str:
    """Plain text from text `to_markdown` escaped: backslash escapes, then HTML entities."""
    return html.unescape(_UNESCAPE.sub(r"\1", text))


def _link_target(url: str) -> str:
    # parentheses, spaces and angle brackets would end the link early
    return urllib.parse.quote(url.strip(), safe=":/?#[]@!$&'*+,;=%~-._")


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _heading(paper: Paper) -> str:
    # only the venue's parentheses are left unescaped: they are the last group of the line
    venue = paper.venue
    name = (venue.acronym or venue.name or venue.raw) if venue else None
    year = (venue.year if venue else None) or paper.year
    if name and year and re.search(rf"(?<!\d){year}(?!\d)", name):
        year = None  # an unknown venue's own text, "Workshop on X 2024", names its year
    where = " ".join(_escape(str(part)) for part in (name, year) if part)
    title = _escape(paper.title, title=True)
    return f"### {title} ({where})" if where else f"### {title}"


def _links(paper: Paper) -> str | None:
    links = []
    arxiv = abs_url(paper)
    if arxiv:
        links.append(("arXiv", arxiv))
    if paper.doi:
        # "?", "#" and "%" are DOI characters, not the link's query, fragment or escapes
        links.append(("DOI", "https://doi.org/" + urllib.parse.quote(paper.doi, safe="/:;")))
    elif paper.url and safe_url(paper.url) and paper.url != arxiv:
        links.append(("Paper", paper.url))
    pdf = pdf_url(paper)
    if pdf:
        links.append(("PDF", pdf))
    if not links:
        return None
    return "Links: " + " · ".join(f"[{label}]({_link_target(url)})" for label, url in links)


def _when(session: Session) -> str | None:
    date = session.date.isoformat() if session.date else ""
    label = _escape(session.label or "", title=True)
    if label and not date and _ISO_DATE_START.match(label):
        label = label[:4] + "\\" + label[4:]  # a label that only looks like a date stays one
    if date and label:
        return f"{date} ({label})"
    return date or label or None


def _session_lines(session: Session) -> list[str]:
    lines = []
    title = _escape(session.title or "")
    if title:
        lines.append(f"Session: {title}")
    when = _when(session)
    if when:
        lines.append(f"Date: {when}")
    if session.leaders:
        label = "Discussion Leaders" if len(session.leaders) > 1 else "Discussion Leader"
        lines.append(f"{label}: {_join_names([_escape_name(n) for n in session.leaders])}")
    return lines


def _paper_block(paper: Paper, session_lines: list[str]) -> list[str]:
    block = [_heading(paper), *session_lines]
    if paper.authors:
        block.append("Authors: " + _join_names([_escape_name(a.name) for a in paper.authors]))
    links = _links(paper)
    if links:
        block.append(links)
    if paper.abstract:
        paragraphs = (p for p in re.split(r"\n\s*\n", paper.abstract) if p.strip())
        block.extend(_escape(p) for p in paragraphs)
    return block


def _session_blocks(session: Session) -> list[str]:
    blocks: list[str] = []
    for index, paper in enumerate(session.papers):
        blocks += _paper_block(paper, _session_lines(session) if index == 0 else [])
    notes = (session.notes or "").splitlines()
    blocks += [f"Notes: {_escape(line)}" for line in notes if line.strip()]
    return blocks


def to_markdown(obj: ReadingGroup | Session | Paper | Iterable[Session | Paper]) -> str:
    """Write a group's sessions as Markdown spotlight blocks (the shape is in the module doc).

    Args:
        obj: A `ReadingGroup`, one `Session`, sessions, or papers (each paper is written as a
            session of its own, with no leader).

    Returns:
        The Markdown text, ending with a newline.

    Raises:
        ExportError: `obj` is none of these.
    """
    name: str | None = None
    items: list[Session | Paper]
    if isinstance(obj, ReadingGroup):
        name, items = obj.name, list(obj.sessions)
    elif isinstance(obj, Session | Paper):
        items = [obj]
    elif isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        items = list(obj)
    else:
        raise ExportError(
            f"cannot write {type(obj).__name__!r} as Markdown: expected a ReadingGroup, "
            "sessions or papers"
        )
    sessions = []
    for item in items:
        if isinstance(item, Paper):
            sessions.append(Session(papers=(item,)))
        elif isinstance(item, Session):
            sessions.append(item)
        else:
            raise ExportError(f"cannot write {type(item).__name__!r} items as Markdown")
    blocks: list[str] = []
    if name:
        blocks.append(f"# {_escape(name)}")
    blocks.append("## Paper Spotlight")
    for index, session in enumerate(sessions):
        if index:
            blocks.append("---")
        blocks += _session_blocks(session)
    blocks.append(MARKER)
    return "\n\n".join(blocks) + "\n"
