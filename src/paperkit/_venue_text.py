"""Text handling for venue strings: LaTeX and accents, tokens, clauses, ordinals, years.

Everything here is pure and precompiled; `analyse` turns one raw string into a `Text` that the
parser reads without further regular expressions on the hot path.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from paperkit._latex import decode

__all__ = [
    "APOSTROPHE",
    "Text",
    "alias_tokens",
    "analyse",
    "digit_shape",
    "may_hold_ordinal",
    "ordinal_suffix",
    "ordinal_words",
    "parse_ordinal",
]

MAX_CHARS = 2000
"""Longer text is cut: venue strings are short, and a bound keeps the parser's cost bounded."""
MIN_VENUE_YEAR = 1900
MAX_VENUE_YEAR = dt.date.today().year + 2

_TOKEN = re.compile(r"\w+")  # "_" is turned into a space first (see `_fold`)
# bytes tables: bytes.translate is a plain table look-up, ten times quicker than str.translate
_NON_WORD = bytes(c if chr(c).isalnum() else 32 for c in range(256))
_GLUED_YEAR = re.compile(r"([^\W\d_]{2,}?)(\d{2}|\d{4})")
_DIGIT_ORDINAL = re.compile(r"(\d{1,3})(?:st|nd|rd|th|d)")

# "$37^{th}$", "37$^{th}$", "37\textsuperscript{th}", "37^{\rm th}" -> "37th"
_SUPERSCRIPT_ORDINAL = re.compile(
    r"(\d{1,3})\s*\$?\s*(?:\^|\\textsuperscript)\s*\{?\s*(?:\\(?:rm|text|mathrm)\s*\{?\s*)?"
    r"(st|nd|rd|th)\s*\}?\s*\}?\s*\$?",
    re.IGNORECASE,
)
_LATEX_ACCENT = re.compile(r"\\[`'^\"~=.uvHcdbkrt]\s*\{?\s*([A-Za-z])\s*\}?")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*")
_LATEX_ESCAPE = re.compile(r"\\([&%$#_])")
# In a venue string with LaTeX in it a bare % starts a comment, as it does for TeX; `decode`
# reads it as BibTeX does, as a percent sign. "{}" ends a control word before it as the
# comment's line break would.
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
# JMLR W&CP volumes share PMLR's numbering, so both are read as PMLR.
_JMLR_WCP = re.compile(
    r"(?:\bJMLR|\bJournal\s+of\s+Machine\s+Learning\s+Research)?\s*[:,.-]?\s*"
    r"(?:\bW\s*&\s*CP\b|\bWorkshop\s+and\s+Conference\s+Proceedings\b)",
    re.IGNORECASE,
)
_APOSTROPHE_YEAR4 = re.compile(r"(?<!\d)['’‘`´]\s?((?:19|20)\d{2})(?!\d)")
_APOSTROPHE_YEAR2 = re.compile(r"(?<![\d'’])['’‘`´](\d{2})(?![\d'’])")
_ARXIV_ID = re.compile(
    r"(?:arxiv\s*:\s*|abs/|arxiv\.org/(?:abs|pdf)/)?\b(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?\b"
    r"|\b[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?\b",
    re.IGNORECASE,
)
# Each kind of link with the text it cannot do without. `_links` leaves out the kinds whose
# marker is absent: an alternative that cannot match costs a scan all the same, and the e-mail
# one is slow on every long word.
_LINK_KINDS = (
    ("http", r"https?://\S+"),
    ("www", r"www\.\S+"),
    ("10.", r"\b10\.\d{4,9}/\S+"),
    ("@", r"[\w.+-]+@[\w-]+\.[\w.]+"),
    ("isbn", r"\bISBN[\s:]*[\dX-]{10,17}"),
)
_PAGES_AFTER_WORD = r"\b(?:pp?\.|pages?)\s*\d+\s*(?:[-–—]+|to)\s*\d+"
_PAGES = re.compile(_PAGES_AFTER_WORD + r"|\b\d+\s*[-–—]{2,3}\s*\d+", re.IGNORECASE)
# with no "--", "–" or "—" in the text the second kind cannot match: the first alone is quicker
_PAGES_WORD_ONLY = re.compile(_PAGES_AFTER_WORD, re.IGNORECASE)
# a journal reference's "volume(issue):first-last": "JMLR 15(56):1929-1958"
_PAGES_AFTER_COLON = re.compile(r":\s*\d+\s*[-–—]+\s*\d+")
# looser than `_ARXIV_ID`; each starts with a literal, which the regex engine scans for quickly
_NEW_ARXIV_HINT = re.compile(r"\.\d{4}")
_OLD_ARXIV_HINT = re.compile(r"/\d{7}")
# a year glued to a word ("NeurIPS21", "CVPR2019") needs a digit right after another word
# character; written digit first, as a pattern that starts with a plain class is scanned fastest
_GLUED_HINT = re.compile(r"[0-9](?<=[^\W0-9][0-9])")
# "IEEE Trans. on Image Processing": the registry spells these journals out, "Transactions on"
_TRANS_ON = re.compile(r"\bTrans\b\.?(?=\s*on\b)", re.IGNORECASE)
# arXiv's own note about overlapping papers names arXiv, not a venue
_ADMIN_NOTE = re.compile(r"arxiv admin note:[^;|\n]*", re.IGNORECASE)
_AT_SIGN = re.compile(r"@\s*[A-Za-z]")
# a clause ends at ";", "|", a line break, or a full stop after a word that is no abbreviation
_CLAUSE_END = re.compile(r"[;|\n]|\.\s+(?=[A-Z(\[])")
# the full stops alone: a pattern that starts with a literal is scanned for much faster
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z(\[])")
_CLOSERS = "\"'”’)]"
APOSTROPHE = re.compile(r"['’‘`´]")
_ABBREVIATIONS = frozenset(
    {
        "proc",
        "conf",
        "comput",
        "recog",
        "intell",
        "mach",
        "learn",
        "syst",
        "process",
        "neural",
        "represent",
        "assoc",
        "linguist",
        "linguistics",
        "trans",
        "netw",
        "anal",
        "vis",
        "int",
        "intl",
        "natl",
        "acad",
        "sci",
        "res",
        "inf",
        "lett",
        "stat",
        "statist",
        "artif",
        "worksh",
        "symp",
        "annu",
        "technol",
        "robot",
        "autom",
        "commun",
        "softw",
        "eng",
        "med",
        "biol",
        "phys",
        "rev",
        "math",
        "univ",
        "jpn",
        "adv",
        "knowl",
        "discov",
        "data",
        "min",
        "pattern",
        "secur",
        "priv",
        "appl",
        "found",
        "theor",
        "lang",
        "cogn",
        "rep",
        "eur",
        "amer",
        "am",
        "soc",
        "comp",
        "mech",
        "electron",
        "ieee",
        "acm",
        "usa",
        "eds",
        "vol",
        "no",
        "ed",
        "pt",
    }
)

