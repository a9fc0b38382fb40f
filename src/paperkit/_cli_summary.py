"""The closing summary of ``paperkit ingest``: sessions read, papers resolved, and why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperkit._cli_output import one_line

if TYPE_CHECKING:
    from paperkit.ingest import EnrichReport

__all__ = ["summarize_enrich"]

_DETAIL_WIDTH = 160


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def summarize_enrich(report: EnrichReport, *, pages: int, unreachable: bool) -> list[str]:
    """The lines of the summary, each meant to be prefixed with ``paperkit:``.

    Args:
        report: What `paperkit.enrich` did.
        pages: How many pages were read.
        unreachable: True when no service could be reached and the run used the cache only.
    """
    from paperkit.ingest import Reason

    sessions, papers = len(report.group.sessions), len(report.outcomes)
    lines = [f"read {_count(sessions, 'session')} from {_count(pages, 'page')}"]
    resolved = f"resolved {len(report.resolved)} of {_count(papers, 'paper')}"
    if report.ok:
        return [*lines, resolved]
    reasons = set(report.reasons)
    if (unreachable and reasons == {Reason.OFFLINE}) or reasons == {Reason.NETWORK}:
        # one cause for all: say it once, then name the papers
        why = "arXiv and Crossref could not be reached"
        if reasons == {Reason.OFFLINE}:
            why += " and the cache did not hold them"
        lines.append(f"{resolved}; kept {len(report.kept)} from the page only, as {why}:")
        return [*lines, *(f"  {outcome.page.title!r}" for outcome in report.kept)]
    lines.append(f"{resolved}; kept {len(report.kept)} from the page only:")
    for outcome in report.kept:
        why = "not in the cache" if outcome.reason is Reason.OFFLINE else str(outcome.reason)
        detail = "" if outcome.reason is Reason.OFFLINE else one_line(str(outcome.error))
        if len(detail) > _DETAIL_WIDTH:
            detail = detail[: _DETAIL_WIDTH - 1] + "…"
        lines.append(f"  {outcome.page.title!r}: {why}" + (f": {detail}" if detail else ""))
    return lines
