"""From a title to the right paper, and from a preprint to its published version.

`resolve` searches arXiv (a ``ti:`` phrase query) and Crossref (``query.bibliographic``) for a
title, scores every result against the title and the hints (year, venue, authors) as
`paperkit._match` explains, and accepts the best one only when it is clearly right:

- no result reaches the threshold -> `NotFoundError`;
- another paper scores within a few points of the best -> `AmbiguousMatchError`, listing both;
- otherwise the records of the best paper (its arXiv preprint and its Crossref record, when both
  were found) are merged with what the user said (the ``"page"`` source) and upgraded.

`upgrade` finds the published version of an arXiv paper: the DOI its authors gave arXiv
(``arxiv:doi``, read from Crossref, DataCite or doi.org), else a Crossref record of the same work;
the venue its ``journal_ref`` or ``comment`` names, or the one the user's page gives ("NIPS
2017"); and, for series without DOIs (NeurIPS, ICML, ICLR, USENIX Security, ...), the edition's
proceedings title, volume, series and publisher from the venue registry.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from paperkit import _match
from paperkit._batch import Batch, Progress
from paperkit.client import Client
from paperkit.client import _default_client as _shared_client
from paperkit.errors import (
    AmbiguousMatchError,
    FetchError,
    NotFoundError,
    PaperkitError,
    ParseError,
)
from paperkit.identifiers import Doi
from paperkit.merge import ARXIV_DOI_PREFIX, merge
from paperkit.models import Author, Paper, Provenance, Venue, VenueKind
from paperkit.venues import VenueRegistry, normalize_venue

__all__ = ["TitleQuery", "resolve", "resolve_many", "upgrade"]

ARXIV_RESULTS = 10
"""Results asked of arXiv for a title."""
CROSSREF_ROWS = 10
"""Results asked of Crossref for a title."""
_FALLBACK_WORDS = 12  # words of the title in the arXiv word-by-word query
# words arXiv's search does not index; asking for them would find nothing
_STOP_WORDS = frozenset(
    "a an and are as at be by for from in is of on or the to via with".split()  # noqa: SIM905
)
_WORKERS = 3  # Crossref's polite pool allows 3 queries at once; arXiv is paced by the client
_TRAILING_VENUE = re.compile(r"^(?P<title>.*\S)\s*\((?P<venue>[^()]+)\)\s*$")


@dataclass(frozen=True)
class TitleQuery:
    """A title to resolve and what the user said about the paper besides it.

    ``str(query)`` is the query's label in a `Batch`: the title, with the venue in parentheses.
    """

    title: str
    """The paper's title as the user wrote it."""
    venue: str | Venue | None = None
    """Where the user says it appeared, e.g. "NIPS 2017"."""
    year: int | None = None
    """The year the user gives."""
    authors: tuple[str, ...] = field(default=())
    """Author names (or family names) the user gives."""

    def __str__(self) -> str:
        venue = (
            self.venue.raw or self.venue.acronym if isinstance(self.venue, Venue) else self.venue
        )
        return f"{self.title} ({venue})" if venue else self.title


@dataclass(frozen=True)
class _Prepared:
    title: str
    venue: Venue | None
    hints: _match.Hints
    authors: tuple[str, ...]

    def page_record(self) -> Paper:
        """What the user said, as a record from the source "page"."""
        values: dict[str, object] = {"title": self.title}
        if self.venue is not None:
            values["venue"] = self.venue
        if self.hints.year is not None:
            values["year"] = self.hints.year
        if self.authors:
            values["authors"] = tuple(Author(name=name) for name in self.authors)
        sources = dict.fromkeys(values, "page")
        return Paper.model_validate({**values, "provenance": Provenance(sources=sources)})


