"""Markdown spotlights: the user's page shape, escaped text, and read_page reading it back."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from export_samples import ATTENTION, GROUP, HOSTILE, LAMPORT, SAFETY
from paperkit import Author, ExportError, Paper, ReadingGroup, Session, to_markdown
from paperkit.export.markdown import MARKER, unescape


def test_shape_of_the_users_page() -> None:
    text = to_markdown(GROUP)
    assert text.startswith("# ML Reading Group\n\n## Paper Spotlight\n\n")
    assert "### Attention Is All You Need (NeurIPS 2017)\n\nDiscussion Leader: Darius Lam\n" in text
    assert "### Unsolved Problems in ML Safety (arXiv 2021)\n" in text
    assert "### CT\\-GAN: Malicious" not in text  # a hyphen inside a line is left alone
    assert text.count("\n---\n") == 4
    assert "Links: [arXiv](https://arxiv.org/abs/1706.03762) · [Paper](https://proceedings" in text
    assert "[PDF](https://arxiv.org/pdf/1706.03762v7)" in text
    # the abstract keeps its paragraphs
    assert "black market.\n\nIn this paper" in text


def test_session_lines() -> None:
    session = Session(
        papers=(LAMPORT,),
        leaders=("Ada Lovelace", "Alan Turing", "Grace Hopper"),
        date=dt.date(2021, 10, 5),
        notes="Room 5",
    )
    text = to_markdown(session)
    assert (
        "Date: 2021-10-05\n\nDiscussion Leaders: Ada Lovelace, Alan Turing and Grace Hopper" in text
    )
    assert "Links: [DOI](https://doi.org/10.1145/2736348)" in text
    assert text.endswith(f"Notes: Room 5\n\n{MARKER}\n")
    assert "Date: Week 3" in to_markdown(Session(papers=(SAFETY,), label="Week 3"))


def _html(text: str) -> str:
    python_markdown = pytest.importorskip("markdown")
    rendered: str = python_markdown.markdown(text)
    return rendered


def test_hostile_text_cannot_inject_html_or_break_the_layout() -> None:
    evil = Paper(
        title="Evil (NeurIPS 2017) <img src=x onerror=alert(1)> [x](javascript:alert(1)) # end",
        authors=(Author(name="<b>Bold</b> *Star*"),),
        abstract=(
            "<script>alert(1)</script> &lt;b&gt; ok\n\n# Heading\n\n- item\n\n1. item\n\n"
            "> quote\n\n---\n\n| a | b |\n\n```\ncode\n```\n\nDiscussion Leader: Mallory"
        ),
        pdf_url="javascript:alert(1)",
        url="javascript:alert(2)",
    )
    text = to_markdown(Session(papers=(evil,), leaders=("Eve <script>",)))
    html = _html(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html.replace("javascript:alert(1)) # end", "")
    assert "<b>" not in html
    # one heading for the paper and one for the page, no list, quote, rule, table or code
    assert re.findall(r"<h\d>", html) == ["<h2>", "<h3>"]
    for tag in ("<ul>", "<ol>", "<blockquote>", "<hr", "<table>", "<pre>", "<em>"):
        assert tag not in html, tag
    # the venue in parentheses is only ever the last group of the heading line
    heading = next(line for line in text.splitlines() if line.startswith("### "))
    assert heading.endswith("\\# end")


def test_escaping_reverses() -> None:
    text = to_markdown(Session(papers=(HOSTILE,)))
    paragraphs = text.split("\n\n")
    links = next(i for i, p in enumerate(paragraphs) if p.startswith("Links:"))
    abstract = [unescape(p) for p in paragraphs[links + 1 : -1]]  # the marker is last
    assert "\n\n".join(abstract).rstrip("\n") == HOSTILE.abstract
    heading = next(p for p in paragraphs if p.startswith("### "))
    assert unescape(heading[4:]) == HOSTILE.title + " (Workshop on Hostile Inputs 2024)"


def test_read_page_gives_back_the_same_sessions() -> None:
    ingest = pytest.importorskip("paperkit.ingest")
    dated = GROUP.model_copy(
        update={
            "sessions": tuple(
                s.model_copy(update={"date": dt.date(2021, 10, 5) + dt.timedelta(weeks=i)})
                for i, s in enumerate(GROUP.sessions)
            )
        }
    )
    for group in (GROUP, dated):
        back: ReadingGroup = ingest.read_page(to_markdown(group), format="markdown")
        assert back.name == group.name
        assert len(back.sessions) == len(group.sessions)
        for original, read in zip(group.sessions, back.sessions, strict=True):
            assert read.leaders == original.leaders
            assert read.date == original.date
            (paper,) = read.papers
            (expected,) = original.papers
            assert paper.title == expected.title
            assert paper.abstract == expected.abstract
            assert paper.year == expected.year
            assert paper.venue is not None
            assert expected.venue is not None
            assert (paper.venue.acronym, paper.venue.kind) == (
                expected.venue.acronym,
                expected.venue.kind,
            )


def test_paper_without_venue_or_links() -> None:
    text = to_markdown([Session(papers=(Paper(title="Plain (really)"),))])
    assert "### Plain \\(really\\)\n" in text
    assert "Links:" not in text
    assert to_markdown(Session(papers=(ATTENTION,))).startswith("## Paper Spotlight\n")


def test_papers_are_written_as_sessions_of_their_own() -> None:
    text = to_markdown([ATTENTION, SAFETY])
    assert text.count("### ") == 2
    assert text.count("\n---\n") == 1
    assert "Discussion Leader" not in text
    assert to_markdown(ATTENTION) == to_markdown(Session(papers=(ATTENTION,)))


def test_bad_input_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="'int'"):
        to_markdown(3)  # type: ignore[arg-type]
