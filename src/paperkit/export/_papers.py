"""What every exporter needs: the papers of any input, and the facts derived from a paper."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from paperkit.errors import ExportError
from paperkit.models import Paper, ReadingGroup, Session, Venue, VenueKind

__all__ = [
    "Exportable",
    "abs_url",
    "collect_papers",
    "is_preprint",
    "pdf_url",
    "safe_url",
    "venue_title",
]

Exportable: TypeAlias = Paper | Session | ReadingGroup | Iterable[Paper | Session]
"""A paper, papers, a session, sessions, or a whole group."""

_SAFE_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


def collect_papers(obj: Exportable) -> tuple[Paper, ...]:
    """The papers of `obj` in order, each equal paper once (a paper discussed twice is one entry).

    Raises:
        ExportError: `obj` is not a paper, a session, a group or an iterable of them.
    """
    found: list[Paper] = []
    if isinstance(obj, Paper):
        found.append(obj)
    elif isinstance(obj, Session | ReadingGroup):
        found.extend(obj.papers)
    elif isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        for item in obj:
            if isinstance(item, Paper):
                found.append(item)
            elif isinstance(item, Session):
                found.extend(item.papers)
            else:
                raise ExportError(
                    f"cannot export {type(item).__name__!r} items: expected Paper or Session"
                )
    else:
        raise ExportError(
            f"cannot export {type(obj).__name__!r}: expected a Paper, papers, a Session "
            "or a ReadingGroup"
        )
    # Papers are not hashable (provenance holds a dict): equal papers share these fields, so
    # each paper is compared only with the few kept papers that also share them.
    unique: list[Paper] = []
    kept: dict[tuple[object, ...], list[Paper]] = {}
    for paper in found:
        same_key = kept.setdefault((paper.title, paper.arxiv_id, paper.doi, paper.year), [])
        if paper not in same_key:
            same_key.append(paper)
            unique.append(paper)
    return tuple(unique)


def venue_title(venue: Venue | None) -> str | None:
    """The title a bibliography shows for a venue: the edition's proceedings, else the series."""
    if venue is None:
        return None
    return venue.proceedings or venue.name or venue.acronym or venue.raw


def is_preprint(paper: Paper) -> bool:
    """True when the paper has appeared only as a preprint (or nowhere known but arXiv)."""
    if paper.venue is None:
        return paper.arxiv_id is not None
    return paper.venue.kind is VenueKind.PREPRINT


def abs_url(paper: Paper) -> str | None:
    """The arXiv abstract page of the paper, when it has an arXiv id."""
    return f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None


def pdf_url(paper: Paper) -> str | None:
    """A link to the PDF: the one the sources gave, else arXiv's."""
    if paper.pdf_url and safe_url(paper.pdf_url):
        return paper.pdf_url
    return f"https://arxiv.org/pdf/{paper.arxiv_id}" if paper.arxiv_id else None


def safe_url(url: str) -> bool:
    """True for http(s) links; ``javascript:`` and other schemes are never written out."""
    return bool(_SAFE_SCHEME.match(url.strip()))