def resolve(
    title: str,
    *,
    venue: str | Venue | None = None,
    year: int | None = None,
    authors: Sequence[str | Author] | None = None,
    client: Client | None = None,
) -> Paper:
    """The paper a title names, found on arXiv and Crossref, merged and upgraded.

    A venue in parentheses at the end of the title ("Attention is All You Need (NIPS 2017)") is
    read as the venue hint when `venue` is not given.

    Args:
        title: The paper's title as the user has it; case, accents, punctuation and LaTeX do not
            matter.
        venue: Where the user says it appeared ("NIPS 2017", "ICML 2020") or a `Venue`.
        year: The year the user gives; taken from the venue when not given.
        authors: Some of the authors, as names or `Author`s; family names are compared.
        client: The client to search with; a default one (settings from the environment) if None.

    Returns:
        The paper, with ``provenance.match_score`` (0-100) and ``provenance.match_query`` set.

    Raises:
        ParseError: The title is empty.
        NotFoundError: No result is close enough to the title and hints.
        AmbiguousMatchError: Two different papers match about equally well (``.candidates``).
        FetchError: A search failed, and what the other service answered holds no match.
    """
    prepared = _prepare(title, venue, year, authors)
    client = client or _shared_client()
    best, crossref = _best_match(client, prepared)
    records = [scored.paper for scored in best]
    found = _published_records(client, records, searched=crossref)
    merged = merge(*records, *found, prepared.page_record())
    provenance = merged.provenance.model_copy(
        update={"match_score": min(100.0, max(0.0, best[0].score)), "match_query": prepared.title}
    )
    return _with_edition(merged.model_copy(update={"provenance": provenance}))


def resolve_many(
    queries: Iterable[str | TitleQuery],
    *,
    client: Client | None = None,
    progress: Progress | None = None,
) -> Batch:
    """Resolve many titles, sharing one client and its pacing; failures do not stop the batch.

    Args:
        queries: Titles (a trailing "(Venue Year)" is read as the venue) or `TitleQuery`s.
        client: The client to search with; a default one if None.
        progress: Called with (done, total) as queries finish.

    Returns:
        A `Batch` keyed by each query's text (``str(query)``), in input order; a query given
        twice is resolved once.
    """
    items = [TitleQuery(q) if isinstance(q, str) else q for q in queries]
    unique = {str(q): q for q in items}
    client = client or _shared_client()
    outcome: dict[str, Paper | PaperkitError] = {}
    done = 0
    lock = threading.Lock()

    def run(query: TitleQuery) -> Paper:
        return resolve(
            query.title, venue=query.venue, year=query.year, authors=query.authors, client=client
        )

    with ThreadPoolExecutor(max_workers=max(1, min(_WORKERS, len(unique)))) as pool:
        futures = {pool.submit(run, query): key for key, query in unique.items()}
        for future in as_completed(futures):
            key = futures[future]
            try:
                outcome[key] = future.result()
            except PaperkitError as exc:
                outcome[key] = exc
            with lock:
                done += 1
                if progress is not None:
                    progress(done, len(unique))
    results = {k: v for k in unique if isinstance(v := outcome[k], Paper)}
    failures = {k: v for k in unique if isinstance(v := outcome[k], PaperkitError)}
    return Batch(results=results, failures=failures)


def upgrade(
    paper: Paper, *, client: Client | None = None, venue_hint: str | Venue | None = None
) -> Paper:
    """The published version of a paper known from arXiv, merged with the preprint.

    Looks for the published record through the DOI the authors gave arXiv (``arxiv:doi``), then
    through a Crossref search for a record of the same work (same title and authors); takes the
    venue from that record, the paper's ``journal_ref``/``comment``, or `venue_hint`; and fills
    the edition's details (proceedings title, volume, series, publisher) from the venue registry.
    The arXiv id, version and categories are kept; the preprint's year and the arXiv DOI never
    enter the published record.

    Args:
        paper: A paper, typically fetched from arXiv.
        client: The client to fetch with; a default one if None.
        venue_hint: Where the user says it appeared, e.g. "NIPS 2017", or a `Venue`.

    Returns:
        The merged paper; the paper itself when nothing better was found.

    Raises:
        FetchError: A service failed (other than answering "not found").
    """
    client = client or _shared_client()
    found = _published_records(client, [paper], searched=None)
    extra: list[Paper] = []
    if isinstance(venue_hint, Venue) or (venue_hint and venue_hint.strip()):
        venue = _venue(venue_hint, None)
        hints = _match.Hints(year=venue.year, venue=venue)
        extra.append(_Prepared(paper.title, venue, hints, ()).page_record())
    if not found and not extra:
        return _with_edition(paper)
    return _with_edition(merge(paper, *found, *extra))


# preparing the query ---------------------------------------------------------------------------


