"""Reading the pieces of a meeting: labels, leaders, dates, authors and "Title (Venue Year)" lines.

Everything here is a pure function over one line of text, so each shape people write can be tested
alone. Nothing guesses: a line that fits none of the shapes gives None and is read as prose.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from enum import Enum
from importlib.resources import files

from paperkit.ingest._blocks import collapse

__all__ = [
    "Entry",
    "LabelKind",
    "Labelled",
    "When",
    "is_chrome",
    "leading_when",
    "parse_entry",
    "parse_when",
    "split_authors",
    "split_label",
    "split_names",
    "trailing_leaders",
]


class LabelKind(Enum):
    """What a labelled line ("Presenter: Ada Lovelace") tells about a meeting."""

    TITLE = "title"
    LEADERS = "leaders"
    DATE = "date"
    AUTHORS = "authors"
    VENUE = "venue"
    ABSTRACT = "abstract"
    LINKS = "links"
    NOTES = "notes"


_KINDS = {kind.value: kind for kind in LabelKind}


def _load_words() -> tuple[dict[str, LabelKind], frozenset[str]]:
    """Read and check ``data/page_labels.toml``: label -> kind, and the section-name words."""
    path = files("paperkit") / "data" / "page_labels.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    labels: dict[str, LabelKind] = {}
    for name, table in raw.items():
        if name == "sections":
            continue
        kind = _KINDS.get(name)
        if kind is None or not isinstance(table, dict) or set(table) - {"plural", "exact"}:
            raise ValueError(f"{path}: [{name}] is not a label kind with 'plural'/'exact' lists")
        words = list(table.get("exact", []))
        for word in table.get("plural", []):
            # "Discussion Leader" also appears as "Discussion Leaders" and "Discussion Leader(s)"
            words += [word, f"{word}s", f"{word}(s)", f"{word} (s)"]
        for word in words:
            clash = labels.get(word, kind) != kind
            if not isinstance(word, str) or word != word.casefold() or clash:
                raise ValueError(f"{path}: label {word!r} is not lower case or has two kinds")
            labels[word] = kind
    sections = raw.get("sections", {}).get("words", [])
    if not all(isinstance(word, str) and word == word.casefold() for word in sections):
        raise ValueError(f"{path}: [sections] words must be lower-case strings")
    return labels, frozenset(sections)


LABELS, SECTION_WORDS = _load_words()
"""Label text (case-folded) -> what it labels; and the words section headings are made of."""

_LABELLED = re.compile(r"^\s*([^\W\d][\w ()/;'’.-]{0,30}?)\s*[:：]\s*(.*)$", re.DOTALL)
_BY_PHRASE = re.compile(
    r"^\s*((?:discussion\s+)?(?:presented|led|hosted|moderated|facilitated)\s+by)\s+(.+)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Labelled:
    """A line of the form "Label: value"."""

    kind: LabelKind
    label: str
    """The label as the page wrote it, e.g. "Discussion Leader"."""
    value: str


def split_label(text: str) -> Labelled | None:
    """Read "Discussion Leader: Darius Lam", "Presented by Ada", "Date: 2021-10-05".

    Returns None when the text does not start with a known label.
    """
    match = _LABELLED.match(text) or _BY_PHRASE.match(text)
    if match is None:
        return None
    label = collapse(match.group(1))
    kind = LABELS.get(label.casefold())
    if kind is None:
        return None
    return Labelled(kind, label, collapse(match.group(2)))


# ---------------------------------------------------------------------------- names


_NAME_SEPARATORS = re.compile(r"\s*(?:,\s*(?:and|&)\s+|;|,|&|\+|/|\band\b)\s*", re.IGNORECASE)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."})
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_PARTICLE = re.compile(r"^(?:da|de|del|della|der|di|du|la|le|van|von|ter|den|bin|al|el|y)$")


def split_names(text: str) -> tuple[str, ...]:
    """Split "A and B", "A, B & C", "A; B" into names; "Martin King, Jr." stays one name."""
    names: list[str] = []
    for part in _NAME_SEPARATORS.split(text):
        name = part.strip(" \t.,;:-–—*_\"'“”")
        if not name:
            continue
        if names and name.casefold() in _NAME_SUFFIXES | {s.rstrip(".") for s in _NAME_SUFFIXES}:
            names[-1] = f"{names[-1]}, {part.strip(' ,;')}"
            continue
        names.append(name)
    return tuple(names)


def looks_like_names(text: str) -> bool:
    """True when every part of the text reads as a person's name: 1-5 capitalized words."""
    names = split_names(text)
    if not names:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return False
        for word in words:
            if not _NAME_WORD.match(word):
                return False
            if not (word[0].isupper() or _PARTICLE.match(word)):
                return False
    return True


