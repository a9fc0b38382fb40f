"""`merge`: the precedence table, field by field, and the rules that stand apart from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from paperkit.merge import PRECEDENCE, PREPRINT_EXCLUDED, SOURCES, merge, source_of
from paperkit.models import Author, Paper, Provenance, Venue, VenueKind

PLAIN_FIELDS = sorted(name for name in PRECEDENCE if "." not in name and name != "venue")
DETAILS = sorted(name.removeprefix("venue.") for name in PRECEDENCE if name.startswith("venue."))


def record(source: str, **values: Any) -> Paper:
    """A record from one source: every field it sets is attributed to that source."""
    values.setdefault("title", f"A title from {source}")
    sources = dict.fromkeys(values, source)
    return Paper(**values, provenance=Provenance(sources=sources))


def value_for(field: str, rank: int) -> Any:
    """A distinct, valid value of a Paper field for the source ranked `rank` in its row."""
    values: dict[str, Any] = {
        "title": f"Title number {rank}",
        "authors": (Author(name=f"Author Number{rank}"),),
        "abstract": f"Abstract number {rank}.",
        "year": 2001 + rank,
        "pages": f"{rank}--{rank + 10}",
        "doi": f"10.1234/paper.{rank}",
        "url": f"https://example.org/landing/{rank}",
        "pdf_url": f"https://example.org/pdf/{rank}",
        "arxiv_id": f"2001.{rank + 1:05d}",
        "arxiv_version": rank + 1,
        "categories": (f"cs.X{rank}",),
        "published": dt.date(2001 + rank, 1, 2),
        "updated": dt.date(2001 + rank, 3, 4),
        "related": {"is-preprint-of": (f"10.1234/published.{rank}",)},
    }
    return values[field]


def test_every_paper_field_has_a_row() -> None:
    fields = set(Paper.model_fields) - {"provenance"}
    assert fields <= set(PRECEDENCE)


def test_every_row_names_known_sources_once() -> None:
    for name, order in PRECEDENCE.items():
        assert order, name
        assert set(order) <= set(SOURCES), name
        assert len(set(order)) == len(order), name
    assert set(PREPRINT_EXCLUDED) <= set(PRECEDENCE)


@pytest.mark.parametrize("field", PLAIN_FIELDS)
def test_each_field_follows_its_row(field: str) -> None:
    order = PRECEDENCE[field]
    for start in range(len(order)):
        # records given worst first, so input order cannot be what decides
        records = [record(s, **{field: value_for(field, r)}) for r, s in enumerate(order)][start:]
        merged = merge(*reversed(records))
        assert getattr(merged, field) == value_for(field, start), (field, order[start])
        assert merged.provenance.sources[field] == order[start]


def test_venue_follows_its_row() -> None:
    order = PRECEDENCE["venue"]
    for start in range(len(order)):
        records = [
            record(s, venue=Venue(acronym=f"V{r}", kind=VenueKind.CONFERENCE))
            for r, s in enumerate(order)
        ][start:]
        merged = merge(*reversed(records))
        assert merged.venue is not None
        assert merged.venue.acronym == f"V{start}"
        assert merged.provenance.sources["venue"] == order[start]


@pytest.mark.parametrize("detail", DETAILS)
def test_venue_details_fill_gaps_from_the_same_edition(detail: str) -> None:
    order = PRECEDENCE[f"venue.{detail}"]
    chosen_source = PRECEDENCE["venue"][0]
    bare = record(chosen_source, venue=Venue(acronym="ICML", year=2020))
    fillers = [s for s in order if s != chosen_source]
    for start, expected_source in enumerate(fillers):
        others = [
            record(s, venue=Venue(acronym="ICML", year=2020, **{detail: f"{detail} {r}"}))
            for r, s in enumerate(order)
            if s != chosen_source
        ]
        merged = merge(bare, *reversed(others[start:]))
        assert merged.venue is not None
        assert getattr(merged.venue, detail) == f"{detail} {order.index(expected_source)}"
        assert merged.provenance.sources[f"venue.{detail}"] == expected_source
        assert merged.venue.acronym == "ICML"


def test_venue_details_never_come_from_another_edition() -> None:
    chosen = record("crossref", venue=Venue(acronym="ICML", year=2020))
    other_year = record("registry", venue=Venue(acronym="ICML", year=2019, volume="97"))
    other_series = record("page", venue=Venue(acronym="NeurIPS", year=2020, volume="33"))
    merged = merge(chosen, other_year, other_series)
    assert merged.venue == Venue(acronym="ICML", year=2020)
    assert "venue.volume" not in merged.provenance.sources


def test_the_arxiv_doi_is_never_the_papers_doi() -> None:
    datacite = record("datacite", doi="10.48550/arxiv.1706.03762", year=2017)
    arxiv = record("arxiv", arxiv_id="1706.03762", arxiv_version=7, year=2017)
    merged = merge(datacite, arxiv)
    assert merged.doi is None
    assert merged.arxiv_id == "1706.03762"
    assert merged.year == 2017


def test_the_arxiv_id_is_read_from_an_arxiv_doi_when_nothing_else_gives_it() -> None:
    merged = merge(record("datacite", doi="10.48550/arxiv.2002.05709"))
    assert merged.doi is None
    assert merged.arxiv_id == "2002.05709"
    assert merged.provenance.sources["arxiv_id"] == "datacite"


def test_a_published_paper_never_takes_the_preprints_year() -> None:
    arxiv = record(
        "arxiv",
        title="The Lottery Ticket Hypothesis",
        arxiv_id="1803.03635",
        year=2018,
        published=dt.date(2018, 3, 9),
        venue=Venue(acronym="arXiv", kind=VenueKind.PREPRINT, year=2018),
    )
    page = record("page", venue=Venue(acronym="ICLR", year=2019, kind=VenueKind.CONFERENCE))
    merged = merge(arxiv, page)
    assert merged.year == 2019
    assert merged.provenance.sources["year"] == "page"
    assert merged.published is None  # the preprint's date is not the publication's
    assert merged.venue is not None
    assert merged.venue.acronym == "ICLR"


def test_a_published_record_without_a_year_leaves_the_year_to_its_venue() -> None:
    arxiv = record("arxiv", arxiv_id="2010.13154", year=2020, doi="10.1109/icassp.2021.1")
    crossref = record(
        "crossref", doi="10.1109/icassp.2021.1", venue=Venue(acronym="ICASSP", year=2021)
    )
    assert merge(arxiv, crossref).year == 2021
    assert merge(arxiv, record("crossref", doi="10.1109/icassp.2021.1")).year is None


def test_a_preprint_keeps_its_year_and_its_preprint_venue() -> None:
    arxiv = record(
        "arxiv",
        arxiv_id="2109.13916",
        year=2021,
        venue=Venue(acronym="arXiv", kind=VenueKind.PREPRINT, year=2021),
    )
    merged = merge(arxiv)
    assert merged.year == 2021
    assert merged.venue is not None
    assert merged.venue.kind is VenueKind.PREPRINT


def test_a_preprint_venue_gives_way_to_a_published_one_whatever_the_ranks() -> None:
    crossref_preprint = record("crossref", venue=Venue(acronym="bioRxiv", kind=VenueKind.PREPRINT))
    arxiv_journal = record("arxiv", venue=Venue(acronym="PRB", kind=VenueKind.JOURNAL, year=2014))
    merged = merge(crossref_preprint, arxiv_journal)
    assert merged.venue is not None
    assert merged.venue.acronym == "PRB"


def test_published_record_and_preprint_are_combined() -> None:
    arxiv = record(
        "arxiv",
        title="Attention is All You Need in Speech Separation",
        abstract="Recurrent Neural Networks have long been dominant.",
        arxiv_id="2010.13154",
        arxiv_version=2,
        categories=("eess.AS", "cs.LG"),
        year=2020,
        doi="10.1109/icassp39728.2021.9413901",
        url="https://arxiv.org/abs/2010.13154v2",
        pdf_url="https://arxiv.org/pdf/2010.13154v2",
    )
    crossref = record(
        "crossref",
        title="Attention Is All You Need In Speech Separation",
        year=2021,
        pages="21-25",
        doi="10.1109/icassp39728.2021.9413901",
        url="https://doi.org/10.1109/icassp39728.2021.9413901",
        venue=Venue(acronym="ICASSP", year=2021, publisher="IEEE", kind=VenueKind.CONFERENCE),
    )
    merged = merge(arxiv, crossref)
    assert merged.title == "Attention Is All You Need In Speech Separation"
    assert merged.abstract == "Recurrent Neural Networks have long been dominant."
    assert (merged.year, merged.pages, merged.doi) == (2021, "21-25", crossref.doi)
    assert (merged.arxiv_id, merged.arxiv_version) == ("2010.13154", 2)
    assert merged.categories == ("eess.AS", "cs.LG")
    assert merged.url == "https://doi.org/10.1109/icassp39728.2021.9413901"
    assert merged.pdf_url == "https://arxiv.org/pdf/2010.13154v2"
    assert merged.provenance.sources == {
        "abstract": "arxiv",
        "arxiv_id": "arxiv",
        "arxiv_version": "arxiv",
        "categories": "arxiv",
        "doi": "crossref",
        "pages": "crossref",
        "pdf_url": "arxiv",
        "title": "crossref",
        "url": "crossref",
        "venue": "crossref",
        "year": "crossref",
    }


def test_nothing_the_page_said_is_lost_when_services_have_nothing() -> None:
    arxiv = record("arxiv", title="CT-GAN", arxiv_id="1901.03597", year=2019)
    page = record(
        "page",
        title="CT-GAN",
        abstract="In 2018, clinics and hospitals were hit.",
        pages="461--478",
        venue=Venue(raw="USENIX Security 2019", year=2019),
    )
    merged = merge(arxiv, page)
    assert merged.abstract == "In 2018, clinics and hospitals were hit."
    assert merged.pages == "461--478"
    assert merged.venue == page.venue
    assert merged.provenance.sources["abstract"] == "page"


def test_a_record_without_provenance_is_the_users() -> None:
    mine = Paper(title="My title", pages="1--2")
    assert source_of(mine, "pages") == "page"
    merged = merge(mine, record("arxiv", title="Their title", arxiv_id="2001.00001"))
    assert merged.title == "Their title"
    assert merged.pages == "1--2"
    assert merged.provenance.sources["pages"] == "page"


def test_an_unattributed_field_takes_the_records_main_source() -> None:
    paper = Paper(
        title="T", year=2020, pages="3", provenance=Provenance(sources={"title": "crossref"})
    )
    assert source_of(paper, "pages") == "crossref"


def test_match_score_and_query_are_kept() -> None:
    scored = Paper(
        title="T",
        provenance=Provenance(sources={"title": "arxiv"}, match_score=97.5, match_query="t"),
    )
    merged = merge(record("crossref", title="T"), scored)
    assert merged.provenance.match_score == 97.5
    assert merged.provenance.match_query == "t"


def test_merge_is_pure_and_round_trips() -> None:
    arxiv = record("arxiv", arxiv_id="1706.03762", year=2017)
    before = arxiv.model_dump()
    merged = merge(arxiv, record("page", venue=Venue(acronym="NeurIPS", year=2017)))
    assert arxiv.model_dump() == before
    assert Paper.model_validate_json(merged.model_dump_json()) == merged
