"""Merging the records that several sources gave for one paper into one `Paper`.

Which source wins which field is data, in ``paperkit/data/precedence.toml``, loaded once into
`PRECEDENCE` (field -> sources, best first). In short:

| fields                                     | winner, in order                                   |
|--------------------------------------------|----------------------------------------------------|
| title, authors, abstract                   | crossref, datacite, doi.org, arxiv, bibtex, page   |
| year, venue, pages, doi, url, published    | crossref, datacite, doi.org, page, bibtex, arxiv   |
| arxiv_id, arxiv_version, categories, pdf   | arxiv first                                        |
| venue details (volume, proceedings, ...)   | the published record, then the venue registry      |

Two rules stand apart from the table: the arXiv DOI (``10.48550/...``) is never a paper's DOI
(it names the preprint; the arXiv id keeps it reachable), and once a paper has a published
version its year and publication date never come from the preprint. Every field's source is
recorded in ``provenance.sources`` (``"venue.volume": "registry"`` for details filled apart
from the venue itself).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from paperkit.models import Paper, Provenance, Venue, VenueKind

__all__ = ["PRECEDENCE", "PREPRINT_EXCLUDED", "SOURCES", "merge", "source_of"]

SOURCES = ("crossref", "datacite", "doi.org", "page", "bibtex", "arxiv", "registry")
"""Every source name a record's provenance may give."""

ARXIV_DOI_PREFIX = "10.48550/"
_VENUE_DETAILS = ("name", "volume", "issue", "proceedings", "series", "publisher")
_UNATTRIBUTED = "page"  # a record without any provenance was written by the user


@dataclass(frozen=True)
class _Table:
    fields: Mapping[str, tuple[str, ...]]
    preprint_excluded: frozenset[str]


def _load_table() -> _Table:
    path = files("paperkit") / "data" / "precedence.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    known_fields = set(Paper.model_fields) - {"provenance"}
    known_fields |= {f"venue.{detail}" for detail in _VENUE_DETAILS}
    fields: dict[str, tuple[str, ...]] = {}
    for name, order in raw.get("fields", {}).items():
        if name not in known_fields:
            raise ValueError(f"{path}: {name!r} is not a Paper field")
        if not isinstance(order, list) or not order:
            raise ValueError(f"{path}: {name!r} needs a non-empty list of sources")
        unknown = [s for s in order if s not in SOURCES]
        if unknown:
            raise ValueError(f"{path}: {name!r} names unknown sources {unknown}")
        if len(set(order)) != len(order):
            raise ValueError(f"{path}: {name!r} lists a source twice")
        fields[name] = tuple(order)
    excluded = frozenset(raw.get("preprint_excluded", ()))
    if not excluded <= set(fields):
        raise ValueError(f"{path}: preprint_excluded names fields without a row")
    return _Table(MappingProxyType(fields), excluded)


_TABLE = _load_table()
PRECEDENCE: Mapping[str, tuple[str, ...]] = _TABLE.fields
"""Field -> sources in order of preference, as read from ``data/precedence.toml``."""
PREPRINT_EXCLUDED: frozenset[str] = _TABLE.preprint_excluded
"""Fields the arXiv preprint never gives a paper that has a published version."""


def merge(first: Paper, /, *others: Paper) -> Paper:
    """One paper from the records several sources gave for it, field by field.

    Each record's fields are attributed to the source its ``provenance.sources`` names; a field
    the provenance does not mention is attributed to the record's main source (the one it names
    most), and a record with no provenance at all to ``"page"`` (the user's own data). For every
    field the first source in `PRECEDENCE` that has a value wins; empty strings, tuples and
    dicts count as no value. Between two records of one source, a published version (its venue
    is not a preprint server) wins over a preprint, and otherwise the earlier record. The records
    are not checked to be the same paper: that is the caller's job.

    Args:
        first: A record of the paper, e.g. the arXiv preprint.
        *others: More records of the same paper: the published version, the user's page entry,
            the venue registry's edition.

    Returns:
        The merged paper, with ``provenance.sources`` naming the source of every field it has and
        the first match score and query any record carried.
    """
    # among records of one source, a published version wins over a preprint (a bioRxiv record
    # and the journal's are both Crossref's); otherwise the order given decides
    records = tuple(sorted((first, *others), key=_is_preprint_record))
    chosen: dict[str, tuple[Any, str]] = {}
    for name, order in PRECEDENCE.items():
        if "." in name or name in {"year", "venue"}:
            continue
        pick = _pick(records, name, order, skip=_skip_arxiv_doi if name == "doi" else None)
        if pick is not None:
            chosen[name] = pick

    venue_pick = _pick_venue(records)
    if venue_pick is not None:
        chosen["venue"] = venue_pick
    details = _venue_details(records, venue_pick[0]) if venue_pick else {}
    if venue_pick and details:
        venue = venue_pick[0].model_copy(update={k: v for k, (v, _) in details.items()})
        chosen["venue"] = (venue, venue_pick[1])

    if "title" not in chosen:  # every record has a title, even one from a source with no row
        chosen["title"] = (records[0].title, source_of(records[0], "title"))
    if "arxiv_id" not in chosen:
        derived = _arxiv_id_from_doi(records)
        if derived is not None:
            chosen["arxiv_id"] = derived

    is_published = _is_published(chosen)
    if is_published:
        for name in PREPRINT_EXCLUDED - {"year"}:
            pick = _pick(records, name, _without_arxiv(PRECEDENCE[name]))
            if pick is None:
                chosen.pop(name, None)
            else:
                chosen[name] = pick
    year = _pick_year(records, chosen.get("venue"), published=is_published)
    if year is not None:
        chosen["year"] = year

    sources = {name: source for name, (_, source) in chosen.items()}
    sources.update({f"venue.{k}": source for k, (_, source) in details.items()})
    provenance = Provenance(
        sources=dict(sorted(sources.items())),
        match_score=next((r.provenance.match_score for r in records if _scored(r)), None),
        match_query=next(
            (r.provenance.match_query for r in records if r.provenance.match_query), None
        ),
    )
    values = {name: value for name, (value, _) in chosen.items()}
    return Paper(**values, provenance=provenance)


