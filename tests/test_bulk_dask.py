"""The Dask pipeline on a two-worker LocalCluster gives exactly the single-process result."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paperkit.bulk import (
    join_parts,
    papers_bag,
    read_snapshot,
    run_bulk,
    split_snapshot,
    write_partitions,
)

distributed = pytest.importorskip("distributed")
Client = Any  # distributed is untyped

SAMPLE = Path(__file__).parent / "fixtures" / "bulk" / "snapshot-sample.json"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    with cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    """The sample four times over: 52 lines, 28 papers, 20 bad lines, in several chunks."""
    path = tmp_path / "snapshot.json"
    path.write_bytes(SAMPLE.read_bytes() * 4)
    return path


def test_chunks_cover_every_line_exactly_once(snapshot: Path) -> None:
    chunks = split_snapshot(snapshot, chunk_bytes=1000)
    assert len(chunks) > 5
    assert chunks[0].start == 0
    assert chunks[-1].end == snapshot.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(chunks))


@pytest.mark.parametrize("fmt", ["jsonl", "bibtex", "csl-json"])
def test_partitions_join_into_the_single_process_file(
    client: Client, snapshot: Path, tmp_path: Path, fmt: str
) -> None:
    single = tmp_path / "single.out"
    expected = run_bulk(snapshot, single, format=fmt)
    parts = tmp_path / "parts"
    report = write_partitions(
        snapshot, parts, format=fmt, chunk_bytes=1500, client=client, fragment=True
    )
    files = sorted(parts.iterdir())
    assert len(files) == len(split_snapshot(snapshot, chunk_bytes=1500)) > 5
    joined = join_parts(files, tmp_path / "joined.out", format=fmt)
    assert joined.read_bytes() == single.read_bytes()
    assert (report.records, report.papers, report.skipped, report.warnings) == (
        expected.records,
        expected.papers,
        expected.skipped,
        expected.warnings,
    )
    # problems keep their file line numbers, though each chunk counted from its own start
    assert report.problems == expected.problems
    assert [p.line for p in report.failures] == [6, 7, 11, 12, 13, 19, 20, 24, 25, 26] + [
        n + 26 for n in (6, 7, 11, 12, 13, 19, 20, 24, 25, 26)
    ]


def test_each_part_is_a_complete_file_without_fragment(
    client: Client, snapshot: Path, tmp_path: Path
) -> None:
    parts = tmp_path / "parts"
    report = write_partitions(snapshot, parts, format="csl-json", chunk_bytes=4000, client=client)
    items = [item for part in sorted(parts.iterdir()) for item in json.loads(part.read_text())]
    assert len(items) == report.papers == 28
    assert report.output == parts


def test_gzip_snapshots_are_one_chunk_each(client: Client, snapshot: Path, tmp_path: Path) -> None:
    import gzip

    packed = tmp_path / "snapshot.json.gz"
    packed.write_bytes(gzip.compress(snapshot.read_bytes()))
    assert len(split_snapshot([packed, snapshot], chunk_bytes=1000)) > 2
    assert split_snapshot(packed, chunk_bytes=1000)[0].end is None
    report = write_partitions(
        [packed, snapshot], tmp_path / "parts", chunk_bytes=1000, client=client
    )
    assert report.papers == 56


def test_run_bulk_on_a_scheduler_equals_one_process(
    client: Client, snapshot: Path, tmp_path: Path
) -> None:
    single = tmp_path / "single.jsonl"
    run_bulk(snapshot, single)
    target = tmp_path / "cluster.jsonl"
    report = run_bulk(snapshot, target, scheduler=client.scheduler.address)
    assert target.read_bytes() == single.read_bytes()
    assert report.papers == 28
    assert report.output == target
    # the parts folder is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cluster.jsonl",
        "single.jsonl",
        "snapshot.json",
    ]


def test_papers_bag_holds_the_same_papers(client: Client, snapshot: Path) -> None:
    bag = papers_bag(snapshot, chunk_bytes=2000)
    assert bag.npartitions > 3
    assert bag.compute() == list(read_snapshot(snapshot))  # type: ignore[no-untyped-call]
    neurips = bag.filter(  # type: ignore[no-untyped-call]
        lambda p: p.venue is not None and p.venue.acronym == "NeurIPS"
    )
    assert neurips.count().compute() == 4


def test_without_a_client_the_current_dask_scheduler_runs_it(
    snapshot: Path, tmp_path: Path
) -> None:
    import dask

    with dask.config.set(scheduler="synchronous"):
        report = write_partitions(snapshot, tmp_path / "parts", chunk_bytes=3000)
    assert report.papers == 28
    assert report.failures[-1].line == 52


def test_workers_and_scheduler_together_are_refused(snapshot: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        run_bulk(snapshot, tmp_path / "x.jsonl", workers=2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="at least 1"):
        run_bulk(snapshot, tmp_path / "x.jsonl", workers=0)


def test_run_bulk_with_local_worker_processes(snapshot: Path, tmp_path: Path) -> None:
    single = tmp_path / "single.bib"
    run_bulk(snapshot, single, format="bibtex")
    target = tmp_path / "workers.bib"
    report = run_bulk(snapshot, target, format="bibtex", workers=2)
    assert target.read_bytes() == single.read_bytes()
    assert report.skipped == 20
