"""`enrich`: resolve every paper of a group, keep what the page said, and report what happened."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from paperkit._batch import Progress
from paperkit.client import Client, _default_client
from paperkit.errors import (
    AmbiguousMatchError,
    FetchError,
    NotFoundError,
    OfflineError,
    PaperkitError,
    ParseError,
)
from paperkit.identifiers import ArxivId, Doi, Identifier
from paperkit.merge import merge
from paperkit.models import Paper, ReadingGroup
from paperkit.resolve import TitleQuery, resolve_many, upgrade

__all__ = ["EnrichReport", "PaperOutcome", "Reason", "enrich"]

_MESSAGE_WIDTH = 200


class Reason(StrEnum):
    """Why a paper kept the page's data only."""

    OFFLINE = "offline"
    """Offline mode is on and the answer was not in the cache."""
    NETWORK = "network"
    """The services could not be reached (no connection, time-out)."""
    SERVICE = "service error"
    """A service answered with an error (e.g. HTTP 503) or with something unreadable."""
    NOT_FOUND = "not found"
    """No paper matched the title well enough."""
    AMBIGUOUS = "ambiguous"
    """Several papers matched the title about equally well."""

    @classmethod
    def of(cls, error: PaperkitError) -> Reason:
        """The reason an error stands for."""
        if isinstance(error, OfflineError):
            return cls.OFFLINE
        if isinstance(error, NotFoundError):
            return cls.NOT_FOUND
        if isinstance(error, AmbiguousMatchError):
            return cls.AMBIGUOUS
        if isinstance(error, FetchError) and error.status is None and not _unreadable(error):
            return cls.NETWORK
        return cls.SERVICE


def _unreadable(error: FetchError) -> bool:
    return "not well formed" in str(error) or "not JSON" in str(error)