def source_of(record: Paper, field: str) -> str:
    """The source that gave `record` its `field`, by its provenance (see `merge`)."""
    sources = record.provenance.sources
    if field in sources:
        return sources[field]
    if not sources:
        return _UNATTRIBUTED
    return Counter(sources.values()).most_common(1)[0][0]


def _has_value(value: object) -> bool:
    if isinstance(value, str | tuple | dict):
        return bool(value)
    return value is not None


def _pick(
    records: tuple[Paper, ...],
    field: str,
    order: tuple[str, ...],
    *,
    skip: Any = None,
) -> tuple[Any, str] | None:
    for source in order:
        for record in records:
            value = getattr(record, field)
            if not _has_value(value) or source_of(record, field) != source:
                continue
            if skip is not None and skip(value):
                continue
            return value, source
    return None


def _skip_arxiv_doi(doi: str) -> bool:
    return doi.startswith(ARXIV_DOI_PREFIX)


def _without_arxiv(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(source for source in order if source != "arxiv")


def _pick_venue(records: tuple[Paper, ...]) -> tuple[Venue, str] | None:
    # a preprint server is a venue only while no record knows where the paper was published
    published = _pick(records, "venue", PRECEDENCE["venue"], skip=_is_preprint_venue)
    return published or _pick(records, "venue", PRECEDENCE["venue"])


def _is_preprint_record(record: Paper) -> bool:
    return record.venue is not None and _is_preprint_venue(record.venue)


def _is_preprint_venue(venue: Venue) -> bool:
    return venue.kind is VenueKind.PREPRINT


def _same_edition(a: Venue, b: Venue) -> bool:
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    same_acronym = a.acronym is not None and _fold(a.acronym) == _fold(b.acronym)
    same_name = a.name is not None and _fold(a.name) == _fold(b.name)
    return same_acronym or same_name


def _fold(text: str | None) -> str:
    return (text or "").casefold().strip()


def _venue_details(records: tuple[Paper, ...], venue: Venue) -> dict[str, tuple[Any, str]]:
    """Details the chosen venue lacks, from other records that name the same edition."""
    details: dict[str, tuple[Any, str]] = {}
    for detail in _VENUE_DETAILS:
        if _has_value(getattr(venue, detail)):
            continue
        for source in PRECEDENCE[f"venue.{detail}"]:
            found = next(
                (
                    getattr(r.venue, detail)
                    for r in records
                    if r.venue is not None
                    and source_of(r, "venue") == source
                    and _has_value(getattr(r.venue, detail))
                    and _same_edition(venue, r.venue)
                ),
                None,
            )
            if found is not None:
                details[detail] = (found, source)
                break
    return details


def _arxiv_id_from_doi(records: tuple[Paper, ...]) -> tuple[str, str] | None:
    for record in records:
        if record.doi and record.doi.startswith(ARXIV_DOI_PREFIX + "arxiv."):
            return record.doi.removeprefix(ARXIV_DOI_PREFIX + "arxiv."), source_of(record, "doi")
    return None


def _is_published(chosen: Mapping[str, tuple[Any, str]]) -> bool:
    venue = chosen.get("venue")
    return "doi" in chosen or (venue is not None and not _is_preprint_venue(venue[0]))


def _pick_year(
    records: tuple[Paper, ...], venue: tuple[Venue, str] | None, *, published: bool
) -> tuple[int, str] | None:
    order = PRECEDENCE["year"]
    if published and "year" in PREPRINT_EXCLUDED:
        order = _without_arxiv(order)
    pick = _pick(records, "year", order)
    if venue is None or venue[0].year is None:
        return pick
    # the edition's year beats a year from a source ranked below the venue's own source
    if pick is None or _rank(order, pick[1]) > _rank(order, venue[1]):
        return venue[0].year, venue[1]
    return pick


def _rank(order: tuple[str, ...], source: str) -> int:
    return order.index(source) if source in order else len(order)


def _scored(record: Paper) -> bool:
    return record.provenance.match_score is not None
