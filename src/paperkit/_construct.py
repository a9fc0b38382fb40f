"""Building a frozen model from values that are valid by construction, without validating again.

Hot paths (a snapshot's millions of records, a venue read per string) make the same few models
from values they have checked or built themselves; validating those again costs as much as the
rest of the work. The tests compare the instances made here with validated ones.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["construct", "defaults"]

_Model = TypeVar("_Model", bound=BaseModel)
# BaseModel's own slots, set through their descriptors: object.__setattr__ would check the
# class hierarchy on every call, which costs more than the rest of the construction
_new = object.__new__
_SLOTS = BaseModel.__dict__
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__
_SHARED: dict[frozenset[str], set[str]] = {}


def defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's default, in the model's order: the values to start a `construct` from.

    For models whose fields have plain defaults (a default factory is not called here).
    """
    return {name: field.default for name, field in model.model_fields.items()}


def construct(model: type[_Model], values: dict[str, Any], fields_set: frozenset[str]) -> _Model:
    """``model.model_construct(set(fields_set), **values)`` without its loop over the fields.

    For values valid by construction that name every field in the model's order. That loop
    costs as much as validation; this sets the same four attributes it does.

    Instances made with the same ``fields_set`` share one set object. The models are frozen,
    so pydantic never changes that set in place (a copy gets a copy of its own); sharing it
    spares a bulk run one object per cached author and venue, which the garbage collector
    would otherwise visit on each full collection.
    """
    instance = _new(model)
    _set_dict(instance, values)
    shared = _SHARED.get(fields_set)
    if shared is None:
        shared = _SHARED.setdefault(fields_set, set(fields_set))
    _set_fields_set(instance, shared)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
