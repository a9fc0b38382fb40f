"""Finding meetings in a page's blocks: one assembler for text, Markdown and HTML.

The assembler walks the blocks in order and keeps one draft meeting open. A title (a heading, a
bold line, a "Title (Venue Year)" line, a list item, a "Title:" field, a table row) starts a new
draft; labelled fields, links and prose fill it. A draft becomes a `Session` only when something
confirms it is a meeting: a venue paperkit knows, a year in the parentheses of a heading, a
leader, a date or another meeting field. That is what keeps intro prose, section headings and page
chrome out of the sessions, while a half-written entry is reported with its line, not dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from paperkit.ingest._blocks import Block, BlockKind, collapse, restore_escapes
from paperkit.ingest._draft import Draft, PageProblem, build_session, read_venue
from paperkit.ingest._fields import (
    SECTION_WORDS,
    Entry,
    LabelKind,
    Labelled,
    When,
    clean_title,
    is_chrome,
    parse_entry,
    parse_when,
    split_authors,
    split_label,
    split_names,
)
from paperkit.models import Session

__all__ = ["Assembly", "assemble"]

_MAX_TITLE = 300
_LOOKAHEAD = 20  # blocks
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
# a table row or list item that announces no paper
_NO_PAPER = re.compile(
    r"^(?:tb[ad]|to be (?:announced|decided|determined)|no (?:meeting|session)\b.*|"
    r"cancell?ed\b.*|break|holiday\b.*|[-–—?]*)$",
    re.IGNORECASE,
)
_CONFIRMING = frozenset({LabelKind.LEADERS, LabelKind.AUTHORS, LabelKind.VENUE, LabelKind.ABSTRACT})
_TITLE_ROLES = {"title", "paper", "papers", "topic", "topics", "reading", "readings", "article"}


@dataclass(frozen=True)
class Assembly:
    """What the assembler found in a page."""

    sessions: tuple[Session, ...]
    problems: tuple[PageProblem, ...]
    name: str | None
    """The page's own name for the group (its first top-level heading), when it has one."""


def assemble(blocks: Sequence[Block], *, title_hint: str | None = None) -> Assembly:
    """Find the meetings in a page's blocks.

    Args:
        blocks: The page, read by one of the format readers.
        title_hint: The page's own title (e.g. HTML ``<title>``), used as the group's name when the
            page has no top-level heading.

    Returns:
        The sessions in page order, the problems found, and the group's name.
    """
    return _Assembler(blocks, title_hint).run()


