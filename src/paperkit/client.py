"""`Client`: fetch papers by arXiv id or DOI, singly or in batches, within the services' rules.

>>> client = Client(mailto="me@example.org")                  # doctest: +SKIP
>>> client.fetch("arXiv:1706.03762").title                     # doctest: +SKIP
'Attention Is All You Need'
>>> batch = client.fetch_many(["1706.03762", "10.1145/3292500.3330701"])  # doctest: +SKIP

The module-level `fetch` and `fetch_many` use a default client built from the environment
(``PAPERKIT_*`` variables, see `paperkit.config`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import requests

from paperkit._batch import Batch, Progress
from paperkit._http import CacheInfo, Http
from paperkit.config import Settings
from paperkit.errors import FetchError, NotFoundError, PaperkitError
from paperkit.identifiers import ARXIV_DOI_PREFIX, ArxivId, Doi, Identifier, parse_id
from paperkit.models import Paper
from paperkit.sources.arxiv import BATCH_SIZE, ArxivSource
from paperkit.sources.crossref import CrossrefSource
from paperkit.sources.csl import CslSource
from paperkit.sources.datacite import DataciteSource

__all__ = ["CacheInfo", "Client", "fetch", "fetch_many"]

DOI_WORKERS = 3
"""DOIs fetched at once: Crossref's polite pool allows 3 concurrent requests."""

_Key = tuple[str, str]