_UNITS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth"),
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_ORDINAL = tuple(word[:-1] + "ieth" for word in _TENS)

WORD_ORDINALS: dict[str, int] = {word: n for n, word in enumerate(_UNITS, start=1)}
WORD_ORDINALS.update({word: 20 + 10 * i for i, word in enumerate(_TENS_ORDINAL)})
TENS: dict[str, int] = {word: 20 + 10 * i for i, word in enumerate(_TENS)}
for _tens_word, _tens_value in TENS.items():
    for _unit_value, _unit_word in enumerate(_UNITS[:9], start=1):
        WORD_ORDINALS[_tens_word + _unit_word] = _tens_value + _unit_value


_ORDINAL_WORDS = frozenset([*WORD_ORDINALS, *TENS, "st", "nd", "rd", "th"])
_ORDINAL_DIGITS = re.compile(r"\d(?:st|nd|rd|th|d)")


def may_hold_ordinal(text: Text) -> bool:
    """False when `parse_ordinal` finds nothing at any token of `text`; a quick test."""
    return not text.token_set.isdisjoint(_ORDINAL_WORDS) or bool(
        _ORDINAL_DIGITS.search(text.joined)
    )


def ordinal_suffix(number: int) -> str:
    """The English suffix of an ordinal: 1 -> "st", 12 -> "th", 23 -> "rd"."""
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def ordinal_words(number: int) -> str:
    """An ordinal in words, as proceedings titles write it: 37 -> "Thirty-Seventh"."""
    if number < 20:
        return _UNITS[number - 1].capitalize()
    tens, unit = divmod(number, 10)
    if number >= 100:
        return f"{number}{ordinal_suffix(number)}"
    if unit == 0:
        return _TENS_ORDINAL[tens - 2].capitalize()
    return f"{_TENS[tens - 2].capitalize()}-{_UNITS[unit - 1].capitalize()}"


