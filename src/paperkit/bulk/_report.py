"""What a bulk run saw: counts, and the problems it met, each with where it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BulkReport", "Problem"]

DEFAULT_MAX_PROBLEMS = 1000
"""Problems kept in a report; past this only the counts grow, so memory stays bounded."""


@dataclass(frozen=True)
class Problem:
    """One record that was skipped, or one field that was dropped from a record.

    ``str(problem)`` reads like a compiler message: ``snapshot.json:17: 1706.03762: bad DOI ...``.
    """

    source: str
    """The file or URL the record came from."""
    line: int | None
    """1-based line number in the snapshot; None for harvested (OAI-PMH) records."""
    message: str
    """What was wrong, naming the offending value."""
    identifier: str | None = None
    """The record's arXiv identifier, when it could be read."""
    skipped: bool = True
    """True when the whole record was skipped; False when only a field was dropped."""

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        who = f" {self.identifier}:" if self.identifier else ""
        return f"{where}:{who} {self.message}"


@dataclass
class BulkReport:
    """Counts and problems of one bulk run; filled in while the stream is consumed.

    Nothing here is fatal: a record that cannot be read is counted in `skipped` and described in
    `problems`, and the run goes on. Only the first `max_problems` problems are kept.
    """

    lines: int = 0
    """Lines read from snapshot files, blank ones included."""
    records: int = 0
    """Records read (non-blank lines, or harvested records)."""
    papers: int = 0
    """Papers produced."""
    skipped: int = 0
    """Records skipped because they could not be read."""
    warnings: int = 0
    """Fields dropped from records that were otherwise kept (e.g. a malformed DOI)."""
    deleted: int = 0
    """Harvested records the repository marks as deleted (they carry no metadata)."""
    problems: list[Problem] = field(default_factory=list)
    """The first `max_problems` problems, in the order they were met."""
    output: Path | None = None
    """The file (or folder of partitions) written, when the run wrote one."""
    seconds: float = 0.0
    """Wall-clock time of the run, when it was timed."""
    max_problems: int = DEFAULT_MAX_PROBLEMS
    """How many problems to keep."""

    @property
    def ok(self) -> bool:
        """True when no record was skipped and no field was dropped."""
        return not self.skipped and not self.warnings

    @property
    def rate(self) -> float:
        """Records per second, when the run was timed; 0.0 otherwise."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @property
    def failures(self) -> list[Problem]:
        """The kept problems that cost a whole record (those with ``skipped`` True)."""
        return [p for p in self.problems if p.skipped]

    def __str__(self) -> str:
        parts = [f"{self.papers:,} papers from {self.records:,} records"]
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        if self.warnings:
            parts.append(f"{self.warnings:,} fields dropped")
        if self.deleted:
            parts.append(f"{self.deleted:,} deleted")
        if self.seconds > 0:
            parts.append(f"{self.seconds:.1f} s ({self.rate:,.0f} records/s)")
        text = ", ".join(parts)
        return f"{text} -> {self.output}" if self.output is not None else text

    def add(self, problem: Problem) -> None:
        """Count a problem and keep it while there is room."""
        if problem.skipped:
            self.skipped += 1
        else:
            self.warnings += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)

    def merge(self, other: BulkReport) -> None:
        """Add another report's counts and problems to this one (used to join partitions)."""
        self.lines += other.lines
        self.records += other.records
        self.papers += other.papers
        self.skipped += other.skipped
        self.warnings += other.warnings
        self.deleted += other.deleted
        room = self.max_problems - len(self.problems)
        self.problems.extend(other.problems[: max(room, 0)])
