"""The pieces of a meeting line: labels, leaders, dates, authors and "Title (Venue Year)"."""

from __future__ import annotations

import datetime as dt

import pytest

from paperkit.ingest._fields import (
    LabelKind,
    When,
    is_chrome,
    leading_when,
    parse_entry,
    parse_when,
    split_authors,
    split_label,
    split_names,
    trailing_leaders,
)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Discussion Leader: Darius Lam", LabelKind.LEADERS, "Darius Lam"),
        ("Discussion Leaders: A and B", LabelKind.LEADERS, "A and B"),
        ("Discussion Leader(s): A, B & C", LabelKind.LEADERS, "A, B & C"),
        ("Presenter: Ada Lovelace", LabelKind.LEADERS, "Ada Lovelace"),
        ("Presented by Ada Lovelace", LabelKind.LEADERS, "Ada Lovelace"),
        ("Presented by: Ada Lovelace", LabelKind.LEADERS, "Ada Lovelace"),
        ("led by Grace Hopper", LabelKind.LEADERS, "Grace Hopper"),
        ("Speaker: Alan Turing", LabelKind.LEADERS, "Alan Turing"),
        ("Date: 2021-10-05", LabelKind.DATE, "2021-10-05"),
        ("Title: Attention Is All You Need", LabelKind.TITLE, "Attention Is All You Need"),
        ("Authors: A. Vaswani, N. Shazeer", LabelKind.AUTHORS, "A. Vaswani, N. Shazeer"),
        ("Venue: NeurIPS 2017", LabelKind.VENUE, "NeurIPS 2017"),
        ("Abstract:", LabelKind.ABSTRACT, ""),
        (
            "arXiv: https://arxiv.org/abs/1706.03762",
            LabelKind.LINKS,
            "https://arxiv.org/abs/1706.03762",
        ),
        ("Location：Room 101", LabelKind.NOTES, "Room 101"),
    ],
)
def test_labels(text: str, kind: LabelKind, value: str) -> None:
    labelled = split_label(text)
    assert labelled is not None
    assert (labelled.kind, labelled.value) == (kind, value)


@pytest.mark.parametrize(
    "text",
    [
        "CT-GAN: Malicious Tampering of 3D Medical Imagery (USENIX Security 2019)",
        "Those interested may contact us at",
        "Our contributions: a new model",
        "",
    ],
)
def test_not_labels(text: str) -> None:
    assert split_label(text) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Darius Lam", ("Darius Lam",)),
        ("A and B", ("A", "B")),
        (
            "Ada Lovelace, Alan Turing & Grace Hopper",
            ("Ada Lovelace", "Alan Turing", "Grace Hopper"),
        ),
        (
            "Ada Lovelace, Alan Turing, and Grace Hopper",
            ("Ada Lovelace", "Alan Turing", "Grace Hopper"),
        ),
        ("Ada Lovelace; Alan Turing", ("Ada Lovelace", "Alan Turing")),
        ("Martin Luther King, Jr. and Ada Lovelace", ("Martin Luther King, Jr.", "Ada Lovelace")),
        ("Warren Sunada-Wong", ("Warren Sunada-Wong",)),
    ],
)
def test_split_names(text: str, names: tuple[str, ...]) -> None:
    assert split_names(text) == names


def test_split_authors_drops_et_al() -> None:
    assert split_authors("Vaswani et al.") == ("Vaswani",)
    assert split_authors("Chen, Kornblith, Norouzi and Hinton") == (
        "Chen",
        "Kornblith",
        "Norouzi",
        "Hinton",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-10-05", When(dt.date(2021, 10, 5))),
        ("Oct 5, 2021", When(dt.date(2021, 10, 5))),
        ("Oct. 5th, 2021", When(dt.date(2021, 10, 5))),
        ("October 5 2021", When(dt.date(2021, 10, 5))),
        ("5 October 2021", When(dt.date(2021, 10, 5))),
        ("5th of Oct 2021", When(dt.date(2021, 10, 5))),
        ("Tuesday, October 5, 2021", When(dt.date(2021, 10, 5))),
        ("2021/10/05", When(dt.date(2021, 10, 5))),
        ("Week 3", When(label="Week 3")),
        ("week 12", When(label="week 12")),
        ("Week 3 (Oct 5, 2021)", When(dt.date(2021, 10, 5), "Week 3")),
        ("Week 1 — October 5, 2021", When(dt.date(2021, 10, 5), "Week 1")),
        ("Oct 5", When(label="Oct 5")),
        ("TBD", When(label="TBD")),
    ],
)
def test_parse_when(text: str, expected: When) -> None:
    assert parse_when(text) == expected


@pytest.mark.parametrize(
    "text", ["sometime soon", "2021-02-30", "Attention Is All You Need", "ICML 2020", ""]
)
def test_parse_when_rejects(text: str) -> None:
    assert parse_when(text) is None


def test_leading_when() -> None:
    when, rest = leading_when("Oct 5, 2021: Attention Is All You Need (NIPS 2017)")
    assert when == When(dt.date(2021, 10, 5))
    assert rest == "Attention Is All You Need (NIPS 2017)"
    when, rest = leading_when("Week 3 — The Lottery Ticket Hypothesis")
    assert when == When(label="Week 3")
    assert rest == "The Lottery Ticket Hypothesis"
    assert leading_when("CT-GAN: Malicious Tampering") == (None, "CT-GAN: Malicious Tampering")


@pytest.mark.parametrize(
    ("text", "leaders", "rest"),
    [
        ("T (ICML 2020), presented by A and B", ("A", "B"), "T (ICML 2020)"),
        ("T (ICML 2020) — led by Grace Hopper", ("Grace Hopper",), "T (ICML 2020)"),
        ("T (ICML 2020) [Presenter: Ada Lovelace]", ("Ada Lovelace",), "T (ICML 2020)"),
        ("T (ICML 2020) - Ada Lovelace", ("Ada Lovelace",), "T (ICML 2020)"),
        ("Self-Attention - a survey of methods", (), "Self-Attention - a survey of methods"),
        ("No leader here (ICML 2020)", (), "No leader here (ICML 2020)"),
    ],
)
def test_trailing_leaders(text: str, leaders: tuple[str, ...], rest: str) -> None:
    found, before = trailing_leaders(text)
    assert found == leaders
    assert before.strip() == rest


def test_parse_entry_shapes() -> None:
    entry = parse_entry("Attention is All You Need (NIPS 2017)")
    assert entry is not None
    assert (entry.title, entry.venue_text, entry.has_year) == (
        "Attention is All You Need",
        "NIPS 2017",
        True,
    )
    entry = parse_entry("“Unsolved Problems in ML Safety” (Hendrycks et al., arXiv 2021)")
    assert entry is not None
    assert (entry.title, entry.venue_text, entry.authors) == (
        "Unsolved Problems in ML Safety",
        "arXiv 2021",
        ("Hendrycks",),
    )
    entry = parse_entry("Week 3: Deep (3D) Nets (CVPR'21), presented by Ada")
    assert entry is not None
    assert entry.title == "Deep (3D) Nets"
    assert entry.venue_text == "CVPR'21"
    assert entry.leaders == ("Ada",)
    assert entry.when == When(label="Week 3")
    assert parse_entry("   ") is None


def test_chrome() -> None:
    for text in ("top of page", "Bottom of page", "© 2021 HUMIC", "Back to top", "Log In"):
        assert is_chrome(text), text
    assert not is_chrome("Paper Spotlight")