def parse_ordinal(tokens: tuple[str, ...], i: int) -> tuple[int, int] | None:
    """The ordinal starting at token `i` and the number of tokens it spans, or None.

    Reads "37th", "31th" (DBLP's spelling), "37 th", "thirty seventh" and "thirtyseventh".
    """
    token = tokens[i]
    if token[0].isdigit():
        # a year or a page count has no suffix: the regex is for tokens that do
        match = None if token.isdigit() else _DIGIT_ORDINAL.fullmatch(token)
        if match:
            return int(match.group(1)), 1
        spaced = i + 1 < len(tokens) and tokens[i + 1] in ("st", "nd", "rd", "th")
        if spaced and token.isdigit() and len(token) <= 3:
            return int(token), 2
        return None
    if token not in _ORDINAL_WORDS:
        return None  # most words: one set test instead of two dictionary look-ups
    if token in TENS and i + 1 < len(tokens):
        unit = WORD_ORDINALS.get(tokens[i + 1], 0)
        if 1 <= unit <= 9:
            return TENS[token] + unit, 2
    number = WORD_ORDINALS.get(token)
    return (number, 1) if number else None


_ZERO = bytes.maketrans(b"123456789", b"000000000")


def digit_shape(text: str) -> str:
    """`text` with every ASCII digit read as 0: "Phys. Rev. D 00, 000000 (0000)"."""
    # UTF-8 writes every other character with bytes above 127, which the table leaves alone
    return text.encode("utf-8", "surrogatepass").translate(_ZERO).decode("utf-8", "surrogatepass")


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("&", " and ").replace("_", " ")


def alias_tokens(text: str, *, keep_case: bool = False) -> tuple[str, ...]:
    """The word tokens of an alias, the key under which the registry indexes it.

    >>> alias_tokens("IEEE S&P")
    ('ieee', 's', 'and', 'p')
    """
    folded = _fold(text)
    return tuple(_TOKEN.findall(folded if keep_case else folded.casefold()))


def _two_digit_year(match: re.Match[str]) -> str:
    yy = int(match.group(1))
    return f" {2000 + yy if 2000 + yy <= MAX_VENUE_YEAR else 1900 + yy}"


def _strip_latex(text: str) -> str:
    # Matching folds accents away, so a regex pass is enough here; `Text.clean` runs the full
    # LaTeX reader only when a readable name is wanted.
    text = _SUPERSCRIPT_ORDINAL.sub(r"\1\2 ", text)
    if "\\" not in text:
        return text
    text = _LATEX_ACCENT.sub(r"\1", text)
    text = _LATEX_ESCAPE.sub(r"\1", text)
    return _LATEX_COMMAND.sub(" ", text)


@functools.cache
def _links(kinds: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(dict(_LINK_KINDS)[kind] for kind in kinds), re.IGNORECASE)


