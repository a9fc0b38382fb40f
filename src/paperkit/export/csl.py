"""CSL-JSON export (`to_csl_json`), the input of Pandoc's ``--citeproc``, Zotero and citeproc-js.

Each paper is one CSL item whose ``id`` is the paper's BibTeX key (so ``[@vaswani2017attention]``
cites the same paper in Pandoc and LaTeX). Types: ``paper-conference`` for conferences and
workshops, ``article-journal`` for journals, ``article`` for preprints (publisher "arXiv",
number "arXiv:2109.13916", as Zotero writes them), ``document`` otherwise. Text stays Unicode.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from paperkit.export._keys import assign_keys
from paperkit.export._papers import Exportable, abs_url, collect_papers, is_preprint, venue_title
from paperkit.models import Author, Paper, VenueKind

__all__ = ["csl_item", "to_csl_json"]

_TYPES = {
    VenueKind.CONFERENCE: "paper-conference",
    VenueKind.WORKSHOP: "paper-conference",
    VenueKind.JOURNAL: "article-journal",
}


def _name(author: Author) -> dict[str, str]:
    if author.organization or not author.family:
        return {"literal": author.name}
    name = {"family": author.family}
    if author.given:
        name["given"] = author.given
    if author.suffix:
        name["suffix"] = author.suffix
    return name


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One paper as a CSL-JSON item with the given ``id``."""
    venue = paper.venue
    preprint = is_preprint(paper)
    kind = "article" if preprint else _TYPES.get(venue.kind, "document") if venue else "document"
    year = paper.year or (venue.year if venue else None)
    item: dict[str, Any] = {"id": key, "type": kind, "title": paper.title}
    if paper.authors:
        item["author"] = [_name(a) for a in paper.authors]
    if year:
        item["issued"] = {"date-parts": [[year]]}
    if venue and not preprint:
        container = venue.name if venue.kind is VenueKind.JOURNAL else venue_title(venue)
        optional = {
            "container-title": container or venue_title(venue),
            "container-title-short": venue.acronym,
            "collection-title": venue.series,
            "volume": venue.volume,
            "issue": venue.issue,
            "publisher": venue.publisher,
        }
        item.update({k: v for k, v in optional.items() if v})
    if paper.pages:
        item["page"] = paper.pages.replace("--", "-")
    if paper.arxiv_id and preprint:
        item.update(publisher="arXiv", number=f"arXiv:{paper.arxiv_id}")
    elif paper.arxiv_id:
        item["note"] = f"arXiv: {paper.arxiv_id}"
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper.url or abs_url(paper)
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def to_csl_json(obj: Exportable, *, key_template: str | None = None) -> str:
    """Write papers as a CSL-JSON array.

    Args:
        obj: A `Paper`, papers, a `Session`, sessions or a `ReadingGroup`.
        key_template: Template for the item ids, as in `paperkit.to_bibtex`.

    Returns:
        Indented JSON ending with a newline.

    Raises:
        ExportError: An unknown input type or key template field.
    """
    papers = collect_papers(obj)
    keys = assign_keys(papers, key_template)
    items = [csl_item(p, k) for p, k in zip(papers, keys, strict=True)]
    return _indented_json(items) + "\n"


def _indented_json(items: list[dict[str, Any]]) -> str:
    """``json.dumps(items, indent=2, ensure_ascii=False)``, made by orjson.

    The same text for what CSL items hold (strings, integers, lists, objects; no floats, which
    the two write differently), several times faster, and without the reference cycles the
    standard library's indenting encoder leaves behind on every call (a bulk run is made to
    leave none). What orjson refuses (a lone surrogate, an integer beyond 64 bits) is left to
    the standard library.
    """
    try:
        return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        return json.dumps(items, indent=2, ensure_ascii=False)
