"""One paper -> its text in each bulk format.

JSON is pydantic's own encoding of the model. BibTeX and CSL-JSON come from `paperkit.export`,
so a bulk file holds exactly the entries the exporters write for a reading list; only the BibTeX
key differs: the arXiv identifier, which is unique across a snapshot without remembering every
key already written (which a reading-list export does to resolve clashes).
"""

from __future__ import annotations

from paperkit.models import Paper

__all__ = ["bibtex_entry", "bibtex_key", "csl_item", "json_item", "jsonl_line"]


def jsonl_line(paper: Paper) -> str:
    """The paper as one line of JSON, newline included."""
    return paper.model_dump_json() + "\n"


def json_item(paper: Paper) -> str:
    """The paper as compact JSON, for an item of a JSON array."""
    return paper.model_dump_json()


def bibtex_key(paper: Paper) -> str:
    """The arXiv identifier with "/" made "_" (``hep-th_9901001``), else the DOI."""
    if paper.arxiv_id:
        return paper.arxiv_id.replace("/", "_")
    if paper.doi:
        return paper.doi
    raise ValueError(f"paper {paper.title!r} has neither an arXiv id nor a DOI to key it by")


def bibtex_entry(paper: Paper) -> str:
    """The paper as one BibTeX entry (via `paperkit.export`), keyed by `bibtex_key`."""
    from paperkit.export import to_bibtex

    text: str = to_bibtex([paper], keys=[bibtex_key(paper)])
    return text.strip("\n") + "\n"


def csl_item(paper: Paper) -> str:
    """The paper as one CSL-JSON item (via `paperkit.export`), without the array around it."""
    from paperkit.export import to_csl_json

    text: str = to_csl_json([paper])
    return text.strip().removeprefix("[").removesuffix("]").strip()