def _prepare(
    title: str,
    venue: str | Venue | None,
    year: int | None,
    authors: Sequence[str | Author] | None,
) -> _Prepared:
    text = " ".join(str(title).split())
    if venue is None and (trailing := _TRAILING_VENUE.match(text)):
        named = normalize_venue(trailing["venue"], year=year)
        if named is not None and (named.acronym or named.kind is VenueKind.PREPRINT):
            text, venue = trailing["title"], trailing["venue"]
    if not _match.fold(text):
        raise ParseError(f"cannot resolve the title {title!r}: it has no words")
    hinted = _venue(venue, year) if venue is not None else None
    if year is None and hinted is not None:
        year = hinted.year
    if isinstance(authors, str):  # one name, not a sequence of letters
        authors = [authors]
    names = tuple(a.name if isinstance(a, Author) else " ".join(a.split()) for a in authors or ())
    names = tuple(name for name in names if name)
    families = tuple(_match.fold(Author(name=n).family or n) for n in names)
    hints = _match.Hints(year=year, venue=hinted, authors=families)
    return _Prepared(text, hinted, hints, names)


def _venue(venue: str | Venue, year: int | None) -> Venue:
    if isinstance(venue, Venue):
        return venue
    text = " ".join(venue.split())
    # text the registry does not know is kept as the user wrote it: nothing they said is lost
    return normalize_venue(text, year=year) or Venue(raw=text, year=year)


def arxiv_title_query(title: str) -> str:
    """arXiv's ``search_query`` for a title: the folded words as one quoted ``ti:`` phrase.

    Folding drops quotes, parentheses, colons and other characters with a meaning in arXiv's
    query syntax, and lower-cases the words so that "AND" or "OR" in a title is not an operator.
    """
    return f'ti:"{_match.fold(title)}"'


def _arxiv_words_query(title: str) -> str:
    words = _match.fold(title).split()
    significant = [word for word in words if word not in _STOP_WORDS] or words
    return " AND ".join(f"ti:{word}" for word in significant[:_FALLBACK_WORDS])


def crossref_query(title: str, hints: _match.Hints) -> str:
    """Crossref's ``query.bibliographic`` for a title: the title, author names and year."""
    parts = [title, *hints.authors]
    if hints.year is not None:
        parts.append(str(hints.year))
    return " ".join(parts)


# searching and choosing ------------------------------------------------------------------------


def _best_match(client: Client, query: _Prepared) -> tuple[list[_match.Scored], list[Paper]]:
    """The records of the one work that matches, best first, and Crossref's results."""
    errors: list[FetchError] = []
    phrase, bibliographic = arxiv_title_query(query.title), crossref_query(query.title, query.hints)
    arxiv = _search(lambda: client.search_arxiv(phrase, max_results=ARXIV_RESULTS), errors)
    crossref = _search(lambda: client.search_crossref(bibliographic, rows=CROSSREF_ROWS), errors)
    works = _rank(query, [*arxiv, *crossref])
    if not any(work[0].acceptable for work in works):
        # the phrase may have missed a title written a little differently: try word by word
        words_query = _arxiv_words_query(query.title)
        words = _search(lambda: client.search_arxiv(words_query, max_results=ARXIV_RESULTS), errors)
        works = _rank(query, [*arxiv, *crossref, *words])
    return _choose(query, works, errors), crossref


def _search(search: Callable[[], list[Paper]], errors: list[FetchError]) -> list[Paper]:
    """The search's results; a failed search is remembered and counts as no results."""
    try:
        return search()
    except FetchError as exc:
        errors.append(exc)
        return []


def _rank(query: _Prepared, papers: list[Paper]) -> list[list[_match.Scored]]:
    unique: dict[tuple[str | None, str | None, str], Paper] = {}
    for paper in papers:
        unique.setdefault((paper.arxiv_id, paper.doi, paper.title), paper)
    scored = [_match.score(query.title, paper, query.hints) for paper in unique.values()]
    return _match.group_works(scored)


