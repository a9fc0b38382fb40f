"""Where a page comes from (a path or its text) and which format it is in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from paperkit.errors import ParseError

__all__ = ["FORMATS", "PageFormat", "detect_format", "load_source", "normalize_format"]

PageFormat = Literal["text", "markdown", "html"]

FORMATS: dict[str, PageFormat] = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
}
"""Format names and aliases `read_page` accepts -> the format."""

_SUFFIXES: dict[str, PageFormat] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_MAX_PATH = 1024
_HTML = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:p|div|h[1-6]|table|ul|ol|li|section|article)"
    r"(?:\s[^>]*)?>",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(
    r"^\s{0,3}#{1,6}\s+\S|^\s*\*\*[^*\n]+\*\*|^\s*\|.*\|\s*$|\[[^\]\n]+\]\([^)\s]+\)",
    re.MULTILINE,
)


def normalize_format(format: str) -> PageFormat:
    """The page format a name stands for ("md" is Markdown).

    Raises:
        ParseError: The name is not a page format; the message lists the known ones.
    """
    found = FORMATS.get(format.strip().casefold().lstrip("."))
    if found is None:
        known = ", ".join(sorted(set(FORMATS.values())))
        raise ParseError(f"unknown page format {format!r}; known formats: {known}")
    return found


def load_source(source: str | Path) -> tuple[str, str, PageFormat | None]:
    """The page's text, a name for messages, and the format its file suffix implies.

    A `Path` is always a file. A `str` is a file when it names one that exists, and the page's own
    text otherwise; a one-line `str` ending in a page suffix that names no file is an error, as it
    is almost surely a mistyped path.

    Raises:
        ParseError: The file cannot be read, or is not text.
    """
    if isinstance(source, Path):
        return _read_file(source)
    if _names_a_file(source):
        return _read_file(Path(source))
    single_line = "\n" not in source and len(source) < _MAX_PATH
    if single_line and Path(source.strip()).suffix.casefold() in _SUFFIXES:
        raise ParseError(f"{source!r}: no such file", source=source)
    return source, "<text>", None


def _names_a_file(text: str) -> bool:
    if not text.strip() or "\n" in text or "\x00" in text or len(text) >= _MAX_PATH:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long or otherwise impossible is not a file
        return False


def _read_file(path: Path) -> tuple[str, str, PageFormat | None]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ParseError(f"{name}: cannot read the page ({reason})", source=name) from exc
    if b"\x00" in data[:8192]:
        raise ParseError(f"{name}: not a text file", source=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # pages saved by older tools are often Windows-1252; it decodes almost any byte string
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ParseError(f"{name}: not UTF-8 text", source=name) from exc
    return text, name, _SUFFIXES.get(path.suffix.casefold())


def detect_format(text: str) -> PageFormat:
    """Guess a page's format from its content: HTML tags, then Markdown markup, else text."""
    head = text[:20000]
    if _HTML.search(head):
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    return "text"
