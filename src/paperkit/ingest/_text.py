"""Plain text pages, as copied from a web site: one paragraph per line, or hard-wrapped prose."""

from __future__ import annotations

import re

from paperkit.ingest._blocks import Block, BlockKind, collapse
from paperkit.ingest._fields import TRAILING_PAREN, is_chrome, split_label

__all__ = ["read_text_blocks"]

_BULLET = re.compile(r"^\s*(?:[-*•·▪‣◦]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+")
_WRAP_WIDTH = 100
_HEADING_WIDTH = 150


def read_text_blocks(text: str) -> list[Block]:
    """Split plain text into blocks.

    A line copied from a web page is a paragraph of its own; a run of lines that are all at most
    100 characters wide (but the last) is hard-wrapped prose and is joined. A short line that
    does not end like a sentence is marked as a possible heading (level 0): the assembler decides
    from what follows whether it titles a meeting or a section.
    """
    blocks: list[Block] = []
    run: list[tuple[int, str]] = []

    def end_run() -> None:
        if run:
            blocks.extend(_paragraphs(run))
            run.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            end_run()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            end_run()
            blocks.append(_block(BlockKind.ITEM, bullet.group("text"), number))
        elif _stands_alone(line):
            end_run()
            blocks.append(_line_block(line, number))
        else:
            run.append((number, line))
    end_run()
    return blocks


def _stands_alone(line: str) -> bool:
    # labels, titles with a parenthesized venue and page chrome are never wrapped prose
    return bool(split_label(line) or is_chrome(line) or TRAILING_PAREN.match(line))


def _paragraphs(run: list[tuple[int, str]]) -> list[Block]:
    if len(run) > 1 and all(len(line) <= _WRAP_WIDTH for _, line in run[:-1]):
        return [_block(BlockKind.TEXT, " ".join(line for _, line in run), run[0][0])]
    return [_line_block(line, number) for number, line in run]


def _line_block(line: str, number: int) -> Block:
    looks_like_heading = (
        len(line) <= _HEADING_WIDTH
        and not line.endswith((".", ",", ";", ":", "!", "?", '"', "”"))
        and (line[0].isupper() or line[0].isdigit())
        and split_label(line) is None
    )
    return _block(BlockKind.HEADING if looks_like_heading else BlockKind.TEXT, line, number)


def _block(kind: BlockKind, text: str, number: int) -> Block:
    links = tuple((url, url) for url in _URL.findall(text))
    return Block(kind, collapse(text), number, links=links)
