"""Streaming writers: the same bytes as the exporters, atomic files, gzip, formats."""

from __future__ import annotations

import gc
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperkit import ExportError, Paper, to_bibtex, to_csl_json
from paperkit.bulk import PaperWriter, read_snapshot, run_bulk, write_papers
from paperkit.bulk._writers import RecordWriter
from test_bulk_construct import _make_snapshot

SAMPLE = Path(__file__).parent / "fixtures" / "bulk" / "snapshot-sample.json"


@pytest.fixture
def papers() -> list[Paper]:
    return list(read_snapshot(SAMPLE))


def test_jsonl_holds_one_paper_per_line(papers: list[Paper], tmp_path: Path) -> None:
    target = tmp_path / "papers.jsonl"
    assert write_papers(papers, target) == len(papers)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [Paper.model_validate_json(line) for line in lines] == papers


def test_json_is_an_array_of_papers(papers: list[Paper], tmp_path: Path) -> None:
    target = tmp_path / "papers.json"
    write_papers(papers, target)
    assert [Paper.model_validate(item) for item in json.loads(target.read_text())] == papers


def test_csl_json_is_exactly_what_the_exporter_writes(papers: list[Paper], tmp_path: Path) -> None:
    target = tmp_path / "papers.csl.json"
    write_papers(papers, target)
    text = target.read_text(encoding="utf-8")
    assert text == to_csl_json(papers, key_template="{arxiv}")
    assert [item["id"] for item in json.loads(text)][:3] == [
        "1706.03762",
        "0704.0001",
        "hepth9901001",
    ]


def test_bibtex_is_exactly_what_the_exporter_writes(papers: list[Paper], tmp_path: Path) -> None:
    target = tmp_path / "papers.bib"
    write_papers(papers, target, format="bib")
    text = target.read_text(encoding="utf-8")
    assert text == to_bibtex(papers, key_template="{arxiv}")
    assert text.startswith("@inproceedings{1706.03762,\n")
    assert text.count("\n@") == len(papers) - 1


@pytest.mark.parametrize(("name", "expected"), [("e.json", "[]\n"), ("e.jsonl", ""), ("e.bib", "")])
def test_no_papers_still_make_a_valid_file(tmp_path: Path, name: str, expected: str) -> None:
    assert write_papers([], tmp_path / name) == 0
    assert (tmp_path / name).read_text() == expected


def test_gzip_output_by_name(papers: list[Paper], tmp_path: Path) -> None:
    write_papers(papers, tmp_path / "papers.jsonl.gz")
    write_papers(papers, tmp_path / "papers.jsonl")
    packed = gzip.decompress((tmp_path / "papers.jsonl.gz").read_bytes())
    assert packed == (tmp_path / "papers.jsonl").read_bytes()


def test_a_failure_midway_leaves_neither_file_nor_temporary(
    papers: list[Paper], tmp_path: Path
) -> None:
    target = tmp_path / "papers.jsonl"
    target.write_text("the previous run\n")

    def broken() -> Iterator[Paper]:
        yield from papers[:3]
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="source broke"):
        write_papers(broken(), target)
    assert target.read_text() == "the previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.jsonl"]


def test_the_file_appears_only_when_complete(papers: list[Paper], tmp_path: Path) -> None:
    target = tmp_path / "papers.jsonl"
    with PaperWriter(target) as writer:
        writer.write(papers[0])
        assert not target.exists()
        assert writer.count == 1
    assert target.exists()


def test_formats_unknown_or_unguessable_are_export_errors(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown bulk format 'yaml'") as caught:
        write_papers([], tmp_path / "x.yaml", format="yaml")
    assert "jsonl" in caught.value.known
    with pytest.raises(ExportError, match="cannot tell the format"):
        write_papers([], tmp_path / "papers.txt")


def test_an_unwritable_target_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        write_papers([], tmp_path / "missing-folder" / "papers.jsonl")
    with pytest.raises(ExportError, match="it is a folder"):
        write_papers([], tmp_path, format="jsonl")


def test_run_bulk_on_one_core_reports_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "out.csl.json"
    report = run_bulk(SAMPLE, target, format=None)
    assert report.output == target
    assert report.papers == 7
    assert report.skipped == 5
    assert report.seconds > 0
    assert len(json.loads(target.read_text())) == 7
    assert str(report).startswith("7 papers from 12 records, 5 skipped, 2 fields dropped, ")
    assert str(report).endswith(f"-> {target}")


@pytest.mark.parametrize("name", ["papers.jsonl", "papers.json", "papers.bib", "papers.csl.json"])
def test_the_record_writer_writes_the_same_bytes(
    papers: list[Paper], tmp_path: Path, name: str
) -> None:
    checked, unchecked = tmp_path / "checked", tmp_path / "unchecked"
    checked.mkdir()
    unchecked.mkdir()
    assert write_papers(papers, checked / name) == len(papers)
    with RecordWriter(unchecked / name) as writer:
        assert writer.write_all(papers) == len(papers)
        assert writer.write_all([]) == len(papers)
    assert (unchecked / name).read_bytes() == (checked / name).read_bytes()


def test_write_all_counts_what_it_wrote_before_a_failure(
    papers: list[Paper], tmp_path: Path
) -> None:
    def broken() -> Iterator[Paper]:
        yield from papers[:3]
        raise RuntimeError("the source broke")

    writer = RecordWriter(tmp_path / "papers.jsonl")
    with writer, pytest.raises(RuntimeError, match="source broke"):
        writer.write_all(broken())
    assert writer.count == 3
    # the with block ended normally (the error was caught inside it): the three are kept
    assert len((tmp_path / "papers.jsonl").read_text().splitlines()) == 3


def _cycles_found(snapshot: Path, target: Path, fmt: str) -> int:
    """Objects in reference cycles a run left behind, with the collector paused during it."""
    gc.collect()
    gc.disable()
    try:
        report = run_bulk(snapshot, target, format=fmt)
        found = gc.collect()
    finally:
        gc.enable()
    assert report.papers > 2000
    assert report.skipped > 5  # bad lines of every kind
    assert report.warnings > 0  # and dropped fields
    return found


@pytest.mark.parametrize("fmt", ["jsonl", "json", "bibtex", "csl-json"])
def test_a_run_makes_no_reference_cycles(tmp_path: Path, fmt: str) -> None:
    """What lets `paperkit bulk` pause the cycle collector: it would find nothing to free.

    BibTeX and CSL-JSON encode each character pylatexenc has not met before with a call that
    leaves a class in a cycle behind: once per character, as the table remembers it after.
    """
    snapshot = tmp_path / "snapshot.json"
    _make_snapshot().write_snapshot(snapshot, 2_000, seed=5, bad_every=300)
    with snapshot.open("ab") as file:
        file.write(SAMPLE.read_bytes())
    target = tmp_path / "out"
    first = _cycles_found(snapshot, target, fmt)
    assert first == 0 or fmt in ("bibtex", "csl-json")
    assert _cycles_found(snapshot, target, fmt) == 0
