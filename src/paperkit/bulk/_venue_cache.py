"""Venue normalization for millions of records: each distinct text is normalized once.

Comments repeat a great deal ("Accepted at NeurIPS 2019"), and so do the journal references of
conference proceedings, so a bounded cache in front of `paperkit.venues.normalize_venue` turns
most look-ups into a dict hit while keeping memory flat. Each process (or Dask worker) holds its
own cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from paperkit._construct import construct, defaults
from paperkit.models import Venue, VenueKind

__all__ = ["comment_venue", "journal_venue", "preprint_venue"]

CACHE_SIZE = 1 << 16
"""Distinct comments remembered per process."""
JOURNAL_CACHE_SIZE = 1 << 14
"""Distinct journal references remembered per process: fewer, as most never come back (a
volume and a page make each one unique); those that do, a conference's proceedings, come back
often enough to stay."""

# comments that name a venue the paper was only sent to, not published in
_NOT_PUBLISHED = re.compile(
    r"\b(submitted|submission|under review|in review|rejected|withdrawn|preprint|draft)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


# comments worth asking the registry about: most are only "12 pages, 3 figures"
_MAY_NAME_VENUE = re.compile(
    r"(?i:accepted|appear|published|camera|proceedings|conference|workshop|journal)|[A-Z]{2,}"
)


@lru_cache(maxsize=1)
def _normalizer() -> Callable[[str], Venue | None] | None:
    # looked up once: a failing import costs a search of sys.path on every call
    try:
        from paperkit.venues import normalize_venue
    except ImportError:  # without the registry, journal references are kept as raw text
        return None
    return normalize_venue


def _normalize(text: str) -> Venue | None:
    normalize = _normalizer()
    return normalize(text) if normalize is not None else None


@lru_cache(maxsize=JOURNAL_CACHE_SIZE)
def journal_venue(journal_ref: str) -> Venue | None:
    """The venue a journal reference names; an unrecognized one is kept as `Venue.raw`.

    None when the reference is only white space.
    """
    journal_ref = " ".join(journal_ref.split())
    if not journal_ref:
        return None
    venue = _normalize(journal_ref)
    if venue is not None:
        return venue
    years = _YEAR.findall(journal_ref)
    # the year of a reference is normally its last one: "Phys. Rev. D 76, 013009 (2007)"
    values = dict(_DEFAULTS)  # what Venue(raw=, year=) makes: every year `_YEAR` finds is valid
    values["year"] = int(years[-1]) if years else None
    values["raw"] = journal_ref
    return construct(Venue, values, _RAW_GIVEN)


_DEFAULTS = defaults(Venue)
_RAW_GIVEN = frozenset(("raw", "year"))


@lru_cache(maxsize=CACHE_SIZE)
def comment_venue(comments: str) -> Venue | None:
    """A known venue the comments say the paper appeared in ("Accepted at ICML 2020"), or None.

    Comments are mostly page counts and thanks, so only venues the registry knows count, and
    never one the paper was merely submitted to.
    """
    comments = " ".join(comments.split())
    if _NOT_PUBLISHED.search(comments) or not _MAY_NAME_VENUE.search(comments):
        return None
    venue = _normalize(comments)
    if venue is None or venue.acronym is None or venue.kind is VenueKind.PREPRINT:
        return None
    return venue


@lru_cache(maxsize=256)
def preprint_venue(year: int | None) -> Venue:
    """arXiv as the venue of a paper with no published version."""
    return Venue(acronym="arXiv", name="arXiv", kind=VenueKind.PREPRINT, year=year)
