"""JSON export (`to_json`): pydantic's JSON of the models, indented and stable.

The output is what ``Model.model_dump_json`` gives, with ``None`` fields left out, two-space
indents, non-ASCII text kept as UTF-8, and provenance sources in sorted order so equal models
always give equal text. It loads back into equal models with ``Paper.model_validate_json``,
``Session.model_validate_json`` or ``ReadingGroup.model_validate_json`` (a list of papers or
sessions with ``pydantic.TypeAdapter(list[Paper])``), and matches the schemas in ``docs/schema/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from paperkit.errors import ExportError
from paperkit.models import Paper, ReadingGroup, Session

__all__ = ["to_json"]


def _sorted_sources(value: Any) -> Any:
    # provenance maps keep insertion order; sorting makes equal models print equally
    if isinstance(value, dict):
        return {
            key: (dict(sorted(item.items())) if key == "sources" and isinstance(item, dict)
                  else _sorted_sources(item))
            for key, item in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [_sorted_sources(item) for item in value]
    return value


def _dump(model: BaseModel) -> Any:
    return model.model_dump(mode="json", exclude_none=True)


def to_json(obj: Paper | Session | ReadingGroup | Iterable[Paper | Session]) -> str:
    """Write a paper, a session, a group, or a list of papers or sessions as JSON.

    Args:
        obj: The models to write; a list is written as a JSON array.

    Returns:
        Indented JSON ending with a newline.

    Raises:
        ExportError: `obj` is not a model or an iterable of papers or sessions.
    """
    if isinstance(obj, BaseModel):
        if not isinstance(obj, Paper | Session | ReadingGroup):
            raise ExportError(f"cannot write {type(obj).__name__!r} as paperkit JSON")
        data = _dump(obj)
    elif isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        items = list(obj)
        for item in items:
            if not isinstance(item, Paper | Session):
                raise ExportError(
                    f"cannot write {type(item).__name__!r} items as JSON: expected Paper or Session"
                )
        data = [_dump(item) for item in items]
    else:
        raise ExportError(
            f"cannot write {type(obj).__name__!r} as JSON: expected a Paper, a Session, "
            "a ReadingGroup or a list of papers or sessions"
        )
    return json.dumps(_sorted_sources(data), indent=2, ensure_ascii=False) + "\n"
