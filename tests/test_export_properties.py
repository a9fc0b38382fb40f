"""Property tests: any Unicode title, author and abstract survives BibTeX and JSON round trips.

Control characters are left out of the generated text: BibTeX export drops them (no TeX engine
accepts them), which `test_control_characters_are_dropped` checks on its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkit import Author, Paper, read_bibtex, to_bibtex, to_csl_json, to_json
from paperkit.export.csl import _indented_json
from paperkit.models import Venue, VenueKind

# characters that mean something to BibTeX, TeX or pylatexenc, drawn far more often than by chance
_TRICKY = st.sampled_from([*"{}\\&%$#_~^<>|-`'!?\"@,= .aAzZ0éÅßł\u0301\u00a0—–", "and"])
_CHARS = st.one_of(_TRICKY, st.characters(blacklist_categories=("Cc", "Cs")))
_TEXT = st.lists(_CHARS, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip() != "")
_WORD = (
    st.lists(_CHARS, min_size=1, max_size=8)
    .map("".join)
    .filter(lambda word: word.strip() != "" and not any(ch.isspace() or ch == "," for ch in word))
)


@st.composite
def _authors(draw: st.DrawFn) -> Author:
    given_words = draw(st.lists(_WORD, min_size=1, max_size=3))
    family_words = draw(st.lists(_WORD, min_size=1, max_size=3))
    return Author(given=" ".join(given_words), family=" ".join(family_words))


def _abstract(paragraphs: list[str]) -> str:
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.split())


_PAPERS = st.builds(
    lambda title, authors, paragraphs, year: Paper(
        title=title,
        authors=tuple(authors),
        abstract=_abstract(paragraphs) or None,
        year=year,
        venue=Venue(name="Some Workshop", kind=VenueKind.WORKSHOP, year=year),
    ),
    _TEXT,
    st.lists(_authors(), max_size=4),
    st.lists(_TEXT, max_size=3),
    st.integers(min_value=1900, max_value=2100),
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _maybe(function: Callable[[str], str], text: str | None) -> str | None:
    return None if text is None else function(text)


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_PAPERS, st.booleans(), st.sampled_from(["auto", "none", "all"]))
def test_bibtex_round_trip(paper: Paper, unicode: bool, protect: str) -> None:
    read = read_bibtex(to_bibtex(paper, unicode=unicode, protect=protect))
    assert not read.failed
    assert len(read.papers) == 1
    back = read.papers[0]
    # LaTeX commands exist for composed characters, so the ASCII export composes (NFC) first
    same = (lambda text: text) if unicode else _nfc
    assert back.title == same(paper.title)
    assert back.abstract == (same(paper.abstract) if paper.abstract else None)
    assert [(a.given, a.family, a.suffix) for a in back.authors] == [
        (_maybe(same, a.given), _maybe(same, a.family), a.suffix) for a in paper.authors
    ]
    assert back.year == paper.year


@_SETTINGS
@given(_PAPERS)
def test_json_round_trip(paper: Paper) -> None:
    assert Paper.model_validate_json(to_json(paper)) == paper


def test_control_characters_are_dropped() -> None:
    paper = Paper(title="Bell\x07 and\x1b[31m escape", authors=(Author(name="Null\x00 Byte"),))
    bib = to_bibtex(paper)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", bib)
    assert read_bibtex(bib).papers[0].title == "Bell and[31m escape"


# any text, control characters and lone surrogates included: the JSON writers escape them
_ANY_TEXT = st.lists(st.one_of(_TRICKY, st.characters()), max_size=30).map("".join)
_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), _ANY_TEXT),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_ANY_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(st.lists(st.dictionaries(_ANY_TEXT, _JSON_VALUES, max_size=5), max_size=3))
def test_csl_json_text_is_what_the_standard_library_writes(items: list[dict[str, object]]) -> None:
    """CSL-JSON is written by orjson; the text is json.dumps's (integers beyond 64 bits too)."""
    assert _indented_json(items) == json.dumps(items, indent=2, ensure_ascii=False)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PAPERS, min_size=1, max_size=3))
def test_csl_json_of_papers_is_what_the_standard_library_writes(papers: list[Paper]) -> None:
    items = json.loads(to_csl_json(papers))
    assert to_csl_json(papers) == json.dumps(items, indent=2, ensure_ascii=False) + "\n"
