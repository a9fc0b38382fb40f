"""`read_page` and `read_page_report`: a reading group's page in, a `ReadingGroup` out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from paperkit.errors import ParseError
from paperkit.ingest._assemble import assemble
from paperkit.ingest._blocks import Block
from paperkit.ingest._detect import PageFormat, detect_format, load_source, normalize_format
from paperkit.ingest._draft import PageProblem
from paperkit.ingest._html import read_html_blocks
from paperkit.ingest._markdown import read_markdown_blocks
from paperkit.ingest._spotlight import is_spotlight_page, read_spotlights
from paperkit.ingest._text import read_text_blocks
from paperkit.models import ReadingGroup

__all__ = ["PageProblem", "PageReport", "read_page", "read_page_report"]


@dataclass(frozen=True)
class PageReport:
    """What `read_page_report` read from a page: the group, and every entry it had to skip."""

    group: ReadingGroup
    """The sessions found, in page order."""
    problems: tuple[PageProblem, ...]
    """Entries that could not be read (skipped) or were read only in part, by line."""
    format: PageFormat
    """The format the page was read as: "text", "markdown" or "html"."""
    source: str
    """The file's path, or ``"<text>"`` for a page given as text."""

    @property
    def ok(self) -> bool:
        """True when every entry of the page was read in full."""
        return not self.problems

    def describe_problems(self) -> list[str]:
        """One line per problem, "source:line: message", as compilers write them."""
        return [f"{self.source}:{p.line}: {p.message}" for p in self.problems]


def read_page_report(source: str | Path, *, format: str | None = None) -> PageReport:
    """Read a reading group's page, and report every entry that could not be read.

    Like `read_page`, but the entries it had to skip (a leader with no paper, a date it could not
    read, a table row without a title) come back as `PageReport.problems` with their line numbers,
    next to everything that was read.

    Args:
        source: A path, or the page's text (a `str` that names an existing file is read from it).
        format: "text", "markdown" ("md") or "html"; by default from the file's suffix, else
            guessed from the content.

    Returns:
        The group and the problems.

    Raises:
        ParseError: The file cannot be read, the format is unknown, or the page holds no
            recognizable session (the message says why, with the first problem's line).
    """
    text, name, suffix_format = load_source(source)
    page_format = normalize_format(format) if format else suffix_format or detect_format(text)
    if page_format == "markdown" and is_spotlight_page(text):
        found = read_spotlights(text)  # paperkit's own page: read in the shape it was written
    else:
        blocks, title = _blocks(text, page_format)
        found = assemble(blocks, title_hint=title)
    if not found.sessions:
        detail = ""
        line = None
        if found.problems:
            first = found.problems[0]
            line = first.line
            detail = f"; line {first.line}: {first.message}"
        raise ParseError(
            f"{name}: no recognizable session in this {page_format} page (expected entries such as "
            f"'Title (Venue Year)' followed by 'Discussion Leader: Name'){detail}",
            line=line,
            source=name,
        )
    group = ReadingGroup(name=found.name, sessions=found.sessions)
    return PageReport(group=group, problems=found.problems, format=page_format, source=name)


def read_page(source: str | Path, *, format: str | None = None) -> ReadingGroup:
    """Read a reading group's page into its sessions.

    Reads plain text copied from a web page (page chrome and intro prose are skipped; each meeting
    is a "Title (Venue Year)" line, "Discussion Leader: Name" and the abstract), Markdown
    (headings, bold lines, labelled fields, bullet lists such as "- Title (ICML 2020), presented by
    A", tables with columns such as "Date | Leader | Topic"), pages of one meeting with labelled
    fields ("Date:", "Title:", "Authors:"), and HTML. The venue in parentheses is normalized
    ("NIPS 2017" is NeurIPS 2017); every field read is attributed to the source "page".

    Entries that cannot be read are skipped; use `read_page_report` to see them with their lines.

    Args:
        source: A path, or the page's text (a `str` that names an existing file is read from it).
        format: "text", "markdown" ("md") or "html"; by default from the file's suffix, else
            guessed from the content.

    Returns:
        The group's sessions, in page order.

    Raises:
        ParseError: The file cannot be read, the format is unknown, or the page holds no
            recognizable session.
    """
    return read_page_report(source, format=format).group


def _blocks(text: str, page_format: PageFormat) -> tuple[list[Block], str | None]:
    if page_format == "html":
        return read_html_blocks(text)
    if page_format == "markdown":
        return read_markdown_blocks(text)
    return read_text_blocks(text), None
