"""BibTeX export and import: entry types, keys, escaping, names, and reading .bib files back."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from export_samples import ATTENTION, CTGAN, FIVE, HOSTILE, LAMPORT, LOTTERY, RESNET, SAFETY, SIMCLR
from paperkit import (
    Author,
    ExportError,
    Paper,
    ParseError,
    Venue,
    VenueKind,
    read_bibtex,
    to_bibtex,
)
from paperkit.export._papers import venue_title
from paperkit.export.bibtex import format_name


def _fields(bib: str) -> list[dict[str, str]]:
    library = bibtexparser.parse_string(bib)  # type: ignore[attr-defined]
    assert not library.failed_blocks
    return [
        {"ENTRYTYPE": e.entry_type, "ID": e.key, **{f.key: f.value for f in e.fields}}
        for e in library.entries
    ]


def test_keys_are_google_scholar_style() -> None:
    keys = [entry["ID"] for entry in _fields(to_bibtex(FIVE))]
    assert keys == [
        "vaswani2017attention",
        "hendrycks2021unsolved",
        "mirsky2019ct",
        "chen2020simple",
        "frankle2019lottery",
    ]


def test_colliding_keys_get_letter_suffixes_in_order() -> None:
    twins = [ATTENTION.model_copy(update={"pages": str(n)}) for n in range(3)]
    keys = [entry["ID"] for entry in _fields(to_bibtex(twins))]
    assert keys == ["vaswani2017attention", "vaswani2017attentiona", "vaswani2017attentionb"]


def test_equal_papers_are_written_once() -> None:
    assert len(_fields(to_bibtex([ATTENTION, SAFETY, ATTENTION]))) == 2


def test_key_template_and_folding() -> None:
    paper = Paper(title="Über die Ähnlichkeit", authors=(Author(name="Łukasz Ørsted"),), year=1999)
    assert _fields(to_bibtex(paper))[0]["ID"] == "orsted1999uber"
    custom = to_bibtex(FIVE, key_template="{authors}:{year}")
    assert _fields(custom)[0]["ID"] == "vaswanishazeerparmaretal:2017"
    assert _fields(to_bibtex(SAFETY, key_template="arXiv-{arxiv}"))[0]["ID"] == "arXiv-2109.13916"


def test_unknown_key_template_field_lists_the_known_ones() -> None:
    with pytest.raises(ExportError, match="known: author, authors, year, title, arxiv"):
        to_bibtex(FIVE, key_template="{surname}{year}")


def test_entry_types_follow_the_venue_kind() -> None:
    entries = {e["ID"]: e for e in _fields(to_bibtex([*FIVE, LAMPORT]))}
    nips = entries["vaswani2017attention"]
    assert nips["ENTRYTYPE"] == "inproceedings"
    assert nips["booktitle"] == "Advances in Neural Information Processing Systems 30"
    assert nips["publisher"] == "Curran Associates, Inc."
    assert nips["volume"] == "30"
    assert nips["pages"] == "5998--6008"
    assert nips["eprint"] == "1706.03762"  # published papers keep their eprint
    assert "note" not in nips
    icml = entries["chen2020simple"]
    assert icml["series"] == "Proceedings of Machine Learning Research"
    assert icml["volume"] == "119"
    preprint = entries["hendrycks2021unsolved"]
    assert preprint["ENTRYTYPE"] == "misc"
    assert preprint["archivePrefix"] == "arXiv"
    assert preprint["primaryClass"] == "cs.LG"
    assert preprint["note"] == "arXiv preprint arXiv:2109.13916"
    article = entries["lamport2015builds"]
    assert article["ENTRYTYPE"] == "article"
    assert (article["journal"], article["volume"], article["number"]) == (
        "Communications of the ACM",
        "58",
        "4",
    )


def test_doi_url_and_eprint_are_never_escaped() -> None:
    entry = _fields(to_bibtex(RESNET))[0]
    assert entry["doi"] == "10.1007/978-3-319-46493-0_38"
    assert entry["url"] == "https://doi.org/10.1007/978-3-319-46493-0_38"
    hostile = _fields(to_bibtex(HOSTILE))[0]
    # only what would break the file is percent-encoded; % # _ stay as they are
    assert hostile["url"] == "https://example.org/a_b%20c?q=%7Bx%7D#frag"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("BERT: Pre-training of Deep Bidirectional Transformers", "{BERT}: Pre-training of"),
        ("GPT-4 Technical Report", "{GPT}-4 Technical Report"),
        ("A Simple Framework for SimCLR", "A Simple Framework for {SimCLR}"),
        ("CT-GAN: Malicious Tampering of 3D Images", "{CT-GAN}: Malicious Tampering of {3D}"),
        ("Attention Is All You Need", "Attention Is All You Need"),
        ("Learning on ImageNet (iNat)", "Learning on {ImageNet} ({iNat})"),
    ],
)
def test_capitals_are_protected_only_where_needed(title: str, expected: str) -> None:
    entry = _fields(to_bibtex(Paper(title=title)))[0]
    assert entry["title"].startswith(expected)


def test_protect_modes() -> None:
    assert _fields(to_bibtex(CTGAN, protect="all"))[0]["title"].startswith("{CT-GAN: Mal")
    assert _fields(to_bibtex(CTGAN, protect="none"))[0]["title"].startswith("CT-GAN: Mal")
    with pytest.raises(ExportError, match="known: auto, none, all"):
        to_bibtex(CTGAN, protect="some")


def test_special_characters_cannot_break_the_file() -> None:
    bib = to_bibtex(HOSTILE)
    entry = _fields(bib)[0]
    assert entry["title"].count("{") == entry["title"].count("}")
    back = read_bibtex(bib).papers[0]
    assert back.title == HOSTILE.title
    assert back.abstract == HOSTILE.abstract


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        (Author(name="Ulrike von Luxburg"), "von Luxburg, Ulrike"),
        (Author(name="Martin Luther King, Jr."), "King, Jr., Martin Luther"),
        (Author(name="Juan de la Cruz"), "de la Cruz, Juan"),
        (Author(name="Aidan N. Gomez"), "Gomez, Aidan N."),
        (Author(name="Plato"), "{Plato}"),
        (Author(name="OpenAI Team"), "{OpenAI Team}"),
        (Author(given="danah", family="boyd"), "{boyd}, danah"),
        (Author(name="Łukasz Kaiser"), r"Kaiser, {\L}ukasz"),
        (Author(given="Tom and", family="Jerry"), "Jerry, {Tom and}"),
    ],
)
def test_names(author: Author, expected: str) -> None:
    assert format_name(author) == expected


def test_names_joined_with_and() -> None:
    entry = _fields(to_bibtex(SIMCLR))[0]
    assert entry["author"] == (
        "Chen, Ting and Kornblith, Simon and Norouzi, Mohammad and Hinton, Geoffrey"
    )


def test_unicode_option_keeps_utf8() -> None:
    assert "Kaiser, Łukasz" in to_bibtex(ATTENTION, unicode=True)
    assert r"Kaiser, {\L}ukasz" in to_bibtex(ATTENTION)


def test_bad_input_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="'int'"):
        to_bibtex(42)  # type: ignore[arg-type]


def _same(original: Paper, back: Paper) -> None:
    """What `read_bibtex(to_bibtex(papers))` promises: the BibTeX-visible facts are equal."""
    assert back.title == original.title
    assert [(a.given, a.family, a.suffix, a.organization) for a in back.authors] == [
        (a.given, a.family, a.suffix, a.organization) for a in original.authors
    ]
    assert back.year == original.year
    assert back.abstract == original.abstract
    assert (back.pages, back.doi, back.url, back.arxiv_id) == (
        original.pages,
        original.doi,
        original.url,
        original.arxiv_id,
    )
    assert back.categories == original.categories[:1]
    assert original.venue is not None
    assert back.venue is not None
    assert back.venue.kind == original.venue.kind
    assert venue_title(back.venue) == venue_title(original.venue)
    for name in ("volume", "issue", "series", "publisher"):
        if getattr(original.venue, name) is not None:
            assert getattr(back.venue, name) == getattr(original.venue, name), name


@pytest.mark.parametrize("unicode", [False, True])
def test_round_trip_gives_back_the_same_papers(unicode: bool) -> None:
    papers = (*FIVE, LAMPORT, RESNET, HOSTILE)
    read = read_bibtex(to_bibtex(papers, unicode=unicode))
    assert not read.failed
    assert not read.duplicates
    assert len(read.papers) == len(papers)
    for original, back in zip(papers, read.papers, strict=True):
        _same(original, back)
        assert set(back.provenance.sources.values()) == {"bibtex"}


def test_round_trip_keeps_registry_venues() -> None:
    back = read_bibtex(to_bibtex([ATTENTION, SIMCLR, LOTTERY, SAFETY]))
    assert [p.venue.acronym if p.venue else None for p in back.papers] == [
        "NeurIPS",
        "ICML",
        "ICLR",
        "arXiv",
    ]


def test_failed_blocks_are_reported_with_line_numbers() -> None:
    text = (
        "@article{good, title = {Good}, year = 2020}\n"
        "\n"
        "@article{broken, title = {Never closed\n"
        "@misc{notitle, year = 2020}\n"
        "@misc{bad_year, title = {Odd}, year = 3000}\n"
    )
    read = read_bibtex(text)
    assert [p.title for p in read.papers] == ["Good"]
    assert read.keys == ("good",)
    assert [f.line for f in read.failed] == [3, 4, 5]
    assert "no title" in read.failed[1].message
    assert "year" in read.failed[2].message


def test_duplicates_are_reported_and_left_out() -> None:
    text = (
        "@misc{a, title = {One}, doi = {10.1145/X}}\n"
        "@misc{b, title = {Another title}, doi = {https://doi.org/10.1145/x}}\n"
        "@misc{a, title = {Same key}}\n"
        "@misc{c, title = {Preprint}, eprint = {1706.03762v2}, archivePrefix = {arXiv}}\n"
        "@misc{d, title = {Copy}, url = {https://arxiv.org/abs/1706.03762}}\n"
    )
    read = read_bibtex(text)
    assert read.keys == ("a", "c")
    assert [(d.key, d.line, d.duplicate_of, d.reason) for d in read.duplicates] == [
        ("b", 2, "a", "same DOI"),
        ("a", 3, "a", "same key"),
        ("d", 5, "c", "same arXiv id"),
    ]
    assert read.papers[1].arxiv_version == 2


def test_latex_is_decoded_and_fields_normalized() -> None:
    text = r"""
