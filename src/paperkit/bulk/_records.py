"""One arXiv metadata record (a snapshot line, or a harvested OAI-PMH record) -> one `Paper`.

Pure functions: no I/O, no global state but the venue cache, so they run the same in one process
and on every Dask worker. Problems that cost a field but not the record (a malformed DOI, an
unreadable date) go to the ``warn`` callback; problems that make the record unusable raise
`ValueError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from paperkit._construct import construct
from paperkit._id_grammar import old_style_problem
from paperkit._latex import decode_accents
from paperkit._names import display_name
from paperkit.bulk._memo import UNSEEN, Generations
from paperkit.bulk._venue_cache import comment_venue, journal_venue, preprint_venue
from paperkit.models import MAX_YEAR, MIN_YEAR, Author, Paper, Provenance, Venue, VenueKind

__all__ = ["Warn", "paper_from_record"]

Warn = Callable[[str], None]
"""Receives a message about a field that was dropped from a record that is otherwise kept."""

SOURCE = "arxiv"

# in arXiv abstracts a line break followed by indentation starts a new paragraph
_PARAGRAPH = re.compile(r"\n[ \t]+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7}")
# new-style ids `Paper` accepts: a month 01-12 from 0704 on, four digits to 1412, five from 1501,
# and a number other than zero (`paperkit._id_grammar.new_style_problem` states the same rules)
_VALID_NEW_ID = re.compile(
    r"(?:07(?:0[4-9]|1[0-2])|(?:0[89]|1[0-4])(?:0[1-9]|1[0-2]))\.(?!0000)[0-9]{4}"
    r"|(?:1[5-9]|[2-9][0-9])(?:0[1-9]|1[0-2])\.(?!00000)[0-9]{5}"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _collapse(text: str) -> str:
    # str.split() splits on the same Unicode white space as \s, about five times faster than re
    return " ".join(text.split())


# white space to str.split() in ASCII, but for " " and "\n" (which _plain turns into " ")
_OTHER_ASCII_SPACE = ("\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def _plain(text: str) -> str | None:
    """``text`` with its line breaks as spaces, when that alone collapses its white space.

    True of most titles and abstracts: ASCII with single spaces and line breaks, no TeX, no
    indented paragraph. Splitting and joining would make the same string at the cost of one
    object per word. None when the text needs the full treatment.
    """
    flat = text.strip().replace("\n", " ")
    # isascii() reads a flag; `in` runs memchr, where isprintable() would look up every character
    if not flat.isascii() or "\\" in flat or "  " in flat:
        return None
    for space in _OTHER_ASCII_SPACE:
        if space in flat:
            return None
    return flat


def _clean(text: str) -> str:
    # arXiv wraps long titles with an indented "\n  ": one space once collapsed, as here
    plain = _plain(text.replace("\n  ", " "))
    return plain if plain is not None else _decode_and_collapse(text)


def _decode_and_collapse(text: str) -> str:
    """TeX accents decoded, white space collapsed: `_clean` without its quick path, which on a
    name's few words costs more than the splitting it saves."""
    return " ".join((decode_accents(text) if "\\" in text else text).split())


