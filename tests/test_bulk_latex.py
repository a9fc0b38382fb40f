"""The fast TeX accent decoder of the snapshot reader, checked against pylatexenc."""

from __future__ import annotations

import pytest
from pylatexenc.latex2text import LatexNodes2Text

from paperkit._latex import decode_accents

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
