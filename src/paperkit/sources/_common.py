"""Helpers the sources share: venue text, JATS abstracts, dates, pages, provenance, DOI paths,
the JSON-object check on answers and the error for a record that cannot be mapped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

from paperkit._http import Malformed, parse_json
from paperkit.errors import FetchError, PaperkitError, ParseError
from paperkit.models import Author, Paper, Venue

__all__ = [
    "date_from_parts",
    "doi_path",
    "first_text",
    "jats_to_text",
    "normalize_pages",
    "provenance_for",
    "read_record",
    "require_object",
    "safe_author",
    "venue_from_text",
]

# a tag name right after "<", attributes only as name="value": plain-text abstracts (DataCite,
# CSL-JSON) say "p < 0.05 for n > 30" and "x<y and y>z", which must survive
_TAG = re.compile(
    r"<(?:/?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?|!--.*?--|\?.*?\?)>",
    re.DOTALL,
)
_PARAGRAPH_END = re.compile(r"</(?:jats:)?(?:p|sec|title)>|<br\s*/?>", re.IGNORECASE)
_ABSTRACT_HEADING = re.compile(r"<(?:jats:)?title>\s*abstract\s*</(?:jats:)?title>", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\f\v\n]+")
_PAGE_RANGE = re.compile(r"^\s*([A-Za-z]?\d+)\s*(?:-{1,2}|–|—)\s*([A-Za-z]?\d+)\s*$")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def venue_from_text(text: str | None, *, year: int | None = None) -> Venue | None:
    """`paperkit.venues.normalize_venue` on `text`, or None when it names no venue it knows."""
    if not text or not text.strip():
        return None
    try:
        from paperkit.venues import normalize_venue
    except ModuleNotFoundError as exc:  # the venues module is written alongside this one
        if exc.name != "paperkit.venues":
            raise
        return None
    try:
        return normalize_venue(text, year=year)
    except ParseError:
        return None


def jats_to_text(abstract: str | None) -> str | None:
    """Plain text from a JATS (or HTML) abstract; paragraphs separated by a blank line."""
    if not abstract:
        return None
    text = _ABSTRACT_HEADING.sub("", abstract)
    text = _PARAGRAPH_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [_SPACE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
    result = "\n\n".join(p for p in paragraphs if p)
    return result or None


def first_text(value: Any) -> str | None:
    """The first non-empty string of a string or a list of strings."""
    values: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    for item in values:
        if isinstance(item, str) and item.strip():
            return _SPACE.sub(" ", html.unescape(item)).strip()
    return None


def date_from_parts(value: Any) -> tuple[int | None, dt.date | None]:
    """(year, full date or None) from a ``{"date-parts": [[y, m, d]]}`` object."""
    if not isinstance(value, Mapping):
        return None, None
    parts = value.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None, None
    numbers = [p for p in parts[0] if isinstance(p, int)] or [
        int(p) for p in parts[0] if isinstance(p, str) and p.isdigit()
    ]
    if not numbers or not 1450 <= numbers[0] <= 2100:
        return None, None
    year = numbers[0]
    if len(numbers) >= 3:
        try:
            return year, dt.date(numbers[0], numbers[1], numbers[2])
        except ValueError:
            return year, None
    return year, None


def normalize_pages(pages: Any) -> str | None:
    """``"5998-6008"`` -> ``"5998--6008"``; article numbers and other text kept as they are."""
    if isinstance(pages, int):
        return str(pages)
    if not isinstance(pages, str) or not pages.strip():
        return None
    match = _PAGE_RANGE.match(pages)
    if match:
        return f"{match.group(1)}--{match.group(2)}"
    return _SPACE.sub(" ", pages).strip()


def safe_author(
    *,
    name: str | None = None,
    given: str | None = None,
    family: str | None = None,
    suffix: str | None = None,
    orcid: str | None = None,
    affiliations: Iterable[str] = (),
) -> Author | None:
    """An `Author`, or None when the record names nobody."""
    given = _clean(given)
    family = _clean(family)
    name = _clean(name)
    orcid_match = _ORCID.search(orcid.strip()) if isinstance(orcid, str) else None
    fields: dict[str, Any] = {
        "orcid": orcid_match.group(1) if orcid_match else None,
        "affiliations": tuple(a for a in (_clean(x) for x in affiliations) if a),
    }
    if given or family:
        fields.update(given=given, family=family or given, suffix=_clean(suffix))
        if not family:
            fields.update(given=None)
    elif name:
        fields.update(name=name)
    else:
        return None
    return Author(**fields)


def _clean(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    cleaned = _SPACE.sub(" ", html.unescape(text)).strip()
    return cleaned or None


def provenance_for(source: str, fields: Mapping[str, Any]) -> dict[str, str]:
    """Field name -> `source`, for every field of `fields` that has a value."""
    return {name: source for name, value in fields.items() if value not in (None, (), "", [])}


def doi_path(doi: str) -> str:
    """`doi` quoted for a URL path, keeping the punctuation DOIs are usually written with."""
    return quote(doi, safe="/:;()._-")


def require_object(body: bytes, *, source: str, service: str) -> None:
    """Raise `Malformed` (an answer `Http` retries) unless `body` is a JSON object."""
    if not isinstance(parse_json(body, source=source), Mapping):
        raise Malformed(f"{service} answered JSON that is not an object")


def read_record(
    mapper: Callable[[Mapping[str, Any]], Paper], data: Any, *, doi: str, source: str, record: str
) -> Paper:
    """`mapper(data)`, with a record it cannot map reported as a `FetchError` naming `record`."""
    try:
        return mapper(data)
    except (ValueError, PaperkitError) as exc:
        raise FetchError(
            f"{record} for {doi} cannot be read: {exc}", source=source, identifier=doi
        ) from exc