def _string(record: Mapping[str, Any], key: str) -> str:
    """The field as it is ("" when absent); white space is left to the caller."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"field {key!r} is {type(value).__name__}, expected a string")
    return value


def _optional_text(record: Mapping[str, Any], key: str) -> str | None:
    return _collapse(_string(record, key)) or None


_BREAK = "\x00"


def _abstract(text: str) -> str | None:
    plain = _plain(text)  # no paragraph break either: "\n " would have left "  "
    if plain is not None:
        return plain or None
    text = text.strip()
    breaks = "\n " in text or "\n\t" in text
    if "\\" not in text:  # no TeX: each paragraph collapses on its own, mostly by `_plain`
        plain = _plain_paragraphs(text) if breaks else None
        if plain is not None:
            return plain
        if breaks:
            cleaned = map(_clean, _PARAGRAPH.split(text))
            return "\n\n".join(p for p in cleaned if p) or None
    if not breaks:
        return _decode_and_collapse(text) or None
    # TeX may span a break: mark the breaks, decode and collapse the whole, then split at the
    # marks (NUL is not white space, so it survives the collapse; arXiv abstracts never hold one)
    collapsed = _decode_and_collapse(_PARAGRAPH.sub(_BREAK, text))
    if _BREAK in collapsed:
        paragraphs = (p.strip() for p in collapsed.split(_BREAK))
        collapsed = "\n\n".join(p for p in paragraphs if p)
    return collapsed or None


def _plain_paragraphs(text: str) -> str | None:
    """The paragraphs of a stripped text joined by blank lines, when `_plain` takes each as it
    is and none is empty: what `_clean` makes of them, in one pass over the whole text rather
    than a dozen over each paragraph. None when a paragraph needs more.
    """
    if _BREAK in text:
        return None
    # a paragraph holds no line break followed by a space (that starts the next one), so
    # `_clean`'s rewrapping step leaves it alone; _plain keeps the marks (NUL is not a space)
    flat = _plain(_PARAGRAPH.sub(_BREAK, text))
    if flat is None:
        return None
    mark = flat.find(_BREAK)
    while mark != -1:
        # a space beside a mark would have been stripped from its paragraph; two marks side by
        # side enclose an empty paragraph, which is left out
        if flat[mark - 1 : mark] in (" ", "") or flat[mark + 1 : mark + 2] in (" ", _BREAK, ""):
            return None
        mark = flat.find(_BREAK, mark + 1)
    return flat.replace(_BREAK, "\n\n")


def _author(parts: tuple[str, ...]) -> Author | None:
    count = len(parts)
    family = _decode_and_collapse(parts[0])
    given = _decode_and_collapse(parts[1]) if count > 1 else ""
    suffix = _decode_and_collapse(parts[2]) if count > 2 else ""
    affiliations = tuple(a for a in map(_decode_and_collapse, parts[3:]) if a) if count > 3 else ()
    if not family:
        if not given:
            return None
        family, given = given, ""
    if not given:
        # a lone name may be a collaboration ("ATLAS Collaboration"); Author splits or keeps it
        return Author(name=display_name(None, family, suffix or None), affiliations=affiliations)
    # what Author(given=, family=, suffix=, affiliations=) makes: every part is collapsed and
    # non-empty (but suffix, None when empty), and so is each affiliation
    values = {
        "name": display_name(given, family, suffix or None),
        "given": given,
        "family": family,
        "suffix": suffix or None,
        "organization": False,
        "orcid": None,
        "affiliations": affiliations,
    }
    return construct(Author, values, _AUTHOR_GIVEN)


_AUTHOR_GIVEN = frozenset(("name", "given", "family", "suffix", "affiliations"))

AUTHOR_MEMO_SIZE = 1 << 16
"""Authors remembered per generation (per process, so up to twice as many): prolific authors
appear on thousands of records, and frozen models can be shared. A snapshot's run missed 14% of
its authors with an LRU cache of 65,536 and misses 10.5% with this (the peak memory of 250,000
records went from 140 to 164 MB, and stays there)."""
authors_seen: Generations[tuple[str, ...], Author | None] = Generations(_author, AUTHOR_MEMO_SIZE)


_AUTHOR_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _authors(record: Mapping[str, Any]) -> tuple[Author, ...]:
    parsed = record.get("authors_parsed")
    if parsed is not None:
        if not isinstance(parsed, list):
            raise ValueError("field 'authors_parsed' is not a list")
        authors = []
        seen = authors_seen
        recent = seen.recent
        for parts in parsed:  # the hottest loop of a snapshot run: kept flat
            if not isinstance(parts, list) or not parts:
                raise ValueError(f"author {parts!r} is not a [family, given, suffix, ...] list")
            try:
                key = tuple(parts)
                author = recent.get(key, UNSEEN)
                if author is UNSEEN:
                    author = seen.miss(key)
                    recent = seen.recent
            except (TypeError, AttributeError):  # a part that is unhashable or not a string
                raise ValueError(f"author {parts!r} has a part that is not a string") from None
            if author is not None:
                authors.append(author)
        return tuple(authors)
    names = _optional_text(record, "authors")
    if not names:
        return ()
    # no parsed form: split "A. Author, B. Author and C. Author" on its separators
    return tuple(Author(name=_clean(n)) for n in _AUTHOR_SEPARATOR.split(names) if n.strip())


def _rfc2822_date(text: object) -> dt.date:
    # "Mon, 2 Apr 2007 19:18:42 GMT": the day, without its time, is shared by many records
    if isinstance(text, str) and len(text) > _TIME and text[-_TIME] == " ":
        day = text[:-_TIME]
        # the cut falls after the year (the fourth word) only if the day holds three spaces;
        # then the day reads as the whole text does (see _read_date)
        if day.count(" ") >= 3:
            try:
                return _day(day)
            except ValueError:
                pass  # the error names the whole text
    return _read_date(text)


_TIME = len(" 19:18:42 GMT")


def _read_date(text: object) -> dt.date:
    # parsing by hand is ten times faster than email.utils; words after the year are ignored
    parts = text.split(" ", 4) if isinstance(text, str) else []
    if parts and parts[0].endswith(","):
        parts = parts[1:]
    try:
        return dt.date(int(parts[2]), _MONTHS[parts[1][:3].lower()], int(parts[0]))
    except (IndexError, KeyError, ValueError, OverflowError):  # a number beyond a C long too
        raise ValueError(
            f"version date {text!r} is not like 'Mon, 2 Apr 2007 19:18:42 GMT'"
        ) from None


_day = lru_cache(maxsize=1 << 14)(_read_date)


def _versions(
    record: Mapping[str, Any], warn: Warn
) -> tuple[dt.date | None, dt.date | None, int | None]:
    versions = record.get("versions")
    if versions is None:
        return (*_iso_dates(record, warn), None)
    try:
        if not isinstance(versions, list) or not versions:
            raise ValueError("field 'versions' is not a non-empty list")
        first, last = versions[0], versions[-1]
        if not isinstance(first, dict) or not isinstance(last, dict):
            raise ValueError("field 'versions' holds something other than objects")
        published = _rfc2822_date(first.get("created"))
        updated = published if last is first else _rfc2822_date(last.get("created"))
        label = last.get("version")
        # "v3"; isdecimal() accepts the digits int() reads, as the regex's \d would
        if isinstance(label, str) and label[:1] == "v" and label[1:].isdecimal():
            return published, updated, int(label[1:])
        return published, updated, len(versions)
    except ValueError as exc:
        warn(f"dates dropped: {exc}")
        return None, None, None


def _iso_dates(record: Mapping[str, Any], warn: Warn) -> tuple[dt.date | None, dt.date | None]:
    # harvested records give "created" (v1) and "updated" (the latest version) as ISO dates
    dates: list[dt.date | None] = []
    for key in ("created", "updated"):
        value = record.get(key)
        try:
            dates.append(dt.date.fromisoformat(value) if isinstance(value, str) else None)
        except ValueError:
            warn(f"field {key!r} dropped: {value!r} is not a YYYY-MM-DD date")
            dates.append(None)
    published, updated = dates
    return published, updated or published


def _doi(record: Mapping[str, Any], warn: Warn) -> str | None:
    text = _string(record, "doi").strip()
    if not text:
        return None
    # a few records list several DOIs separated by spaces; the first is the article's
    doi = text.split()[0].lower()
    if not _DOI.fullmatch(doi):
        warn(f"DOI dropped: {text!r} is not a DOI (expected 10.NNNN/suffix)")
        return None
    return doi


def _venue(record: Mapping[str, Any], year: int | None) -> Venue:
    # the cached functions collapse white space themselves, so a repeated text costs one look-up
    # (a field that is a str skips the call to _string: a call per field costs 1% of a run)
    journal_ref = record.get("journal-ref")
    if type(journal_ref) is not str:
        journal_ref = _string(record, "journal-ref")
    venue = journal_venue(journal_ref) if journal_ref else None
    if venue is None:
        comments = record.get("comments")
        if type(comments) is not str:
            comments = _string(record, "comments")
        venue = comment_venue(comments) if comments else None
    return venue if venue is not None else preprint_venue(year)


_ALWAYS = ("title", "venue", "arxiv_id", "url", "pdf_url")
_SOMETIMES = (
    "authors", "abstract", "year", "arxiv_version", "doi", "categories", "published", "updated"
)  # fmt: skip


@lru_cache(maxsize=256)
def _provenance(present: tuple[bool, ...]) -> Provenance:
    # few combinations of fields occur, and frozen models can be shared between papers
    fields = [*_ALWAYS, *(f for f, here in zip(_SOMETIMES, present, strict=True) if here)]
    return Provenance(sources=dict.fromkeys(sorted(fields), SOURCE))


def _ignore(message: str) -> None:
    pass


def _valid_old_id(arxiv_id: str) -> bool:
    """True when `Paper` accepts this id, which is not a valid new-style one; False sends the
    record to full validation."""
    archive, slash, number = arxiv_id.partition("/")
    return bool(slash) and "." not in archive and old_style_problem(archive, number, None) is None


# the fields paper_from_record gives; a validated Paper(**values) reports these as set
_GIVEN = frozenset(Paper.model_fields) - {"pages", "related"}


def _trusted(values: dict[str, Any], valid_new_id: bool) -> bool:
    """True when `Paper` would accept ``values`` unchanged; False sends them to validation.

    Most values are valid by construction: the title is collapsed and non-empty; authors, venue
    and provenance are models validated already (pydantic would not validate them again); dates
    are dates; categories are split strings. What comes from the record as written (id, DOI,
    year, version) is checked here against the model's rules.
    """
    year, doi, version = values["year"], values["doi"], values["arxiv_version"]
    return (
        (year is None or MIN_YEAR <= year <= MAX_YEAR)
        and (version is None or version >= 1)
        # lower case and matched by `_DOI`; ASCII and printable too, it matches Paper's pattern
        and (doi is None or (doi.isascii() and doi.isprintable()))
        and (valid_new_id or _valid_old_id(values["arxiv_id"]))
    )


def _build(values: dict[str, Any], valid_new_id: bool) -> Paper:
    """The paper of ``values`` (every field, in `Paper`'s order), validated only if need be.

    Values that may break the model go through full validation, which raises the error it
    always did, naming the field. ``valid_new_id``: the id is a new-style one `Paper` accepts.
    """
    if _trusted(values, valid_new_id):
        return construct(Paper, values, _GIVEN)
    return Paper(**{k: v for k, v in values.items() if k in _GIVEN})


def paper_from_record(record: Mapping[str, Any], *, warn: Warn | None = None) -> Paper:
    """Map one arXiv metadata record, in the snapshot's JSON shape, to a `Paper`.

    The record holds ``id``, ``title``, ``authors_parsed`` (or ``authors``), ``abstract``,
    ``comments``, ``journal-ref``, ``doi``, ``categories`` and ``versions`` (or ``created`` and
    ``updated`` dates, as harvested records have). The venue comes from ``journal-ref``, else
    from a venue the ``comments`` say the paper appeared in, else it is arXiv (a preprint).
    TeX accents in titles, names and abstracts become Unicode; abstract paragraphs are kept.

    Args:
        record: one decoded record.
        warn: called with a message for each field that had to be dropped.

    Returns:
        The paper, with every field's provenance "arxiv".

    Raises:
        ValueError: the record has no usable id or title, or a field has the wrong type.
    """
    warn = warn or _ignore
    # each field that is a str is taken as it is; _string reads (or refuses) any other value
    get = record.get
    arxiv_id = get("id")
    arxiv_id = (arxiv_id if type(arxiv_id) is str else _string(record, "id")).strip()
    # most ids are new-style and valid, which is one test; others are checked further
    valid_new_id = _VALID_NEW_ID.fullmatch(arxiv_id) is not None
    if not valid_new_id and not _ARXIV_ID.fullmatch(arxiv_id):
        raise ValueError(f"field 'id' is {record.get('id')!r}, not an arXiv identifier")
    title = get("title")
    title = _clean(title if type(title) is str else _string(record, "title"))
    if not title:
        raise ValueError("field 'title' is missing or empty")
    abstract_text = get("abstract")
    if type(abstract_text) is not str:
        abstract_text = _string(record, "abstract")
    abstract = _abstract(abstract_text) if abstract_text else None
    categories_text = get("categories")
    if type(categories_text) is not str:
        categories_text = _string(record, "categories")
    categories = tuple(categories_text.split())
    published, updated, version = _versions(record, warn)
    venue = _venue(record, published.year if published else None)
    published_version = venue.kind is not VenueKind.PREPRINT
    # a published paper's year is its venue's; the preprint's year would be a guess
    year = venue.year if published_version else (published.year if published else None)
    doi = _doi(record, warn) if get("doi") is not None else None
    authors = _authors(record)
    provenance = _provenance(
        (
            bool(authors),
            abstract is not None,
            year is not None,
            version is not None,
            doi is not None,
            bool(categories),
            published is not None,
            updated is not None,
        )
    )
    return _build(
        {
            "title": title,
            "authors": authors,
            "abstract": abstract,
            "year": year,
            "venue": venue,
            "pages": None,
            "arxiv_id": arxiv_id,
            "arxiv_version": version,
            "doi": doi,
            "url": f"https://doi.org/{doi}" if doi else f"https://arxiv.org/abs/{arxiv_id}",
            "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}" + (f"v{version}" if version else ""),
            "categories": categories,
            "published": published,
            "updated": updated,
            "related": {},
            "provenance": provenance,
        },
        valid_new_id,
    )
