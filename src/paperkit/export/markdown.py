r"""Markdown spotlight pages in the shape of a reading group's own page (`to_markdown`).

The shape, which `paperkit.read_page` reads back into the same sessions::

    # ML Reading Group                                  <- the group's name, when it has one

    ## Paper Spotlight

    ### Attention Is All You Need (NeurIPS 2017)        <- "Title (Venue Year)", one per paper

    Date: 2021-10-05                                    <- a session's date or label, if any

    Discussion Leader: Darius Lam                       <- "Discussion Leaders: A, B and C"

    Authors: Ashish Vaswani, Noam Shazeer and Illia Polosukhin

    Links: [arXiv](https://arxiv.org/abs/1706.03762) · [DOI](https://doi.org/...) · [PDF](...)

    The abstract, one paragraph per line, paragraphs separated by a blank line.

    Notes: the session's notes, if any

    ---                                                 <- between sessions

Every labelled line is a paragraph of its own, so it renders as its own line anywhere. A session
with several papers has one ``###`` block per paper; the session's lines (Date, Discussion
Leader, Notes) come with its first paper. A session's own ``title`` is not written.

Escaping: Markdown punctuation in text is backslash-escaped (``\*``, ``\_``, ``\[``, ``\|``,
...; parentheses too in titles, so only the last group is the venue); ``<`` is written ``&lt;``
and an ``&`` that would start an entity ``&amp;``, so no text can open an HTML tag; a paragraph
that would start a heading, list, quote or rule has its first character escaped. Links are only
ever http(s), percent-encoded. `unescape` reverses the text escaping.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable

from paperkit.errors import ExportError
from paperkit.export._papers import abs_url, pdf_url, safe_url
from paperkit.models import Paper, ReadingGroup, Session

__all__ = ["to_markdown", "unescape"]

_BACKSLASHED = set("\\`*_{}[]|~>#")
_TITLE_BACKSLASHED = _BACKSLASHED | set("()")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(?:[-+=>#]|\d+[.)])")
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
    return escaped


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
    venue = paper.venue
    name = (venue.acronym or venue.name or venue.raw) if venue else None
    year = (venue.year if venue else None) or paper.year
    where = " ".join(_escape(str(part)) for part in (name, year) if part)
    title = _escape(paper.title, title=True)
    return f"### {title} ({where})" if where else f"### {title}"


def _links(paper: Paper) -> str | None:
    links = []
    arxiv = abs_url(paper)
    if arxiv:
        links.append(("arXiv", arxiv))
    if paper.doi:
        links.append(("DOI", "https://doi.org/" + paper.doi))
    elif paper.url and safe_url(paper.url) and paper.url != arxiv:
        links.append(("Paper", paper.url))
    pdf = pdf_url(paper)
    if pdf:
        links.append(("PDF", pdf))
    if not links:
        return None
    return "Links: " + " · ".join(f"[{label}]({_link_target(url)})" for label, url in links)


def _session_lines(session: Session) -> list[str]:
    lines = []
    when = session.date.isoformat() if session.date else session.label
    if when:
        lines.append(f"Date: {_escape(when)}")
    if session.leaders:
        label = "Discussion Leaders" if len(session.leaders) > 1 else "Discussion Leader"
        lines.append(f"{label}: {_join_names([_escape(n) for n in session.leaders])}")
    return lines


def _paper_block(paper: Paper, session_lines: list[str]) -> list[str]:
    block = [_heading(paper), *session_lines]
    if paper.authors:
        block.append("Authors: " + _join_names([_escape(a.name) for a in paper.authors]))
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
    if session.notes:
        blocks.append(f"Notes: {_escape(session.notes)}")
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
    return "\n\n".join(blocks) + "\n"
