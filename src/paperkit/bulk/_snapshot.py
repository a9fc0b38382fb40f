"""Reading arXiv's metadata snapshot (JSON lines, plain or gzip) as a stream of papers."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, cast

import orjson

from paperkit.bulk._records import paper_from_record
from paperkit.bulk._report import BulkReport, Problem
from paperkit.models import Paper

__all__ = [
    "Chunk",
    "SnapshotReader",
    "iter_chunk",
    "paths_of",
    "read_snapshot",
    "split_snapshot",
    "stream_papers",
]

Source = str | os.PathLike[str]
Sources = Source | Iterable[Source]

GZIP_MAGIC = b"\x1f\x8b"


def paths_of(source: Sources) -> list[Path]:
    """The snapshot files ``source`` names, in order."""
    if isinstance(source, str | os.PathLike):
        return [Path(source)]
    return [Path(s) for s in source]


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(2) == GZIP_MAGIC


def _open(path: Path) -> IO[bytes]:
    if _is_gzip(path):
        return cast("IO[bytes]", gzip.open(path, "rb"))
    # a large buffer: one read call per megabyte rather than per few lines
    return path.open("rb", buffering=_READ_BUFFER)


_READ_BUFFER = 1 << 20


@dataclass(frozen=True)
class Chunk:
    """A part of one snapshot file: the lines that start in bytes ``[start, end)``.

    A gzip file cannot be split, so it is always one chunk (``end`` None). Line numbers inside
    a chunk count from 1; `read_chunks` turns them into file line numbers afterwards.
    """

    path: Path
    start: int = 0
    end: int | None = None
    index: int = 0
    """Position of the chunk among the chunks of its file."""


def split_snapshot(source: Sources, *, chunk_bytes: int = 64 << 20) -> list[Chunk]:
    """Cut snapshot files into chunks of about ``chunk_bytes`` for parallel reading.

    Args:
        source: a snapshot file, or several.
        chunk_bytes: bytes per chunk of a plain file; gzip files are never split.

    Returns:
        The chunks, in file order.
    """
    if chunk_bytes < 1:
        raise ValueError(f"chunk_bytes must be positive, not {chunk_bytes}")
    chunks: list[Chunk] = []
    for path in paths_of(source):
        size = path.stat().st_size
        if _is_gzip(path) or size <= chunk_bytes:
            chunks.append(Chunk(path))
            continue
        starts = range(0, size, chunk_bytes)
        chunks.extend(
            Chunk(path, start, min(start + chunk_bytes, size), index)
            for index, start in enumerate(starts)
        )
    return chunks


def _chunk_lines(chunk: Chunk, file: IO[bytes]) -> Iterable[bytes]:
    """The lines of ``chunk`` from ``file``, the chunk's file opened."""
    if chunk.end is None:
        return file  # a whole file: its own lines, with no generator in between
    return _lines_between(file, chunk.start, chunk.end)


def _lines_between(file: IO[bytes], start: int, end: int) -> Iterator[bytes]:
    if start > 0:
        # a line belongs to the chunk its first byte is in: skip the one begun before ours
        file.seek(start - 1)
        if file.read(1) != b"\n":
            file.readline()
    position = file.tell()
    for line in file:
        if position >= end:
            return
        position += len(line)
        yield line


def _identifier(record: Any) -> str | None:
    value = record.get("id") if isinstance(record, dict) else None
    return value if isinstance(value, str) else None


class _Warnings:
    """The ``warn`` callback of the record being read: one object per chunk, not per record."""

    __slots__ = ("line", "record", "report", "source")

    def __init__(self, source: str, report: BulkReport) -> None:
        self.source = source
        self.report = report
        self.line = 0
        self.record: Any = None

    def __call__(self, message: str) -> None:
        identifier = _identifier(self.record)  # looked up only when there is something to say
        self.report.add(Problem(self.source, self.line, message, identifier, skipped=False))


def iter_chunk(chunk: Chunk, report: BulkReport) -> Iterator[Paper]:
    """The papers of one chunk; problems go to ``report`` with line numbers within the chunk."""
    source = str(chunk.path)
    warn = _Warnings(source, report)
    loads = orjson.loads
    with _open(chunk.path) as file:
        for number, line in enumerate(_chunk_lines(chunk, file), 1):
            report.lines += 1
            if line.isspace():  # unlike strip(), copies nothing
                continue
            report.records += 1
            record: Any = None
            try:
                record = loads(line)
                if type(record) is not dict:  # orjson makes exact dicts
                    raise ValueError(f"expected a JSON object, found {type(record).__name__}")
                warn.line, warn.record = number, record
                paper = paper_from_record(record, warn=warn)
            except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, ValidationError too
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if isinstance(exc, json.JSONDecodeError):  # orjson's errors are of this class
                    message = f"not JSON ({exc.msg}, column {exc.colno})"
                report.add(Problem(source, number, message, _identifier(record)))
                continue
            report.papers += 1
            yield paper


def stream_papers(paths: list[Path], report: BulkReport) -> Iterator[Paper]:
    """The papers of whole snapshot files in order, as `SnapshotReader` gives them (it is this,
    behind a method call per paper that a loop over millions can do without)."""
    # one chunk per file: its line numbers are the file's line numbers
    return chain.from_iterable(iter_chunk(Chunk(path), report) for path in paths)


class SnapshotReader(Iterator[Paper]):
    """An iterator over the papers of a snapshot, with the `BulkReport` it fills as it goes.

    Made by `read_snapshot`; memory stays constant however large the files are.
    """

    def __init__(self, source: Sources, *, report: BulkReport | None = None) -> None:
        self.paths = paths_of(source)
        """The snapshot files, read in this order."""
        self.report = report if report is not None else BulkReport()
        """Counts and problems so far; complete once the iterator is exhausted."""
        self._papers = stream_papers(self.paths, self.report)

    def __next__(self) -> Paper:
        return next(self._papers)

    def __iter__(self) -> SnapshotReader:
        return self


def read_snapshot(source: Sources, *, report: BulkReport | None = None) -> SnapshotReader:
    """Stream the papers of arXiv's metadata snapshot, in file order, in constant memory.

    The snapshot is JSON lines (``arxiv-metadata-oai-snapshot.json``), plain or gzip-compressed
    (detected from the content, not the name). A line that is not a usable record is skipped and
    described in the report with its line number; it never stops the stream.

    Example:
        ```python
        papers = paperkit.read_snapshot("arxiv-metadata-oai-snapshot.json")
        for paper in papers:
            ...
        print(papers.report.skipped, papers.report.problems[:5])
        ```

    Args:
        source: a snapshot file, or several read one after the other.
        report: a report to add to; a new one is made when None.

    Returns:
        An iterator of `Paper`; its ``report`` attribute holds counts and problems.

    Raises:
        OSError: a file cannot be opened (raised when iteration reaches it).
    """
    return SnapshotReader(source, report=report)
