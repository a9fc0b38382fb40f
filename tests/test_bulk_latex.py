"""The snapshot reader's fast text handling: TeX accents checked against pylatexenc, and the
quick path for plain text against the full one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from paperkit._latex import decode_accents
from paperkit.bulk import _records

ORACLE = LatexNodes2Text(math_mode="verbatim")

CASES = [
    ('Schr\\"odinger', "Schrödinger"),
    ("Erd\\H{o}s", "Erdős"),
    ('{\\"o}', "ö"),
    ('\\"{o}', "ö"),
    ("Stra\\ss e", "Straße"),
    ("{\\ss}", "ß"),
    ("\\c{c}a", "ça"),
    ("G\\'{e}rard \\'Eric", "Gérard Éric"),
    ("\\o ystein", "øystein"),
    ("Bj\\o rn", "Bjørn"),
    ("\\'{\\i}", "í"),
    ("Pe\\~na", "Peña"),
    ("\\v Sechtman", "Šechtman"),
    ("\\l{}\\'od\\'z", "łódź"),
    ('{\\AA}ngstr{\\"o}m', "Ångström"),
    ("Nov\\'ak and Dvo\\v{r}\\'ak", "Novák and Dvořák"),
]


@pytest.mark.parametrize(("tex", "unicode"), CASES)
def test_accents_become_unicode(tex: str, unicode: str) -> None:
    assert decode_accents(tex) == unicode


@pytest.mark.parametrize(("tex", "unicode"), CASES)
def test_the_same_as_pylatexenc(tex: str, unicode: str) -> None:
    assert decode_accents(tex) == ORACLE.latex_to_text(tex)


@pytest.mark.parametrize(
    "text",
    [
        "Attention Is All You Need",
        "On $\\alpha$-stable processes with $\\'a$ in math",
        "\\textbf{bold} and \\cite{x} and \\url{y}",
        '{Schr\\"o}',  # a group around more than the accent keeps its braces
        "\\omega and \\it and \\oe{}",
    ],
)
def test_everything_else_is_left_as_written(text: str) -> None:
    decoded = decode_accents(text)
    assert "$\\alpha$" in decoded or "$" not in text
    assert ("\\textbf{bold}" in decoded) == ("\\textbf{bold}" in text)
    assert ("\\omega" in decoded) == ("\\omega" in text)
    if "\\" not in text:
        assert decoded is text


# the white space the snapshot's text holds, and characters that look like it but are not
_PIECES = (
    *(" ", " ", "\n", "\n  ", "\n\t", "\t", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u2003"),
    *("\\", '\\"o', "{", "}", "$", "a", "B", "7", ".", "é", "\x7f", "\x00"),
)
_FIELD_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_FIELD_TEXT)
def test_the_quick_path_for_plain_text_collapses_as_the_full_one(text: str) -> None:
    """`_plain` serves most titles and abstracts; where it answers, it answers right."""
    plain = _records._plain(text)
    full = " ".join(decode_accents(text).split())
    assert _records._clean(text) == full
    if plain is not None:
        assert plain == full
        # and no paragraph break was flattened with the line breaks
        assert _records._PARAGRAPH.search(text.strip()) is None
        assert _records._abstract(text) == (full or None)
