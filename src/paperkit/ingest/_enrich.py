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
            "venue": _venue_name(self.paper),
            "year": self.paper.year,
            "abstract_from": self.paper.provenance.sources.get("abstract"),
        }


def _venue_name(paper: Paper) -> str | None:
    venue = paper.venue
    return None if venue is None else venue.acronym or venue.name or venue.raw


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
        # one line for a cause that every paper shares, one line per paper for the others
        for reason, headline in _SHARED_CAUSES.items():
            shared = [o for o in self.kept if o.reason is reason]
            if shared:
                first = shared[0].message.split(": ", 1)[-1]
                titles = "; ".join(o.page.title for o in shared)
                lines.append(f"{headline} ({first}); kept from the page: {titles}")
        for outcome in self.kept:
            if outcome.reason not in _SHARED_CAUSES:
                lines.append(f"  - {outcome}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


_SHARED_CAUSES = {
    Reason.OFFLINE: "Offline, and the answers were not cached",
    Reason.NETWORK: "Could not reach arXiv or Crossref",
}


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
    lookup = _Lookup(client, papers, progress)
    found = lookup.run()
    outcomes = []
    for index, page_paper in enumerate(papers):
        result = found[index]
        if isinstance(result, PaperkitError):
            outcomes.append(PaperOutcome(sessions[index], page_paper, page_paper, result))
            continue
        merged = merge(result, page_paper)
        via = lookup.via.get(index, "title")
        outcomes.append(PaperOutcome(sessions[index], page_paper, merged, via=via))
    enriched = group.replace_papers(tuple(o.paper for o in outcomes))
    return EnrichReport(group=enriched, outcomes=tuple(outcomes))


class _Lookup:
    """Looks every paper up once: by its linked identifier, else by its title.

    The first lookup runs alone: when it finds the services unreachable, the others are not
    tried (each would wait through the same retries) and are reported as unreachable too.
    """

    def __init__(self, client: Client, papers: tuple[Paper, ...], progress: Progress | None):
        self.client = client
        self.papers = papers
        self.progress = progress
        self.found: dict[int, Paper | PaperkitError] = {}
        self.via: dict[int, str] = {}
        self.by_title: dict[int, TitleQuery] = {}
        self.done = 0
        self.total = 0
        self.unreachable: FetchError | None = None

    def run(self) -> dict[int, Paper | PaperkitError]:
        for index, paper in enumerate(self.papers):
            identifier = _identifier(paper)
            if identifier is None:
                self.by_title[index] = _query(paper)
            else:
                self.via[index] = _describe_identifier(identifier)
        self.total = len(self.via) + len({str(q) for q in self.by_title.values()})
        for index in list(self.via):
            self._by_identifier(index)
        titles = list(self.by_title.items())
        if titles and self.unreachable is None:
            self._by_titles(titles[:1])
        if len(titles) > 1 and self.unreachable is None:
            self._by_titles(titles[1:])
        for index in range(len(self.papers)):
            if index not in self.found:
                self.found[index] = self._not_tried()
        return self.found

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def _by_identifier(self, index: int) -> None:
        if self.unreachable is not None:
            return
        result = _fetch(self.client, self.papers[index])
        self._tick()
        if isinstance(result, NotFoundError):
            # the link was wrong or is gone: the title may still find the paper
            del self.via[index]
            self.by_title[index] = _query(self.papers[index])
            self.total += 1
            return
        self.found[index] = result
        self._note(result)

    def _by_titles(self, titles: list[tuple[int, TitleQuery]]) -> None:
        queries = [query for _, query in titles]
        batch = resolve_many(queries, client=self.client, progress=lambda _d, _t: self._tick())
        for index, query in titles:
            key = str(query)
            result = batch.results[key] if key in batch.results else batch.failures[key]
            self.found[index] = result
            self._note(result)

    def _note(self, result: Paper | PaperkitError) -> None:
        if isinstance(result, FetchError) and Reason.of(result) is Reason.NETWORK:
            self.unreachable = self.unreachable or result

    def _not_tried(self) -> FetchError:
        first = self.unreachable
        assert first is not None  # only papers after an unreachable service are left
        return FetchError(
            f"not looked up: the services could not be reached ({first})",
            source=first.source,
            identifier=first.identifier,
        )


def _describe_identifier(identifier: Identifier) -> str:
    return f"arXiv:{identifier}" if isinstance(identifier, ArxivId) else f"doi:{identifier}"


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
