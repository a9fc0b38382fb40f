"""Texts that name no venue are remembered by shape (digits read as 0): never a changed answer.

Each test reads a text B with nothing remembered, then reads a text A of the same shape (which
may be remembered) and B again: B must read the same both times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperkit import _venue_phrases, _venue_shapes, _venue_text
from paperkit._venue_registry import VenueRegistry
from paperkit._venue_text import analyse, digit_shape
from paperkit.models import Venue
from paperkit.venues import normalize_venue


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    VenueRegistry.default().blank_shapes.clear()
    yield
    VenueRegistry.default().blank_shapes.clear()


def _read_cold(text: str) -> Venue | None:
    shapes = VenueRegistry.default().blank_shapes
    kept = dict(shapes)
    shapes.clear()
    try:
        return normalize_venue(text)
    finally:
        shapes.clear()
        shapes.update(kept)


def _same_after(first: str, second: str) -> None:
    assert digit_shape(first) == digit_shape(second)
    expected = _read_cold(second)
    normalize_venue(first)
    assert normalize_venue(second) == expected


def test_a_journal_reference_is_remembered_by_its_shape() -> None:
    assert normalize_venue("Phys. Rev. D 76, 013009 (2007)") is None
    assert "Phys. Rev. D 00, 000000 (0000)" in VenueRegistry.default().blank_shapes
    assert normalize_venue("Phys. Rev. D 81, 114512 (2010)") is None


def test_a_text_that_names_a_venue_is_not_remembered() -> None:
    assert normalize_venue("Nature 447, 799-816 (2007)") is not None
    assert not VenueRegistry.default().blank_shapes


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("L5DC 2020", "L4DC 2021"),  # an alias with a digit
        ("ML5H 2020", "ML4H 2021"),
        ("5 DV 2019", "3 DV 2019"),  # the same, written apart
        ("L 5DC 2020", "L 4DC 2020"),
        ("5DVW 2019", "3DVW 2019"),  # the workshop marker of an acronym with a digit
        ("PMLR 991, 2020", "PMLR 119, 2020"),  # a volume that names ICML 2020
        ("JMLR W&CP 991", "JMLR W&CP 119"),
        (
            "Proceedings of Machine Learning Research 991",
            "Proceedings of Machine Learning Research 119",
        ),
        (
            "volume 991 of Proceedings of Machine Learning Research",
            "volume 119 of Proceedings of Machine Learning Research",
        ),
        ("Nature 20.1038/nature14539", "Nature 10.1038/nature14539"),  # a DOI, cut from the text
        ("Science 20.1126/s1", "Science 10.1126/s1"),
        ("Science 2{0}.1126/s1", "Science 1{0}.1126/s1"),  # once braces are gone
    ],
)
def test_digits_that_matter_are_never_blind(first: str, second: str) -> None:
    _same_after(first, second)


@pytest.mark.parametrize(
    ("text", "blind"),
    [
        ("Phys. Rev. D 76, 013009 (2007)", True),
        ("Phys.Rev.B76:013009,2007", True),  # "b76" is too short a core to be a slip
        ("Phys. Rev. D '07", False),  # an apostrophe year is read by its value
        ("Phys. Rev. D 76, 013009 (2007). doi:10.1103/PhysRevD.76.013009", False),
        ("Mon. Not. Roy. Astron. Soc. Suppl. Ser. B76", False),  # a long core with a digit
        ("Phys. Rev. L5DC", False),
    ],
)
def test_which_texts_are_blind_to_their_digits(text: str, blind: bool) -> None:
    registry = VenueRegistry.default()
    assert normalize_venue(text) is None
    assert _venue_shapes.digit_blind(registry, analyse(text), digit_shape(text)) is blind


def test_the_phrase_tables_hold_no_digit() -> None:
    # the shapes rely on it: a phrase with a digit would make its value matter
    tables: list[object] = [
        *vars(_venue_phrases).values(),
        _venue_text.WORD_ORDINALS,
        _venue_text.TENS,
    ]
    for table in tables:
        if isinstance(table, re.Pattern):
            assert not re.search(r"\\d|[0-9]", table.pattern), table.pattern
        elif isinstance(table, frozenset | dict | tuple):
            words = [w for w in table if isinstance(w, str)]
            assert not any(re.search("[0-9]", w) for w in words), table


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_venue_shapes, "MAX_SHAPES", 3)
    for journal in ("Phys. Rev. D", "Phys. Rev. B", "Astrophys. J.", "Ann. of Math."):
        assert normalize_venue(f"{journal} 76, 013009 (2007)") is None
    assert len(VenueRegistry.default().blank_shapes) == 1


_PIECES = [
    *("Phys.", "Rev.", "D", "Lett.", "Nature", "Astrophys.", "J.", "Soc.", "Mon.", "Not."),
    *("L4DC", "ML4H", "3DV", "3D", "3", "DV", "W", "b76", "v2", "2nd", "37th", "th", "st"),
    *("ICML", "NeurIPS", "NIPSW", "PMLR", "W&CP", "JMLR", "Research", "vol.", "no.", "pp."),
    *("Proceedings", "of", "the", "International", "Internationl", "Conference", "on"),
    *("Vision", "Machine", "Learning", "Workshop", "Submitted", "to", "accepted", "at"),
    *("preprint", "arXiv:1801.00173", "1801.00173", "hep-th/9901001", "10.", "1038/x"),
    *("http://x.org/10.1", "ISBN 978-3-16-148410-0", "'", "’", "{", "}", "$", "^{th}"),
    *("\\textsuperscript{th}", "--", "-", ":", ",", "(", ")", ";", ". ", "\n", " ", " ", " "),
    *("2007", "19", "119", "013009", "0", "1", "5", "10", "1--10", "12(3):45-67"),
]


@st.composite
def _two_of_a_shape(draw: st.DrawFn) -> tuple[str, str]:
    first = "".join(draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14)))
    digits = draw(st.lists(st.sampled_from("0123456789"), min_size=len(first)))
    second = iter(digits)
    return first, "".join(next(second) if c in "0123456789" else c for c in first)


@settings(max_examples=600, deadline=None)
@given(_two_of_a_shape())
def test_a_remembered_shape_never_changes_an_answer(texts: tuple[str, str]) -> None:
    first, second = texts
    _same_after(first, second)
    _same_after(second, first)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_the_shape_reads_every_ascii_digit_as_zero(text: str) -> None:
    assert digit_shape(text) == re.sub("[0-9]", "0", text)
    assert digit_shape(f"\ud800{text}7") == re.sub("[0-9]", "0", f"\ud800{text}7")


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=127)), st.lists(st.integers(0, 50), max_size=3))
def test_ascii_words_are_found_as_the_regex_finds_them(text: str, cuts: list[int]) -> None:
    folded = text.replace("_", " ")  # as `_fold` leaves it
    starts = sorted({min(c, len(folded)) for c in cuts if 0 < c < len(folded)})
    words, clauses = _venue_text._tokens(folded, starts)
    bounds = list(zip([0, *starts], [*starts, len(folded)], strict=True))
    expected = [w for begin, end in bounds for w in re.findall(r"\w+", folded[begin:end])]
    if not _venue_text._GLUED_HINT.search(folded):
        assert words == expected
        assert len(clauses) == len(words)
