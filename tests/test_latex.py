"""The shared LaTeX reader and writer: fast paths checked against the slow, obvious versions."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from paperkit._latex import decode, encode, strip_controls


def _oracle() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    commands = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textbar": "|"}
    commands |= {"textasciitilde": "~", "textasciicircum": "^", "textless": "<", "textgreater": ">"}
    macros = [MacroTextSpec(name, text) for name, text in commands.items()]
    context.add_context_category("test", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_comments=False)


ORACLE = _oracle()
# the pieces the fast reader knows, next to ones it must leave to pylatexenc
PIECES = [
    *('\\"', "\\'", "\\`", "\\^", "\\~", "\\=", "\\.", "\\u", "\\v", "\\H", "\\c", "\\k", "\\r"),
    *("\\d", "\\t", "\\ss", "\\o", "\\O", "\\aa", "\\AE", "\\oe", "\\l", "\\i", "\\j", "\\ij"),
    *("\\textbackslash", "\\textbraceleft", "\\textbar", "\\textless", "\\alpha", "\\textbf"),
    *("\\&", "\\%", "\\$", "\\#", "\\_", "\\{", "\\}", "\\\\", "\\ ", "{", "}", "{}", " ", "  "),
    *("\t", "\n", "\n\n", "o", "e", "i", "ab", "-", "--", "`", "'", "!", "?", "%", "$", "&", "~"),
    *("^", "_", "#", "é", "\u00a0", "@", "1"),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_decode_reads_as_pylatexenc_does(latex: str) -> None:
    assert decode(latex) == ORACLE.latex_to_text(re.sub(r"(?<!\\)%", r"\\%", latex))


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ('Schr{\\"o}dinger \\& {BERT}', "Schrödinger & BERT"),
        ("\\o ystein and Stra\\ss e", "øystein and Straße"),
        ("\\v Sechtman, Erd\\H{o}s, \\'{\\i}", "Šechtman, Erdős, í"),
        ("\\textbackslash{}x \\textless{}b\\textgreater{}", "\\x <b>"),
        ("50% of $x_1$ -- y", "50% of x_1 – y"),  # math and ligatures: pylatexenc's part
        ("1-{}-2 and {@}", "1--2 and @"),
    ],
)
def test_decode(latex: str, text: str) -> None:
    assert decode(latex) == text


def test_deep_nesting_with_macros_drops_the_braces() -> None:
    depth = 5_000
    assert decode("{" * depth + "\\alpha x" + "}" * depth) == "\\alpha x"


def _slow_encode(text: str, unicode: bool, ligatures: bool) -> str:
    # the definition, one character at a time
    pairs = {("-", "-"), ("`", "`"), ("'", "'"), ("!", "`"), ("?", "`")}
    if not unicode:
        text = unicodedata.normalize("NFC", text)
    out, previous = [], ""
    for ch in strip_controls(text):
        if not ligatures and (previous, ch) in pairs:
            out.append("{}")
        out.append(encode(ch, unicode=unicode, ligatures=True))
        previous = ch
    return "".join(out)


TEXT = st.text(
    st.one_of(
        st.sampled_from(list("\\{}&%$#_~^<>|@-`'!? aZ\t\n\r\x00\x7féøŁß—“”´αe\u0301\ud800")),
        st.characters(),
    ),
    max_size=20,
)


@settings(max_examples=1000, deadline=None)
@given(TEXT, st.booleans(), st.booleans())
def test_encode_is_the_character_by_character_encoding(
    text: str, unicode: bool, ligatures: bool
) -> None:
    encoded = encode(text, unicode=unicode, ligatures=ligatures)
    assert encoded == _slow_encode(text, unicode, ligatures)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_encoded_text_reads_back(text: str) -> None:
    expected = unicodedata.normalize("NFC", strip_controls(text))
    assert decode(encode(text)) == expected


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Attention Is All You Need", "Attention Is All You Need"),
        ("50% & {x} -- `y'' @z", "50\\% \\& \\textbraceleft{}x\\textbraceright{} -{}- `y'{}' {@}z"),
        ("Łukasz Kaiser, Zoë", '{\\L}ukasz Kaiser, Zo{\\"e}'),
        ("bell\x07\ud800", "bell"),
    ],
)
def test_encode(text: str, latex: str) -> None:
    assert encode(text) == latex


def test_encode_keeps_utf8_when_asked() -> None:
    assert encode("Zoë & Łukasz", unicode=True) == "Zoë \\& Łukasz"


def test_strip_controls_keeps_white_space() -> None:
    every = "".join(map(chr, range(0x110000)))
    kept = strip_controls(every)
    dropped = set(every) - set(kept)
    assert dropped == {c for c in every if unicodedata.category(c) in ("Cc", "Cs")} - set("\t\n\r")
