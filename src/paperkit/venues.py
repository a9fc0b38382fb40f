"""Venue normalization: the registry of known venues and a reader for the text people write.

>>> from paperkit import normalize_venue
>>> venue = normalize_venue("Published as a conference paper at ICLR 2019")
>>> venue.acronym, venue.year, venue.proceedings
('ICLR', 2019, '7th International Conference on Learning Representations')
>>> normalize_venue("Submitted to ICLR 2023").kind
<VenueKind.PREPRINT: 'preprint'>
>>> normalize_venue("15 pages, 5 figures") is None
True
"""

from __future__ import annotations

from paperkit._venue_parse import parse_venue
from paperkit._venue_registry import VenueEntry, VenueRegistry
from paperkit._venue_text import alias_tokens
from paperkit.models import Venue

__all__ = ["VenueEntry", "VenueRegistry", "normalize_venue", "venue_key"]


def normalize_venue(
    text: str, *, year: int | None = None, registry: VenueRegistry | None = None
) -> Venue | None:
    """Read the venue a piece of text names, with its year, edition and kind.

    Reads DBLP booktitles, Crossref container titles and events, arXiv ``journal_ref`` and
    ``comment`` fields, OpenReview venue values and what people type ("NIPS 2017", "CVPR'21",
    "accepted to ICML 2020", "Proceedings of the 37th International Conference on Machine
    Learning"). It never guesses: text that names no known venue gives None.

    Args:
        text: the venue text, as found (LaTeX and BibTeX braces are fine).
        year: a hint, e.g. the paper's year, used only when the text implies no year.
        registry: the registry to read with; the packaged one by default.

    Returns:
        The `Venue`, or None when the text names no known venue. A submission ("Submitted to
        ICLR 2023", "under review") gives kind "preprint" with no acronym; a workshop held at a
        conference gives kind "workshop" with no acronym; a separate track with no entry of its
        own gives kind "other". A year that contradicts the edition's ordinal or volume is kept
        and flagged in ``warnings``.
    """
    return parse_venue(registry or VenueRegistry.default(), text, year)


def venue_key(text: str) -> str:
    """The matching key of a venue alias: accent-free lower-case words joined by spaces.

    >>> venue_key("IEEE S&P")
    'ieee s and p'
    """
    return " ".join(alias_tokens(text))