class Client:
    """Fetches papers from arXiv, Crossref, DataCite and doi.org, paced, retried and cached.

    Every argument left as None comes from `Settings.load()` (the ``PAPERKIT_*`` environment
    variables, then the defaults).

    Args:
        arxiv_url: the arXiv API query endpoint.
        crossref_url: the Crossref REST API base.
        datacite_url: the DataCite REST API base.
        doi_url: the DOI resolver used for content negotiation.
        mailto: your contact address, sent in the User-Agent (Crossref's polite pool).
        cache_dir: folder of the persistent HTTP cache.
        offline: answer from the cache only.
        arxiv_delay: seconds between two arXiv requests, for the whole process.
        timeout: seconds to wait for each request.
        http: the `requests.Session` to send requests with (mount transport adapters on it).
        retries: how many times a failed request is tried again (default 4).
        backoff: seconds before the first retry, doubled for each further one (default 1.0).

    Raises:
        ConfigError: a setting has a value paperkit cannot use.
    """

    def __init__(
        self,
        *,
        arxiv_url: str | None = None,
        crossref_url: str | None = None,
        datacite_url: str | None = None,
        doi_url: str | None = None,
        mailto: str | None = None,
        cache_dir: str | Path | None = None,
        offline: bool | None = None,
        arxiv_delay: float | None = None,
        timeout: float | None = None,
        http: requests.Session | None = None,
        retries: int | None = None,
        backoff: float | None = None,
    ) -> None:
        self.settings: Settings = Settings.load(
            arxiv_url=arxiv_url,
            crossref_url=crossref_url,
            datacite_url=datacite_url,
            doi_url=doi_url,
            mailto=mailto,
            cache_dir=cache_dir,
            offline=offline,
            arxiv_delay=arxiv_delay,
            timeout=timeout,
        )
        self._http = Http(
            self.settings,
            session=http,
            retries=4 if retries is None else retries,
            backoff=1.0 if backoff is None else backoff,
        )
        self._arxiv = ArxivSource(self._http)
        self._crossref = CrossrefSource(self._http)
        self._datacite = DataciteSource(self._http)
        self._csl = CslSource(self._http)

    def __repr__(self) -> str:
        return (
            f"Client(offline={self.settings.offline}, cache_dir={str(self.settings.cache_dir)!r})"
        )

    # single papers ---------------------------------------------------------------------------
    def fetch(self, identifier: str | Identifier) -> Paper:
        """The paper an arXiv id or a DOI names.

        arXiv ids (and arXiv's own ``10.48550`` DOIs) are read from the arXiv API; other DOIs from
        Crossref, then DataCite, then doi.org content negotiation.

        Raises:
            IdentifierError: `identifier` is neither an arXiv id nor a DOI.
            NotFoundError: no service knows the paper.
            OfflineError: offline mode, and the answer is not in the cache.
            FetchError: a service could not be reached or gave an unusable answer.
        """
        parsed = _canonical(parse_id(identifier))
        if isinstance(parsed, ArxivId):
            outcome = self._arxiv.fetch_many([parsed])[parsed]
            if isinstance(outcome, PaperkitError):
                raise outcome
            return outcome
        return self._fetch_doi(parsed)

    def _fetch_doi(self, doi: Doi) -> Paper:
        value = doi.value
        if doi.prefix != ARXIV_DOI_PREFIX:
            try:
                return self._crossref.work(value)
            except NotFoundError:
                pass  # not a Crossref DOI: ask the other registration agencies
        try:
            return self._datacite.record(value)
        except NotFoundError:
            pass
        try:
            return self._csl.item(value)
        except NotFoundError as exc:
            raise NotFoundError(
                f"no service knows the DOI {value} (asked Crossref, DataCite and doi.org)",
                source=exc.source,
                identifier=value,
                status=exc.status,
            ) from exc

    # batches ---------------------------------------------------------------------------------
    def fetch_many(
        self, identifiers: Iterable[str | Identifier], *, progress: Progress | None = None
    ) -> Batch:
        """Fetch many papers; never raises for one bad input.

        Duplicates (the same paper by id, URL, version or arXiv DOI) are fetched once and map to
        the same `Paper`. arXiv ids go in batches of 100 per request; DOIs a few at a time,
        within Crossref's limits.

        Args:
            identifiers: arXiv ids, DOIs, or their URLs, in any mix.
            progress: called with (done, total) as inputs are answered.

        Returns:
            A `Batch`: input -> paper in input order, and input -> error for each failure.
        """
        items = list(identifiers)
        inputs = [i if isinstance(i, str) else str(i) for i in items]
        parsed: dict[str, _Key | PaperkitError] = {}
        groups: dict[_Key, set[int | None]] = {}
        dois: dict[_Key, Doi] = {}
        for text, item in zip(inputs, items, strict=True):
            if text in parsed:
                continue
            try:
                identifier = _canonical(parse_id(item))
            except PaperkitError as exc:
                parsed[text] = exc
                continue
            if isinstance(identifier, ArxivId):
                key: _Key = ("arxiv", identifier.id)
                groups.setdefault(key, set()).add(identifier.version)
            else:
                key = ("doi", identifier.value)
                dois[key] = identifier
            parsed[text] = key
        total = len(inputs)
        inputs_per_key: dict[_Key, int] = {}
        done = 0
        for text in inputs:
            value = parsed[text]
            if isinstance(value, PaperkitError):
                done += 1
            else:
                inputs_per_key[value] = inputs_per_key.get(value, 0) + 1
        if progress is not None:
            progress(done, total)
        arxiv_ids = [
            ArxivId(key[1], next(iter(versions)) if len(versions) == 1 else None)
            for key, versions in groups.items()
        ]
        answers: dict[_Key, Paper | PaperkitError] = {}

        def record(result: dict[_Key, Paper | PaperkitError]) -> None:
            nonlocal done
            answers.update(result)
            if progress is not None:
                done += sum(inputs_per_key.get(k, 0) for k in result)
                progress(done, total)

        pools = {
            "arxiv": ThreadPoolExecutor(1, thread_name_prefix="paperkit-arxiv"),
            "doi": ThreadPoolExecutor(DOI_WORKERS, thread_name_prefix="paperkit-doi"),
        }
        # a host found unreachable ends the batch's work for it: what is still queued is
        # cancelled and reported, rather than each job waiting out its own retries
        first_host = {"arxiv": self.settings.arxiv_url, "doi": self.settings.crossref_url}
        tasks: dict[Future[dict[_Key, Paper | PaperkitError]], tuple[str, list[_Key]]] = {}
        interrupted = True
        try:
            for start in range(0, len(arxiv_ids), BATCH_SIZE):
                chunk = arxiv_ids[start : start + BATCH_SIZE]
                future = pools["arxiv"].submit(self._arxiv_chunk, chunk)
                tasks[future] = ("arxiv", [("arxiv", i.id) for i in chunk])
            for key, doi in dois.items():
                tasks[pools["doi"].submit(self._doi_task, key, doi)] = ("doi", [key])
            for future in as_completed(tasks):
                kind, keys = tasks[future]
                if future.cancelled():
                    down = self._http.unreachable(first_host[kind]) or "unreachable"
                    record({key: _not_asked(key, first_host[kind], down) for key in keys})
                    continue
                record(future.result())
                if self._http.unreachable(first_host[kind]) is not None:
                    for other, (other_kind, _) in tasks.items():
                        if other_kind == kind:
                            other.cancel()
            interrupted = False
        finally:
            # on KeyboardInterrupt (or any error) leave at once: queued jobs are dropped, and the
            # running ones end by themselves within their retries
            for pool in pools.values():
                pool.shutdown(wait=not interrupted, cancel_futures=True)
        return _assemble(inputs, parsed, answers)

    def _arxiv_chunk(self, chunk: Sequence[ArxivId]) -> dict[_Key, Paper | PaperkitError]:
        found = self._arxiv.fetch_many(chunk)
        return {("arxiv", arxiv_id.id): outcome for arxiv_id, outcome in found.items()}

    def _doi_task(self, key: _Key, doi: Doi) -> dict[_Key, Paper | PaperkitError]:
        try:
            return {key: self._fetch_doi(doi)}
        except PaperkitError as exc:
            return {key: exc}

    # searches --------------------------------------------------------------------------------
    def search_arxiv(self, query: str, *, max_results: int = 10) -> list[Paper]:
        """Papers matching a raw arXiv ``search_query``, e.g. ``ti:"attention is all you need"``.

        Raises:
            OfflineError: offline mode, and the answer is not in the cache.
            FetchError: arXiv could not be reached or refused the query.
        """
        return self._arxiv.search(query, max_results=max_results)

    def search_crossref(self, query: str, *, rows: int = 10) -> list[Paper]:
        """Crossref works matching a citation-like text (``query.bibliographic``), best first.

        Raises:
            OfflineError: offline mode, and the answer is not in the cache.
            FetchError: Crossref could not be reached or gave an unusable answer.
        """
        return self._crossref.search(query, rows=rows)

    # the cache -------------------------------------------------------------------------------
    def cache_info(self) -> CacheInfo:
        """Where the HTTP cache is, how many answers it holds and its size in bytes."""
        return self._http.cache_info()

    def clear_cache(self) -> None:
        """Forget every cached answer."""
        self._http.clear_cache()

    @property
    def requests_made(self) -> int:
        """HTTP requests this client has sent (cache hits excluded), retries included."""
        return self._http.requests_made

    @property
    def retries_made(self) -> int:
        """How many of `requests_made` were retries."""
        return self._http.retries_made

    def close(self) -> None:
        """Close the cache database and the HTTP connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _canonical(identifier: Identifier) -> Identifier:
    """arXiv's own DOIs name arXiv papers; everything else is kept."""
    if isinstance(identifier, Doi) and identifier.value.startswith(f"{ARXIV_DOI_PREFIX}/arxiv."):
        try:
            parsed = parse_id(identifier.value.split("/arxiv.", 1)[1])
        except PaperkitError:
            return identifier
        if isinstance(parsed, ArxivId):
            return ArxivId(parsed.id)
    return identifier


