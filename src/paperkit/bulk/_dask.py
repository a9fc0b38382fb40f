"""The snapshot pipeline on Dask: chunks of snapshot files -> partitioned outputs.

Needs the ``dask`` extra (``pip install 'paperkit[dask]'``). The work is the same pure functions
the single-process reader uses, mapped over chunks of the input with `dask.bag`:

```
snapshot file(s) --split_snapshot--> Chunk, Chunk, ...   (byte ranges; a gzip file is one chunk)
      --dask.bag.map(write_chunk)--> part-00000.jsonl, part-00001.jsonl, ...  (one per chunk)
                                 --> a BulkReport per chunk, merged on the client
```

Workers read their chunk and write their part themselves, so papers never travel over the
network; on a cluster, the snapshot and the output folder must be on storage every worker sees.
The parts, read in order, hold exactly what the single-process reader writes (`join_parts`
assembles them into that one file), and problems keep their file line numbers.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperkit.bulk._report import BulkReport
from paperkit.bulk._snapshot import Chunk, Sources, iter_chunk, split_snapshot
from paperkit.bulk._writers import (
    OutputFormat,
    RecordWriter,
    _commit,
    _open_temporary,
    format_for,
)
from paperkit.models import Paper

if TYPE_CHECKING:
    import dask.bag

__all__ = ["ChunkResult", "join_parts", "papers_bag", "write_chunk", "write_partitions"]

DEFAULT_CHUNK_BYTES = 64 << 20
"""Bytes of snapshot per Dask task: about 40,000 records, a few seconds of work."""


@dataclass(frozen=True)
class ChunkResult:
    """What one task did: the part it wrote and the report of its chunk."""

    index: int
    """The part's number: parts in this order hold the snapshot's papers in file order."""
    chunk: Chunk
    part: Path
    report: BulkReport


def part_name(index: int, layout: OutputFormat) -> str:
    """``part-00007.jsonl``: names sort in part order up to 100,000 parts (6 TB of input)."""
    return f"part-{index:05d}{layout.suffix}"


def part_index(part: Path) -> int:
    """The number in a part's name (``part-00007.jsonl`` -> 7), to order parts past 99,999."""
    return int(part.name.split(".", 1)[0].removeprefix("part-"))


def write_chunk(
    chunk: Chunk, folder: str, format: str, index: int, *, fragment: bool = False
) -> ChunkResult:
    """Read one chunk and write its papers to ``folder/part-<index>``; runs on a worker.

    Args:
        chunk: the byte range of a snapshot file to read.
        folder: where the part goes.
        format: a bulk format name.
        index: the part's number, which orders the parts.
        fragment: leave out the array brackets of the JSON formats, for `join_parts`.
    """
    layout = format_for(folder, format)
    report = BulkReport()
    part = Path(folder) / part_name(index, layout)
    with RecordWriter(part, format=layout.name, fragment=fragment) as writer:
        writer.write_all(iter_chunk(chunk, report))
    return ChunkResult(index, chunk, part, report)


def _merge(results: Sequence[ChunkResult]) -> BulkReport:
    """One report for all chunks, with chunk line numbers turned back into file line numbers."""
    merged = BulkReport()
    offsets: dict[Path, int] = {}
    for result in results:
        offset = offsets.get(result.chunk.path, 0)
        report = result.report
        if offset:
            report = dataclasses.replace(
                report,
                problems=[
                    dataclasses.replace(p, line=p.line + offset if p.line else p.line)
                    for p in report.problems
                ],
            )
        merged.merge(report)
        offsets[result.chunk.path] = offset + result.report.lines
    return merged


def write_partitions(
    source: Sources,
    folder: str | os.PathLike[str],
    *,
    format: str = "jsonl",
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    client: Any = None,
    fragment: bool = False,
) -> BulkReport:
    """Convert snapshot files to a folder of parts, one Dask task per chunk of input.

    Args:
        source: a snapshot file or several (plain files are split into chunks; gzip ones not).
        folder: the folder for ``part-00000.<ext>``, ``part-00001.<ext>``...; created if missing.
        format: ``jsonl``, ``bibtex``, ``csl-json`` or ``json``.
        chunk_bytes: bytes of input per task.
        client: a ``distributed.Client`` to run on; None uses Dask's current scheduler (the
            active client if there is one).
        fragment: write the items only, without the brackets of the JSON array formats.

    Returns:
        The merged report; ``output`` is ``folder``.
    """
    import dask.bag as db

    layout = format_for(folder, format)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    chunks = split_snapshot(source, chunk_bytes=chunk_bytes)
    items = list(enumerate(chunks))
    bag = db.from_sequence(items, npartitions=max(len(chunks), 1))  # type: ignore[no-untyped-call]
    tasks = bag.map(
        lambda item: write_chunk(item[1], str(target), layout.name, item[0], fragment=fragment)
    )
    if client is not None:
        results: list[ChunkResult] = client.compute(tasks).result()
    else:
        results = tasks.compute()
    report = _merge(sorted(results, key=lambda r: r.index))
    report.output = target
    return report


def join_parts(
    parts: Sequence[Path], path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Join fragment parts (written with ``fragment=True``) into one file, atomically.

    The result is byte for byte the file the single-process writer makes from the same papers.
    """
    target = Path(path)
    layout = format_for(target, format)
    temp, sink = _open_temporary(target)
    try:
        wrote = False
        for part in parts:
            pieces = _read_part(part)
            first = next(pieces, None)
            if first is None:
                continue
            sink.write(layout.separator if wrote else layout.head)
            wrote = True
            sink.write_bytes(first)
            for piece in pieces:
                sink.write_bytes(piece)
        sink.write(layout.tail if wrote else layout.empty)
        sink.close()
    except BaseException:
        sink.close()
        temp.unlink(missing_ok=True)
        raise
    _commit(temp, target)
    return target


def _read_part(part: Path) -> Iterator[bytes]:
    # the parts are UTF-8 as the writer made them: copied as bytes, never decoded and encoded
    with part.open("rb") as file:
        while piece := file.read(1 << 20):
            yield piece


def papers_bag(source: Sources, *, chunk_bytes: int = 16 << 20) -> dask.bag.Bag:
    """The papers of snapshot files as a `dask.bag.Bag`, one partition per chunk.

    For analyses beyond conversion, e.g.
    ``papers_bag(path).filter(lambda p: p.venue.acronym == "NeurIPS").count().compute()``.
    Records that cannot be read are skipped; use `write_partitions` or `read_snapshot` to see
    their problems. Each partition holds a chunk's papers in memory, hence the smaller chunks.
    """
    import dask.bag as db

    chunks = split_snapshot(source, chunk_bytes=chunk_bytes)
    bag = db.from_sequence(chunks, npartitions=max(len(chunks), 1))  # type: ignore[no-untyped-call]
    papers: dask.bag.Bag = bag.map_partitions(_chunk_papers)
    return papers


def _chunk_papers(chunks: Sequence[Chunk]) -> list[Paper]:
    return [paper for chunk in chunks for paper in iter_chunk(chunk, BulkReport())]


def remove_parts(folder: Path) -> None:
    """Delete a folder of temporary parts."""
    shutil.rmtree(folder, ignore_errors=True)
