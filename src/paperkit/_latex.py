"""LaTeX <-> Unicode for the whole package: one decoder, one encoder, one control-character filter.

Decoding: pylatexenc reads every macro but costs about half a millisecond a call, which alone
would cap a snapshot run or a large ``.bib`` import far below its target. Accents, a few
letters, escaped characters and braces cover nearly all the TeX in titles and names, so `decode`
reads those with one regular expression and hands pylatexenc only the text that holds anything
else (math, other macros, ties, ligatures), giving the same result either way.
`decode_accents` is the narrower reader of arXiv metadata: it decodes accents and leaves all other
TeX exactly as written.

Encoding: every character that means something to TeX or to BibTeX's brace counting is written
as a command that needs no braces of its own (``{`` becomes ``\\textbraceleft{}``), so no title,
name or abstract can unbalance an entry. Non-ASCII characters go through pylatexenc, each
replacement in its own group (``{\\"o}``), which is what BibTeX needs to sort and change case
correctly. A character pylatexenc cannot write in a way that reads back to the same character
stays as UTF-8. Encoding works on whole strings (`str.translate`, a few regular expressions), and
plain ASCII text with nothing to escape is returned as it is.
"""

from __future__ import annotations

import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import UnicodeToLatexEncoder

__all__ = ["decode", "decode_accents", "encode", "strip_controls"]

# accent macro -> combining character; NFC then composes "o" + U+0308 into "ö"
_COMBINING = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
# Written as commands by `encode` (BibTeX counts every brace, escaped or not); pylatexenc drops
# or approximates some of them, so both readers are told what they stand for.
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

# ---------------------------------------------------------------------------------------------
# decode_accents: arXiv metadata

# {\"o}, \"{o}, \"o, \H o, \c{c}; a letter accent (\u, \v, \H ...) needs a brace or a space.
# Each pattern is two branches, braced and bare, that begin with "{" and "\\": re then skips to
# those characters, where an optional "(\{)?" would make it try the pattern at every position.
_ACCENTED = r"\\(?:([\"'`^~=.])|([uvHckr])(?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))"
_ACCENT = re.compile(rf"\{{{_ACCENTED}\}}|{_ACCENTED}")
# a control word swallows the one space after it (\o ystein); a braced one ({\o}) does not
_LETTER_NAME = r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])"
_LETTER = re.compile(rf"\{{{_LETTER_NAME}\}}|{_LETTER_NAME}(?:\{{\}}| )?")
_MATH = re.compile(r"(\$[^$]*\$)")


def _accented(base: str, accent: str) -> str | None:
    """`base` under `accent` as composed Unicode; None for a base that is some other macro."""
    if base in ("\\i", "\\j"):
        base = base[1]  # dotless i/j under an accent is just i/j in Unicode
    elif base.startswith("\\"):
        return None
    return unicodedata.normalize("NFC", base + _COMBINING[accent])


def _accent(match: re.Match[str]) -> str:
    # groups 1-4 belong to the braced branch, 5-8 to the bare one
    groups = match.groups()
    mark, letter_accent, braced, bare = groups[:4] if match[0][0] == "{" else groups[4:]
    accented = _accented(braced or bare, mark or letter_accent)
    return match[0] if accented is None else accented


def _letter(match: re.Match[str]) -> str:
    return _LETTERS[match[1] or match[2]]


def _decode_accents_text(text: str) -> str:
    text = _ACCENT.sub(_accent, text)
    return _LETTER.sub(_letter, text)


def decode_accents(text: str) -> str:
    """Replace TeX accent macros outside ``$...$`` math with the Unicode letters they stand for.

    ``Schr\\"odinger`` -> ``Schrödinger``, ``Erd\\H{o}s`` -> ``Erdős``, ``{\\ss}`` -> ``ß``;
    everything else (math, other macros, braces) is left exactly as written. Text without a
    backslash is returned unchanged, at the cost of one ``in`` test.
    """
    if "\\" not in text:
        return text
    if "$" not in text:
        return _decode_accents_text(text)
    parts = _MATH.split(text)
    return "".join(
        p if p.startswith("$") and p.endswith("$") else _decode_accents_text(p) for p in parts
    )


# ---------------------------------------------------------------------------------------------
# decode: BibTeX fields


def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, text) for name, text in _TEXT_COMMANDS.items()]
    context.add_context_category("paperkit", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_comments=False)