_ET_AL = re.compile(r"\s*,?\s*\bet\s*al\.?\s*$", re.IGNORECASE)


def split_authors(text: str) -> tuple[str, ...]:
    """Split an author list; "Vaswani et al." gives ("Vaswani",): the rest is for the services."""
    return split_names(_ET_AL.sub("", text))


# ---------------------------------------------------------------------------- dates


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    re.compile(_WEEKDAY + r"(?P<year>(?:19|20)\d\d)[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(
        _WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE
    ),
]
_ANY_MONTH = _MONTH.replace("(?P<month>", "(?:")
_ANY_DAY = _DAY.replace("(?P<day>", "(?:")
_YEARLESS = re.compile(
    _WEEKDAY
    + r"(?:"
    + _ANY_MONTH
    + r"\s+"
    + _ANY_DAY
    + r"|"
    + _ANY_DAY
    + r"\s+"
    + _ANY_MONTH
    + r")\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"(?:week|wk\.?|session|meeting|lecture|class|part|day)\s*#?\s*\d{1,3}\b"
    r"|(?:spring|summer|fall|autumn|winter)\s+(?:19|20)\d\d\b"
    r"|tb[ad]\b",
    re.IGNORECASE,
)
_WHEN_FILLER = re.compile(r"^[\s,;:()\[\]|–—-]*$")


@dataclass(frozen=True)
class When:
    """When a meeting happened: a calendar date, a label such as "Week 3", or both."""

    date: dt.date | None = None
    label: str | None = None


def _date_at(match: re.Match[str]) -> dt.date | None:
    month_text = match.group("month").casefold().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:  # "February 30": a date-shaped string that is no date
        return None


def parse_when(text: str) -> When | None:
    """Read "2021-10-05", "Oct 5, 2021", "5 October 2021", "Tuesday, Oct. 5th, 2021", "Week 3".

    Returns None unless the whole text is a date, a label, or a label with a date
    ("Week 3 (Oct 5, 2021)"). A date without a year ("Oct 5") is kept as a label.
    """
    rest = text
    date = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(rest)
        if match:
            date = _date_at(match)
            if date is None:
                return None
            rest = rest[: match.start()] + " " + rest[match.end() :]
            break
    labels = []
    for pattern in (_LABEL, *([] if date else [_YEARLESS])):
        for match in pattern.finditer(rest):
            labels.append(collapse(match.group(0)))
        rest = pattern.sub(" ", rest)
    if not _WHEN_FILLER.match(rest) or (date is None and not labels):
        return None
    return When(date, ", ".join(labels) or None)


_WHEN_SEPARATOR = re.compile(r"\s*(?:[:|–—]|\s-\s|,\s)\s*")
_WHEN_PREFIX = 70  # characters: no date or label is longer


def leading_when(text: str) -> tuple[When | None, str]:
    """Split a leading date or label off an entry: "Oct 5, 2021 — Title (ICML 2020)".

    Returns (None, text) when the text does not start with one.
    """
    # the longest prefix first, so "Oct 5, 2021: ..." is not cut at its own comma
    separators = list(_WHEN_SEPARATOR.finditer(text[:_WHEN_PREFIX]))
    for separator in reversed(separators):
        rest = text[separator.end() :]
        when = parse_when(text[: separator.start()])
        if when is not None and rest.strip():
            return when, rest
    return None, text


# ---------------------------------------------------------------------------- entries