def _not_asked(key: _Key, url: str, reason: str) -> FetchError:
    """The error for an input that was never asked for because its service is unreachable."""
    source = "arxiv" if key[0] == "arxiv" else "crossref"
    host = urlsplit(url).netloc
    return FetchError(
        f"{key[1]} was not asked for: {host} is unreachable ({reason})",
        source=source,
        identifier=key[1],
    )


def _assemble(
    inputs: list[str],
    parsed: dict[str, _Key | PaperkitError],
    answers: dict[_Key, Paper | PaperkitError],
) -> Batch:
    results: dict[str, Paper] = {}
    failures: dict[str, PaperkitError] = {}
    for text in inputs:
        value = parsed[text]
        outcome = value if isinstance(value, PaperkitError) else answers[value]
        if isinstance(outcome, PaperkitError):
            failures[text] = outcome
        else:
            results[text] = outcome
    return Batch(results=results, failures=failures)


_DEFAULT: Client | None = None
_DEFAULT_LOCK = threading.Lock()


def _default_client() -> Client:
    """The shared client; rebuilt when the environment's settings change."""
    global _DEFAULT
    settings = Settings.load()
    with _DEFAULT_LOCK:
        if _DEFAULT is None or _DEFAULT.settings != settings:
            if _DEFAULT is not None:
                _DEFAULT.close()
            _DEFAULT = Client()
        return _DEFAULT


def fetch(identifier: str | Identifier) -> Paper:
    """`Client.fetch` with the default client (settings from ``PAPERKIT_*`` variables)."""
    return _default_client().fetch(identifier)


def fetch_many(
    identifiers: Iterable[str | Identifier], *, progress: Progress | None = None
) -> Batch:
    """`Client.fetch_many` with the default client (settings from ``PAPERKIT_*`` variables)."""
    return _default_client().fetch_many(identifiers, progress=progress)