class _Assembler:
    def __init__(self, blocks: Sequence[Block], title_hint: str | None) -> None:
        self.blocks = [b for b in blocks if not (b.kind is not BlockKind.ROW and is_chrome(b.text))]
        self.sessions: list[Session] = []
        self.problems: list[PageProblem] = []
        self.draft: Draft | None = None
        self.title_hint = title_hint
        self.name = title_hint
        self.name_line: int | None = None
        self.session_lines: set[int] = set()
        self.table_checked: set[tuple[str, ...]] = set()

    def run(self) -> Assembly:
        for index, block in enumerate(self.blocks):
            # a short look ahead is enough: it only asks what comes right after a block
            self._read(block, self.blocks[index + 1 : index + 1 + _LOOKAHEAD])
        self._flush()
        name = self.name
        if self.name_line is not None and self.name_line in self.session_lines:
            name = self.title_hint  # the top heading was a meeting's title, not the group's name
        name = None if name is None else restore_escapes(name)
        problems = tuple(PageProblem(p.line, restore_escapes(p.message)) for p in self.problems)
        return Assembly(tuple(self.sessions), problems, name)

    # ------------------------------------------------------------------ dispatch

    def _read(self, block: Block, following: Sequence[Block]) -> None:
        if block.kind is BlockKind.BREAK:
            return
        if block.kind is BlockKind.ROW:
            self._read_row(block)
            return
        labelled = split_label(block.text)
        if labelled is not None:
            self._read_field(labelled, block)
            return
        if (block.kind is BlockKind.HEADING and block.level > 0) or block.bold:
            if block.level == 1 and self.name_line is None and not block.bold:
                self.name, self.name_line = block.text, block.line
            self._read_heading(block)
        elif block.kind is BlockKind.HEADING:
            self._read_plain_heading(block, following)
        elif block.kind is BlockKind.ITEM:
            self._read_item(block)
        else:
            self._read_text(block)

    def _read_plain_heading(self, block: Block, following: Sequence[Block]) -> None:
        # a short stand-alone line of plain text: a title when meeting fields follow it, a section
        # heading when a new entry or the end follows, and prose otherwise
        entry = self._strong_entry(block.text)
        if entry is not None:
            self._start(entry, block, confirmed=self._known_venue(entry.venue_text))
            return
        after = next((b for b in following if b.kind is not BlockKind.BREAK), None)
        if _fields_follow(following):
            self._start_weak(block)
        elif after is None or after.kind is BlockKind.HEADING or self._strong_entry(after.text):
            self._flush()
        else:
            self._read_text(block)

    # ------------------------------------------------------------------ kinds of block

    def _read_heading(self, block: Block) -> None:
        when = parse_when(block.text)
        if when is not None:
            self._flush_if_titled()
            self._draft_for(block).when = when
            return
        entry = parse_entry(block.text)
        if entry is None:
            self._flush()
            return
        confirmed = bool(
            self._known_venue(entry.venue_text) or entry.has_year or entry.leaders or entry.when
        )
        if not confirmed and _is_section_name(entry.title):
            self._flush()
            return
        self._start(entry, block, confirmed=confirmed, weak=entry.venue_text is None)

    def _read_item(self, block: Block) -> None:
        if self._only_links(block):
            self._add_links(block)
            return
        entry = parse_entry(block.text)
        if entry is not None and (entry.venue_text or entry.leaders or entry.when):
            confirmed = bool(
                self._known_venue(entry.venue_text) or entry.has_year or entry.leaders or entry.when
            )
            if confirmed or self.draft is None or self.draft.title is None:
                self._start(entry, block, confirmed=confirmed)
                return
        draft = self.draft
        if draft is not None and draft.title is not None:
            if draft.item_depth is not None and block.depth <= draft.item_depth:
                return  # a sibling of the meeting's own item, naming no paper
            draft.abstract.append(f"- {block.text}")

    def _read_text(self, block: Block) -> None:
        if self._only_links(block):
            self._add_links(block)
            return
        entry = self._strong_entry(block.text)
        if entry is not None:
            self._start(entry, block, confirmed=self._known_venue(entry.venue_text))
            return
        draft = self.draft
        if draft is None:
            return  # intro prose
        if draft.title is None:
            # fields followed by prose, with no title in between: they belonged to nothing
            self._report_orphans(draft)
            self.draft = None
            return
        draft.abstract.append(block.text)

    def _read_field(self, labelled: Labelled, block: Block) -> None:
        kind, value = labelled.kind, labelled.value
        if kind is LabelKind.TITLE:
            if not value or _only_urls(value):
                self._add_links(block, label=labelled.label)
                return
            entry = parse_entry(value)
            if entry is None:
                self.problems.append(PageProblem(block.line, f"{block.text!r} has no title"))
                return
            if self.draft is not None and self.draft.weak and not self.draft.abstract:
                self.draft.title = None  # the heading named the page's section, not a paper
            self._flush_if_titled()
            self._start(entry, block, confirmed=True)
            return
        if kind is LabelKind.LINKS:
            self._add_links(block, label=labelled.label)
            return
        if kind is LabelKind.NOTES:
            if self.draft is not None and value:
                plain = labelled.label.casefold() in {"note", "notes"}
                self.draft.notes.append(value if plain else f"{labelled.label}: {value}")
            return
        if kind is LabelKind.ABSTRACT:
            if self.draft is None or self.draft.title is None:
                if value:
                    self._draft_for(block).orphans.append((block.line, block.text))
                return
            if value:
                self.draft.abstract.append(value)
            self.draft.confirmed = True
            return
        if not value:
            return
        if kind is LabelKind.DATE:
            self._set_when(labelled, block)
        elif kind is LabelKind.LEADERS:
            draft = self._draft_for_field(block, taken=lambda d: bool(d.leaders))
            draft.leaders.extend(split_names(value))
            draft.confirmed = True
        elif kind is LabelKind.AUTHORS:
            draft = self._draft_for_field(block, taken=lambda d: bool(d.authors))
            draft.authors.extend(split_authors(value))
            draft.confirmed = True
        elif kind is LabelKind.VENUE:
            draft = self._draft_for_field(block, taken=lambda d: d.venue_text is not None)
            draft.venue_text = value
            draft.confirmed = True
        if self.draft is not None and self.draft.title is None:
            self.draft.orphans.append((block.line, block.text))

    def _set_when(self, labelled: Labelled, block: Block) -> None:
        value = labelled.value
        if labelled.label.casefold() == "week" and value.isdigit():
            value = f"Week {value}"
        when = parse_when(value)
        if when is None:
            self.problems.append(
                PageProblem(block.line, f"could not read the date {value!r}; kept as the label")
            )
            when = When(label=value)
        draft = self._draft_for_field(block, taken=lambda d: d.when is not None)
        draft.when = when
        draft.confirmed = True

    def _read_row(self, block: Block) -> None:
        roles = _table_roles(block.header)
        if "title" not in roles:
            if block.header not in self.table_checked and "leaders" in roles:
                self.problems.append(
                    PageProblem(
                        block.line, "this table has no title, paper or topic column; skipped"
                    )
                )
            self.table_checked.add(block.header)
            return
        cells = dict(zip(block.header, block.cells, strict=False))
        by_role = {role: collapse(cells.get(header, "")) for role, header in roles.items()}
        title_cell = by_role.get("title", "")
        if _NO_PAPER.match(title_cell):
            if any(v and not _NO_PAPER.match(v) for r, v in by_role.items() if r == "leaders"):
                self.problems.append(
                    PageProblem(block.line, "this row names a leader but no paper")
                )
            return
        entry = parse_entry(title_cell)
        if entry is None:
            self.problems.append(PageProblem(block.line, f"no paper title in {title_cell!r}"))
            return
        self._flush()
        self._start(entry, block, confirmed=True)
        draft = self.draft
        assert draft is not None  # just started
        if by_role.get("leaders"):
            draft.leaders = list(split_names(by_role["leaders"]))
        if by_role.get("authors"):
            draft.authors = list(split_authors(by_role["authors"]))
        if by_role.get("venue"):
            draft.venue_text = by_role["venue"]
        if by_role.get("abstract"):
            draft.abstract.append(by_role["abstract"])
        if by_role.get("notes"):
            draft.notes.append(by_role["notes"])
        if by_role.get("date"):
            when = parse_when(by_role["date"])
            if when is None:
                self.problems.append(
                    PageProblem(block.line, f"could not read the date {by_role['date']!r}; kept")
                )
                when = When(label=by_role["date"])
            draft.when = when
        self._flush()

    # ------------------------------------------------------------------ drafts

    def _strong_entry(self, text: str) -> Entry | None:
        """A "Title (Venue Year)" line that stands alone as a title, or None."""
        if len(text) > _MAX_TITLE:
            return None
        entry = parse_entry(text)
        if entry is None or entry.venue_text is None or _SENTENCE_BREAK.search(entry.title):
            return None
        if text.rstrip().endswith((".", ",", ";", ":")):
            return None
        if entry.has_year or self._known_venue(entry.venue_text):
            return entry
        return None

    def _start(self, entry: Entry, block: Block, *, confirmed: bool, weak: bool = False) -> None:
        # fields read before this title ("Date:" above "Title:") belong to it
        pending = self.draft if self.draft is not None and self.draft.title is None else None
        self._flush_if_titled()
        draft = pending or Draft(block.line)
        confirmed = confirmed or draft.has_fields or bool(entry.leaders or entry.when)
        draft.title = entry.title
        draft.title_line = block.line
        draft.venue_text = draft.venue_text or entry.venue_text
        draft.authors.extend(entry.authors)
        draft.leaders.extend(entry.leaders)
        draft.when = entry.when or draft.when
        draft.links.extend(block.links)
        draft.confirmed = confirmed
        draft.year_in_title = entry.has_year
        draft.weak = weak
        draft.item_depth = block.depth if block.kind is BlockKind.ITEM else None
        draft.orphans.clear()
        self.draft = draft

    def _start_weak(self, block: Block) -> None:
        title = clean_title(block.text)
        if not title:
            return
        self._start(Entry(title), block, confirmed=False, weak=True)

    def _draft_for(self, block: Block) -> Draft:
        if self.draft is None:
            self.draft = Draft(block.line)
        return self.draft

    def _draft_for_field(self, block: Block, *, taken: Callable[[Draft], bool]) -> Draft:
        # a field the open meeting already has starts the next meeting ("Date:" before "Title:")
        draft = self.draft
        if draft is not None and draft.title is not None and taken(draft):
            self._flush()
            draft = None
        if draft is None:
            draft = self._draft_for(block)
        return draft

    def _flush_if_titled(self) -> None:
        if self.draft is not None and self.draft.title is not None:
            self._flush()

    def _flush(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            return
        if draft.title is None:
            self._report_orphans(draft)
            return
        if not draft.confirmed:
            if draft.year_in_title:
                self.problems.append(
                    PageProblem(
                        draft.title_line,
                        f"{draft.title!r} looks like a paper title, but the venue is unknown and "
                        "no leader, date or author follows it; skipped",
                    )
                )
            return
        try:
            session = build_session(draft)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"] if exc.errors() else str(exc)
            self.problems.append(
                PageProblem(draft.title_line, f"could not read {draft.title!r}: {reason}")
            )
            return
        self.sessions.append(session)
        self.session_lines.add(draft.title_line)

    def _report_orphans(self, draft: Draft) -> None:
        if draft.orphans:
            line, text = draft.orphans[0]
            self.problems.append(
                PageProblem(line, f"{text!r} does not belong to any paper; skipped")
            )
        elif draft.when is not None and draft.title is None:
            when = draft.when.label or str(draft.when.date)
            self.problems.append(PageProblem(draft.line, f"the meeting {when!r} names no paper"))

    # ------------------------------------------------------------------ links and venues

    def _only_links(self, block: Block) -> bool:
        if not block.links:
            return False
        rest = block.text
        for text, url in block.links:
            rest = rest.replace(text, " ").replace(url, " ")
        return not re.sub(
            r"[\s|·•,;:()\[\]–—-]|pdf|arxiv|doi|code|slides|paper|link", "", rest, flags=re.I
        )

    def _add_links(self, block: Block, label: str | None = None) -> None:
        if self.draft is None or self.draft.title is None:
            return
        links = list(block.links)
        if label is not None:
            links = [(label if text == url else text, url) for text, url in links]
            value = split_label(block.text)
            bare = value.value if value is not None else ""
            if not links and bare:
                links.append((label, bare))
        self.draft.links.extend(links)

    @staticmethod
    def _known_venue(text: str | None) -> bool:
        venue = read_venue(text) if text else None
        return venue is not None and venue.acronym is not None


def _fields_follow(following: Sequence[Block]) -> bool:
    """True when meeting fields, but no "Title:" field, come right after a plain-text heading."""
    found = False
    for block in following:
        if block.kind is BlockKind.BREAK:
            continue
        labelled = split_label(block.text)
        if labelled is None:
            break
        if labelled.kind is LabelKind.TITLE:
            return False
        found = found or labelled.kind in {*_CONFIRMING, LabelKind.DATE}
    return found


def _is_section_name(title: str) -> bool:
    words = re.findall(r"[^\W\d_]+", title.casefold())
    return all(word in SECTION_WORDS for word in words)


def _only_urls(text: str) -> bool:
    return all(word.startswith(("http://", "https://", "www.")) for word in text.split())


def _table_roles(header: tuple[str, ...]) -> dict[str, str]:
    """Role ("title", "leaders", "date", ...) -> the header cell that holds it."""
    roles: dict[str, str] = {}
    for cell in header:
        key = collapse(cell).casefold().rstrip(":")
        if key in _TITLE_ROLES or key == "paper title":
            role = "title"
        else:
            labelled = split_label(f"{key}: x")
            if labelled is None:
                continue
            role = labelled.kind.value
            if role in {"links", "title"}:
                continue
        roles.setdefault(role, cell)
    return roles