_TRAILING_BY = re.compile(
    r"(?:^|[\s,;:.–—-]+|\s*[(\[])\s*(?:discussion\s+)?"
    r"(?:presented|led|hosted|moderated|facilitated)\s+by\s*:?\s+(?P<names>[^()\[\]]+?)[)\]]?\s*$",
    re.IGNORECASE,
)
_TRAILING_LABEL = re.compile(
    r"(?:^|[\s,;.–—-]+|\s*[(\[])\s*(?:discussion\s+)?"
    r"(?:leaders?|leads?|presenters?|speakers?|facilitators?|hosts?|moderators?)(?:\s*\(s\))?"
    r"\s*[:：]\s*(?P<names>[^()\[\]]+?)[)\]]?\s*$",
    re.IGNORECASE,
)
_TRAILING_DASH = re.compile(r"\s+[–—-]+\s+(?P<names>[^()\[\]]+?)\s*$")


def trailing_leaders(text: str) -> tuple[tuple[str, ...], str]:
    """Split a trailing leader clause: "Title (ICML 2020), presented by A and B".

    Returns the leaders (empty when there is none) and the text before the clause. A bare
    "Title — Ada Lovelace" counts only when the part after the dash reads as names.
    """
    for pattern in (_TRAILING_BY, _TRAILING_LABEL):
        match = pattern.search(text)
        if match and text[: match.start()].strip():
            return split_names(match.group("names")), text[: match.start()]
    match = _TRAILING_DASH.search(text)
    if match and text[: match.start()].strip() and looks_like_names(match.group("names")):
        return split_names(match.group("names")), text[: match.start()]
    return (), text


TRAILING_PAREN = re.compile(r"^(?P<title>.*?)\s*\((?P<paren>[^()]*)\)\s*[.,;:]?\s*$", re.DOTALL)
ANY_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)|'\d\d\b|’\d\d\b")
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class Entry:
    """A one-line meeting entry, e.g. "Oct 5 — Title (NIPS 2017), presented by A"."""

    title: str
    venue_text: str | None = None
    """What stood in the parentheses after the title, authors removed."""
    authors: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    when: When | None = None

    @property
    def has_year(self) -> bool:
        """True when the parenthesized venue holds a year."""
        return bool(self.venue_text and ANY_YEAR.search(self.venue_text))


def _split_paren(paren: str) -> tuple[str | None, tuple[str, ...]]:
    # "(Vaswani et al., NeurIPS 2017)": the authors come first, the venue last
    parts = [p.strip() for p in re.split(r"[,;]\s+", paren) if p.strip()]
    if len(parts) > 1 and re.search(r"\bet\s*al\b|\band\b|&", parts[0], re.IGNORECASE):
        return ", ".join(parts[1:]) or None, split_authors(parts[0])
    return collapse(paren) or None, ()


def clean_title(text: str) -> str:
    """Strip the quotes, bullets and dangling punctuation a title is often wrapped in."""
    title = collapse(text).strip(" \t,;:–—-*_|")
    if len(title) >= 2 and title[0] in _QUOTES and title[-1] in _QUOTES:
        title = title[1:-1].strip()
    return title


def parse_entry(text: str) -> Entry | None:
    """Read a meeting written on one line; None when there is no title left.

    Shapes: "Title (Venue Year)", "Title (Authors et al., Venue Year)", with an optional leading
    date or label ("Week 3: ...") and an optional trailing leader clause (", presented by A").
    """
    when, rest = leading_when(text)
    leaders, rest = trailing_leaders(rest)
    venue_text: str | None = None
    authors: tuple[str, ...] = ()
    match = TRAILING_PAREN.match(rest)
    if match and match.group("title").strip():
        venue_text, authors = _split_paren(match.group("paren"))
        rest = match.group("title")
    title = clean_title(rest)
    if not title:
        return None
    return Entry(title, venue_text, authors, leaders, when)


# ---------------------------------------------------------------------------- chrome


_CHROME = re.compile(
    r"^(?:top of page|bottom of page|back to top|skip to (?:main )?content|main menu|menu|"
    r"home|search|log ?in|sign ?in|sign ?up|subscribe|share|read more|more|"
    r"(?:©|\(c\)|copyright\b).*|powered by\b.*|proudly created with\b.*|"
    r"all rights reserved\.?|cookie(?:s)?\b.*|privacy policy|terms(?: of (?:use|service))?)$",
    re.IGNORECASE,
)


def is_chrome(text: str) -> bool:
    """True for the navigation and footer lines a copied web page carries ("top of page")."""
    return bool(_CHROME.match(text.strip()))
