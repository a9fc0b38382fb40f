"""Reading pages: the user's page, the examples in three formats, hand-written shapes, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paperkit import ParseError, ReadingGroup, VenueKind, to_markdown
from paperkit.ingest import read_page, read_page_report
from paperkit.venues import normalize_venue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

SEED_SESSIONS = [
    ("Attention is All You Need", "NeurIPS 2017", 2017, ("Darius Lam",)),
    ("Unsolved Problems in ML Safety", "arXiv 2021", 2021, ("Warren Sunada-Wong",)),
    (
        "CT-GAN: Malicious Tampering of 3D Medical Imagery using Deep Learning",
        "USENIX Security 2019",
        2019,
        ("Deepak Singh",),
    ),
    (
        "A Simple Framework for Contrastive Learning of Visual Representations",
        "ICML 2020",
        2020,
        ("Darius Lam",),
    ),
    (
        "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
        "ICLR 2019",
        2019,
        ("Deepak Singh",),
    ),
]


def _acronym(text: str) -> str | None:
    venue = normalize_venue(text)
    assert venue is not None, text
    return venue.acronym


def assert_seed_program(group: ReadingGroup) -> None:
    """The five meetings of the user's page (and of the examples written in its shape)."""
    assert len(group.sessions) == len(SEED_SESSIONS)
    for session, (title, venue_text, year, leaders) in zip(
        group.sessions, SEED_SESSIONS, strict=True
    ):
        (paper,) = session.papers
        assert paper.title == title
        assert paper.year == year
        assert session.leaders == leaders
        assert paper.venue is not None
        assert paper.venue.acronym == _acronym(venue_text)
        assert paper.venue.year == year
        assert paper.abstract
        assert set(paper.provenance.sources.values()) == {"page"}
        assert {"title", "venue", "year", "abstract"} <= set(paper.provenance.sources)
    kinds = [s.papers[0].venue.kind for s in group.sessions if s.papers[0].venue]
    assert kinds[1] is VenueKind.PREPRINT
    assert kinds[0] is kinds[3] is kinds[4] is VenueKind.CONFERENCE
    assert group.sessions[0].papers[0].venue is not None
    assert group.sessions[0].papers[0].venue.acronym == "NeurIPS"  # "NIPS 2017" is NeurIPS 2017
    ctgan, lottery = group.sessions[2].papers[0], group.sessions[4].papers[0]
    assert ctgan.abstract is not None
    assert lottery.abstract is not None
    assert ctgan.abstract.count("\n\n") == 2  # three paragraphs, kept apart
    assert lottery.abstract.count("\n\n") == 2


@pytest.mark.shared
def test_the_users_page(shared: Path) -> None:
    report = read_page_report(shared / "seed" / "ml-reading-group-page.txt")
    assert report.format == "text"
    assert report.problems == ()
    assert_seed_program(report.group)
    text = report.group.model_dump_json()
    for chrome in (
        "top of page",
        "bottom of page",
        "Paper Spotlight",
        "Achieve Your Reading Goals",
    ):
        assert chrome not in text
    assert "voracious reader" not in text  # the introduction is not an abstract


@pytest.mark.parametrize("name", ["reading-group.txt", "reading-group.md", "reading-group.html"])
def test_examples_give_the_same_program(name: str) -> None:
    report = read_page_report(EXAMPLES / name)
    assert report.problems == ()
    assert_seed_program(report.group)


def test_examples_agree_with_each_other() -> None:
    def shape(group: ReadingGroup) -> list[tuple[object, ...]]:
        return [
            (s.leaders, p.title, p.venue, p.year, p.abstract)
            for s in group.sessions
            for p in s.papers
        ]

    text = read_page(EXAMPLES / "reading-group.txt")
    markdown = read_page(EXAMPLES / "reading-group.md")
    html = read_page(EXAMPLES / "reading-group.html")
    assert shape(text) == shape(markdown) == shape(html)
    assert markdown.name == html.name == "Applied ML Reading Group"
    assert [p.arxiv_id for p in markdown.papers] == [p.arxiv_id for p in html.papers]
    assert markdown.papers[0].arxiv_id == "1706.03762"
    assert markdown.papers[0].provenance.sources["arxiv_id"] == "page"


