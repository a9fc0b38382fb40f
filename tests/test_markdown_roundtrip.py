"""Property tests: `read_page(to_markdown(group))` gives back the same sessions, for any text.

What the Markdown carries (the writer's module docstring says the same): the group's name; per
session its title, date, label, leaders and notes (line by line); per paper its title, venue
(acronym, year and kind of a venue paperkit knows; the year alone when there is none), authors'
names, abstract (paragraph by paragraph), arXiv id, DOI, landing page (when there is no DOI) and
PDF link (arXiv's when the paper has none of its own). Every line's white space is collapsed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from paperkit import Author, Paper, ReadingGroup, Session, Venue, read_page_report, to_markdown
from paperkit.venues import normalize_venue

# what means something to Markdown, HTML or the page's own shape, drawn far more often than chance
_TRICKY = st.sampled_from(
    [
        *"<>&*_[]()#\\`|!:;,.-+=~{}\"' \n\t",
        "- ",
        "1. ",
        "> ",
        "---",
        "### ",
        "Discussion Leader: ",
        "Discussion Leaders: ",
        "Notes: ",
        "Date: ",
        "Session: ",
        "Authors: ",
        "Links: ",
        "\n\n",
        " and ",
        ", ",
        "&amp;",
        "&lt",
        "&#97;",
        "&copy",
        "<!-- paperkit:spotlights -->",
        "(NeurIPS 2017)",
        "[arXiv](https://arxiv.org/abs/1706.03762)",
        "2021-10-05",
        "Week 3",
        "\ue000",
        "\u2028",
        "é",
        "Ł",
        "\u0301",
    ]
)
_CHARS = st.one_of(_TRICKY, st.characters(exclude_categories=["Cs"]))
_TEXT = st.lists(_CHARS, min_size=1, max_size=12).map("".join).filter(lambda t: bool(t.split()))
_VENUES = st.sampled_from(
    [
        "NeurIPS 2017",
        "ICML 2020",
        "arXiv 2021",
        "ICLR 2019",
        "USENIX Security 2019",
        "NIPS 2016",
        "CVPR 2022",
    ]
)
_URLS = st.sampled_from(
    ["https://example.org/paper", "http://example.com/a_b?q=1&r=2", "https://x.org/p%281%29"]
)
_PDFS = st.sampled_from(["https://example.org/paper.pdf", "https://x.org/download?id=3"])
# ids valid by arXiv's rules (parse_id's and the model's): YYMM.NNNNN since 2015, and
# archive/YYMMNNN from 1991 to March 2007
_NEW_IDS = st.builds(
    "{:02d}{:02d}.{:05d}".format,
    st.integers(15, 26),
    st.integers(1, 12),
    st.integers(1, 99_999),
)
_OLD_IDS = st.builds(
    "{}/{:02d}{:02d}{:03d}".format,
    st.sampled_from(["hep-th", "math", "cs", "astro-ph", "cond-mat", "quant-ph"]),
    st.sampled_from([92, 95, 99, 0, 3, 6]),
    st.integers(1, 12),
    st.integers(1, 999),
)
_ARXIV_IDS = _NEW_IDS | _OLD_IDS
_DOIS = st.builds(
    lambda prefix, suffix: f"10.{prefix}/{suffix}",
    st.from_regex(r"[0-9]{4,9}", fullmatch=True),
    st.lists(st.one_of(st.sampled_from([*"()<>#%?&;/_-."]), st.characters()), min_size=1).map(
        "".join
    ),
).filter(lambda doi: not re.search(r"[\s\x00-\x1f\x7f\ud800-\udfff]", doi))


def _is_name(text: str) -> bool:
    try:
        Author(name=text)
    except ValidationError:  # e.g. "," alone: no name is left
        return False
    return True


_NAMES = _TEXT.filter(_is_name)


@st.composite
def _papers(draw: st.DrawFn) -> Paper:
    venue_text = draw(st.none() | _VENUES)
    venue = normalize_venue(venue_text) if venue_text else None
    year = venue.year if venue else draw(st.none() | st.integers(1950, 2100))
    abstract = "\n\n".join(draw(st.lists(_TEXT, max_size=3)))
    return Paper(
        title=draw(_TEXT),
        authors=tuple(Author(name=name) for name in draw(st.lists(_NAMES, max_size=3))),
        abstract=abstract or None,
        year=year,
        venue=venue,
        arxiv_id=draw(st.none() | _ARXIV_IDS),
        doi=draw(st.none() | _DOIS),
        url=draw(st.none() | _URLS),
        pdf_url=draw(st.none() | _PDFS),
    )


_SESSIONS = st.builds(
    Session,
    papers=st.lists(_papers(), min_size=1, max_size=3).map(tuple),
    leaders=st.lists(_TEXT, max_size=3).map(tuple),
    date=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    label=st.none() | _TEXT,
    title=st.none() | _TEXT,
    notes=st.none() | _TEXT,
)
_GROUPS = st.builds(
    ReadingGroup,
    name=st.none() | _TEXT,
    sessions=st.lists(_SESSIONS, min_size=1, max_size=3).map(tuple),
)


def _line(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line for line in map(_line, (text or "").splitlines()) if line)


def _paragraphs(text: str | None) -> tuple[str, ...]:
    return tuple(p for p in map(_line, re.split(r"\n\s*\n", text or "")) if p)


def _carried_paper(paper: Paper) -> tuple[Hashable, ...]:
    venue = paper.venue
    abs_url = f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None
    arxiv_pdf = f"https://arxiv.org/pdf/{paper.arxiv_id}" if paper.arxiv_id else None
    return (
        paper.title,
        (venue.acronym, venue.year, venue.kind) if venue else None,
        paper.year,
        # a name is read as an Author is built from it
        tuple(Author(name=author.name).name for author in paper.authors),
        _paragraphs(paper.abstract),
        paper.arxiv_id,
        paper.doi,
        None if paper.doi or paper.url == abs_url else paper.url,
        paper.pdf_url or arxiv_pdf,
    )


def _carried(group: ReadingGroup) -> tuple[Hashable, ...]:
    sessions = tuple(
        (
            _line(session.title),
            session.date,
            _line(session.label),
            session.leaders,
            _lines(session.notes),
            tuple(_carried_paper(paper) for paper in session.papers),
        )
        for session in group.sessions
    )
    return (_line(group.name), sessions)


_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_GROUPS)
def test_read_page_gives_back_the_same_sessions(group: ReadingGroup) -> None:
    page = to_markdown(group)
    report = read_page_report(page, format="markdown")
    assert report.problems == ()
    assert _carried(report.group) == _carried(group)
    # and what was read writes the very same page
    assert to_markdown(report.group) == page


def test_a_page_without_the_marker_is_read_as_any_page() -> None:
    group = ReadingGroup(
        sessions=(
            Session(
                papers=(Paper(title="Attention Is All You Need", year=2017),),
                leaders=("Ada",),
            ),
        )
    )
    page = to_markdown(group).replace("<!-- paperkit:spotlights -->\n", "")
    (session,) = read_page_report(page, format="markdown").group.sessions
    assert session.papers[0].title == "Attention Is All You Need"
    assert session.leaders == ("Ada",)


def test_a_multi_paper_session_with_title_label_and_notes() -> None:
    first = Paper(title="Attention Is All You Need", venue=normalize_venue("NIPS 2017"), year=2017)
    second = Paper(title="BERT", venue=Venue(acronym="arXiv", year=2018), year=2018)
    session = Session(
        papers=(first, second),
        leaders=("Ada Lovelace", "Simon and Garfunkel", "King, Jr."),
        date=dt.date(2021, 10, 5),
        label="Week 3",
        title="Transformers <week>",
        notes="Room 5\nBring laptops",
    )
    page = to_markdown(ReadingGroup(name="ML & Friends", sessions=(session, session)))
    assert page.count("\n---\n") == 1
    assert "Session: Transformers &lt;week\\>\n" in page
    assert "Date: 2021-10-05 (Week 3)\n" in page
    assert "Discussion Leaders: Ada Lovelace, Simon &#97;nd Garfunkel and King\\, Jr.\n" in page
    # the notes come after the session's last paper
    assert "BERT (arXiv 2018)\n\nNotes: Room 5\n\nNotes: Bring laptops\n\n---\n" in page
    back = read_page_report(page, format="markdown").group
    assert back.name == "ML & Friends"
    assert len(back.sessions) == 2
    read = back.sessions[0]
    assert (read.title, read.date, read.label, read.leaders, read.notes) == (
        session.title,
        session.date,
        session.label,
        session.leaders,
        session.notes,
    )
    assert [p.title for p in read.papers] == ["Attention Is All You Need", "BERT"]


@_SETTINGS
@given(_GROUPS)
def test_no_text_can_inject_html_or_break_the_layout(group: ReadingGroup) -> None:
    python_markdown = pytest.importorskip("markdown")
    html: str = python_markdown.markdown(to_markdown(group))
    tags = set(re.findall(r"<(/?[A-Za-z][\w-]*)", html))
    assert tags <= {"h1", "/h1", "h2", "/h2", "h3", "/h3", "p", "/p", "a", "/a", "hr"}
    assert html.count("<h3>") == len(group.papers)
    assert html.count("<hr") == len(group.sessions) - 1
    links = re.findall(r'<a href="([^"]*)"', html)
    assert all(link.startswith(("https://", "http://")) for link in links)
