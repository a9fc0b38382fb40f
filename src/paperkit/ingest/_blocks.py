"""The common shape every page format is read into before sessions are found.

Text, Markdown and HTML differ in markup, not in structure: each becomes a flat list of `Block`s
(headings, paragraphs, list items, table rows), each with the 1-based line it started on, so one
assembler finds sessions in all three and reports problems by line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum

__all__ = ["Block", "BlockKind", "collapse", "restore_escapes", "strip_inline_markdown"]


class BlockKind(Enum):
    """What a block is in the page's structure."""

    HEADING = "heading"
    """A heading, or a short stand-alone line of plain text (see `Block.level`)."""
    TEXT = "text"
    """A paragraph of prose."""
    ITEM = "item"
    """A list item."""
    ROW = "row"
    """A table row; ``cells`` holds its cells and ``header`` the table's header cells."""
    BREAK = "break"
    """A thematic break or the end of a table or list: ends nothing by itself."""


@dataclass(frozen=True)
class Block:
    """One structural piece of a page, with its markup removed."""

    kind: BlockKind
    text: str
    """The block's text, inline markup removed, white space collapsed."""
    line: int
    """1-based line of the page where the block starts."""
    level: int = 0
    """Heading level 1-6; 0 for a plain-text line that only looks like a heading."""
    bold: bool = False
    """True when the whole block was emphasized (``**Title**``, ``<strong>``)."""
    links: tuple[tuple[str, str], ...] = ()
    """(link text, URL) pairs found in the block, in order."""
    cells: tuple[str, ...] = ()
    """The cells of a table row."""
    header: tuple[str, ...] = ()
    """The header cells of the table a row belongs to."""
    depth: int = 0
    """Nesting depth of a list item (0 for top level)."""


_SPACE = re.compile(r"\s+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_BARE_URL = re.compile(r"(?<![(<\"'])\bhttps?://[^\s)>\]]+")
_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


# "\\(" in Markdown is a parenthesis that is only text: it must never read as "(Venue Year)", so
# it stays a private-use character until the page's values are built
_ESCAPED_PARENS = {"(": "\ue000", ")": "\ue001"}
_RESTORE = str.maketrans({v: k for k, v in _ESCAPED_PARENS.items()})


def restore_escapes(text: str) -> str:
    """Turn the parentheses Markdown escaped back into plain ones."""
    return text.translate(_RESTORE)


def collapse(text: str) -> str:
    """Collapse runs of white space into one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def strip_inline_markdown(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Remove Markdown inline markup, returning the plain text and the links it held.

    ``[arXiv](https://arxiv.org/abs/1706.03762)`` becomes ``arXiv`` with the link kept apart,
    so a title or a leader's name never carries URL noise.
    """
    links: list[tuple[str, str]] = []

    def keep_link(match: re.Match[str]) -> str:
        links.append((collapse(match.group(1)), match.group(2)))
        return match.group(1)

    def keep_autolink(match: re.Match[str]) -> str:
        links.append((match.group(1), match.group(1)))
        return match.group(1)

    plain = _IMAGE.sub("", text)
    plain = _LINK.sub(keep_link, plain)
    plain = _AUTOLINK.sub(keep_autolink, plain)
    links.extend((url, url) for url in _BARE_URL.findall(plain) if (url, url) not in links)
    plain = _CODE.sub(r"\1", plain)
    plain = _HTML_TAG.sub(" ", plain)
    plain = _STRONG.sub(r"\2", plain)
    plain = _EMPHASIS.sub(r"\2", plain)
    plain = _ESCAPE.sub(lambda m: _ESCAPED_PARENS.get(m.group(1), m.group(1)), plain)
    # "&lt;" and "&amp;" are how Markdown writes "<" and "&" as text; tags are gone by now
    return collapse(html.unescape(plain)), tuple(links)


def is_wholly_bold(text: str) -> bool:
    """True when Markdown text is one emphasized run, e.g. ``**Title (ICML 2020)**``."""
    stripped = text.strip()
    for mark in ("**", "__"):
        if (
            stripped.startswith(mark)
            and stripped.endswith(mark)
            and len(stripped) > 2 * len(mark)
            and mark not in stripped[len(mark) : -len(mark)]
        ):
            return True
    return False