def test_text_given_directly_and_format_forced() -> None:
    text = (EXAMPLES / "reading-group.txt").read_text(encoding="utf-8")
    assert read_page(text) == read_page(EXAMPLES / "reading-group.txt")
    assert read_page(str(EXAMPLES / "reading-group.md")) == read_page(EXAMPLES / "reading-group.md")
    html = (EXAMPLES / "reading-group.html").read_text(encoding="utf-8")
    assert read_page_report(html).format == "html"
    assert read_page_report(html, format="HTML").format == "html"
    markdown = (EXAMPLES / "reading-group.md").read_text(encoding="utf-8")
    assert read_page_report(markdown).format == "markdown"


def test_page_without_blank_lines() -> None:
    group = read_page(
        "Attention is All You Need (NIPS 2017)\n"
        "Discussion Leader: Darius Lam\n"
        "The dominant sequence transduction models are based on complex recurrent or convolutional "
        "neural networks that include an encoder and a decoder, connected by attention.\n"
        "We propose a new simple network architecture, the Transformer, based solely on attention "
        "mechanisms, dispensing with recurrence and convolutions entirely.\n"
        "A Simple Framework for Contrastive Learning of Visual Representations (ICML 2020)\n"
        "Discussion Leaders: Ada Lovelace and Alan Turing\n"
        "This paper presents SimCLR.\n"
    )
    first, second = group.sessions
    assert first.papers[0].abstract is not None
    assert first.papers[0].abstract.count("\n\n") == 1
    assert second.leaders == ("Ada Lovelace", "Alan Turing")
    assert second.papers[0].abstract == "This paper presents SimCLR."


def test_hard_wrapped_text_is_joined() -> None:
    group = read_page(
        "Attention is All You Need (NIPS 2017)\n\nPresenter: Darius Lam\n\n"
        "The dominant sequence transduction models are based on complex\n"
        "recurrent or convolutional neural networks.\n\n"
        "We propose the Transformer.\n"
    )
    assert group.papers[0].abstract == (
        "The dominant sequence transduction models are based on complex recurrent or "
        "convolutional neural networks.\n\nWe propose the Transformer."
    )


MARKDOWN_LIST = """\
# Fall 2021

Our schedule for the term. We meet in room 3.

- Attention Is All You Need (NIPS 2017), presented by Ada Lovelace and Alan Turing
- 2021-10-12: A Simple Framework for Contrastive Learning (ICML 2020) — led by Grace Hopper, \
Barbara Liskov & Frances Allen
- Week 3: The Lottery Ticket Hypothesis (ICLR 2019) - Edsger Dijkstra
- **Unsolved Problems in ML Safety** (Hendrycks et al., arXiv 2021), Speaker: Claude Shannon
  - [arXiv](https://arxiv.org/abs/2109.13916)
- A bullet that names no paper
"""


def test_markdown_bullet_list() -> None:
    report = read_page_report(MARKDOWN_LIST)
    assert report.format == "markdown"
    group = report.group
    assert group.name == "Fall 2021"
    assert [s.leaders for s in group.sessions] == [
        ("Ada Lovelace", "Alan Turing"),
        ("Grace Hopper", "Barbara Liskov", "Frances Allen"),
        ("Edsger Dijkstra",),
        ("Claude Shannon",),
    ]
    assert [p.year for p in group.papers] == [2017, 2020, 2019, 2021]
    assert group.sessions[1].date == dt.date(2021, 10, 12)
    assert group.sessions[2].label == "Week 3"
    safety = group.papers[3]
    assert safety.title == "Unsolved Problems in ML Safety"
    assert [a.name for a in safety.authors] == ["Hendrycks"]
    assert safety.arxiv_id == "2109.13916"
    assert safety.abstract is None  # the sibling bullet is not part of this meeting


MARKDOWN_TABLE = """\
## Schedule

| Date | Leader | Topic |
|------|--------|-------|
|Oct 5, 2021|Ada|[Attention Is All You Need](https://arxiv.org/abs/1706.03762) (NIPS 2017)|
|12 October 2021|Alan Turing & Grace Hopper|A Simple Framework for Contrastive Learning (ICML 2020)
| Week 3 | TBD | TBD |
| Oct 26, 2021 | Claude Shannon | |
| sometime | Edsger Dijkstra | The Lottery Ticket Hypothesis |
"""