def _choose(
    query: _Prepared, works: list[list[_match.Scored]], errors: list[FetchError]
) -> list[_match.Scored]:
    accepted = [work for work in works if work[0].acceptable]
    if not accepted:
        if errors:  # a service that did not answer may well have had the paper
            raise errors[0]
        closest = f"; the closest was {_describe(works[0][0])}" if works else ""
        raise NotFoundError(
            f"no paper matches the title {query.title!r} well enough "
            f"(score {_match.ACCEPT_SCORE:g} needed){closest}",
            source="resolve",
            identifier=query.title,
        )
    best = accepted[0]
    rivals = [
        work
        for work in works
        if work is not best
        and work[0].similarity >= _match.MIN_TITLE_SIMILARITY
        and best[0].score - work[0].score <= _match.AMBIGUITY_MARGIN
    ]
    if rivals:
        candidates = [best[0].paper, *(work[0].paper for work in rivals)]
        listed = "; ".join(_describe(work[0]) for work in (best, *rivals))
        raise AmbiguousMatchError(
            f"the title {query.title!r} matches {len(candidates)} papers about equally well: "
            f"{listed}; give a year, venue or author to tell them apart",
            candidates=candidates,
        )
    return best


def _describe(scored: _match.Scored) -> str:
    paper = scored.paper
    where = paper.doi or (f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else "no identifier")
    return f"{paper.title!r} ({paper.year or 'no year'}, {where}, score {scored.score:g})"


# the published version -------------------------------------------------------------------------


def _has_published_doi(record: Paper) -> bool:
    """True when the record's DOI may name a published version: not arXiv's, not a preprint's."""
    if record.doi is None or record.doi.startswith(ARXIV_DOI_PREFIX):
        return False
    # arXiv's own record carries the DOI its authors gave for the published version
    return record.provenance.sources.get("doi") == "arxiv" or not _is_preprint(record)


def _is_preprint(record: Paper) -> bool:
    return record.venue is None or record.venue.kind is VenueKind.PREPRINT


def _is_published_version(record: Paper) -> bool:
    """True for a registration agency's record of a published (not preprint) version."""
    source = record.provenance.sources.get("doi")
    return _has_published_doi(record) and source != "arxiv" and not _is_preprint(record)


def _published_records(
    client: Client, records: list[Paper], *, searched: list[Paper] | None
) -> list[Paper]:
    """A published record of the work `records` describe, when `records` hold none yet.

    Tried in order: the DOIs the records name for their published version (arXiv's
    ``arxiv:doi``; a preprint server's ``is-preprint-of`` relation, followed as far as it goes),
    then Crossref records of the same work among `searched`, the Crossref results already at
    hand for the title (None: search Crossref now).
    """
    if any(_is_published_version(r) for r in records):
        return []
    preprint = records[0]
    pending = [doi for r in records for doi in r.related.get("is-preprint-of", ())]
    pending += [r.doi for r in records if r.doi and _has_published_doi(r)]
    tried: set[str] = set()
    while pending:
        doi = pending.pop(0)
        if doi in tried:
            continue
        tried.add(doi)
        try:
            record = client.fetch(Doi(doi))
        except NotFoundError:
            continue
        if not _confirms(preprint, record):
            continue
        if _is_published_version(record):
            return [record]
        pending += record.related.get("is-preprint-of", ())
    if not preprint.arxiv_id:
        return []
    if searched is None:
        families = sorted(_match.family_names(preprint))[:3]
        searched = client.search_crossref(" ".join([preprint.title, *families]), rows=CROSSREF_ROWS)
    for record in searched:
        if _is_published_version(record) and _match.same_work(preprint, record):
            return [record]
    return []


def _confirms(preprint: Paper, record: Paper) -> bool:
    """True when the record of a DOI the authors gave is the same work (titles may change)."""
    similar = _match.title_similarity(preprint.title, record.title) >= _match.MIN_TITLE_SIMILARITY
    shared = bool(_match.family_names(preprint) & _match.family_names(record))
    return similar or shared


_REGISTRY_LOCK = threading.Lock()
_REGISTRY: list[VenueRegistry] = []


def _registry() -> VenueRegistry:
    with _REGISTRY_LOCK:
        if not _REGISTRY:
            _REGISTRY.append(VenueRegistry.default())
        return _REGISTRY[0]


def _with_edition(paper: Paper) -> Paper:
    """The paper with its venue's edition details filled from the registry, where it lacks them."""
    venue = paper.venue
    if venue is None or venue.acronym is None or venue.year is None:
        return paper
    if venue.kind is VenueKind.PREPRINT:
        return paper
    edition = _registry().edition(venue.acronym, venue.year)
    if edition is None:
        return paper
    registry = Paper(
        title=paper.title, venue=edition, provenance=Provenance(sources={"venue": "registry"})
    )
    return merge(paper, registry)