_DECODER = _decoder()
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_BRACE = re.compile(r"[{}]")
# what pylatexenc reads as more than plain text (a bare % is read as a percent sign)
_NOT_PLAIN = re.compile(r"[\\{}$&~]|--|``|''|[!?]`")
# A control word swallows the spaces after it, and, as pylatexenc reads it, one line break
# too; the fast reader takes only spaces and tabs and leaves any line break to pylatexenc.
_WORD_END = r"(?:\{\}|[ \t]*+(?!\s))"
_ACCENT_MARKS = re.escape("".join(k for k in _COMBINING if not k.isalpha()))
_ACCENT_LETTERS = "".join(k for k in _COMBINING if k.isalpha())
# a control word's name ends at the first character that is not a letter, in any script
_NAME_END = r"(?![^\W\d_])"
_FAST_TOKEN = re.compile(
    # \"o  \" o  \"{o}  \'\i  \'{\i}  \c c  \c{c}  (a letter accent needs a space or a brace)
    rf"\\(?:([{_ACCENT_MARKS}])|([{_ACCENT_LETTERS}]){_NAME_END})[ \t]*"
    rf"(?:\{{[ \t]*(\\[ij]{_NAME_END}|[A-Za-z])[ \t]*\}}|(\\[ij]{_NAME_END}{_WORD_END}|[A-Za-z]))"
    # \ss, \o{}, \textbackslash{}
    rf"|\\({'|'.join(sorted([*_LETTERS, *_TEXT_COMMANDS], key=len, reverse=True))})"
    rf"{_NAME_END}{_WORD_END}"
    r"|\\([&%$#_{}])"  # escaped characters
    r"|[{}]"  # braces that only group or protect
    r"|(\\|[$&~]|--|``|''|[!?]`)",  # anything else pylatexenc reads as more than text
)
_FAST_LETTERS = {**_LETTERS, **_TEXT_COMMANDS}


class _NeedsFullReader(Exception):
    """The fast reader met TeX it does not read."""


def _fast_token(match: re.Match[str]) -> str:
    accent, letter_accent, braced, bare, word, escaped, other = match.groups()
    if accent or letter_accent:
        accented = _accented((braced or bare).rstrip(" \t{}"), accent or letter_accent)
        if accented is None:
            raise _NeedsFullReader
        return accented
    if word:
        return _FAST_LETTERS[word]
    if escaped:
        return escaped
    if other is not None:
        raise _NeedsFullReader
    return ""  # a brace


def decode(latex: str) -> str:
    """Decode LaTeX text from a BibTeX field into plain Unicode.

    Braces used for protection disappear, accents and escaped characters become Unicode, and
    math is written as text. A bare ``%``, which BibTeX keeps, is read as a percent sign.
    White space is kept as it is, but for the spaces a control word swallows (``\\ss e``).

    Args:
        latex: The field's value without its enclosing braces or quotes.

    Returns:
        Plain text.
    """
    if not _NOT_PLAIN.search(latex):
        return latex
    try:
        return _FAST_TOKEN.sub(_fast_token, latex)
    except _NeedsFullReader:
        pass
    try:
        text: str = _DECODER.latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", latex))
    except RecursionError:
        # pylatexenc recurses once per brace level; absurdly deep nesting keeps its text unbraced
        return _BRACE.sub("", latex)
    return text


# ---------------------------------------------------------------------------------------------
# encode: BibTeX export

# Cc (but tab, line feed and carriage return) and Cs, which no TeX engine accepts
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# TeX ligatures that would turn two typed characters into one (-- is an en dash, `` a quote)
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
# Stands, between `_LIGATURE` and the translation, for the "{}" that breaks a ligature: a
# surrogate, which `strip_controls` has removed from the text, so it cannot be mistaken.
_LIGATURE_BREAK = "\ud800"
# ASCII text without any of these is its own encoding
_NEEDS_ENCODING = re.compile(
    "[" + re.escape("".join(_SPECIALS)) + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|--|``|''|[!?]`"
)
_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=True,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
# Characters cached in each table beyond the ASCII specials; a bound, so that a stream of
# text in every script cannot grow it without end.
_CACHE_LIMIT = 1 << 16


class _LatexTable(dict[int, str]):
    """`str.translate` table: the specials, and each non-ASCII character's LaTeX once met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        latex: str = _ENCODER.unicode_to_latex(ch)
        # keep the character itself when its LaTeX form would not read back to it
        value = latex if latex != ch and decode(latex) == ch else ch
        if len(self) < _CACHE_LIMIT:
            self[code] = value
        return value


class _UnicodeTable(dict[int, str]):
    """`str.translate` table for UTF-8 output: the specials, every other character as it is."""

    def __missing__(self, code: int) -> str:
        return chr(code)


_FIXED = {ord(ch): latex for ch, latex in _SPECIALS.items()} | {ord(_LIGATURE_BREAK): "{}"}
_LATEX_TABLE = _LatexTable(_FIXED)
_UNICODE_TABLE = _UnicodeTable(_FIXED)


def strip_controls(text: str) -> str:
    """Drop control characters (other than white space), which no TeX engine accepts."""
    return _CONTROLS.sub("", text)


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
    if text.isascii():
        if not _NEEDS_ENCODING.search(text):
            return text
    elif not unicode:
        # "e" + combining acute has no LaTeX form, but its composed "é" has: {\'e}
        text = unicodedata.normalize("NFC", text)
    text = _CONTROLS.sub("", text)
    if not ligatures:
        text = _LIGATURE.sub(_LIGATURE_BREAK, text)
    return text.translate(_UNICODE_TABLE if unicode else _LATEX_TABLE)
