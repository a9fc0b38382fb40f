"""The snapshot reader's fast text handling: TeX accents checked against pylatexenc, and the
quick path for plain text against the full one."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from paperkit import _latex
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
    assert _records._decode_and_collapse(text) == full
    if plain is not None:
        assert plain == full
        # and no paragraph break was flattened with the line breaks
        assert _records._PARAGRAPH.search(text.strip()) is None
        assert _records._abstract(text) == (full or None)


def _abstract_in_one_pass(text: str) -> str | None:
    """Paragraph breaks marked, the whole decoded and collapsed, then split at the marks."""
    marked = _records._PARAGRAPH.sub("\x00", text.strip())
    paragraphs = " ".join(decode_accents(marked).split()).split("\x00")
    return "\n\n".join(p.strip() for p in paragraphs if p.strip()) or None


@given(st.lists(st.sampled_from([p for p in _PIECES if p != "\x00"]), max_size=40).map("".join))
def test_abstracts_read_paragraph_by_paragraph_as_in_one_pass(text: str) -> None:
    """Without TeX, paragraphs are collapsed one by one; the result is the one-pass result."""
    assert _records._abstract(text) == _abstract_in_one_pass(text)


# plain words and the ways a paragraph break can sit beside spaces, other breaks and ends
_BREAKS = (
    "word",
    "Word.",
    " ",
    "  ",
    "\n",
    "\n ",
    "\n  ",
    "\n\t",
    " \n  ",
    "\n  \n  ",
    "\t",
    "\x00",
)


@given(st.lists(st.sampled_from(_BREAKS), max_size=30).map("".join))
def test_plain_paragraphs_answer_only_as_paragraph_by_paragraph_would(text: str) -> None:
    """The one-pass quick path for paragraphs gives None or what `_clean` makes of each."""
    stripped = text.strip()
    plain = _records._plain_paragraphs(stripped)
    by_paragraph = [_records._clean(p) for p in _records._PARAGRAPH.split(stripped)]
    if plain is not None:
        assert plain == "\n\n".join(p for p in by_paragraph if p)
        assert all(by_paragraph) or not stripped  # no empty paragraph was left out unseen
    if "\x00" not in text:
        assert _records._abstract(text) == _abstract_in_one_pass(text)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("One.\n  Two\nlines.", "One.\n\nTwo lines."),
        ("One.\n\tTwo.\n   Three.", "One.\n\nTwo.\n\nThree."),
        ("One. \n  Two.", None),  # a space ends the first paragraph
        ("One.\n  \n  Two.", None),  # an empty paragraph between
        ("One.\n  Two  words.", None),
        ("One.\n  Tw\u00f6.", None),
        ("One.\n  T\\'wo.", None),
        ("One\x00two.\n  Three.", None),  # NUL is the mark of a break: one already there
    ],
)
def test_plain_paragraphs_cases(text: str, plain: str | None) -> None:
    assert _records._plain_paragraphs(text) == plain


# the patterns as first written, with an optional opening brace that a conditional group closes:
# clearer, but re tries them at every position; `decode_accents` must give what they give
_ACCENT_AS_WRITTEN = re.compile(
    r"(\{)?\\(?:([\"'`^~=.])|([uvHckr])(?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))(?(1)\})"
)
_LETTER_AS_WRITTEN = re.compile(
    r"(\{)?\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?(1)\}|(?:\{\}| )?)"
)


def _decode_as_written(text: str) -> str:
    def accent(m: re.Match[str]) -> str:
        accented = _latex._accented(m[4] or m[5], m[2] or m[3])
        return m[0] if accented is None else accented

    def decode(part: str) -> str:
        part = _ACCENT_AS_WRITTEN.sub(accent, part)
        return _LETTER_AS_WRITTEN.sub(lambda m: _latex._LETTERS[m[2]], part)

    if "\\" not in text:
        return text
    parts = _latex._MATH.split(text)
    return "".join(p if p.startswith("$") and p.endswith("$") else decode(p) for p in parts)


_TEX_PIECES = (
    *("\\", "{", "}", " ", "\n", "\t", "$", '"', "'", "`", "^", "~", "=", ".", "u", "v", "H"),
    *("c", "k", "r", "o", "O", "ss", "aa", "AE", "oe", "l", "L", "i", "j", "e", "Z", "1", "é"),
)


@given(st.lists(st.sampled_from(_TEX_PIECES), max_size=24).map("".join))
def test_accents_decode_as_the_patterns_first_written_did(text: str) -> None:
    assert decode_accents(text) == _decode_as_written(text)
