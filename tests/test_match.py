"""Title folding and scoring: what counts as the same title, and how hints move the score."""

from __future__ import annotations

import pytest

from paperkit._match import (
    ACCEPT_SCORE,
    Hints,
    fold,
    group_works,
    main_title,
    same_work,
    score,
    title_similarity,
)
from paperkit.models import Author, Paper, Venue, VenueKind


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Attention Is All You Need", "attention is all you need"),
        ("CT-GAN: Malicious Tampering", "ct gan malicious tampering"),
        ("Learning with Noisy Labels – Revisited", "learning with noisy labels revisited"),
        ("Schr\\\"odinger's {Cat} in $\\alpha$-space", "schrodinger s cat in α space"),
        ("Schrödinger’s Cat", "schrodinger s cat"),
        ("Über die Théorie", "uber die theorie"),
        ("Pruning 90% of {BERT}", "pruning 90 of bert"),
        ("Q&A over graphs", "q and a over graphs"),
        ("  spaced\n\tout  ", "spaced out"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_main_title() -> None:
    assert main_title("BERT: Pre-training of Deep Bidirectional Transformers") == "BERT"
    assert main_title("Deep Learning - A Survey") == "Deep Learning"
    assert main_title("Self-Attention Everywhere") == "Self-Attention Everywhere"


def test_identical_titles_after_folding_score_100() -> None:
    assert title_similarity("Attention is All you Need", "Attention Is All You Need") == 100
    assert title_similarity("{A}ttention is all you need.", "Attention is all you need") == 100


def test_extra_words_are_penalised() -> None:
    # a token-set ratio would call these identical
    query = "Attention is All You Need"
    longer = "Attention is All You Need in Speech Separation"
    assert title_similarity(query, longer) < 80
    assert title_similarity(longer, query) < 80


def test_one_different_word_is_another_paper() -> None:
    assert (
        title_similarity(
            "Deep Residual Learning for Image Recognition",
            "Deep Residual Learning for Image Restoration",
        )
        < ACCEPT_SCORE
    )


def test_typos_and_plurals_are_tolerated() -> None:
    assert title_similarity("Atention is All You Need", "Attention is All You Need") >= 95
    assert (
        title_similarity("Generative Adversarial Network", "Generative Adversarial Networks")
        >= ACCEPT_SCORE
    )


def test_a_title_without_its_subtitle_is_accepted_but_not_perfect() -> None:
    similarity = title_similarity(
        "The Lottery Ticket Hypothesis",
        "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
    )
    assert ACCEPT_SCORE <= similarity < 100


def test_titles_without_words_never_match() -> None:
    assert title_similarity("?!", "?!") == 0


def paper(title: str, **values: object) -> Paper:
    return Paper.model_validate({"title": title, **values})


def test_hints_agreeing_raise_the_score() -> None:
    candidate = paper(
        "Attention Is All You Need",
        year=2017,
        authors=[Author(name="Ashish Vaswani")],
        venue=Venue(acronym="NeurIPS", year=2017, kind=VenueKind.CONFERENCE),
    )
    plain = score("Attention is all you need", candidate, Hints())
    hinted = score(
        "Attention is all you need",
        candidate,
        Hints(year=2017, venue=Venue(acronym="NeurIPS", year=2017), authors=("vaswani",)),
    )
    assert plain.score == 100
    assert hinted.score == 112
    assert hinted.similarity == 100
    assert len(hinted.reasons) == 3


def test_hints_disagreeing_lower_the_score() -> None:
    candidate = paper(
        "Attention Is All You Need",
        year=2023,
        authors=[Author(name="Someone Else")],
        venue=Venue(acronym="ICASSP", year=2023, kind=VenueKind.CONFERENCE),
    )
    scored = score(
        "Attention is all you need",
        candidate,
        Hints(year=2017, venue=Venue(acronym="NeurIPS", year=2017), authors=("vaswani",)),
    )
    assert scored.score == 100 - 15 - 10 - 15
    assert not scored.acceptable


def test_a_preprint_a_year_or_two_early_is_not_penalised() -> None:
    preprint = paper(
        "The Lottery Ticket Hypothesis",
        year=2018,
        venue=Venue(acronym="arXiv", year=2018, kind=VenueKind.PREPRINT),
    )
    hints = Hints(year=2019, venue=Venue(acronym="ICLR", year=2019))
    assert score("The Lottery Ticket Hypothesis", preprint, hints).score == 100


def test_hints_never_lift_a_poor_title() -> None:
    candidate = paper("Attention is All You Need in Speech Separation", year=2017)
    scored = score("Attention is All You Need", candidate, Hints(year=2017))
    assert not scored.acceptable


def test_preprint_and_published_version_are_one_work() -> None:
    preprint = paper(
        "Attention is All You Need in Speech Separation",
        year=2020,
        arxiv_id="2010.13154",
        authors=[Author(name="Cem Subakan")],
    )
    published = paper(
        "Attention Is All You Need In Speech Separation",
        year=2021,
        doi="10.1109/icassp39728.2021.9413901",
        authors=[Author.model_validate({"given": "Cem", "family": "Subakan"})],
    )
    other = paper(
        "Attention Is All You Need In Speech Separation",
        year=2021,
        authors=[Author(name="Nobody Related")],
    )
    assert same_work(preprint, published)
    assert not same_work(preprint, other)
    works = group_works(score(preprint.title, p, Hints()) for p in (preprint, published, other))
    assert [len(w) for w in works] == [2, 1]


def test_a_has_preprint_relation_makes_one_work_of_different_titles() -> None:
    preprint = paper("Language models of protein sequences at the scale of evolution", year=2022)
    preprint = preprint.model_copy(update={"arxiv_id": "2207.00001"})
    published = paper(
        "Evolutionary-scale prediction of atomic-level protein structure",
        year=2023,
        doi="10.1126/science.ade2574",
        related={"has-preprint": ("10.48550/arxiv.2207.00001",)},
    )
    assert same_work(preprint, published)
    assert same_work(published, preprint)
    assert not same_work(preprint, published.model_copy(update={"related": {}}))
