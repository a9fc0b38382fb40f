"""Reading arXiv's metadata snapshot: mapping, bad lines, gzip, laziness."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from pathlib import Path

import pytest

import paperkit
from paperkit import Author, Paper, VenueKind
from paperkit.bulk import BulkReport, paper_from_record, read_snapshot

SAMPLE = Path(__file__).parent / "fixtures" / "bulk" / "snapshot-sample.json"


def _papers() -> dict[str, Paper]:
    return {p.arxiv_id or "": p for p in read_snapshot(SAMPLE)}


def test_read_snapshot_is_exported_at_the_top() -> None:
    assert paperkit.read_snapshot is read_snapshot


def test_a_conference_paper_gets_its_normalized_venue_and_version_dates() -> None:
    paper = _papers()["1706.03762"]
    assert paper.title == "Attention Is All You Need"
    assert [a.name for a in paper.authors][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert paper.authors[5].given == "Aidan N."
    assert paper.authors[5].family == "Gomez"
    assert paper.venue is not None
    assert paper.venue.acronym == "NeurIPS"
    assert paper.venue.year == 2017
    assert paper.venue.raw == "Advances in Neural Information Processing Systems 30 (NIPS 2017)"
    assert paper.year == 2017
    assert paper.arxiv_version == 5
    assert paper.published == dt.date(2017, 6, 12)
    assert paper.updated == dt.date(2017, 12, 6)
    assert paper.categories == ("cs.CL", "cs.LG")
    assert paper.primary_category == "cs.CL"
    assert paper.url == "https://arxiv.org/abs/1706.03762"
    assert paper.pdf_url == "https://arxiv.org/pdf/1706.03762v5"
    assert paper.provenance.sources["venue"] == "arxiv"


def test_hard_wrapped_title_and_abstract_paragraphs() -> None:
    paper = _papers()["0704.0001"]
    assert paper.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert paper.abstract is not None
    first, second = paper.abstract.split("\n\n")
    assert first.startswith("A fully differential calculation in perturbative quantum")
    assert "is presented for the production" in first
    assert second == "The second paragraph starts here, after an indented line."


def test_doi_is_lower_cased_and_an_unknown_journal_is_kept_raw() -> None:
    paper = _papers()["0704.0001"]
    assert paper.doi == "10.1103/physrevd.76.013009"
    assert paper.url == "https://doi.org/10.1103/physrevd.76.013009"
    assert paper.venue is not None
    assert paper.venue.raw == "Phys.Rev.D76:013009,2007"
    assert paper.venue.year == 2007
    assert paper.venue.kind is not VenueKind.PREPRINT
    assert paper.authors[0].name == "C. Balázs"


def test_old_style_id_tex_accents_affiliations_and_collaborations() -> None:
    paper = _papers()["hep-th/9901001"]
    assert paper.title == "On the Schrödinger equation for $\\alpha$-stable processes"
    assert paper.abstract == "We study $\\alpha$-stable processes of Erdős type."
    novak, atlas = paper.authors
    assert novak.family == "Novák"
    assert novak.affiliations == ("Charles University",)
    assert atlas.organization
    assert atlas.family is None
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.PREPRINT
    assert paper.venue.acronym == "arXiv"
    assert paper.year == 1999
    assert paper.categories == ("hep-th", "math-ph", "math.MP")


def test_venue_from_comments_only_when_published_there() -> None:
    papers = _papers()
    lottery = papers["1803.03635"].venue
    assert lottery is not None
    assert (lottery.acronym, lottery.year) == ("ICLR", 2019)
    submitted = papers["2101.00001"].venue
    assert submitted is not None
    assert submitted.kind is VenueKind.PREPRINT


def test_journal_ref_wins_over_comments() -> None:
    venue = _papers()["2002.05709"].venue
    assert venue is not None
    assert (venue.acronym, venue.year, venue.volume) == ("ICML", 2020, "119")


def test_fields_dropped_are_warnings_and_the_paper_is_kept() -> None:
    papers = _papers()
    assert papers["2101.00001"].doi is None
    two_dois = papers["2101.00002"]
    assert two_dois.doi == "10.1038/nature14539"
    assert two_dois.published is None
    assert two_dois.arxiv_version is None
    assert two_dois.year == 2015  # the journal's year, not a guess from arXiv
    assert two_dois.authors[0].suffix == "Jr."


def test_bad_lines_are_reported_with_line_numbers_and_skipped() -> None:
    reader = read_snapshot(SAMPLE)
    papers = list(reader)
    report = reader.report
    assert len(papers) == 7
    assert report.papers == 7
    assert report.records == 12  # the blank line 5 is not a record
    assert report.lines == 13
    assert report.skipped == 5
    assert report.warnings == 2
    assert not report.ok
    skipped = {p.line or 0: p for p in report.failures}
    assert sorted(skipped) == [6, 7, 11, 12, 13]
    assert skipped[6].message.startswith("not JSON")
    assert "list" in skipped[7].message
    assert "not-an-id" in skipped[11].message
    assert "title" in skipped[12].message
    assert skipped[13].identifier == "2101.00005"
    assert "categories" in skipped[13].message
    assert str(skipped[13]) == (
        f"{SAMPLE}:13: 2101.00005: field 'categories' is list, expected a string"
    )
    warned = [p for p in report.problems if not p.skipped]
    assert [(p.line, p.identifier) for p in warned] == [(9, "2101.00001"), (10, "2101.00002")]
    assert "not a doi" in warned[0].message


def test_gzip_is_detected_from_the_content(tmp_path: Path) -> None:
    packed = tmp_path / "snapshot.data"  # no .gz in the name
    with SAMPLE.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    assert list(read_snapshot(packed)) == list(read_snapshot(SAMPLE))


def test_several_files_are_read_in_order_into_one_report(tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    shutil.copy(SAMPLE, copy)
    reader = read_snapshot([SAMPLE, copy])
    papers = list(reader)
    assert len(papers) == 14
    assert papers[:7] == papers[7:]
    assert reader.report.skipped == 10
    assert {p.source for p in reader.report.failures} == {str(SAMPLE), str(copy)}


def test_the_stream_is_lazy(tmp_path: Path) -> None:
    reader = read_snapshot(SAMPLE)
    first = next(reader)
    assert first.arxiv_id == "1706.03762"
    assert reader.report.records == 1  # nothing past the first line was read yet


def test_problems_kept_are_capped_but_counted(tmp_path: Path) -> None:
    snapshot = tmp_path / "bad.json"
    snapshot.write_text("not json\n" * 30, encoding="utf-8")
    report = BulkReport(max_problems=10)
    assert list(read_snapshot(snapshot, report=report)) == []
    assert report.skipped == 30
    assert len(report.problems) == 10


def test_a_missing_file_raises_when_reached(tmp_path: Path) -> None:
    reader = read_snapshot(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        next(reader)


def test_papers_survive_a_json_round_trip_and_revalidation() -> None:
    for paper in read_snapshot(SAMPLE):
        assert Paper.model_validate_json(paper.model_dump_json()) == paper
        for author in paper.authors:
            assert Author.model_validate(author.model_dump()) == author


def test_paper_from_record_raises_value_error_naming_the_field() -> None:
    with pytest.raises(ValueError, match="'id'"):
        paper_from_record({"title": "No id"})
    with pytest.raises(ValueError, match="authors_parsed"):
        paper_from_record({"id": "1706.03762", "title": "T", "authors_parsed": "Vaswani"})
    with pytest.raises(ValueError, match="not a string"):
        paper_from_record({"id": "1706.03762", "title": "T", "authors_parsed": [["V", 3]]})


def test_paper_from_record_accepts_harvested_dates_and_author_strings() -> None:
    warnings: list[str] = []
    record = {
        "id": "1706.03762",
        "title": "Attention",
        "authors": "Ashish Vaswani, Noam Shazeer and Niki Parmar",
        "created": "2017-06-12",
        "updated": "2017-12-06",
        "doi": "10.5555/X",
    }
    paper = paper_from_record(record, warn=warnings.append)
    assert [a.family for a in paper.authors] == ["Vaswani", "Shazeer", "Parmar"]
    assert (paper.published, paper.updated) == (dt.date(2017, 6, 12), dt.date(2017, 12, 6))
    assert paper.arxiv_version is None
    assert paper.pdf_url == "https://arxiv.org/pdf/1706.03762"
    assert paper.doi == "10.5555/x"
    assert warnings == []
    paper_from_record({**record, "created": "June 2017"}, warn=warnings.append)
    assert warnings == ["field 'created' dropped: 'June 2017' is not a YYYY-MM-DD date"]


def test_blank_and_whitespace_fields_count_as_absent() -> None:
    paper = paper_from_record(
        {
            "id": " 1706.03762 ",
            "title": " A\n  title ",
            "doi": "  ",
            "journal-ref": " ",
            "abstract": "   ",
            "authors_parsed": [["", "", ""]],
        }
    )
    assert paper.arxiv_id == "1706.03762"
    assert paper.title == "A title"
    assert paper.doi is None
    assert paper.abstract is None
    assert paper.authors == ()
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.PREPRINT


def test_records_written_by_json_dumps_read_back(tmp_path: Path) -> None:
    record = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    snapshot = tmp_path / "one.json"
    snapshot.write_text(json.dumps(record) + "\n", encoding="ascii")  # \\u escapes, not UTF-8
    (paper,) = read_snapshot(snapshot)
    assert paper == paper_from_record(record)


@pytest.mark.parametrize(
    ("parsed", "error"),
    [
        ([[]], "is not a \\[family"),
        ([["Smith", "J.", ""], []], "is not a \\[family"),
        (["Vaswani"], "is not a \\[family"),
        ([["Smith", "J.", ""], {"family": "Vaswani"}], "is not a \\[family"),
        ([["V", 3]], "not a string"),
        ([["Smith", "J.", ""], ["V", ["A."]]], "not a string"),
    ],
)
def test_an_unusable_author_costs_the_record(parsed: list[object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        paper_from_record({"id": "1706.03762", "title": "T", "authors_parsed": parsed})


def test_authors_without_a_name_are_left_out_in_order() -> None:
    class Parts(list[str]):
        pass

    parsed = [["", "", ""], ["Smith", "J.", ""], Parts(["Vaswani", "A.", ""]), ["", "", ""]]
    paper = paper_from_record({"id": "1706.03762", "title": "T", "authors_parsed": parsed})
    assert [a.name for a in paper.authors] == ["J. Smith", "A. Vaswani"]


_V1 = {"id": "0704.0001", "title": "A title"}


@pytest.mark.parametrize(
    ("created", "published"),
    [
        ("Mon, 2 Apr 2007 19:18:42 GMT", dt.date(2007, 4, 2)),
        ("Mon, 2 Apr 2007 09:18:42 UTC", dt.date(2007, 4, 2)),  # the same day, remembered
        ("2 Apr 2007 19:18:42 GMT", dt.date(2007, 4, 2)),  # no weekday
        ("Tue, 12 april 2016", dt.date(2016, 4, 12)),  # no time
        ("Tue, 12 Apr 2016 19:18:42 GMT extra", dt.date(2016, 4, 12)),
        ("Tue,  12 Apr 2016 19:18:42 GMT", None),  # two spaces: the day is an empty word
        ("Tue, 12 Apr 20161 19:18:42 GMT", None),  # a year beyond 9999
        ("Tue, 31 Feb 2016 19:18:42 GMT", None),
        ("Tue, 12 Foo 2016 19:18:42 GMT", None),
        # a day beyond what a C long holds raised OverflowError, which ended the whole run
        ("Tue, 99999999999999999999 Apr 2016 19:18:42 GMT", None),
        ("Tue, 12 Apr 99999999999 19:18:42 GMT", None),
    ],
)
def test_version_dates_read_or_dropped_with_a_warning(
    created: str, published: dt.date | None
) -> None:
    warnings: list[str] = []
    record = {**_V1, "versions": [{"version": "v1", "created": created}]}
    paper = paper_from_record(record, warn=warnings.append)
    assert paper.published == published
    assert paper.updated == published
    assert paper.arxiv_version == (1 if published else None)
    if published is None:
        assert warnings == [
            f"dates dropped: version date {created!r} is not like 'Mon, 2 Apr 2007 19:18:42 GMT'"
        ]
    else:
        assert warnings == []


def test_a_number_too_large_for_a_date_is_a_warning_not_the_end_of_the_run(
    tmp_path: Path,
) -> None:
    snapshot = tmp_path / "snapshot.json"
    huge = {"version": "v1", "created": "Mon, 99999999999999999999 Apr 2007 19:18:42 GMT"}
    lines = [{**_V1, "versions": [huge]}, {**_V1, "id": "0704.0002"}]
    snapshot.write_text("".join(json.dumps(line) + "\n" for line in lines))
    reader = read_snapshot(snapshot)
    assert [p.arxiv_id for p in reader] == ["0704.0001", "0704.0002"]
    assert [(p.line, p.skipped) for p in reader.report.problems] == [(1, False)]


class _Text(str):
    """A str subclass, as a JSON reader other than orjson might give."""


@pytest.mark.parametrize(
    "field", ["id", "title", "abstract", "categories", "doi", "journal-ref", "comments"]
)
@pytest.mark.parametrize("value", [0, 1.5, False, [], ["x"], {}, {"a": "b"}])
def test_a_text_field_of_another_type_costs_the_record_naming_it(field: str, value: object) -> None:
    record = {"id": "1706.03762", "title": "Attention", "categories": "cs.CL", field: value}
    with pytest.raises(ValueError, match=f"field '{field}'"):
        paper_from_record(record)


def test_a_str_subclass_reads_as_a_str() -> None:
    fields = {"id": "1706.03762", "title": "Attention", "abstract": "An abstract.",
              "categories": "cs.CL", "doi": "10.1000/ABC", "comments": "NeurIPS 2017"}  # fmt: skip
    plain = paper_from_record(fields)
    assert paper_from_record({k: _Text(v) for k, v in fields.items()}) == plain
    assert plain.venue is not None
    assert plain.venue.acronym == "NeurIPS"
    assert plain.doi == "10.1000/abc"