def test_markdown_table_with_problems_by_line() -> None:
    report = read_page_report(MARKDOWN_TABLE)
    group = report.group
    assert [p.title for p in group.papers] == [
        "Attention Is All You Need",
        "A Simple Framework for Contrastive Learning",
        "The Lottery Ticket Hypothesis",
    ]
    assert [s.date for s in group.sessions] == [dt.date(2021, 10, 5), dt.date(2021, 10, 12), None]
    assert group.sessions[1].leaders == ("Alan Turing", "Grace Hopper")
    assert group.sessions[2].label == "sometime"
    assert group.papers[0].arxiv_id == "1706.03762"
    assert group.papers[2].venue is None
    assert group.papers[2].year is None
    assert [p.line for p in report.problems] == [8, 9]
    assert "no paper" in report.problems[0].message
    assert "sometime" in report.problems[1].message
    assert report.describe_problems()[0].startswith("<text>:8: ")


ONE_MEETING = """\
ML Reading Group — this week

Date: Tuesday, October 5, 2021
Title: Attention Is All You Need
Authors: Ashish Vaswani, Noam Shazeer, Niki Parmar and Illia Polosukhin
Venue: NeurIPS 2017
Presenter: Darius Lam
Location: Room 101
Abstract:
The dominant sequence transduction models are based on complex recurrent or convolutional
neural networks in an encoder-decoder configuration.

We propose a new simple network architecture, the Transformer, based solely on attention mechanisms.
"""


def test_one_meeting_with_labelled_fields() -> None:
    report = read_page_report(ONE_MEETING)
    assert report.problems == ()
    (session,) = report.group.sessions
    (paper,) = session.papers
    assert session.date == dt.date(2021, 10, 5)
    assert session.leaders == ("Darius Lam",)
    assert session.notes == "Location: Room 101"
    assert paper.title == "Attention Is All You Need"
    assert [a.family for a in paper.authors] == ["Vaswani", "Shazeer", "Parmar", "Polosukhin"]
    assert paper.venue is not None
    assert paper.venue.acronym == "NeurIPS"
    assert paper.year == 2017
    assert paper.abstract is not None
    assert paper.abstract.count("\n\n") == 1
    assert paper.provenance.sources["authors"] == "page"


HEADINGS = """\
# Reading group

## About

We read papers together. Host: the ML club.

## Week 1 — October 5, 2021

### Attention Is All You Need

- **Presenter:** Darius Lam
- **Paper:** https://arxiv.org/abs/1706.03762

Transformers replace recurrence with attention.

## Week 2

**A Simple Framework for Contrastive Learning of Visual Representations**
Presented by: Ada Lovelace

Discussion Leader: Nobody

## Contact

Write to us.
"""


def test_markdown_headings_bold_titles_and_an_orphan_leader() -> None:
    report = read_page_report(HEADINGS)
    group = report.group
    assert group.name == "Reading group"
    first, second = group.sessions
    assert (first.label, first.date, first.leaders) == (
        "Week 1",
        dt.date(2021, 10, 5),
        ("Darius Lam",),
    )
    assert first.papers[0].arxiv_id == "1706.03762"
    assert first.papers[0].abstract == "Transformers replace recurrence with attention."
    assert (second.label, second.leaders) == ("Week 2", ("Ada Lovelace",))
    assert second.papers[0].venue is None
    (problem,) = report.problems
    assert problem.line == 21
    assert "Discussion Leader: Nobody" in problem.message


HTML_TABLE = """\
<html><head><title>Robotics Reading Group</title><script>var x = "<p>Fake (ICML 2020)</p>";</script>
<style>p { color: red }</style></head>
<body>
<table>
  <tr><th>Date</th><th>Presenter(s)</th><th>Paper</th></tr>
  <tr><td>2021-10-05</td><td>A, B &amp; C</td>
      <td><a href="https://doi.org/10.1109/CVPR.2016.90">Deep Residual Learning for Image
      Recognition</a> (CVPR 2016)</td></tr>
  <tr><td>Week 2</td><td>Ada</td><td>Attention is All You Need (NIPS 2017)</td></tr>
</table>
<ul>
  <li>Generative Adversarial Nets (NIPS 2014), presented by Ian</li>
  <li>About us</li>
</ul>
</body></html>
"""


def test_html_tables_and_lists() -> None:
    group = read_page(HTML_TABLE)
    assert group.name == "Robotics Reading Group"
    assert [p.title for p in group.papers] == [
        "Deep Residual Learning for Image Recognition",
        "Attention is All You Need",
        "Generative Adversarial Nets",
    ]
    assert group.sessions[0].leaders == ("A", "B", "C")
    assert group.sessions[0].date == dt.date(2021, 10, 5)
    assert group.papers[0].doi == "10.1109/cvpr.2016.90"
    assert group.sessions[1].label == "Week 2"
    assert group.sessions[2].leaders == ("Ian",)
    assert "Fake" not in group.model_dump_json()


