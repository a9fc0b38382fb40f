"""`run_bulk`: snapshot in, one output file out, on one core or on a Dask cluster."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from paperkit.bulk._report import BulkReport
from paperkit.bulk._snapshot import Sources, paths_of, stream_papers
from paperkit.bulk._writers import RecordWriter, format_for

__all__ = ["run_bulk"]


def run_bulk(
    snapshot: Sources,
    output: str | os.PathLike[str],
    *,
    format: str | None = "jsonl",
    workers: int | None = None,
    scheduler: str | None = None,
) -> BulkReport:
    """Convert arXiv's metadata snapshot into one JSON-lines, BibTeX, CSL-JSON or JSON file.

    This is what ``paperkit bulk SNAPSHOT -f FORMAT -o OUT [--workers N | --scheduler ADDRESS]``
    runs. Without ``workers`` or ``scheduler`` it streams in this process, in constant memory.
    With either, the snapshot is cut into chunks that Dask workers convert in parallel (see
    `write_partitions`); their parts are then joined, so ``output`` is byte for byte the file a
    single process writes. Bad lines are skipped and reported, never fatal. ``output`` appears
    only when complete (it is written under a temporary name, then renamed).

    Args:
        snapshot: the snapshot file (plain or gzip), or several.
        output: the file to write; a name ending in ``.gz`` is compressed.
        format: ``jsonl``, ``bibtex``, ``csl-json`` or ``json``; None infers it from ``output``.
        workers: run on a local Dask cluster of this many worker processes.
        scheduler: run on the Dask cluster whose scheduler listens at this address
            (e.g. ``tcp://10.0.0.5:8786``); snapshot and output must be on storage its workers
            share.

    Returns:
        The report: counts, problems with line numbers, ``output`` and ``seconds``.

    Raises:
        ExportError: an unknown format, or an output that cannot be written.
        ValueError: both ``workers`` and ``scheduler`` were given, or ``workers`` < 1.
        ImportError: Dask was asked for but the ``dask`` extra is not installed.
    """
    target = Path(output)
    layout = format_for(target, format)
    started = time.perf_counter()
    if workers is None and scheduler is None:
        report = BulkReport()
        with RecordWriter(target, format=layout.name) as writer:
            writer.write_all(stream_papers(paths_of(snapshot), report))
    else:
        report = _run_on_dask(snapshot, target, layout.name, workers, scheduler)
    report.output = target
    report.seconds = time.perf_counter() - started
    return report


def _run_on_dask(
    snapshot: Sources, target: Path, format: str, workers: int | None, scheduler: str | None
) -> BulkReport:
    if workers is not None and scheduler is not None:
        raise ValueError("give workers or scheduler, not both")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ImportError(
            "running on Dask needs the dask extra: pip install 'paperkit[dask]'"
        ) from exc

    from paperkit.bulk._dask import join_parts, part_index, remove_parts, write_partitions

    parts = Path(tempfile.mkdtemp(prefix=f".{target.name}.parts-", dir=target.parent))
    try:
        if scheduler is not None:
            with Client(scheduler) as client:  # type: ignore[no-untyped-call]
                report = write_partitions(
                    snapshot, parts, format=format, client=client, fragment=True
                )
        else:
            with (
                LocalCluster(  # type: ignore[no-untyped-call]
                    # a free port for its web server: 8787 may belong to another cluster
                    n_workers=workers,
                    threads_per_worker=1,
                    dashboard_address=":0",
                ) as cluster,
                Client(cluster) as client,  # type: ignore[no-untyped-call]
            ):
                report = write_partitions(
                    snapshot, parts, format=format, client=client, fragment=True
                )
        join_parts(sorted(parts.iterdir(), key=part_index), target, format=format)
    finally:
        remove_parts(parts)
    return report