@dataclass(frozen=True)
class PaperOutcome:
    """What `enrich` did with one paper of the page."""

    session: int
    """Index of the paper's session in the group (0-based)."""
    page: Paper
    """The paper as the page gave it."""
    paper: Paper
    """The paper after enrichment: merged with what the services know, or the page's own."""
    error: PaperkitError | None = None
    """Why the paper was not resolved; None when it was."""
    via: str = "title"
    """How it was looked up: "title", or the identifier the page linked ("arXiv:1706.03762")."""

    @property
    def resolved(self) -> bool:
        """True when a service confirmed the paper."""
        return self.error is None

    @property
    def reason(self) -> Reason | None:
        """Why the paper kept the page's data only; None when it was resolved."""
        return None if self.error is None else Reason.of(self.error)

    @property
    def score(self) -> float | None:
        """Title similarity (0-100) of the match, when the paper was found from its title."""
        return self.paper.provenance.match_score if self.resolved else None

    @property
    def message(self) -> str:
        """One line saying what happened."""
        if self.error is None:
            return f"resolved {_found(self.paper)}"
        detail = " ".join(str(self.error).split())
        if len(detail) > _MESSAGE_WIDTH:
            detail = detail[: _MESSAGE_WIDTH - 1] + "…"
        return f"kept from the page only ({self.reason}): {detail}"

    def __str__(self) -> str:
        return f"{self.page.title}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """A plain summary (no messages), for JSON reports and golden tests."""
        return {
            "session": self.session,
            "title": self.page.title,
            "resolved": self.resolved,
            "reason": None if self.reason is None else str(self.reason),
            "via": self.via,
            "score": None if self.score is None else round(self.score, 1),
            "arxiv_id": self.paper.arxiv_id,
            "doi": self.paper.doi,
            "venue": self.paper.venue.acronym if self.paper.venue else None,
            "year": self.paper.year,
            "abstract_from": self.paper.provenance.sources.get("abstract"),
        }


def _found(paper: Paper) -> str:
    ids = [
        f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else "",
        f"doi:{paper.doi}" if paper.doi else "",
    ]
    where = ", ".join(i for i in ids if i) or "no identifier"
    score = paper.provenance.match_score
    return f"as {where}" + (f" (title match {score:.0f})" if score is not None else "")


@dataclass(frozen=True)
class EnrichReport:
    """The enriched group and, per paper, whether it was resolved or kept from the page, and why."""

    group: ReadingGroup
    """The group with every paper enriched; a paper that was not resolved is the page's own."""
    outcomes: tuple[PaperOutcome, ...]
    """One outcome per paper, in the group's order (`ReadingGroup.papers`)."""

    @property
    def resolved(self) -> tuple[PaperOutcome, ...]:
        """The papers a service confirmed."""
        return tuple(o for o in self.outcomes if o.resolved)

    @property
    def kept(self) -> tuple[PaperOutcome, ...]:
        """The papers that kept the page's data only."""
        return tuple(o for o in self.outcomes if not o.resolved)

    @property
    def ok(self) -> bool:
        """True when every paper was resolved."""
        return not self.kept

    @property
    def reasons(self) -> Counter[Reason]:
        """How many papers were kept from the page for each reason."""
        return Counter(o.reason for o in self.kept if o.reason is not None)

    def summary(self) -> str:
        """A few lines for people: sessions read, papers resolved, kept from the page and why."""
        sessions, papers = len(self.group.sessions), len(self.outcomes)
        lines = [
            f"Read {_count(sessions, 'session')} with {_count(papers, 'paper')}.",
            f"Resolved {len(self.resolved)} of {_count(papers, 'paper')}; "
            f"kept {len(self.kept)} from the page only.",
        ]
        reasons = self.reasons
        if reasons[Reason.NETWORK] == papers and papers:
            lines.append("Could not reach arXiv or Crossref: every paper keeps the page's data.")
        elif reasons[Reason.OFFLINE] == papers and papers:
            lines.append("Offline, and nothing was cached: every paper keeps the page's data.")
        for outcome in self.kept:
            lines.append(f"  - {outcome}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def enrich(
    group: ReadingGroup,
    *,
    client: Client | None = None,
    progress: Progress | None = None,
) -> EnrichReport:
    """Resolve every paper of a group and merge in what the page said.

    A paper the page links to arXiv or a DOI is fetched by that identifier and upgraded to its
    published version; any other is resolved by its title, with the page's venue, year and authors
    as hints (`paperkit.resolve.resolve_many`). The page's own paper is then merged in with
    `paperkit.merge.merge`, so the page's abstract, venue and year stay whenever the services
    have none. A paper that cannot be resolved (offline, network down, not found, ambiguous) keeps
    exactly the page's data, and its outcome says why. Sessions' leaders, dates and labels are
    never touched.

    Args:
        group: The group, e.g. from `read_page`.
        client: The client to use; the shared default one (settings from the environment) if None.
        progress: Called with (done, total) as papers are looked up.

    Returns:
        The enriched group and one outcome per paper. Nothing is raised for a paper that failed.
    """
    client = client or _default_client()
    papers = group.papers
    sessions = [index for index, session in enumerate(group.sessions) for _ in session.papers]
    found: dict[int, Paper | PaperkitError] = {}
    via: dict[int, str] = {}
    by_title: dict[int, TitleQuery] = {}
    for index, paper in enumerate(papers):
        identifier = _identifier(paper)
        if identifier is None:
            by_title[index] = _query(paper)
        else:
            via[index] = (
                f"arXiv:{identifier}" if isinstance(identifier, ArxivId) else f"doi:{identifier}"
            )
    total = len(via) + len({str(query) for query in by_title.values()})
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for index in list(via):
        result = _fetch(client, papers[index])
        if isinstance(result, NotFoundError):
            # the link was wrong or is gone: the title may still find the paper
            del via[index]
            by_title[index] = _query(papers[index])
        else:
            found[index] = result
        tick()

    total = done + len({str(query) for query in by_title.values()})
    if by_title:
        batch = resolve_many(by_title.values(), client=client, progress=lambda _d, _t: tick())
        for index, query in by_title.items():
            key = str(query)
            found[index] = batch.results[key] if key in batch.results else batch.failures[key]

    outcomes = []
    for index, page_paper in enumerate(papers):
        result = found[index]
        if isinstance(result, PaperkitError):
            outcomes.append(PaperOutcome(sessions[index], page_paper, page_paper, result))
            continue
        merged = merge(result, page_paper)
        outcomes.append(
            PaperOutcome(sessions[index], page_paper, merged, via=via.get(index, "title"))
        )
    enriched = group.replace_papers(tuple(o.paper for o in outcomes))
    return EnrichReport(group=enriched, outcomes=tuple(outcomes))


def _identifier(paper: Paper) -> Identifier | None:
    if paper.arxiv_id:
        return ArxivId(paper.arxiv_id)
    if paper.doi:
        return Doi(paper.doi)
    return None


def _query(paper: Paper) -> TitleQuery:
    return TitleQuery(
        paper.title,
        venue=paper.venue,
        year=paper.year,
        authors=tuple(author.name for author in paper.authors),
    )


def _fetch(client: Client, paper: Paper) -> Paper | PaperkitError:
    identifier = _identifier(paper)
    assert identifier is not None
    try:
        fetched = client.fetch(identifier)
    except PaperkitError as exc:
        return exc
    hint = paper.venue.raw if paper.venue is not None else None
    try:
        return upgrade(fetched, client=client, venue_hint=hint)
    except (FetchError, ParseError):
        return fetched  # found, but its published version could not be looked up this time
