"""Property: whatever text it is given, `read_page` returns sessions or raises `ParseError`."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkit import ParseError, ReadingGroup
from paperkit.ingest import read_page

# pieces of real pages, so the generator reaches deep into the parsers instead of only into prose
_PIECES = [
    "Attention is All You Need (NIPS 2017)",
    "(ICML 2020)",
    "Discussion Leader: ",
    "Discussion Leaders: A and B",
    "Presented by ",
    "Date: ",
    "Oct 5, 2021",
    "2021-02-30",
    "Week 3",
    "Title: ",
    "Authors: ",
    "Abstract:",
    "# ",
    "### ",
    "**",
    "- ",
    "| Date | Leader | Topic |",
    "|---|---|---|",
    "| ",
    "<p>",
    "</p>",
    "<table><tr><th>Paper</th></tr><tr><td>",
    "<li>",
    "<script>",
    "<h2>",
    "[arXiv](https://arxiv.org/abs/1706.03762)",
    "https://doi.org/10.1000/x",
    "top of page",
    "(",
    ")",
    ":",
    "\n",
    "\n\n",
    "---",
    "```",
    "\x00",
]

_pages = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=20)), max_size=40).map(
    "".join
)


def _check(text: str, format: str | None) -> None:
    try:
        group = read_page(text, format=format)
    except ParseError:
        return
    assert isinstance(group, ReadingGroup)
    assert group.sessions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_pages, format=st.sampled_from([None, "text", "markdown", "html"]))
def test_read_page_raises_only_parse_error(text: str, format: str | None) -> None:
    _check(text, format)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_read_page_on_arbitrary_unicode(text: str) -> None:
    _check(text, None)
