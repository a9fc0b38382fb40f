"""Properties the other areas' own hypothesis tests leave out (see issue 9).

Already covered elsewhere: `parse_id` on any text (test_identifiers), `normalize_venue` on any text
(test_venues), `read_page` on any text (test_ingest_hypothesis), BibTeX and JSON round trips of
any Unicode (test_export_properties). Added here: `normalize_venue` with any year hint,
`read_bibtex` on any text, and the CSL-JSON round trip through paperkit's own CSL reader.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkit import Author, Paper, ParseError, read_bibtex, to_csl_json
from paperkit.export import BibtexImport
from paperkit.models import Venue, VenueKind
from paperkit.sources.csl import paper_from_csl
from paperkit.venues import normalize_venue

_SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters that mean something to BibTeX, TeX, JSON, HTML or JATS, drawn far more often
_TRICKY = st.sampled_from([*"{}\\&%$#_~^<>|-`'!?\"@,=;/ .aAzZ09éÅßł\u0301\u00a0—–", "and"])
_CHARS = st.one_of(_TRICKY, st.characters(blacklist_categories=("Cc", "Cs")))
_TEXT = (
    st.lists(_CHARS, min_size=1, max_size=40)
    .map(lambda chars: " ".join("".join(chars).split()))  # sources collapse whitespace
    .filter(bool)
)
_WORD = (
    st.lists(_CHARS, min_size=1, max_size=8)
    .map("".join)
    .filter(lambda word: word.strip() != "" and not any(ch.isspace() or ch == "," for ch in word))
)


# --- venues: any text with any year hint ----------------------------------------------------
@_SETTINGS
@given(
    text=st.one_of(st.text(max_size=200), _TEXT.map(lambda t: f"Proceedings of {t} 2021")),
    year=st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6)),
)
def test_normalize_venue_with_any_year_raises_only_parse_error(text: str, year: int | None) -> None:
    try:
        venue = normalize_venue(text, year=year)
    except ParseError:
        return
    assert venue is None or isinstance(venue, Venue)


# --- read_bibtex: any text, as BibTeX and as a would-be path --------------------------------
_BIB_PIECES = st.sampled_from(
    [
        "@article{",
        "@inproceedings{key,",
        "@string{s = ",
        "@comment{",
        "@preamble{",
        "title = {",
        'author = "',
        "year = 20",
        "}",
        "{",
        ",",
        "=",
        "#",
        '"',
        "\n",
        "\\'{e}",
        "\\",
        "%",
        "doi = {10.1000/x}",
        "eprint = {1706.03762}",
        "journal = {NeurIPS}",
        "pages = {1--2}",
    ]
)
_BIBLIKE = st.lists(st.one_of(_BIB_PIECES, st.text(max_size=10)), max_size=40).map("".join)


@_SETTINGS
@given(st.one_of(_BIBLIKE, st.text(max_size=300)))
def test_read_bibtex_raises_only_parse_error(text: str) -> None:
    try:
        read = read_bibtex(text)
    except ParseError:
        return
    assert isinstance(read, BibtexImport)


# --- CSL-JSON: any Unicode comes back through paperkit's own CSL reader ---------------------
@st.composite
def _authors(draw: st.DrawFn) -> Author:
    # the CSL reader decodes HTML entities, as Crossref sends them; a name is never markup
    word = _WORD.map(lambda w: w.replace("&", "+"))
    given_names = " ".join(draw(st.lists(word, min_size=1, max_size=3)))
    family = " ".join(draw(st.lists(word, min_size=1, max_size=3)))
    return Author(given=given_names, family=family)


_PAPERS = st.builds(
    lambda title, authors, year, journal: Paper(
        title=title,
        authors=tuple(authors),
        year=year,
        venue=Venue(name=journal, kind=VenueKind.JOURNAL, year=year),
    ),
    _TEXT,
    st.lists(_authors(), max_size=4),
    st.integers(min_value=1900, max_value=2100),
    _TEXT,
)


@_SETTINGS
@given(_PAPERS)
def test_csl_json_round_trip(paper: Paper) -> None:
    (item,) = json.loads(to_csl_json(paper))
    back = paper_from_csl(item)
    assert back.title == paper.title
    assert [(a.given, a.family) for a in back.authors] == [
        (a.given, a.family) for a in paper.authors
    ]
    assert back.year == paper.year


# --- abstracts: comparisons are text, not markup ----------------------------------------------
_PLAIN_ABSTRACT = (
    _TEXT.map(lambda t: t.replace("&", " and "))  # entities are markup's business
    .map(lambda t: " ".join(t.split()))
    .filter(lambda t: t != "" and re.search(r"<[A-Za-z/!?]", t) is None)
)


@_SETTINGS
@given(_PLAIN_ABSTRACT)
def test_csl_json_round_trip_keeps_a_plain_abstract(abstract: str) -> None:
    paper = Paper(title="Comparisons", abstract=abstract)
    (item,) = json.loads(to_csl_json(paper))
    assert paper_from_csl(item).abstract == abstract


def test_comparisons_in_plain_abstracts_survive_the_markup_reader() -> None:
    # DataCite descriptions and CSL-JSON abstracts are often plain text
    for abstract in (
        "Significant (p < 0.05) for all n > 30.",
        "x < y and y > z",
        "a<b and c>d hold",
        "We use <jats:p>-free text, sometimes with <= and >= too.",
    ):
        (item,) = json.loads(to_csl_json(Paper(title="T", abstract=abstract)))
        back = paper_from_csl(item).abstract
        assert back is not None
        for word in ("0.05", "30", "y", "z", "c", "d", "<=", ">="):
            assert (word in back) == (word in abstract), (abstract, back)