def _strip_links(text: str, low: str) -> str:
    """`text` without URLs, DOIs, e-mail addresses and ISBNs (`low` is it in lower case)."""
    # most text has none: five plain tests are cheaper than collecting the kinds present
    if not ("http" in low or "www" in low or "10." in low or "@" in low or "isbn" in low):
        return text
    return _links(tuple([marker for marker, _ in _LINK_KINDS if marker in low])).sub(" ", text)


def latex_to_text(text: str) -> str:
    """Unicode text of a LaTeX/BibTeX string: accents, escapes and braces resolved."""
    if "\\" in text or "{" in text or "$" in text:
        text = decode(_COMMENT.sub("{}", text))
    return " ".join(text.split())


@dataclass(slots=True)
class Text:
    """A venue string prepared for matching."""

    raw: str
    cleaned: str
    """LaTeX, braces, URLs, DOIs and arXiv ids removed; apostrophe years written out."""
    words: tuple[str, ...]
    """Tokens with their case."""
    lower: tuple[str, ...]
    """The same tokens, case-folded and accent-free."""
    clause_of: tuple[int, ...]
    """For each token, the clause ("sentence") it belongs to."""
    clause_count: int
    arxiv_year: int | None = None
    """Year implied by an arXiv identifier in the text (e.g. "abs/1801.00173" -> 2018)."""
    at_sign: bool = False
    """An "@ VENUE" marker, the usual way of naming a workshop held at a conference."""
    clause_text: list[str] = field(default_factory=list)
    """Each clause's lower-case tokens joined by spaces, padded with a space on both sides."""
    token_set: frozenset[str] = frozenset()
    """The distinct lower-case tokens, for quick membership tests."""
    joined: str = ""
    """The lower-case tokens joined by spaces, for quick searches."""

    def clean(self) -> str:
        """The text as a readable name: LaTeX resolved, white space collapsed."""
        return latex_to_text(self.raw[:MAX_CHARS])


def _arxiv_year(text: str) -> tuple[str, int | None]:
    year: int | None = None
    for match in _ARXIV_ID.finditer(text):
        if year is None and match.group(1):
            yy, mm = int(match.group(1)), int(match.group(2))
            if 1 <= mm <= 12 and 7 <= yy <= MAX_VENUE_YEAR % 100:
                year = 2000 + yy
    return _ARXIV_ID.sub(_keep_arxiv_word, text), year


def _keep_arxiv_word(match: re.Match[str]) -> str:
    # "arXiv:2303.08774" still names arXiv once the identifier is gone; "arxiv.org/abs/..." is
    # a link, which names no venue (as "https://arxiv.org/abs/..." does not)
    found = match.group(0)
    return " arXiv " if found[:5].lower() == "arxiv" and found[5:6] != "." else " "


def _word_before(text: str, end: int) -> str:
    """The word that ends `text[:end]`, past white space and one closing quote or bracket."""
    tail = text[max(0, end - 40) : end].rstrip()
    if tail and tail[-1] in _CLOSERS:
        tail = tail[:-1].rstrip()
    # the last word is the first one of the reversed text: no scan from the left
    word = _TOKEN.match(tail[::-1])
    return word.group(0)[::-1] if word else ""


def _clause_starts(text: str) -> list[int]:
    """Where the clauses after the first begin; most text has none, found by plain tests."""
    if ";" in text or "|" in text or "\n" in text:
        ends = _CLAUSE_END
    elif "." in text:
        ends = _SENTENCE_END
    else:
        return []
    starts = []
    for match in ends.finditer(text):
        if match.group(0)[0] == ".":
            word = _word_before(text, match.start())
            if word and not word.isdigit() and (len(word) <= 2 or word.lower() in _ABBREVIATIONS):
                continue
        starts.append(match.end())
    return starts


