"""Markdown pages: paperkit's own `to_markdown` output and the shapes people write by hand."""

from __future__ import annotations

import re

from paperkit.ingest._blocks import (
    Block,
    BlockKind,
    collapse,
    is_wholly_bold,
    strip_inline_markdown,
)
from paperkit.ingest._fields import split_label

__all__ = ["read_markdown_blocks"]

_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(?P<text>.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\|<br\s*/?>)$", re.IGNORECASE)
_FRONT_MATTER_TITLE = re.compile(r"^title\s*:\s*[\"']?(.*?)[\"']?\s*$", re.IGNORECASE)


def read_markdown_blocks(text: str) -> tuple[list[Block], str | None]:
    """Split Markdown into blocks; also returns the front matter's ``title``, if any."""
    lines = text.splitlines()
    reader = _Reader(lines)
    return reader.run(), reader.front_title


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.paragraph: list[tuple[int, str]] = []
        self.item: tuple[int, int, list[str]] | None = None
        self.front_title: str | None = None

    def run(self) -> list[Block]:
        index = self._skip_front_matter()
        while index < len(self.lines):
            index = self._line(index)
        self._end_paragraph()
        self._end_item()
        return self.blocks

    def _skip_front_matter(self) -> int:
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        for end in range(1, min(len(self.lines), 60)):
            line = self.lines[end]
            if line.strip() in {"---", "..."}:
                return end + 1
            title = _FRONT_MATTER_TITLE.match(line)
            if title and title.group(1):
                self.front_title = title.group(1)
        self.front_title = None
        return 0

    def _line(self, index: int) -> int:
        raw = self.lines[index]
        number = index + 1
        if not raw.strip():
            self._end_paragraph()
            if self.item is not None and not self._continues_item(index + 1):
                self._end_item()
            return index + 1
        fence = _FENCE.match(raw)
        if fence:
            return self._skip_fence(index, fence.group(1))
        if raw.lstrip().startswith("<!--"):
            return self._skip_comment(index)
        heading = _ATX.match(raw)
        if heading:
            self._end_all()
            self._emit(
                BlockKind.HEADING, heading.group(2) or "", number, level=len(heading.group(1))
            )
            return index + 1
        if (
            len(self.paragraph) == 1
            and _SETEXT.match(raw)
            and not _stands_alone(self.paragraph[0][1])
        ):
            start, text = self.paragraph.pop()
            self._emit(BlockKind.HEADING, text, start, level=1 if "=" in raw else 2)
            return index + 1
        if _RULE.match(raw):
            self._end_all()
            self.blocks.append(Block(BlockKind.BREAK, "", number))
            return index + 1
        if "|" in raw and index + 1 < len(self.lines) and _TABLE_RULE.match(self.lines[index + 1]):
            self._end_all()
            return self._table(index)
        item = _ITEM.match(raw)
        if item:
            self._end_paragraph()
            self._end_item()
            self.item = (number, len(item.group("indent").expandtabs(4)), [item.group("text")])
            return index + 1
        if self.item is not None and (raw.startswith((" ", "\t")) or not self.paragraph):
            if raw.startswith((" ", "\t")):
                self.item[2].append(raw.strip())
                return index + 1
            self._end_item()
        self.paragraph.append((number, _QUOTE.sub("", raw).strip()))
        return index + 1

    def _continues_item(self, index: int) -> bool:
        return index < len(self.lines) and self.lines[index].startswith(("  ", "\t"))

    def _skip_fence(self, index: int, fence: str) -> int:
        self._end_all()
        for end in range(index + 1, len(self.lines)):
            if self.lines[end].strip().startswith(fence):
                return end + 1
        return len(self.lines)

    def _skip_comment(self, index: int) -> int:
        for end in range(index, len(self.lines)):
            if "-->" in self.lines[end]:
                return end + 1
        return len(self.lines)

    def _table(self, index: int) -> int:
        header = _cells(self.lines[index])
        end = index + 2
        while end < len(self.lines) and "|" in self.lines[end] and self.lines[end].strip():
            cells = _cells(self.lines[end])
            if any(cells):
                self.blocks.append(
                    Block(
                        BlockKind.ROW,
                        " | ".join(cells),
                        end + 1,
                        cells=cells,
                        header=header,
                        links=_links_of(self.lines[end]),
                    )
                )
            end += 1
        self.blocks.append(Block(BlockKind.BREAK, "", end))
        return end

    def _end_all(self) -> None:
        self._end_paragraph()
        self._end_item()

    def _end_item(self) -> None:
        if self.item is None:
            return
        number, indent, parts = self.item
        self.item = None
        # "- Presenter: A" continuation lines inside an item are fields of their own
        first, rest = [parts[0]], parts[1:]
        while rest and not _stands_alone(rest[0]):
            first.append(rest.pop(0))
        self._emit(BlockKind.ITEM, " ".join(first), number, depth=indent // 2)
        for offset, part in enumerate(rest, start=1):
            self._emit(BlockKind.ITEM, part, number + offset, depth=indent // 2 + 1)

    def _end_paragraph(self) -> None:
        # a label line or a bold line inside a paragraph is a line of its own, and so is a line
        # that ends in a hard break; the other lines are soft-wrapped prose
        group: list[tuple[int, str]] = []
        for number, line in self.paragraph:
            if _stands_alone(line) and group:
                self._emit_group(group)
                group = []
            group.append((number, line))
            if _stands_alone(line) or _HARD_BREAK.search(line):
                self._emit_group(group)
                group = []
        self._emit_group(group)
        self.paragraph = []

    def _emit_group(self, group: list[tuple[int, str]]) -> None:
        if group:
            text = " ".join(_HARD_BREAK.sub("", line) for _, line in group)
            self._emit(BlockKind.TEXT, text, group[0][0])

    def _emit(
        self, kind: BlockKind, raw: str, number: int, *, level: int = 0, depth: int = 0
    ) -> None:
        text, links = strip_inline_markdown(raw)
        if not text and not links:
            return
        bold = kind is not BlockKind.HEADING and is_wholly_bold(raw)
        self.blocks.append(
            Block(kind, text, number, level=level, bold=bold, links=links, depth=depth)
        )


def _stands_alone(line: str) -> bool:
    plain, _ = strip_inline_markdown(line)
    return is_wholly_bold(line) or split_label(plain) is not None


def _cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    body = body.removeprefix("|").removesuffix("|")
    cells = re.split(r"(?<!\\)\|", body)
    return tuple(collapse(strip_inline_markdown(cell)[0]) for cell in cells)


def _links_of(line: str) -> tuple[tuple[str, str], ...]:
    return strip_inline_markdown(line)[1]
