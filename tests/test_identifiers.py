"""`parse_id` reads every form of arXiv id and DOI people paste, and explains what it rejects."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperkit
from paperkit import ArxivId, Doi, Identifier, IdentifierError, parse_id
from paperkit.models import Paper

ATTENTION = ArxivId("1706.03762")
ATTENTION_V5 = ArxivId("1706.03762", 5)
KDD = Doi("10.1145/3292500.3330701")

ARXIV_CASES: list[tuple[str, Identifier]] = [
    # new style, bare and prefixed
    ("1706.03762", ATTENTION),
    ("1706.03762v5", ATTENTION_V5),
    ("1706.03762v12", ArxivId("1706.03762", 12)),
    ("arXiv:1706.03762", ATTENTION),
    ("arXiv:1706.03762v5", ATTENTION_V5),
    ("arxiv:1706.03762", ATTENTION),
    ("ARXIV:1706.03762", ATTENTION),
    ("arXiv: 1706.03762", ATTENTION),
    ("arXiv:1706.03762v5 [cs.CL]", ATTENTION_V5),
    ("  1706.03762\n", ATTENTION),
    ("0704.0001", ArxivId("0704.0001")),
    ("1412.6980", ArxivId("1412.6980")),
    ("1501.00001", ArxivId("1501.00001")),
    ("2002.05709", ArxivId("2002.05709")),
    # links
    ("https://arxiv.org/abs/1706.03762", ATTENTION),
    ("http://arxiv.org/abs/1706.03762v5", ATTENTION_V5),
    ("arxiv.org/abs/1706.03762", ATTENTION),
    ("https://arxiv.org/abs/1706.03762/", ATTENTION),
    ("https://arxiv.org/abs/1706.03762?context=cs", ATTENTION),
    ("https://arxiv.org/abs/1706.03762#citations", ATTENTION),
    ("https://arxiv.org/pdf/1706.03762", ATTENTION),
    ("https://arxiv.org/pdf/1706.03762v5", ATTENTION_V5),
    ("https://arxiv.org/pdf/1706.03762v5.pdf", ATTENTION_V5),
    ("https://arxiv.org/pdf/1706.03762.pdf", ATTENTION),
    ("https://arxiv.org/html/1706.03762v5", ATTENTION_V5),
    ("https://arxiv.org/html/2305.12345v1/", ArxivId("2305.12345", 1)),
    ("https://export.arxiv.org/abs/1706.03762", ATTENTION),
    ("https://www.arxiv.org/abs/1706.03762", ATTENTION),
    ("HTTPS://ARXIV.ORG/abs/1706.03762", ATTENTION),
    ("www.arxiv.org/pdf/1706.03762v5.pdf", ATTENTION_V5),
    # old style
    ("hep-th/9901001", ArxivId("hep-th/9901001")),
    ("hep-th/9901001v2", ArxivId("hep-th/9901001", 2)),
    ("arXiv:hep-th/9901001", ArxivId("hep-th/9901001")),
    ("math.CA/0611800v2", ArxivId("math/0611800", 2)),
    ("arXiv:math/0611800", ArxivId("math/0611800")),
    ("arXiv:math/0611800v2", ArxivId("math/0611800", 2)),
    ("cs.LG/0703001", ArxivId("cs/0703001")),
    ("quant-ph/0112019", ArxivId("quant-ph/0112019")),
    ("https://arxiv.org/abs/hep-th/9901001", ArxivId("hep-th/9901001")),
    ("https://arxiv.org/pdf/math.CA/0611800v2.pdf", ArxivId("math/0611800", 2)),
    ("https://arxiv.org/abs/cond-mat/0102536v1", ArxivId("cond-mat/0102536", 1)),
    # arXiv's own DOIs name arXiv papers
    ("10.48550/arXiv.1706.03762", ATTENTION),
    ("10.48550/ARXIV.1706.03762", ATTENTION),
    ("doi:10.48550/arXiv.2002.05709", ArxivId("2002.05709")),
    ("https://doi.org/10.48550/arXiv.1706.03762", ATTENTION),
    ("10.48550/arXiv.math/0703055", ArxivId("math/0703055")),
    # prose around the id
    ("(arXiv:1706.03762)", ATTENTION),
    ("see arXiv:1706.03762.", ATTENTION),
    ("Attention Is All You Need, https://arxiv.org/abs/1706.03762v5", ATTENTION_V5),
    ("<https://arxiv.org/abs/1706.03762>", ATTENTION),
]

DOI_CASES: list[tuple[str, Identifier]] = [
    ("10.1145/3292500.3330701", KDD),
    ("doi:10.1145/3292500.3330701", KDD),
    ("DOI:10.1145/3292500.3330701", KDD),
    ("DOI: 10.1145/3292500.3330701", KDD),
    ("doi: 10.1145/3292500.3330701", KDD),
    ("https://doi.org/10.1145/3292500.3330701", KDD),
    ("http://doi.org/10.1145/3292500.3330701", KDD),
    ("doi.org/10.1145/3292500.3330701", KDD),
    ("https://dx.doi.org/10.1145/3292500.3330701", KDD),
    ("http://dx.doi.org/10.1145/3292500.3330701", KDD),
    ("https://www.doi.org/10.1145/3292500.3330701", KDD),
    ("info:doi/10.1145/3292500.3330701", KDD),
    ("10.1145%2F3292500.3330701", KDD),
    ("https://doi.org/10.1145%2F3292500.3330701", KDD),
    ("https%3A%2F%2Fdoi.org%2F10.1145%2F3292500.3330701", KDD),
    ("see 10.1000/xyz123.", Doi("10.1000/xyz123")),
    ("(doi:10.1000/xyz123),", Doi("10.1000/xyz123")),
    ('"10.1000/xyz123"', Doi("10.1000/xyz123")),
    ("10.1038/NATURE14539", Doi("10.1038/nature14539")),
    ("https://doi.org/10.1038/Nature14539", Doi("10.1038/nature14539")),
    ("10.1016/S0140-6736(20)30183-5", Doi("10.1016/s0140-6736(20)30183-5")),
    ("(10.1016/S0140-6736(20)30183-5)", Doi("10.1016/s0140-6736(20)30183-5")),
    (
        "10.1002/1096-9861(20010212)430:3<283::AID-CNE1031>3.0.CO;2-V",
        Doi("10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v"),
    ),
    (
        "https://doi.org/10.1002/%28SICI%291097-4571%28199806%2949%3A8%3C693%3A%3AAID-ASI4%3E3.0.CO%3B2-0",
        Doi("10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"),
    ),
    ("10.1000.10/123456", Doi("10.1000.10/123456")),
    ("10.5281/zenodo.1234567", Doi("10.5281/zenodo.1234567")),
]

NEGATIVE_CASES = [
    ("", "empty"),
    ("   \n\t", "empty"),
    ("1706.0376", "5"),
    ("1706.037621", "5"),
    ("1412.12345", "4"),
    ("1713.03762", "not a month"),
    ("0612.1234", "April 2007"),
    ("1706.00000", "zero"),
    ("1706.03762v0", "v1"),
    ("1706.03762abc", "not an arXiv id"),
    ("arXiv:", "nothing follows 'arXiv:'"),
    ("arXiv:nonsense", "not an arXiv id"),
    ("doi:", "nothing follows 'doi:'"),
    ("DOI: ", "nothing follows 'DOI:'"),
    ("10.1234", "suffix"),
    ("10.1234/", "suffix"),
    ("10.12/abc", "registrant"),
    ("https://doi.org/", "DOI"),
    ("hep-th/990100", "7 digits"),
    ("foo-bar/9901001", "archives"),
    ("hep-th/0801001", "March 2007"),
    ("hep-th/9913001", "not a month"),
    ("10.48550/zenodo.123", "10.48550/arXiv"),
    ("10.48550/arXiv.1706.0376", "5"),
    ("https://openreview.net/forum?id=rJ4km2R5t7", "openreview.net"),
    ("https://dl.acm.org/doi/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("https://arxiv.org/list/cs.LG/recent", "page on arXiv"),
    ("https://arxiv.org/", "page on arXiv"),
    ("https://[broken/abs/1706.03762", "link"),
    ("Attention is all you need", "no arXiv id"),
    ("ISBN 978-3-16-148410-0", "no arXiv id"),
    ("1706.03762 and 1810.04805", "2 different identifiers"),
    ("10.1000/a 10.1000/b", "2 different identifiers"),
    ("....", "no arXiv id"),
]


@pytest.mark.parametrize(("text", "expected"), ARXIV_CASES + DOI_CASES)
def test_parse_id_reads_every_form(text: str, expected: ArxivId | Doi) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize(("text", "hint"), NEGATIVE_CASES)
def test_parse_id_rejects_with_a_message_that_quotes_the_input(text: str, hint: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_id(text)
    message = str(caught.value)
    assert repr(text) in message
    assert hint in message
    assert caught.value.text == text


def test_there_are_at_least_sixty_table_cases() -> None:
    assert len(ARXIV_CASES) + len(DOI_CASES) + len(NEGATIVE_CASES) >= 60


def test_identifier_error_is_a_value_error_and_a_paperkit_error() -> None:
    with pytest.raises(ValueError, match="not an arXiv id or a DOI"):
        parse_id("nothing here")
    assert issubclass(IdentifierError, paperkit.PaperkitError)


def test_identifier_error_survives_pickling() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_id("1706.0376")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert copy.text == "1706.0376"


def test_the_done_when_example_prints_the_version() -> None:
    identifier = paperkit.parse_id("https://arxiv.org/pdf/1706.03762v5.pdf")
    assert str(identifier) == "1706.03762v5"
    assert repr(identifier) == "ArxivId(id='1706.03762', version=5)"


def test_old_style_ids_keep_the_subject_class_aside() -> None:
    identifier = parse_id("math.CA/0611800v2")
    assert identifier == ArxivId("math/0611800", 2)
    assert isinstance(identifier, ArxivId)
    assert identifier.subject_class == "CA"
    assert identifier.is_old_style
    assert str(identifier) == "math/0611800v2"
    assert repr(identifier) == "ArxivId(id='math/0611800', version=2, subject_class='CA')"


def test_arxiv_id_links_and_doi() -> None:
    assert ATTENTION_V5.abs_url == "https://arxiv.org/abs/1706.03762v5"
    assert ATTENTION_V5.pdf_url == "https://arxiv.org/pdf/1706.03762v5"
    assert ATTENTION.abs_url == "https://arxiv.org/abs/1706.03762"
    assert ATTENTION_V5.doi == "10.48550/arxiv.1706.03762"
    assert ArxivId("hep-th/9901001").doi == "10.48550/arxiv.hep-th/9901001"
    assert ATTENTION_V5.versionless == ATTENTION
    assert not ATTENTION.is_old_style
    assert parse_id(ATTENTION_V5.doi) == ATTENTION


def test_arxiv_ids_are_values() -> None:
    assert {ArxivId("1706.03762", 5), parse_id("arXiv:1706.03762v5")} == {ATTENTION_V5}
    assert ATTENTION != ATTENTION_V5
    with pytest.raises(AttributeError):
        ATTENTION.version = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("build", "hint"),
    [
        (lambda: ArxivId("1706.03762v5"), "1706.03762v5"),
        (lambda: ArxivId("arXiv:1706.03762"), "arXiv:1706.03762"),
        (lambda: ArxivId("math.CA/0611800"), "without subject class"),
        (lambda: ArxivId("HEP-TH/9901001"), "lower-case archive"),
        (lambda: ArxivId("1706.03762", 0), "from 1 up"),
        (lambda: Doi("doi:10.1145/3292500.3330701"), "no prefix"),
        (lambda: Doi("https://doi.org/10.1145/1"), "no prefix"),
        (lambda: Doi("10.1145"), "10.<registrant>/<suffix>"),
    ],
)
def test_constructors_take_only_canonical_parts(build: object, hint: str) -> None:
    assert callable(build)
    with pytest.raises(IdentifierError) as caught:
        build()
    assert hint in str(caught.value)


def test_doi_is_lower_case_and_links_escape_what_urls_need() -> None:
    doi = Doi("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0")
    assert doi.value == "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"
    assert str(doi) == doi.value
    assert doi.prefix == "10.1002"
    assert doi.url == (
        "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-0"
    )
    assert KDD.url == "https://doi.org/10.1145/3292500.3330701"
    assert parse_id(doi.url) == doi
    assert Doi("10.1000/a#b?c").url == "https://doi.org/10.1000/a%23b%3Fc"
    assert parse_id(Doi("10.1000/a#b?c").url) == Doi("10.1000/a#b?c")


def test_parse_id_returns_identifiers_unchanged() -> None:
    assert parse_id(KDD) is KDD
    assert parse_id(ATTENTION_V5) is ATTENTION_V5


def test_parse_id_refuses_non_strings() -> None:
    with pytest.raises(TypeError, match="not int"):
        parse_id(170603762)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), ARXIV_CASES + DOI_CASES)
def test_parsed_identifiers_fit_the_paper_model(text: str, expected: ArxivId | Doi) -> None:
    identifier = parse_id(text)
    if isinstance(identifier, ArxivId):
        paper = Paper(title="t", arxiv_id=identifier.id, arxiv_version=identifier.version)
        assert paper.arxiv_id == identifier.id
    else:
        assert Paper(title="t", doi=identifier.value).doi == identifier.value


@given(st.text())
def test_parse_id_on_any_text_raises_only_identifier_error(text: str) -> None:
    try:
        identifier = parse_id(text)
    except IdentifierError as exc:
        rejected: str = exc.text
        assert rejected == text
        return
    again = str(identifier) if isinstance(identifier, ArxivId) else identifier.url
    assert parse_id(again) == identifier


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["arXiv:", "doi:", "10.", "1706.", "/", ".", "v5", "%2F", "https://"]),
            st.text(alphabet="0123456789./:-vV()%<>abcdefhirstx ", max_size=12),
        ),
        max_size=6,
    ).map("".join)
)
def test_parse_id_on_identifier_like_text_raises_only_identifier_error(text: str) -> None:
    try:
        parse_id(text)
    except IdentifierError as exc:
        rejected: str = exc.text
        assert rejected == text


@given(
    yymm=st.integers(min_value=1501, max_value=9912).filter(lambda n: 1 <= n % 100 <= 12),
    number=st.integers(min_value=1, max_value=99999),
    version=st.none() | st.integers(min_value=1, max_value=99),
)
def test_new_style_ids_round_trip_through_every_form(
    yymm: int, number: int, version: int | None
) -> None:
    identifier = ArxivId(f"{yymm:04d}.{number:05d}", version)
    for form in (str(identifier), f"arXiv:{identifier}", identifier.abs_url, identifier.pdf_url):
        assert parse_id(form) == identifier
    assert parse_id(identifier.doi) == identifier.versionless