def _tokens(folded: str, starts: list[int]) -> tuple[list[str], list[int]]:
    # in ASCII text (no "_" left after `_fold`) a word is a run of letters and digits: blanking
    # every other character and splitting is cheaper than the regex and gives the same words
    # blanking keeps every character in place, so clause offsets hold in the blanked text too
    blanked = (
        folded.encode("ascii").translate(_NON_WORD).decode("ascii") if folded.isascii() else None
    )
    if not starts:
        words = blanked.split() if blanked is not None else _TOKEN.findall(folded)
        clause_of = [0] * len(words)
    else:
        words, clause_of = [], []
        for clause, (begin, end) in enumerate(
            zip([0, *starts], [*starts, len(folded)], strict=True)
        ):
            if blanked is not None:
                found = blanked[begin:end].split()
            else:
                found = _TOKEN.findall(folded, begin, end)
            words.extend(found)
            clause_of.extend([clause] * len(found))
    if _GLUED_HINT.search(folded):
        split_words: list[str] = []
        split_clauses: list[int] = []
        for word, clause in zip(words, clause_of, strict=True):
            glued = _GLUED_YEAR.fullmatch(word) if word[-1].isdigit() else None
            pieces = (glued.group(1), glued.group(2)) if glued else (word,)
            split_words.extend(pieces)
            split_clauses.extend([clause] * len(pieces))
        return split_words, split_clauses
    return words, clause_of


def analyse(raw: str) -> Text:
    """Prepare `raw` for matching: clean it, split it into tokens and clauses."""
    text = raw[:MAX_CHARS]
    if "\\" in text or "^" in text:
        text = _strip_latex(text)
    if "{" in text or "}" in text or "$" in text:
        text = text.replace("{", "").replace("}", "").replace("$", "")
    low = text.lower()
    if "cp" in low or "conference proceedings" in low:
        text = _JMLR_WCP.sub(" PMLR ", text)
    if "trans" in low:
        text = _TRANS_ON.sub("Transactions", text)
    # in ASCII text only ' and ` can be apostrophes: two plain tests spare most text the regex
    if ("'" in text or "`" in text or not text.isascii()) and APOSTROPHE.search(text):
        text = _APOSTROPHE_YEAR4.sub(r" \1", text)
        text = _APOSTROPHE_YEAR2.sub(_two_digit_year, text)
    if "admin note" in low:
        text = _ADMIN_NOTE.sub(" ", text)
    at_sign = "@" in text and bool(_AT_SIGN.search(text))
    text = _strip_links(text, low)
    # page ranges are looked for only after "p.", "pp.", "page" or a dash; plain tests first
    if "--" in low or "–" in low or "—" in low:
        text = _PAGES.sub(" ", text)
    elif "p." in low or "page" in low:
        text = _PAGES_WORD_ONLY.sub(" ", text)
    if ":" in text:
        text = _PAGES_AFTER_COLON.sub(" ", text)
    arxiv_year = None
    if ("." in text and _NEW_ARXIV_HINT.search(text)) or (
        "/" in text and _OLD_ARXIV_HINT.search(text)
    ):
        text, arxiv_year = _arxiv_year(text)
    folded = _fold(text)
    starts = _clause_starts(folded)
    words, clause_of = _tokens(folded, starts)
    # one casefold of the joined words is much cheaper than one per word (no word has a space)
    joined = " ".join(words).casefold()
    lower = joined.split(" ") if words else []
    count = (clause_of[-1] + 1) if clause_of else 1
    if count == 1:
        clause_text = [f" {joined} "]
    else:
        # the tokens of a clause are contiguous: find where each clause ends, join its slice
        clause_text = []
        begin = 0
        for clause in range(count):
            end = bisect.bisect_right(clause_of, clause, begin)
            clause_text.append(f" {' '.join(lower[begin:end])} " if end > begin else " ")
            begin = end
    return Text(
        raw=raw,
        cleaned=text,
        words=tuple(words),
        lower=tuple(lower),
        clause_of=tuple(clause_of),
        clause_count=count,
        arxiv_year=arxiv_year,
        at_sign=at_sign,
        clause_text=clause_text,
        token_set=frozenset(lower),
        joined=joined,
    )
