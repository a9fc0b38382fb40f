"""Papers built without full validation are exactly what validation would have built.

The snapshot reader builds `Paper` and `Author` with ``model_construct`` where the values are
valid by construction, and checks what comes from the record as written (id, DOI, years,
version) itself. These tests revalidate every paper of the sample and of a synthetic snapshot,
and make sure values that break the models' rules still cost the record, with its line number.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from paperkit import Author, Paper, Venue
from paperkit.bulk import paper_from_record, read_snapshot
from paperkit.bulk._venue_cache import journal_venue

SAMPLE = Path(__file__).parent / "fixtures" / "bulk" / "snapshot-sample.json"
MAKE_SNAPSHOT = Path(__file__).parents[1] / "benchmarks" / "make_snapshot.py"


def _make_snapshot() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_snapshot", MAKE_SNAPSHOT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _assert_revalidates(paper: Paper) -> None:
    assert Paper.model_validate(paper.model_dump()) == paper
    for author in paper.authors:
        assert Author.model_validate(author.model_dump()) == author
    if paper.venue is not None:
        assert Venue.model_validate(paper.venue.model_dump()) == paper.venue


def test_every_sample_paper_survives_revalidation() -> None:
    papers = list(read_snapshot(SAMPLE))
    assert papers
    for paper in papers:
        _assert_revalidates(paper)


def test_every_synthetic_paper_survives_revalidation(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.json"
    _make_snapshot().write_snapshot(snapshot, 10_000, seed=7)
    reader = read_snapshot(snapshot)
    count = 0
    for paper in reader:
        _assert_revalidates(paper)
        count += 1
    # the generator writes the odd invalid id (number zero): skipped, as validation would
    assert count + reader.report.skipped == 10_000
    assert count > 9_900


def _record(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": "1706.03762",
        "title": "Attention Is All You Need",
        "authors_parsed": [["Vaswani", "Ashish", ""]],
        "versions": [{"version": "v1", "created": "Mon, 12 Jun 2017 17:57:34 GMT"}],
    }
    record.update(fields)
    return record


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"id": "0713.0001"}, "arxiv_id"),  # month 13: the shape passes, Paper's rules do not
        ({"id": "1501.1234"}, "arxiv_id"),  # four digits after 2014
        ({"id": "0703.0001"}, "arxiv_id"),  # before the new scheme began
        ({"id": "hep-th/9901000"}, "arxiv_id"),  # number zero
        ({"id": "math.CA/0611800"}, "arxiv_id"),  # a subject class
        ({"versions": [{"version": "v1", "created": "Mon, 2 Apr 3007 19:18:42 GMT"}]}, "year"),
        ({"versions": [{"version": "v0", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}]}, "version"),
        ({"doi": "10.1000/a\x7fb"}, "doi"),
        ({"doi": "10.\u0661\u0662\u0663\u0664/abc"}, "doi"),  # Arabic-Indic digits
    ],
)
def test_values_that_break_the_model_still_cost_the_record(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        paper_from_record(_record(**fields))


def test_such_records_are_reported_with_their_line_numbers(tmp_path: Path) -> None:
    lines = [
        _record(),
        _record(id="0713.0001"),
        _record(versions=[{"version": "v1", "created": "Mon, 2 Apr 3007 19:18:42 GMT"}]),
        _record(id="0704.0002"),
    ]
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    reader = read_snapshot(snapshot)
    assert [p.arxiv_id for p in reader] == ["1706.03762", "0704.0002"]
    assert [(p.line, p.identifier) for p in reader.report.failures] == [
        (2, "0713.0001"),
        (3, "1706.03762"),
    ]


def test_valid_edge_values_are_kept() -> None:
    for arxiv_id in ("0704.0001", "1412.9999", "1501.00001", "9912.99999", "solv-int/9901001"):
        assert paper_from_record(_record(id=arxiv_id)).arxiv_id == arxiv_id
    paper = paper_from_record(_record(doi="10.1000/X(1)", id="2101.00001"))
    assert paper.doi == "10.1000/x(1)"
    _assert_revalidates(paper)


def _assert_as_pydantic_builds(instance: Paper | Author | Venue) -> None:
    """The instance is the one validation and ``model_construct`` make from its fields."""
    model = type(instance)
    given = {name: getattr(instance, name) for name in instance.model_fields_set}
    for other in (model(**given), model.model_construct(set(given), **given)):
        assert other == instance
        assert list(other.__dict__.items()) == list(instance.__dict__.items())  # order: repr
        assert other.model_fields_set == instance.model_fields_set
        assert other.__pydantic_extra__ == instance.__pydantic_extra__
        assert other.__pydantic_private__ == instance.__pydantic_private__
        assert repr(other) == repr(instance)


def test_papers_and_authors_are_the_instances_pydantic_would_build(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.json"
    _make_snapshot().write_snapshot(snapshot, 2_000, seed=3)
    papers = [*read_snapshot(SAMPLE), *read_snapshot(snapshot)]
    for paper in papers:
        _assert_as_pydantic_builds(paper)
        for author in paper.authors:
            _assert_as_pydantic_builds(author)
    # each paper has a `related` dict of its own, as validation gives it
    assert len({id(paper.related) for paper in papers}) == len(papers)


def test_instances_share_their_fields_set_and_a_copy_never_changes_it() -> None:
    papers = list(read_snapshot(SAMPLE))
    first, second = papers[0], papers[1]
    shared = first.model_fields_set
    assert second.model_fields_set is shared  # one set for every paper made alike
    before = set(shared)
    copied = first.model_copy(update={"pages": "1-10"})
    assert "pages" in copied.model_fields_set
    assert copied.model_fields_set is not shared
    assert first.model_fields_set == second.model_fields_set == before
    author = first.authors[0]
    renamed = author.model_copy(update={"orcid": "0000-0002-1825-0097"})
    assert "orcid" in renamed.model_fields_set
    assert "orcid" not in author.model_fields_set


@pytest.mark.parametrize(
    "reference",
    ["Phys. Rev. D 76, 013009 (2007)", "Ann. of Math. (2) 170 (2009), no. 2", "Preprint"],
)
def test_an_unknown_journal_reference_is_the_venue_validation_makes(reference: str) -> None:
    venue = journal_venue(reference)
    assert venue is not None
    assert venue.acronym is None
    _assert_as_pydantic_builds(venue)
