"""Bulk JSON is made by orjson from the models' values: the bytes must be pydantic's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from paperkit import Author, Paper, Venue, VenueKind
from paperkit._construct import construct
from paperkit.bulk import _encoders, read_snapshot
from paperkit.models import Provenance

SAMPLE = Path(__file__).parent / "fixtures" / "bulk" / "snapshot-sample.json"

_to_json = Paper.__pydantic_serializer__.to_json

# any Unicode but surrogates (which neither encoder writes): control characters, quotes,
# backslashes, U+2028, astral planes
_TEXT = st.text(min_size=1, max_size=20).filter(str.strip)
_MAYBE_TEXT = st.none() | _TEXT
_AUTHORS = st.builds(
    Author,
    given=_MAYBE_TEXT,
    family=_TEXT,
    suffix=_MAYBE_TEXT,
    organization=st.booleans(),
    orcid=st.none() | st.sampled_from(["0000-0002-1825-0097", "0000-0001-5109-370X"]),
    affiliations=st.lists(_TEXT, max_size=2).map(tuple),
)
_VENUES = st.builds(
    Venue,
    acronym=_MAYBE_TEXT,
    name=_MAYBE_TEXT,
    year=st.none() | st.integers(1450, 2100),
    kind=st.sampled_from(VenueKind),
    volume=_MAYBE_TEXT,
    issue=_MAYBE_TEXT,
    raw=_MAYBE_TEXT,
    warnings=st.lists(_TEXT, max_size=2).map(tuple),
)
_PROVENANCE = st.builds(
    Provenance,
    sources=st.dictionaries(_TEXT, _TEXT, max_size=4),
    match_score=st.none() | st.floats(0, 100) | st.integers(0, 100),
    match_query=_MAYBE_TEXT,
)
_DATES = st.none() | st.dates(dt.date(1450, 1, 1), dt.date(2100, 12, 31))
_PAPERS = st.builds(
    Paper,
    title=_TEXT,
    authors=st.lists(_AUTHORS, max_size=3).map(tuple),
    abstract=st.none() | st.text(max_size=60),
    year=st.none() | st.integers(1450, 2100),
    venue=st.none() | _VENUES,
    pages=_MAYBE_TEXT,
    arxiv_id=st.none() | st.sampled_from(["1706.03762", "hep-th/9901001", "2401.00001"]),
    arxiv_version=st.none() | st.integers(1, 2**63 - 1),
    doi=st.none() | st.sampled_from(["10.1145/3292500.3330701", "10.48550/arxiv.1706.03762"]),
    url=_MAYBE_TEXT,
    pdf_url=_MAYBE_TEXT,
    categories=st.lists(_TEXT, max_size=3).map(tuple),
    published=_DATES,
    updated=_DATES,
    related=st.dictionaries(_TEXT, st.lists(_TEXT, max_size=2).map(tuple), max_size=2),
    provenance=_PROVENANCE,
)


@settings(max_examples=300)
@given(_PAPERS)
def test_orjson_writes_the_bytes_pydantic_writes(paper: Paper) -> None:
    fast = _encoders._orjson(paper)
    assert fast is not None  # every valid paper takes the fast path...
    assert fast == _to_json(paper)  # ...and gets pydantic's bytes
    assert _encoders.jsonl_bytes(paper) == fast + b"\n"
    assert _encoders.json_bytes(paper) == fast


def test_every_paper_of_the_sample_is_encoded_as_pydantic_encodes_it() -> None:
    papers = list(read_snapshot(SAMPLE))
    assert papers
    for paper in papers:
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
