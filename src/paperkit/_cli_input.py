"""What the command reads: files and standard input, refused with a clear message if unreadable."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from paperkit._cli_output import one_line
from paperkit.errors import ParseError
from paperkit.models import Paper, ReadingGroup, Session

__all__ = ["expand_stdin", "papers_from_json", "read_text", "reading"]

STDIN = "-"


def read_text(name: str | Path) -> str:
    """The text of file ``name`` (``-`` is standard input), as UTF-8.

    Raises:
        ParseError: the file is missing, a folder, binary, not UTF-8 or empty (says which).
    """
    label = "standard input" if str(name) == STDIN else repr(str(name))
    try:
        if str(name) == STDIN:
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if path.is_dir():
                raise ParseError(f"cannot read {label}: it is a folder", source=str(name))
            data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ParseError(f"cannot read {label}: no such file", source=str(name)) from exc
    except OSError as exc:
        reason = exc.strerror or one_line(str(exc))
        raise ParseError(f"cannot read {label}: {reason}", source=str(name)) from exc
    if b"\x00" in data:
        raise ParseError(f"cannot read {label}: it is a binary file, not text", source=str(name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"cannot read {label}: it is not UTF-8 text (byte {exc.start})", source=str(name)
        ) from exc
    if not text.strip():
        raise ParseError(f"cannot read {label}: it is empty", source=str(name))
    return text


@contextmanager
def reading(source: str) -> Iterator[None]:
    """The one boundary around reading a user's file: what parsers raise on absurd input becomes
    a `ParseError` naming `source`, so the command says what is wrong with the file.

    Raises:
        ParseError: the file is nested too deeply for the parser (RecursionError, e.g. 200,000
            nested JSON lists or BibTeX braces), too large to hold in memory, or not UTF-8.
    """
    try:
        yield
    except RecursionError as exc:
        raise ParseError(f"cannot read {source}: it is nested too deeply", source=source) from exc
    except MemoryError as exc:
        raise ParseError(f"cannot read {source}: it is too large", source=source) from exc
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"cannot read {source}: it is not UTF-8 text (byte {exc.start})", source=source
        ) from exc


def expand_stdin(items: Iterable[str]) -> Iterator[str]:
    """The items, ``-`` replaced by the lines of standard input (blank and ``#`` lines skipped)."""
    for item in items:
        if item != STDIN:
            yield item
            continue
        for line in sys.stdin:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def papers_from_json(text: str, source: str) -> ReadingGroup | tuple[Paper, ...]:
    """paperkit JSON (a group, a session, papers) or CSL-JSON items, read back into models.

    JSON lines (one paper per line, as ``paperkit bulk`` writes) are read too.

    Raises:
        ParseError: the text is not JSON, or JSON in none of these shapes (names ``source``).
    """
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        data = _json_lines(text, source, exc)
    try:
        if isinstance(data, dict) and "sessions" in data:
            return ReadingGroup.model_validate(data)
        if isinstance(data, dict) and "papers" in data:
            return ReadingGroup(sessions=(Session.model_validate(data),))
        items = data if isinstance(data, list) else [data]
        if not items:
            raise ParseError(f"{source} holds no papers (an empty list)", source=source)
        return tuple(_paper(item, source, number) for number, item in enumerate(items, 1))
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "top level"
        raise ParseError(
            f"{source} is not paperkit JSON or CSL-JSON: {where}: {problem['msg']}", source=source
        ) from exc


def _json_lines(text: str, source: str, first_error: json.JSONDecodeError) -> list[Any]:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        raise ParseError(
            f"{source} is not JSON: {first_error.msg} (line {first_error.lineno})",
            line=first_error.lineno,
            source=source,
        ) from first_error
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"{source} is neither JSON nor JSON lines: line {number}: {exc.msg}",
                line=number,
                source=source,
            ) from exc
    return items


def _paper(item: Any, source: str, number: int) -> Paper:
    if not isinstance(item, dict):
        raise ParseError(
            f"{source}: item {number} is {type(item).__name__}, not a paper", source=source
        )
    # paperkit's own JSON has only Paper's field names; CSL-JSON has "type", "author", "issued"...
    if set(item) <= set(Paper.model_fields):
        return Paper.model_validate(item)
    from paperkit.sources.csl import paper_from_csl

    try:
        return paper_from_csl(item)
    except ValueError as exc:  # the mapper's ValueError (a pydantic ValidationError too)
        raise ParseError(
            f"{source}: item {number} is not a CSL-JSON item paperkit can read: "
            f"{one_line(str(exc))[:200]}",
            source=source,
        ) from exc
