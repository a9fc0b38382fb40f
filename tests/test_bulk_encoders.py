"""Bulk JSON is made by orjson from the models' values: the bytes must be pydantic's own."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from paperkit import Paper, Venue
from paperkit._construct import construct
from paperkit.bulk import _encoders, paper_from_record, read_snapshot
from paperkit.models import Provenance
from test_bulk_construct import _make_snapshot
from test_models import papers

SAMPLE = Path(__file__).parent / "fixtures" / "bulk" / "snapshot-sample.json"

_to_json = Paper.__pydantic_serializer__.to_json


@settings(max_examples=300)
@given(papers)
def test_orjson_writes_the_bytes_pydantic_writes(paper: Paper) -> None:
    fast = _encoders._orjson(paper)
    assert fast is not None  # every valid paper takes the fast path...
    assert fast == _to_json(paper)  # ...and gets pydantic's bytes
    assert _encoders.jsonl_bytes(paper) == fast + b"\n"
    assert _encoders.json_bytes(paper) == fast


def test_every_paper_of_the_sample_is_encoded_as_pydantic_encodes_it() -> None:
    sample = list(read_snapshot(SAMPLE))
    assert sample
    for paper in sample:
        assert _encoders.jsonl_bytes(paper) == _to_json(paper) + b"\n"


def test_what_orjson_cannot_write_goes_to_pydantic() -> None:
    huge = Paper(title="T", arxiv_version=2**64)  # beyond orjson's 64-bit integers
    assert _encoders._orjson(huge) is None
    assert _encoders.json_bytes(huge) == _to_json(huge)


def test_a_model_whose_values_are_not_its_fields_goes_to_pydantic() -> None:
    # built by hand, with values missing, extra or out of order: pydantic decides what to write
    paper = Paper(title="T", year=2017, venue=Venue(acronym="X", year=2017))
    values = paper.__dict__
    extra = {**values, "note": "not a field"}
    missing = {k: v for k, v in values.items() if k != "year"}
    shuffled = dict(reversed(values.items()))
    for odd in (extra, missing, shuffled):
        made = construct(Paper, odd, frozenset())
        assert _encoders._orjson(made) is None
        assert _encoders.json_bytes(made) == _to_json(made)
    assert paper.venue is not None
    venue = construct(Venue, {**paper.venue.__dict__, "note": "x"}, frozenset())
    nested = construct(Paper, {**values, "venue": venue}, frozenset(values))
    assert _encoders._orjson(nested) is None
    assert _encoders.jsonl_bytes(nested) == _to_json(paper) + b"\n"


def test_an_int_score_put_in_unvalidated_is_written_as_pydantic_writes_it() -> None:
    # validation makes 95 a float; pydantic writes an int left in a float field as 95.0
    provenance = Provenance.model_construct(sources={}, match_score=95, match_query=None)
    paper = construct(Paper, {**Paper(title="T").__dict__, "provenance": provenance}, frozenset())
    assert _encoders._orjson(paper) is None
    assert _encoders.json_bytes(paper).endswith(b'"match_score":95.0,"match_query":null}}')


def test_papers_made_from_records_are_encoded_unchecked_as_pydantic_encodes_them(
    tmp_path: Path,
) -> None:
    snapshot = tmp_path / "snapshot.json"
    _make_snapshot().write_snapshot(snapshot, 2_000, seed=11)
    papers = [*read_snapshot(SAMPLE), *read_snapshot(snapshot)]
    for paper in papers:
        assert _encoders.record_jsonl_bytes(paper) == _to_json(paper) + b"\n"
        assert _encoders.record_json_bytes(paper) == _to_json(paper)


def test_a_record_value_orjson_cannot_write_goes_to_pydantic() -> None:
    record = {
        "id": "1706.03762",
        "title": "Attention Is All You Need",
        "versions": [{"version": "v" + "9" * 30, "created": "Mon, 12 Jun 2017 17:57:34 GMT"}],
    }
    paper = paper_from_record(record)
    assert paper.arxiv_version == int("9" * 30)
    assert _encoders.record_jsonl_bytes(paper) == _to_json(paper) + b"\n"
    assert _encoders.record_json_bytes(paper) == _to_json(paper)
