"""A bounded memo for the look-ups a bulk run makes on every author: two generations of dicts.

`functools.lru_cache` relinks its list on every hit; on a snapshot's authors its hit took about
twice the time of a dict look-up. Here a hit is one look-up that writes nothing. New keys go
into the recent generation; when it is full it becomes the older one and the previous older one
is dropped, so memory stays bounded. A key found in the older generation is copied into the
recent one: a key in use stays.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import Enum
from typing import Final, Generic, TypeVar

__all__ = ["UNSEEN", "Generations", "Unseen"]

_Key = TypeVar("_Key", bound=Hashable)
_Value = TypeVar("_Value")


class Unseen(Enum):
    """The type of `UNSEEN`: what ``recent.get(key, UNSEEN)`` gives for a key not in it."""

    UNSEEN = "unseen"


UNSEEN: Final = Unseen.UNSEEN


class Generations(Generic[_Key, _Value]):
    """Values of recent keys, at most ``2 * size`` of them.

    Callers look in `recent` themselves (``recent.get(key, UNSEEN)``, no method call in a hot
    loop) and call `miss` when the key is not there; `miss` may replace `recent`.
    """

    __slots__ = ("make", "older", "recent", "size")

    def __init__(self, make: Callable[[_Key], _Value], size: int) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        self.make = make
        self.size = size
        self.recent: dict[_Key, _Value] = {}
        self.older: dict[_Key, _Value] = {}

    def miss(self, key: _Key) -> _Value:
        """The value of a key that is not in `recent`: from the older generation, or made."""
        value = self.older.get(key, UNSEEN)
        if value is UNSEEN:
            value = self.make(key)
        recent = self.recent
        recent[key] = value
        if len(recent) >= self.size:
            self.older, self.recent = recent, {}
        return value

    def get(self, key: _Key) -> _Value:
        """The value of ``key``, remembered; what the hot loops inline."""
        value = self.recent.get(key, UNSEEN)
        return self.miss(key) if value is UNSEEN else value

    def fill(self) -> float:
        """How full the memo is, from 0 to 1 (both generations at ``size``)."""
        return (len(self.recent) + len(self.older)) / (2 * self.size)