def test_unknown_venue_is_kept_as_written() -> None:
    group = read_page(
        "Some Blog Post About Transformers (Distillery Review 2020)\nPresenter: Ada\n"
    )
    venue = group.papers[0].venue
    assert venue is not None
    assert venue.raw == "Distillery Review 2020"
    assert group.papers[0].year == 2020


def test_title_with_a_year_but_nothing_else_is_reported() -> None:
    report = read_page_report(
        "Attention is All You Need (NIPS 2017)\n\nPresenter: Ada\n\n"
        "We met in person for the first time (Fall 2021)\n\nIt was fun.\n"
    )
    assert len(report.group.sessions) == 1
    (problem,) = report.problems
    assert problem.line == 5
    assert "looks like a paper title" in problem.message


# ------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Welcome to our reading group! We meet on Tuesdays.\n\nWrite to us to join.",
        "top of page\n\nbottom of page",
        "# Reading group\n\n## About\n\nWe read papers.",
    ],
)
def test_page_without_sessions(text: str) -> None:
    with pytest.raises(ParseError, match="no recognizable session"):
        read_page(text)


def test_page_with_only_broken_entries_says_where() -> None:
    with pytest.raises(ParseError, match="line 1") as caught:
        read_page("Discussion Leader: Darius Lam\n\nSome prose.\n")
    assert caught.value.line == 1


def test_missing_binary_and_unknown_inputs(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        read_page("does-not-exist.txt")
    with pytest.raises(ParseError, match="cannot read"):
        read_page(tmp_path / "absent.md")
    with pytest.raises(ParseError, match="cannot read"):
        read_page(tmp_path)
    binary = tmp_path / "page.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04")
    with pytest.raises(ParseError, match="not a text file"):
        read_page(binary)
    with pytest.raises(ParseError, match="unknown page format 'pdf'"):
        read_page(EXAMPLES / "reading-group.txt", format="pdf")


def test_windows_1252_file_is_read(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes("Caf\u00e9 Networks (ICML 2020)\r\nPresenter: Jos\u00e9\r\n".encode("cp1252"))
    group = read_page(page)
    assert group.papers[0].title == "Caf\u00e9 Networks"
    assert group.sessions[0].leaders == ("Jos\u00e9",)


def test_what_paperkit_exports_reads_back() -> None:
    group = read_page(EXAMPLES / "reading-group.md")
    first = group.sessions[0].model_copy(
        update={
            "date": dt.date(2021, 10, 5),
            "leaders": ("Ada Lovelace", "Alan Turing"),
            "notes": "Room 101",
        }
    )
    group = group.model_copy(update={"sessions": (first, *group.sessions[1:])})
    back = read_page_report(to_markdown(group))
    assert back.problems == ()

    def shape(group: ReadingGroup) -> list[tuple[object, ...]]:
        return [
            (s.leaders, s.date, s.notes, p.title, p.year, p.arxiv_id, p.abstract)
            + ((p.venue.acronym, p.venue.year, p.venue.kind) if p.venue else ())
            for s in group.sessions
            for p in s.papers
        ]

    assert shape(back.group) == shape(group)


def test_escaped_parentheses_are_text_not_a_venue() -> None:
    group = read_page(
        "### Deep Learning \\(the Book\\) (ICML 2020)\n\n**Presenter:** Ada \\(guest\\)\n\n"
        "### Plain \\(really\\)\n\nPresenter: Alan\n",
        format="markdown",
    )
    first, second = group.papers
    assert first.title == "Deep Learning (the Book)"
    assert first.venue is not None
    assert first.venue.acronym == "ICML"
    assert group.sessions[0].leaders == ("Ada (guest)",)
    assert second.title == "Plain (really)"
    assert second.venue is None


def test_html_definition_list_reads_as_fields() -> None:
    group = read_page(
        "<h2>Attention is All You Need (NIPS 2017)</h2>"
        "<dl><dt>Presenter</dt><dd>Ada Lovelace</dd><dt>Date</dt><dd>Oct 5, 2021</dd></dl>"
        "<p>We read the Transformer paper.</p>"
    )
    (session,) = group.sessions
    assert session.leaders == ("Ada Lovelace",)
    assert session.date == dt.date(2021, 10, 5)
    assert session.papers[0].abstract == "We read the Transformer paper."
