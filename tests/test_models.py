"""The models reject nonsense with clear messages, split names, and survive a JSON round trip."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from paperkit import Author, Paper, Provenance, ReadingGroup, Session, Venue, VenueKind

# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (lambda: Paper(title=""), "title", "must not be empty"),
        (lambda: Paper(title=" \n\t "), "title", "must not be empty"),
        (lambda: Paper(title="T", year=20017), "year", "year 20017 is outside 1450..2100"),
        (lambda: Paper(title="T", year=999), "year", "year 999 is outside"),
        (lambda: Venue(year=20017), "year", "year 20017 is outside"),
        (lambda: Paper(title="T", doi="not a doi"), "doi", "'not a doi' is not a DOI"),
        (lambda: Paper(title="T", doi="10.1145"), "doi", "'10.1145' is not a DOI"),
        (
            lambda: Paper(title="T", doi="https://doi.org/10.1145/3292500.3330701"),
            "doi",
            "without a URL prefix",
        ),
        (lambda: Paper(title="T", doi="10.1145/32925 00"), "doi", "is not a DOI"),
        (lambda: Paper(title="T", arxiv_id="1706.03762v5"), "arxiv_id", "versionless arXiv id"),
        (lambda: Paper(title="T", arxiv_id="arXiv:1706.03762"), "arxiv_id", "versionless"),
        (lambda: Paper(title="T", arxiv_version=0), "arxiv_version", "greater than or equal to 1"),
        (lambda: Paper(title="T", colour="red"), "colour", "Extra inputs are not permitted"),
        (lambda: Author(name=""), "name", "must not be empty"),
        (lambda: Author(name=",,,"), "name", "must not be empty"),
        (lambda: Author(name="A B", orcid="1234"), "orcid", "should match pattern"),
        (lambda: Venue(kind="symposium"), "kind", "'conference', 'journal'"),
        (lambda: Session(papers=()), "papers", "at least 1 item"),
        (lambda: Provenance(match_score=101), "match_score", "less than or equal to 100"),
    ],
)
def test_validation_names_the_field_and_the_problem(build: Any, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build()
    error = caught.value.errors()[0]
    assert error["loc"][0] == field
    assert message in str(caught.value)


def test_values_are_normalised() -> None:
    paper = Paper(
        title="  Attention   is All\nyou Need ",
        doi="10.1145/ABC.Def",
        arxiv_id="1706.03762",
        categories=("cs.CL", "cs.LG"),
    )
    assert paper.title == "Attention is All you Need"
    assert paper.doi == "10.1145/abc.def"
    assert paper.primary_category == "cs.CL"
    assert Paper(title="T", arxiv_id="hep-th/9901001").arxiv_id == "hep-th/9901001"
    author = Author(name="Josiah Carberry", orcid="https://orcid.org/0000-0002-1825-0097")
    assert author.orcid == "0000-0002-1825-0097"


def test_models_are_frozen() -> None:
    paper = Paper(title="T")
    with pytest.raises(ValidationError, match="frozen"):
        paper.title = "U"
    assert paper.model_copy(update={"year": 2017}).year == 2017


def test_reading_group_lists_and_replaces_papers_in_session_order() -> None:
    a, b, c = Paper(title="A"), Paper(title="B"), Paper(title="C")
    group = ReadingGroup(
        name="ML", sessions=(Session(papers=(a, b)), Session(papers=(c,), leaders=("Ada",)))
    )
    assert group.papers == (a, b, c)
    renamed = group.replace_papers(tuple(p.model_copy(update={"year": 2020}) for p in group.papers))
    assert [p.year for p in renamed.papers] == [2020, 2020, 2020]
    assert renamed.sessions[1].leaders == ("Ada",)
    with pytest.raises(ValueError, match="expected 3 papers, got 1"):
        group.replace_papers((a,))


# -- author names --------------------------------------------------------------------------------

NAME_CASES = [
    # (input name, display name, given, family, suffix, organization)
    ("Aidan N. Gomez", "Aidan N. Gomez", "Aidan N.", "Gomez", None, False),
    ("Ulrike von Luxburg", "Ulrike von Luxburg", "Ulrike", "von Luxburg", None, False),
    ("Ludwig van Beethoven", "Ludwig van Beethoven", "Ludwig", "van Beethoven", None, False),
    ("Martin Luther King Jr.", "Martin Luther King Jr.", "Martin Luther", "King", "Jr.", False),
    ("Martin Luther King, Jr.", "Martin Luther King Jr.", "Martin Luther", "King", "Jr.", False),
    ("Ashish Vaswani", "Ashish Vaswani", "Ashish", "Vaswani", None, False),
    ("  Aidan   N.\nGomez ", "Aidan N. Gomez", "Aidan N.", "Gomez", None, False),
    ("Plato", "Plato", None, "Plato", None, False),
    ("Gomez, Aidan N.", "Aidan N. Gomez", "Aidan N.", "Gomez", None, False),
    ("von Luxburg, Ulrike", "Ulrike von Luxburg", "Ulrike", "von Luxburg", None, False),
    ("King, Jr., Martin Luther", "Martin Luther King Jr.", "Martin Luther", "King", "Jr.", False),
    # empty parts between commas name nothing (Markdown once wrote such a name it could not read)
    ("Plato, , ,", "Plato", None, "Plato", None, False),
    ("Google Research", "Google Research", None, None, None, True),
    ("OpenAI", "OpenAI", None, None, None, True),
    ("The ATLAS Collaboration", "The ATLAS Collaboration", None, None, None, True),
    ("Stanford University", "Stanford University", None, None, None, True),
]


@pytest.mark.parametrize(
    ("raw", "name", "given_name", "family", "suffix", "organization"), NAME_CASES
)
def test_author_names_are_split(
    raw: str,
    name: str,
    given_name: str | None,
    family: str | None,
    suffix: str | None,
    organization: bool,
) -> None:
    author = Author(name=raw)
    assert (author.name, author.given, author.family, author.suffix, author.organization) == (
        name,
        given_name,
        family,
        suffix,
        organization,
    )


def test_author_name_is_built_from_its_parts() -> None:
    # model_validate: the type checker cannot know that a validator fills in the required name
    author = Author.model_validate({"given": "Ulrike", "family": "von Luxburg"})
    assert author.name == "Ulrike von Luxburg"
    king = Author.model_validate({"given": "Martin Luther", "family": "King", "suffix": "Jr."})
    assert king.name == "Martin Luther King Jr."


def test_given_parts_are_kept_as_given() -> None:
    author = Author(name="Vincent van Gogh", given="Vincent Willem", family="van Gogh")
    assert (author.given, author.family) == ("Vincent Willem", "van Gogh")


def test_an_author_declared_an_organisation_is_not_split() -> None:
    author = Author(name="Anthropic", organization=True)
    assert author.organization
    assert (author.given, author.family) == (None, None)
    author = Author(name="Meta Fundamental", organization=True)
    assert (author.given, author.family, author.organization) == (None, None, True)


# -- JSON round trips ----------------------------------------------------------------------------

_letters = st.characters(categories=("L", "M"), exclude_characters=",")
_word = st.text(_letters, min_size=1, max_size=8)
_text = st.text(st.characters(codec="utf-8"), max_size=20).filter(str.strip)
_optional_text = st.none() | _text
_names = st.one_of(
    st.sampled_from([row[0] for row in NAME_CASES]),
    st.lists(_word, min_size=1, max_size=4).map(" ".join),
    st.tuples(_word, _word).map(", ".join),
)
_orcids = st.from_regex(r"\A[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]\Z")
_years = st.integers(min_value=1450, max_value=2100)
_dates = st.dates(min_value=dt.date(1450, 1, 1), max_value=dt.date(2100, 12, 31))
_dois = st.tuples(
    st.from_regex(r"\A10\.[0-9]{4,9}\Z"),
    st.text(st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1),
).map("/".join)
_arxiv_ids = st.sampled_from(["1706.03762", "0704.0001", "hep-th/9901001", "math/0611800"])


@st.composite
def authors(draw: st.DrawFn) -> Author:
    """Authors given by display name alone, or by their parts."""
    affiliations = tuple(draw(st.lists(_text, max_size=2)))
    orcid = draw(st.none() | _orcids)
    if draw(st.booleans()):
        return Author(name=draw(_names), orcid=orcid, affiliations=affiliations)
    parts = {
        "given": draw(st.none() | _word),
        "family": draw(_word),
        "suffix": draw(st.none() | st.sampled_from(["Jr.", "III"])),
        "orcid": orcid,
        "affiliations": affiliations,
    }
    return Author.model_validate(parts)


venues = st.builds(
    Venue,
    acronym=_optional_text,
    name=_optional_text,
    year=st.none() | _years,
    kind=st.sampled_from(VenueKind),
    volume=_optional_text,
    issue=_optional_text,
    proceedings=_optional_text,
    series=_optional_text,
    publisher=_optional_text,
    raw=_optional_text,
    warnings=st.lists(_text, max_size=2).map(tuple),
)
provenances = st.builds(
    Provenance,
    sources=st.dictionaries(
        st.sampled_from(["title", "authors", "year", "venue", "doi"]),
        st.sampled_from(["arxiv", "crossref", "datacite", "doi.org", "page"]),
    ),
    match_score=st.none() | st.floats(min_value=0, max_value=100),
    match_query=_optional_text,
)
papers = st.builds(
    Paper,
    title=_text,
    authors=st.lists(authors(), max_size=3).map(tuple),
    abstract=st.none() | st.text(max_size=60),
    year=st.none() | _years,
    venue=st.none() | venues,
    pages=_optional_text,
    arxiv_id=st.none() | _arxiv_ids,
    arxiv_version=st.none() | st.integers(min_value=1, max_value=50),
    doi=st.none() | _dois,
    url=_optional_text,
    pdf_url=_optional_text,
    categories=st.lists(st.sampled_from(["cs.CL", "cs.LG", "stat.ML"]), max_size=2).map(tuple),
    published=st.none() | _dates,
    updated=st.none() | _dates,
    related=st.dictionaries(
        st.sampled_from(["is-preprint-of", "has-preprint", "is-version-of"]),
        st.lists(_dois, max_size=2).map(tuple),
        max_size=2,
    ),
    provenance=provenances,
)
sessions = st.builds(
    Session,
    papers=st.lists(papers, min_size=1, max_size=2).map(tuple),
    leaders=st.lists(_text, max_size=2).map(tuple),
    date=st.none() | _dates,
    label=_optional_text,
    title=_optional_text,
    notes=_optional_text,
)
reading_groups = st.builds(
    ReadingGroup,
    name=_optional_text,
    url=_optional_text,
    sessions=st.lists(sessions, max_size=2).map(tuple),
)


def _assert_round_trip(model: BaseModel) -> None:
    again = type(model).model_validate_json(model.model_dump_json())
    assert again == model
    assert type(model).model_validate_json(model.model_dump_json(exclude_defaults=True)) == model


@given(authors())
def test_author_round_trips_through_json(author: Author) -> None:
    _assert_round_trip(author)


@given(venues)
def test_venue_round_trips_through_json(venue: Venue) -> None:
    _assert_round_trip(venue)


@given(papers)
@settings(max_examples=60)
def test_paper_round_trips_through_json(paper: Paper) -> None:
    _assert_round_trip(paper)


@given(sessions)
@settings(max_examples=30)
def test_session_round_trips_through_json(session: Session) -> None:
    _assert_round_trip(session)


@given(reading_groups)
@settings(max_examples=20)
def test_reading_group_round_trips_through_json(group: ReadingGroup) -> None:
    _assert_round_trip(group)


@pytest.mark.parametrize("raw", [row[0] for row in NAME_CASES])
def test_split_names_round_trip(raw: str) -> None:
    _assert_round_trip(Author(name=raw))
    _assert_round_trip(Author(name=raw, organization=True))
