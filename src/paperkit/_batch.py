"""The result of a batch: what succeeded, in input order, and what failed, with why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from paperkit.errors import PaperkitError
from paperkit.models import Paper

__all__ = ["Batch", "Progress"]

Progress = Callable[[int, int], None]
"""A progress callback: called with (done, total) as a batch advances."""


@dataclass(frozen=True)
class Batch:
    """Papers that a batch produced and the inputs that failed.

    Nothing is dropped: every input is either in `results` or in `failures`.
    """

    results: dict[str, Paper] = field(default_factory=dict)
    """Input text -> paper, in input order (duplicates of one paper map to the same paper)."""
    failures: dict[str, PaperkitError] = field(default_factory=dict)
    """Input text -> the error that stopped it, in input order."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        """The papers found, in input order, each once."""
        seen: set[int] = set()
        unique = []
        for paper in self.results.values():
            if id(paper) not in seen:
                seen.add(id(paper))
                unique.append(paper)
        return tuple(unique)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures
