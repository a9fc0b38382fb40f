"""One paper -> its text in each bulk format.

JSON is pydantic's own encoding of the model. BibTeX and CSL-JSON come from `paperkit.export`,
so a bulk file holds exactly the entries the exporters write for a reading list. Only the key
differs: it is made from the arXiv identifier (``{arxiv}``: ``1706.03762``, ``hepth9901001``),
unique across a snapshot without remembering every key already written, which a reading-list
export does to resolve clashes and a stream of millions cannot afford.
"""

from __future__ import annotations

from paperkit.models import Paper

__all__ = [
    "KEY_TEMPLATE",
    "bibtex_entry",
    "csl_item",
    "json_bytes",
    "json_item",
    "jsonl_bytes",
    "jsonl_line",
]

KEY_TEMPLATE = "{arxiv}"
"""Citation keys and CSL ids of bulk exports."""


def jsonl_line(paper: Paper) -> str:
    """The paper as one line of JSON, newline included."""
    return paper.model_dump_json() + "\n"


_to_json = Paper.__pydantic_serializer__.to_json


def jsonl_bytes(paper: Paper) -> bytes:
    """`jsonl_line` as UTF-8 bytes, made without decoding pydantic's bytes into a str first."""
    return _to_json(paper) + b"\n"


def json_bytes(paper: Paper) -> bytes:
    """`json_item` as UTF-8 bytes."""
    return _to_json(paper)


def json_item(paper: Paper) -> str:
    """The paper as compact JSON, for an item of a JSON array."""
    return paper.model_dump_json()


def bibtex_entry(paper: Paper) -> str:
    """The paper as one BibTeX entry, as `paperkit.export.to_bibtex` writes it."""
    from paperkit.export import to_bibtex

    return to_bibtex(paper, key_template=KEY_TEMPLATE)


def csl_item(paper: Paper) -> str:
    """The paper as one CSL-JSON array item, indented as `paperkit.export.to_csl_json` does.

    Items joined with ",\\n" between "[\\n" and "\\n]\\n" give exactly ``to_csl_json(papers)``.
    """
    from paperkit.export import to_csl_json

    text = to_csl_json(paper, key_template=KEY_TEMPLATE)
    return text.removeprefix("[\n").removesuffix("\n]\n")
