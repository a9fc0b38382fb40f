"""Turning the TeX accents authors type in arXiv titles (``Schr\\"odinger``) into Unicode, fast.

pylatexenc handles every macro but costs about half a millisecond a call, which alone would
cap a snapshot run far below its target. Accents and a few letters cover nearly all the TeX in
titles and names; anything else (math in ``$...$``, unknown macros) is left exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["decode_accents"]

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
# {\"o}, \"{o}, \"o, \H o, \c{c}; a letter accent (\u, \v, \H ...) needs a brace or a space
_ACCENT = re.compile(
    r"(\{)?\\(?:([\"'`^~=.])|([uvHckr])(?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))(?(1)\})"
)
# a control word swallows the one space after it (\o ystein); a braced one ({\o}) does not
_LETTER = re.compile(r"(\{)?\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?(1)\}|(?:\{\}| )?)")
_MATH = re.compile(r"(\$[^$]*\$)")


def _accent(match: re.Match[str]) -> str:
    mark = _COMBINING[match.group(2) or match.group(3)]
    base = match.group(4) or match.group(5)
    if base in ("\\i", "\\j"):
        base = base[1]  # dotless i/j under an accent is just i/j in Unicode
    elif base.startswith("\\"):
        return match.group(0)
    return unicodedata.normalize("NFC", base + mark)


def _letter(match: re.Match[str]) -> str:
    return _LETTERS[match.group(2)]


def _decode_text(text: str) -> str:
    text = _ACCENT.sub(_accent, text)
    return _LETTER.sub(_letter, text)


def decode_accents(text: str) -> str:
    """Replace TeX accent macros outside ``$...$`` math with the Unicode letters they stand for.

    ``Schr\\"odinger`` -> ``Schrödinger``, ``Erd\\H{o}s`` -> ``Erdős``, ``{\\ss}`` -> ``ß``.
    Text without a backslash is returned unchanged, at the cost of one ``in`` test.
    """
    if "\\" not in text:
        return text
    if "$" not in text:
        return _decode_text(text)
    parts = _MATH.split(text)
    return "".join(p if p.startswith("$") and p.endswith("$") else _decode_text(p) for p in parts)
