"""`resolve`, `resolve_many` and `upgrade` against the replay server (recorded-format fixtures).

The fixtures under ``tests/fixtures/http`` answer arXiv ``ti:`` phrase queries (``arxiv/search``)
and Crossref ``query.bibliographic`` queries (``crossref/search``) the way the live services do,
wrong matches included: for "Attention is All You Need" both rank "... in Speech Separation" first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperkit import AmbiguousMatchError, FetchError, NotFoundError, ParseError
from paperkit.models import Venue, VenueKind
from paperkit.resolve import TitleQuery, arxiv_title_query, resolve, resolve_many, upgrade
from replay import ReplayServer

SEED = [
    # (title and venue exactly as the reading group's page gives them, arXiv id, year)
    ("Attention is All You Need", "NIPS 2017", "1706.03762", 2017),
    ("Unsolved Problems in ML Safety", "arXiv 2021", "2109.13916", 2021),
    (
        "CT-GAN: Malicious Tampering of 3D Medical Imagery using Deep Learning",
        "USENIX Security 2019",
        "1901.03597",
        2019,
    ),
    (
        "A Simple Framework for Contrastive Learning of Visual Representations",
        "ICML 2020",
        "2002.05709",
        2020,
    ),
    (
        "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
        "ICLR 2019",
        "1803.03635",
        2019,
    ),
]


@pytest.mark.parametrize(("title", "venue", "arxiv_id", "year"), SEED)
def test_seed_papers_resolve_from_title_and_venue(
    replay: ReplayServer, title: str, venue: str, arxiv_id: str, year: int
) -> None:
    paper = resolve(title, venue=venue, client=replay.client())
    assert paper.arxiv_id == arxiv_id
    assert paper.year == year  # the venue's year, never the preprint's (1803.03635 is from 2018)
    assert paper.venue is not None
    assert paper.venue.year == year
    assert paper.doi is None or not paper.doi.startswith("10.48550")
    assert paper.abstract  # from arXiv
    assert paper.provenance.match_query == title
    assert paper.provenance.match_score is not None
    assert paper.provenance.match_score >= 90
    assert paper.provenance.sources["arxiv_id"] == "arxiv"
    assert replay.count("arxiv") == 1  # one phrase query was enough
    assert replay.count("crossref") == 1


def test_neurips_2017_gets_its_edition_details(replay: ReplayServer) -> None:
    paper = resolve("Attention is All You Need", venue="NIPS 2017", client=replay.client())
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.CONFERENCE
    assert paper.venue.proceedings == "Advances in Neural Information Processing Systems 30"
    assert paper.venue.volume == "30"
    assert paper.venue.publisher is not None
    assert "Curran" in paper.venue.publisher


def test_icml_2020_gets_its_pmlr_volume(replay: ReplayServer) -> None:
    paper = resolve(
        "A Simple Framework for Contrastive Learning of Visual Representations",
        venue="ICML 2020",
        client=replay.client(),
    )
    assert paper.venue is not None
    assert paper.venue.volume == "119"
    assert paper.venue.proceedings is not None
    assert "37th International Conference on Machine Learning" in paper.venue.proceedings


def test_iclr_2019_gets_its_edition_and_the_published_year(replay: ReplayServer) -> None:
    paper = resolve(
        "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
        venue="ICLR 2019",
        client=replay.client(),
    )
    assert paper.year == 2019
    assert paper.venue is not None
    assert paper.venue.proceedings is not None
    assert "7th International Conference on Learning Representations" in paper.venue.proceedings
    assert paper.published is None or paper.published.year != 2018


def test_the_distractor_ranked_first_is_not_taken(replay: ReplayServer) -> None:
    # arXiv and Crossref both rank "Attention is All You Need in Speech Separation" first
    paper = resolve("Attention is All You Need", client=replay.client())
    assert paper.arxiv_id == "1706.03762"
    assert paper.title == "Attention Is All You Need"
    assert paper.provenance.match_score == 100
    first = replay.requests[0]
    assert first.params["search_query"] == 'ti:"attention is all you need"'


def test_the_distractor_itself_resolves_to_its_published_version(replay: ReplayServer) -> None:
    paper = resolve("Attention is All You Need in Speech Separation", client=replay.client())
    assert paper.arxiv_id == "2010.13154"
    assert paper.doi == "10.1109/icassp39728.2021.9413901"
    assert paper.year == 2021
    assert paper.pages == "21--25"
    assert paper.provenance.sources["doi"] == "crossref"
    assert paper.provenance.sources["abstract"] == "arxiv"  # Crossref has none
    # the Crossref record came with the search: no further request for its DOI
    assert [r.path for r in replay.requests if r.service == "crossref"] == ["/works"]


def test_a_title_with_no_match(replay: ReplayServer) -> None:
    title = "Reading Group Attendance and the Quantum Gravity of Coffee"
    with pytest.raises(NotFoundError, match="no paper matches") as caught:
        resolve(title, client=replay.client())
    assert caught.value.identifier == title
    assert "Predicting attendance" in str(caught.value)  # the closest wrong match is named
    queries = [r.params["search_query"] for r in replay.requests if r.service == "arxiv"]
    assert queries == [
        'ti:"reading group attendance and the quantum gravity of coffee"',
        "ti:reading AND ti:group AND ti:attendance AND ti:quantum AND ti:gravity AND ti:coffee",
    ]


def test_an_ambiguous_title(replay: ReplayServer) -> None:
    # Goodfellow et al. 2014 (arXiv) and their 2020 CACM article share the title
    with pytest.raises(AmbiguousMatchError) as caught:
        resolve("Generative Adversarial Networks", client=replay.client())
    candidates = caught.value.candidates
    assert {c.arxiv_id for c in candidates} == {"1406.2661", None}
    assert {c.doi for c in candidates} == {None, "10.1145/3422622"}
    assert "year" in str(caught.value)


def test_a_year_hint_settles_an_ambiguous_title(replay: ReplayServer) -> None:
    paper = resolve("Generative Adversarial Networks", year=2014, client=replay.client())
    assert paper.arxiv_id == "1406.2661"
    assert paper.doi is None


def test_upgrade_follows_the_arxiv_doi_to_crossref(replay: ReplayServer) -> None:
    client = replay.client()
    preprint = client.fetch("2010.13154")
    assert preprint.provenance.sources["doi"] == "arxiv"  # the authors' arxiv:doi
    paper = upgrade(preprint, client=client)
    assert paper.doi == "10.1109/icassp39728.2021.9413901"
    assert paper.year == 2021
    assert paper.pages == "21--25"
    assert paper.venue is not None
    assert paper.venue.year == 2021
    assert paper.venue.publisher == "IEEE"
    assert (paper.arxiv_id, paper.arxiv_version) == ("2010.13154", 2)
    assert paper.categories[0] == "eess.AS"
    assert paper.abstract == preprint.abstract
    assert paper.provenance.sources["year"] == "crossref"
    assert paper.provenance.sources["doi"] == "crossref"
    assert paper.provenance.sources["categories"] == "arxiv"
    crossref = [r.path for r in replay.requests if r.service == "crossref"]
    assert crossref == ["/works/10.1109/ICASSP39728.2021.9413901"] or crossref == [
        "/works/10.1109/icassp39728.2021.9413901"
    ]


def test_upgrade_with_a_venue_hint_from_the_page(replay: ReplayServer) -> None:
    client = replay.client()
    preprint = client.fetch("1706.03762")
    paper = upgrade(preprint, client=client, venue_hint="NIPS 2017")
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.CONFERENCE
    assert paper.venue.proceedings == "Advances in Neural Information Processing Systems 30"
    assert paper.year == 2017
    assert paper.arxiv_id == "1706.03762"
    assert paper.provenance.sources["venue"] == "page"


def test_upgrade_leaves_a_paper_without_a_published_version_alone(replay: ReplayServer) -> None:
    client = replay.client()
    preprint = client.fetch("2109.13916")
    assert upgrade(preprint, client=client) == preprint


def test_resolve_many_keeps_going_and_keeps_order(replay: ReplayServer) -> None:
    queries: list[str | TitleQuery] = [f"{title} ({venue})" for title, venue, _, _ in SEED]
    queries += [
        "Reading Group Attendance and the Quantum Gravity of Coffee",
        TitleQuery("Generative Adversarial Networks"),
        SEED[0][0] + " (" + SEED[0][1] + ")",  # the same query twice is resolved once
    ]
    seen: list[tuple[int, int]] = []
    batch = resolve_many(queries, client=replay.client(), progress=lambda d, t: seen.append((d, t)))
    assert [p.arxiv_id for p in batch.results.values()] == [s[2] for s in SEED]
    assert list(batch.failures) == [
        "Reading Group Attendance and the Quantum Gravity of Coffee",
        "Generative Adversarial Networks",
    ]
    assert isinstance(batch.failures["Generative Adversarial Networks"], AmbiguousMatchError)
    assert seen[-1] == (7, 7)
    assert sorted(d for d, _ in seen) == list(range(1, 8))


def test_the_seed_page_resolves(replay: ReplayServer, shared: Path) -> None:
    page = (shared / "seed" / "ml-reading-group-page.txt").read_text(encoding="utf-8")
    spotlights = re.findall(r"^(.+\((?:NIPS|arXiv|USENIX|ICML|ICLR)[^)]*\))$", page, re.M)
    assert len(spotlights) == 5
    batch = resolve_many(spotlights, client=replay.client())
    assert batch.ok
    assert {p.arxiv_id for p in batch.papers} == {s[2] for s in SEED}


def test_arxiv_query_is_a_quoted_phrase_without_syntax() -> None:
    assert (
        arxiv_title_query('The "AND" Problem: (Not) Solved?') == 'ti:"the and problem not solved"'
    )


@pytest.mark.parametrize("title", ["", "   ", "?!"])
def test_a_title_without_words_is_refused(title: str) -> None:
    with pytest.raises(ParseError, match="no words"):
        resolve(title)


def test_services_down_is_not_not_found(replay: ReplayServer) -> None:
    replay.inject("500", times=50)
    with pytest.raises(FetchError) as caught:
        resolve("Attention is All You Need", client=replay.client(retries=0))
    assert not isinstance(caught.value, NotFoundError)


def test_upgrade_follows_a_preprints_is_preprint_of_relation(replay: ReplayServer) -> None:
    client = replay.client()
    preprint = client.fetch("10.1101/2022.07.20.500902")  # bioRxiv, retitled when published
    assert preprint.related == {"is-preprint-of": ("10.1126/science.ade2574",)}
    paper = upgrade(preprint, client=client)
    assert paper.doi == "10.1126/science.ade2574"
    assert paper.title.startswith("Evolutionary-scale prediction")
    assert (paper.year, paper.pages) == (2023, "1123--1130")
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.JOURNAL
    assert paper.venue.volume == "379"
    assert len(paper.authors) == 15


def test_a_venue_without_details_gets_them_from_the_registry(replay: ReplayServer) -> None:
    paper = resolve(
        "Attention is All You Need",
        venue=Venue(acronym="NeurIPS", year=2017, kind=VenueKind.CONFERENCE),
        client=replay.client(),
    )
    assert paper.venue is not None
    assert paper.venue.volume == "30"
    assert paper.venue.proceedings == "Advances in Neural Information Processing Systems 30"
    assert paper.provenance.sources["venue"] == "page"
    assert paper.provenance.sources["venue.volume"] == "registry"
    assert paper.provenance.sources["venue.proceedings"] == "registry"


def test_an_author_hint_that_disagrees_vetoes_the_title(replay: ReplayServer) -> None:
    client = replay.client()
    paper = resolve("Attention is All You Need", authors="Ashish Vaswani", client=client)
    assert paper.arxiv_id == "1706.03762"
    with pytest.raises(NotFoundError):
        resolve("Attention is All You Need", authors=["Geoffrey Hinton"], client=client)


def test_one_service_down_and_no_match_elsewhere_is_a_fetch_error(replay: ReplayServer) -> None:
    replay.inject("500", service="crossref", times=50)
    with pytest.raises(FetchError) as caught:
        resolve(
            "Reading Group Attendance and the Quantum Gravity of Coffee",
            client=replay.client(retries=0),
        )
    assert not isinstance(caught.value, NotFoundError)
    assert caught.value.source == "crossref"
