"""One paper -> its text in each bulk format.

JSON is the bytes ``Paper.model_dump_json()`` writes, made by orjson from the models' values in
less than half the time (tests hold the two encoders to the same bytes); a model orjson cannot
write exactly as pydantic does is left to pydantic. BibTeX and CSL-JSON come from
`paperkit.export`, so a bulk file holds exactly the entries the exporters write for a reading
list. Only the key differs: it is made from the arXiv identifier (``{arxiv}``: ``1706.03762``,
``hepth9901001``), unique across a snapshot without remembering every key already written, which
a reading-list export does to resolve clashes and a stream of millions cannot afford.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import orjson

from paperkit.models import Author, Paper, Provenance, Venue

__all__ = [
    "KEY_TEMPLATE",
    "bibtex_entry",
    "csl_item",
    "json_bytes",
    "json_item",
    "jsonl_bytes",
    "jsonl_line",
    "record_json_bytes",
    "record_jsonl_bytes",
]

KEY_TEMPLATE = "{arxiv}"
"""Citation keys and CSL ids of bulk exports."""


def jsonl_line(paper: Paper) -> str:
    """The paper as one line of JSON, newline included."""
    return paper.model_dump_json() + "\n"


_to_json = Paper.__pydantic_serializer__.to_json
_dumps = orjson.dumps
_APPEND_NEWLINE = orjson.OPT_APPEND_NEWLINE
# pydantic writes the values that are fields and skips others, orjson writes every value: the
# fast path takes models whose values are exactly their fields (as validation leaves them)
_FIELD_ORDER = {model: tuple(model.model_fields) for model in (Paper, Author, Venue, Provenance)}


class _NotPlain(TypeError):
    """A value pydantic may write otherwise than orjson: pydantic encodes that paper."""


def _fields(model: Any) -> dict[str, Any]:
    # the paper's values, then each value orjson cannot encode itself: the nested models
    values: dict[str, Any] = model.__dict__
    if _FIELD_ORDER.get(type(model)) != tuple(values):
        raise _NotPlain
    # validation stores a float; an int put there unvalidated is written 95 by orjson, 95.0 by
    # pydantic (the one number field whose JSON depends on the Python type)
    if type(model) is Provenance and type(values["match_score"]) is int:
        raise _NotPlain
    return values


def _orjson(paper: Paper, option: int | None = None) -> bytes | None:
    """The paper's JSON as pydantic writes it, made by orjson; None when orjson cannot."""
    try:
        return _dumps(_fields(paper), default=_fields, option=option)
    except TypeError:  # a value orjson does not encode (or may encode otherwise): _NotPlain too
        return None


def jsonl_bytes(paper: Paper) -> bytes:
    """`jsonl_line` as UTF-8 bytes, made without a str in between."""
    encoded = _orjson(paper, _APPEND_NEWLINE)
    return encoded if encoded is not None else _to_json(paper) + b"\n"


def json_bytes(paper: Paper) -> bytes:
    """`json_item` as UTF-8 bytes."""
    encoded = _orjson(paper)
    return encoded if encoded is not None else _to_json(paper)


# called by orjson for each nested model; a C function, so no Python frame per author
_values = attrgetter("__dict__")


def record_jsonl_bytes(paper: Paper) -> bytes:
    """`jsonl_bytes` of a paper that `paper_from_record` made.

    Every model in such a paper holds exactly its fields, in order, as validation leaves them
    (`paper_from_record` builds them so, and the tests hold it to that), so orjson reads their
    values without the checks `jsonl_bytes` makes, which cost as much as the encoding.
    """
    try:
        return _dumps(paper.__dict__, default=_values, option=_APPEND_NEWLINE)
    except TypeError:  # a value orjson does not encode, such as an int beyond 64 bits
        return jsonl_bytes(paper)


def record_json_bytes(paper: Paper) -> bytes:
    """`json_bytes` of a paper that `paper_from_record` made; see `record_jsonl_bytes`."""
    try:
        return _dumps(paper.__dict__, default=_values)
    except TypeError:
        return json_bytes(paper)


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
