"""Unicode <-> LaTeX for BibTeX fields: encoded once on export, decoded once on import.

Every character that means something to TeX or to BibTeX's brace counting is written as a command
that needs no braces of its own (``{`` becomes ``\\textbraceleft{}``), so no title, name or
abstract can unbalance an entry. Non-ASCII characters go through pylatexenc, each replacement in
its own group (``{\\"o}``), which is what BibTeX needs to sort and change case correctly. A
character pylatexenc cannot write in a way that reads back to the same character stays as UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import UnicodeToLatexEncoder

__all__ = ["decode", "encode", "encode_title", "strip_controls"]

# BibTeX counts every brace, escaped or not, so braces are written as commands.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # OT1 fonts print these three as other glyphs (¡ ¿ —)
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # bibtexparser takes "@" followed by "{" for the start of a new entry, even inside a value
    "@": "{@}",
}
_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=True,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
_TEXT_COMMANDS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
}


def _decoder() -> LatexNodes2Text:
    # pylatexenc drops or approximates these text commands; read them back exactly
    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, text) for name, text in _TEXT_COMMANDS.items()]
    context.add_context_category("paperkit", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_comments=False)


_DECODER = _decoder()
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_HYPHEN_SPLIT = re.compile(r"(-)")
_DOUBLE_HYPHEN = re.compile(r"-(?=-)")
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def strip_controls(text: str) -> str:
    """Drop control characters (other than white space), which no TeX engine accepts."""
    return "".join(
        ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


@lru_cache(maxsize=4096)
def _non_ascii(ch: str) -> str:
    latex: str = _ENCODER.unicode_to_latex(ch)
    # keep the character itself when its LaTeX form would not read back to it
    return latex if latex != ch and decode(latex) == ch else ch


# TeX ligatures that would turn two typed characters into one (-- is an en dash, `` a quote)
_LIGATURES = frozenset({("-", "-"), ("`", "`"), ("'", "'"), ("!", "`"), ("?", "`")})


def encode(text: str, *, unicode: bool = False, ligatures: bool = False) -> str:
    """Encode plain Unicode text as LaTeX that is safe inside a braced BibTeX field.

    Args:
        text: Plain text, never LaTeX.
        unicode: Keep non-ASCII characters as UTF-8 (for biber) instead of LaTeX commands;
            without it the text is first composed (Unicode NFC), so it reads back composed.
        ligatures: Let TeX join ``--`` into a dash (for page ranges); by default two typed
            hyphens stay two hyphens.

    Returns:
        The LaTeX text; its braces are always balanced.
    """
    out: list[str] = []
    previous = ""
    if not unicode:
        # "e" + combining acute has no LaTeX form, but its composed "é" has: {\'e}
        text = unicodedata.normalize("NFC", text)
    for ch in strip_controls(text):
        if not ligatures and (previous, ch) in _LIGATURES:
            out.append("{}")
        if ch in _SPECIALS:
            out.append(_SPECIALS[ch])
        elif ch.isascii() or unicode:
            out.append(ch)
        else:
            out.append(_non_ascii(ch))
        previous = ch
    return "".join(out)


def _needs_protection(part: str) -> bool:
    # a capital after the first letter (BERT, SimCLR, 3D, ImageNet) would be lower-cased by styles
    return any(ch.isupper() for ch in part[1:])


def _protect_word(word: str, unicode: bool) -> str:
    lead, core, trail = _WORD.match(word).groups()  # type: ignore[union-attr]
    pieces = _HYPHEN_SPLIT.split(core)
    parts, seps = pieces[0::2], pieces[1::2]
    flags = [_needs_protection(p) for p in parts]
    out: list[str] = [encode(lead, unicode=unicode)]
    index = 0
    while index < len(parts):
        if not flags[index]:
            out.append(encode(parts[index], unicode=unicode))
            if index < len(seps):
                out.append(seps[index])
            index += 1
            continue
        # a run of protected parts joined by hyphens is one group: {CT-GAN}, but {GPT}-4
        end = index
        while end + 1 < len(parts) and flags[end + 1]:
            end += 1
        run = "".join(parts[i] + (seps[i] if i < end else "") for i in range(index, end + 1))
        out.append("{" + encode(run, unicode=unicode) + "}")
        if end < len(seps):
            out.append(seps[end])
        index = end + 1
    out.append(encode(trail, unicode=unicode))
    # hyphens between parts were kept as they are; break the -- ligature there too
    return _DOUBLE_HYPHEN.sub("-{}", "".join(out))


def encode_title(title: str, *, unicode: bool = False, protect: str = "auto") -> str:
    """Encode a title, protecting capitals from bibliography styles that change case.

    Args:
        title: The title as plain Unicode text.
        unicode: Keep non-ASCII characters as UTF-8.
        protect: "auto" braces only words with capitals after their first letter
            (``{BERT}``, ``{GPT}-4``, ``{CT-GAN}``); "all" braces the whole title; "none"
            braces nothing.

    Returns:
        The LaTeX title.
    """
    if protect == "none":
        return encode(title, unicode=unicode)
    if protect == "all":
        return "{" + encode(title, unicode=unicode) + "}"
    if not unicode:
        title = unicodedata.normalize("NFC", title)
    words = re.split(r"(\s+)", strip_controls(title))
    return "".join(w if not w or w.isspace() else _protect_word(w, unicode) for w in words)


_BRACE = re.compile(r"[{}]")


def decode(latex: str) -> str:
    """Decode LaTeX text from a BibTeX field into plain Unicode.

    Braces used for protection disappear, accents and escaped characters become Unicode, and
    math is written as text. A bare ``%``, which BibTeX keeps, is read as a percent sign.

    Args:
        latex: The field's value without its enclosing braces or quotes.

    Returns:
        Plain text with runs of spaces collapsed (line breaks are kept).
    """
    try:
        text: str = _DECODER.latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", latex))
    except RecursionError:
        # pylatexenc recurses once per brace level; absurdly deep nesting keeps its text unbraced
        return _BRACE.sub("", latex)
    return text