@string{acm = "Communications of the {ACM}"}
@Article{K,
  AUTHOR = {d'Alch{\'{e}}{-}Buc, Florence and Erd{\H o}s, Paul and King, Jr., Martin Luther},
  Title = {{T}he {\"U}ber-{GAN}: 90% of $\alpha$ -- ``quoted''},
  JournalTitle = acm,
  Date = {2015-04},
  Number = {4},
  Pages = {38-41},
}
"""
    paper = read_bibtex(text).papers[0]
    assert paper.title == "The Über-GAN: 90% of α – “quoted”"
    assert [a.name for a in paper.authors] == [
        "Florence d'Alché-Buc",
        "Paul Erdős",
        "Martin Luther King Jr.",
    ]
    assert paper.year == 2015
    assert paper.pages == "38--41"
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.JOURNAL
    assert paper.venue.issue == "4"


def test_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(to_bibtex(FIVE), encoding="utf-8")
    assert len(read_bibtex(path).papers) == 5
    assert len(read_bibtex(str(path)).papers) == 5
    with pytest.raises(ParseError, match=r"missing\.bib"):
        read_bibtex(tmp_path / "missing.bib")


def test_reads_dblp_records(shared: Path) -> None:
    files = sorted((shared / "fixtures" / "bibtex").glob("*.bib"))
    assert len(files) >= 10
    papers = {f.stem: read_bibtex(f).papers[0] for f in files}
    attention = papers["dblp_conf_nips_VaswaniSPUJGKP17_attention"]
    assert attention.title == "Attention is All you Need"
    assert attention.pages == "5998--6008"
    assert attention.venue is not None
    assert attention.venue.acronym == "NeurIPS"
    assert attention.venue.year == 2017
    gpt3 = papers["dblp_conf_nips_BrownMRSKDNSSAA20_gpt3_many_authors"]
    assert len(gpt3.authors) == 31
    assert gpt3.authors[11].family == "Herbert-Voss"
    corr = papers["dblp_journals_corr_abs-1801-00173_arxiv_corr"]
    assert corr.arxiv_id == "1801.00173"
    assert corr.venue is not None
    assert corr.venue.kind is VenueKind.PREPRINT
    resnet = papers["dblp_conf_eccv_HeZRS16_springer_lncs_doi"]
    assert resnet.doi == "10.1007/978-3-319-46493-0_38"
    assert resnet.venue is not None
    assert resnet.venue.series == "Lecture Notes in Computer Science"
    lamport = papers["dblp_journals_cacm_Lamport15_2016"]
    assert lamport.venue is not None
    assert lamport.venue.kind is VenueKind.JOURNAL
    assert lamport.doi == "10.1145/2736348"


def test_venue_without_registry_entry_keeps_its_text() -> None:
    paper = Paper(
        title="T",
        year=2020,
        venue=Venue(name="Workshop on Obscure Things", kind=VenueKind.WORKSHOP, year=2020),
    )
    back = read_bibtex(to_bibtex(paper)).papers[0]
    assert back.venue is not None
    assert venue_title(back.venue) == "Workshop on Obscure Things"


def test_absurdly_deep_braces_are_read_not_crashed_on() -> None:
    depth = 50_000
    text = "@article{deep, title={" + "{" * depth + "Deep" + "}" * depth + "}, year={2020}}"
    result = read_bibtex(text)
    assert [paper.title for paper in result.papers] == ["Deep"]
