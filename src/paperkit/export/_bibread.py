"""Reading ``.bib`` text into `Paper`s: the other half of `paperkit.to_bibtex`.

What round-trips through ``read_bibtex(to_bibtex(papers))``: title, authors (given, family with
particles, suffix; organisations when their name reads as one), year, abstract (paragraphs kept,
white space inside them collapsed), pages, DOI, URL, arXiv id and primary category, and the
venue as a bibliography shows it (kind, the booktitle or journal title, volume, number, series,
publisher; acronym and canonical name when `paperkit.venues` knows the venue). Not written to
BibTeX, so not read back: the arXiv version, secondary categories, PDF link, dates, ORCIDs,
affiliations, the venue's original text and warnings, and provenance (every field read here has
source "bibtex").
"""

from __future__ import annotations

import importlib
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from pydantic import ValidationError

from paperkit._latex import decode
from paperkit.errors import PaperkitError, ParseError
from paperkit.models import Author, Paper, Provenance, Venue, VenueKind

__all__ = ["BibtexImport", "DuplicateEntry", "FailedBlock", "read_bibtex"]

# biblatex and DBLP spellings -> the names used here
_FIELD_ALIASES = {
    "journaltitle": "journal",
    "eprinttype": "archiveprefix",
    "eprintclass": "primaryclass",
    "number": "number",
    "issue": "number",
}
_ARXIV = re.compile(
    r"(?:arxiv:|arxiv\.org/(?:abs|pdf)/|abs/|10\.48550/arxiv\.)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?",
    re.IGNORECASE,
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_YEAR = re.compile(r"\b(\d{4})\b")
# the three characters to_bibtex percent-encodes in links, because they would break the file
_LINK_CHARS = {"%7B": "{", "%7D": "}", "%5C": "\\"}
_LINK_ESCAPES = re.compile("|".join(_LINK_CHARS), re.IGNORECASE)
_PAGE_RANGE = re.compile(r"^\s*(\w+)\s*(?:-+|–|—)\s*(\w+)\s*$")


@dataclass(frozen=True)
class FailedBlock:
    """A block of the file that could not be read as a paper."""

    line: int | None
    """1-based line where the block starts."""
    message: str
    """Why it failed."""
    raw: str
    """The block's text."""


@dataclass(frozen=True)
class DuplicateEntry:
    """An entry left out because an earlier entry is the same paper or has the same key."""

    key: str
    """The left-out entry's citation key."""
    line: int | None
    """1-based line where it starts."""
    duplicate_of: str
    """Key of the earlier entry that was kept."""
    reason: str
    """"same key", "same DOI", "same arXiv id" or "same title and year"."""


@dataclass(frozen=True)
class BibtexImport:
    """What `read_bibtex` found: papers, and what it could not use."""

    papers: tuple[Paper, ...]
    """The papers, in file order."""
    keys: tuple[str, ...]
    """Citation key of each paper, in the same order."""
    failed: tuple[FailedBlock, ...] = ()
    """Blocks that are not valid BibTeX, or entries that are not papers (e.g. no title)."""
    duplicates: tuple[DuplicateEntry, ...] = ()
    """Entries left out as repeats of an earlier one."""

    def by_key(self) -> dict[str, Paper]:
        """The papers by citation key."""
        return dict(zip(self.keys, self.papers, strict=True))


def _line(start: int | None) -> int | None:
    return None if start is None else start + 1


def _read_source(source: str | Path) -> tuple[str, str]:
    if isinstance(source, Path) or ("@" not in source and "\n" not in source):
        path = Path(source)
        try:
            return path.read_text(encoding="utf-8-sig"), str(path)
        except (OSError, ValueError) as exc:  # ValueError: undecodable, or a NUL in the name
            raise ParseError(
                f"cannot read BibTeX file {str(path)!r}: {exc}", source=str(path)
            ) from exc
    return source, "<text>"


def read_bibtex(source: str | Path) -> BibtexImport:
    """Read BibTeX text or a ``.bib`` file into papers.

    Field names are normalized (biblatex's ``journaltitle``, ``eprinttype``, ``date`` too), LaTeX
    is decoded to Unicode, arXiv ids are found in ``eprint``, DBLP's CoRR volumes and arXiv
    links, DOIs in ``doi`` or a doi.org ``url``, and venues go through
    `paperkit.venues.normalize_venue`. Blocks that are not BibTeX are reported with their line
    numbers instead of raised; repeated papers are reported and left out.

    Args:
        source: BibTeX text, or the path of a ``.bib`` file (a `Path`, or a string without
            ``@`` or line breaks).

    Returns:
        The papers with their keys, the failed blocks and the duplicates.

    Raises:
        ParseError: The file cannot be read.
    """
    text, name = _read_source(source)
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    papers: list[Paper] = []
    keys: list[str] = []
    lines: list[int | None] = []
    failed: list[FailedBlock] = []
    duplicates: list[DuplicateEntry] = []
    for block in library.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            line = _line(block.start_line)
            duplicates.append(DuplicateEntry(block.key, line, block.key, "same key"))
        else:
            failed.append(FailedBlock(_line(block.start_line), str(block.error), block.raw or ""))
    for entry in library.entries:
        try:
            paper = _paper(entry)
        except (ValidationError, ValueError) as exc:
            message = f"entry {entry.key!r} in {name} is not a paper: {_short(exc)}"
            failed.append(FailedBlock(_line(entry.start_line), message, entry.raw or ""))
            continue
        earlier = _find_duplicate(paper, papers)
        if earlier is not None:
            index, reason = earlier
            line = _line(entry.start_line)
            duplicates.append(DuplicateEntry(entry.key, line, keys[index], reason))
            continue
        papers.append(paper)
        keys.append(entry.key)
        lines.append(_line(entry.start_line))
    failed.sort(key=lambda f: f.line or 0)
    duplicates.sort(key=lambda d: d.line or 0)
    return BibtexImport(tuple(papers), tuple(keys), tuple(failed), tuple(duplicates))


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(exc)


def _find_duplicate(paper: Paper, papers: list[Paper]) -> tuple[int, str] | None:
    for index, other in enumerate(papers):
        if paper.doi and paper.doi == other.doi:
            return index, "same DOI"
        if paper.arxiv_id and paper.arxiv_id == other.arxiv_id:
            return index, "same arXiv id"
        if paper.title.casefold() == other.title.casefold() and paper.year == other.year:
            return index, "same title and year"
    return None


def _fields(entry: Entry) -> dict[str, str]:
    fields: dict[str, str] = {}
    for field in entry.fields:
        name = field.key.strip().lower()
        name = _FIELD_ALIASES.get(name, name)
        value = field.value if isinstance(field.value, str) else str(field.value)
        fields.setdefault(name, value.strip())
    return fields


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(decode(value).split()) or None


def _paper(entry: Entry) -> Paper:
    fields = _fields(entry)
    title = _text(fields.get("title"))
    if not title:
        raise ValueError("it has no title")
    year = _year(fields)
    arxiv_id, arxiv_version = _arxiv(fields)
    doi = _doi(fields)
    url = _LINK_ESCAPES.sub(
        lambda m: _LINK_CHARS[m.group(0).upper()], fields.get("url", "").strip()
    )
    venue = _venue(entry.entry_type.lower(), fields, year, arxiv_id)
    values: dict[str, Any] = {
        "title": title,
        "authors": _authors(fields.get("author", "")),
        "abstract": _abstract(fields.get("abstract")),
        "year": year,
        "venue": venue,
        "pages": _pages(fields.get("pages")),
        "arxiv_id": arxiv_id,
        "arxiv_version": arxiv_version,
        "doi": doi,
        "url": url or None,
        "categories": _categories(fields, arxiv_id),
    }
    sources = {name: "bibtex" for name, value in values.items() if value not in (None, ())}
    return Paper(**values, provenance=Provenance(sources=sources))


def _split_names(value: str) -> list[str]:
    # BibTeX's rule: "and" between white space, outside braces, separates names
    names: list[str] = []
    current: list[str] = []
    depth = 0
    words = re.split(r"(\s+)", value.strip())
    for word in words:
        if depth == 0 and word.lower() == "and" and current:
            names.append("".join(current).strip())
            current = []
            continue
        for ch in word:
            depth += {"{": 1, "}": -1}.get(ch, 0) if depth >= 0 else 0
        current.append(word)
    if "".join(current).strip():
        names.append("".join(current).strip())
    return names


def _authors(value: str) -> tuple[Author, ...]:
    return tuple(_author(raw) for raw in _split_names(value))


def _braced_whole(raw: str) -> str | None:
    if not (raw.startswith("{") and raw.endswith("}")):
        return None
    depth = 0
    for index, ch in enumerate(raw):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and index < len(raw) - 1:
            return None
    return raw[1:-1]


def _author(raw: str) -> Author:
    whole = _braced_whole(raw)
    if whole is not None and "," not in raw.replace(whole, "", 1):
        name = _text(whole) or whole
        if " " in name:
            return Author(name=name, given=None, family=None, organization=True)
        return Author(name=name, family=name)
    parts = parse_single_name_into_parts(raw, strict=False)
    family = _text(" ".join([*parts.von, *parts.last])) or None
    given = _text(" ".join(parts.first)) or None
    suffix = _text(" ".join(parts.jr)) or None
    if family is None:
        family, given = given, None
    return Author.model_validate({"given": given, "family": family, "suffix": suffix})


def _abstract(value: str | None) -> str | None:
    if not value:
        return None
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", decode(value)))
    return "\n\n".join(p for p in paragraphs if p) or None


def _year(fields: dict[str, str]) -> int | None:
    for name in ("year", "date"):
        match = _YEAR.search(fields.get(name, ""))
        if match:
            return int(match.group(1))
    return None


def _pages(value: str | None) -> str | None:
    text = _text(value)
    if text is None:
        return None
    match = _PAGE_RANGE.match(text)
    return f"{match.group(1)}--{match.group(2)}" if match else text


def _arxiv(fields: dict[str, str]) -> tuple[str | None, int | None]:
    prefix = fields.get("archiveprefix", "").strip().lower()
    # eprint and DBLP's CoRR volume ("abs/1801.00173") are ids; links must name arXiv
    trusted = []
    if "eprint" in fields and prefix in ("", "arxiv"):
        trusted.append(fields["eprint"])
    if fields.get("journal", "").strip().lower() in ("corr", "arxiv"):
        trusted.append(fields.get("volume", ""))
    links = [v for v in (fields.get("url", ""), fields.get("doi", "")) if "arxiv" in v.lower()]
    for candidate in [*trusted, *links]:
        match = _ARXIV.search(candidate.strip())
        if match:
            version = match.group("version")
            return match.group("id"), int(version) if version else None
    return None, None


def _doi(fields: dict[str, str]) -> str | None:
    for candidate in (fields.get("doi", ""), fields.get("url", "")):
        text = urllib.parse.unquote(candidate.strip())
        if candidate is not fields.get("doi") and "doi.org/" not in text:
            continue
        match = _DOI.search(text)
        if match and not match.group(0).lower().startswith("10.48550/"):
            return match.group(0).rstrip(".,;").lower()
    return None


def _categories(fields: dict[str, str], arxiv_id: str | None) -> tuple[str, ...]:
    primary = fields.get("primaryclass", "").strip()
    return (primary,) if primary and arxiv_id else ()


def _normalizer() -> Callable[..., Venue | None] | None:
    # paperkit.venues is optional here: without it venues keep the text of the entry
    try:
        module = importlib.import_module("paperkit.venues")
    except ImportError:
        return None
    return cast("Callable[..., Venue | None] | None", getattr(module, "normalize_venue", None))


def _normalize(text: str, year: int | None) -> Venue | None:
    normalize = _normalizer()
    if normalize is None:
        return None
    try:
        venue = normalize(text, year=year)
    except PaperkitError:
        return None
    return venue if venue is not None and venue.kind is not VenueKind.OTHER else None


def _shown_title(venue: Venue) -> str | None:
    return venue.proceedings or venue.name or venue.acronym or venue.raw


_KIND_BY_TYPE = {
    "inproceedings": VenueKind.CONFERENCE,
    "conference": VenueKind.CONFERENCE,
    "proceedings": VenueKind.CONFERENCE,
    "article": VenueKind.JOURNAL,
}


def _venue(
    entry_type: str, fields: dict[str, str], year: int | None, arxiv_id: str | None
) -> Venue | None:
    raw = fields.get("booktitle") or fields.get("journal") or fields.get("howpublished")
    text = _text(raw)
    if text is None or text.lower() in ("corr", "arxiv", "arxiv e-prints"):
        if arxiv_id is None:
            return None
        found = _normalize("arXiv", year)
        return found or Venue(acronym="arXiv", name="arXiv", kind=VenueKind.PREPRINT, year=year)
    found = _normalize(text, year)
    kind = _KIND_BY_TYPE.get(entry_type, VenueKind.OTHER)
    if kind is VenueKind.CONFERENCE and re.search(r"\bworkshops?\b", text, re.IGNORECASE):
        kind = VenueKind.WORKSHOP
    base = found or Venue(name=text, kind=kind)
    update: dict[str, Any] = {"raw": text, "year": base.year or year}
    for name, attribute in (
        ("volume", "volume"),
        ("number", "issue"),
        ("series", "series"),
        ("publisher", "publisher"),
    ):
        value = _text(fields.get(name))
        if value:
            update[attribute] = value
    if "booktitle" in fields and text != _shown_title(base):
        # the entry's booktitle is what a bibliography shows; keep it over the registry's
        update["proceedings"] = None if text == base.name else text
    return base.model_copy(update=update)
