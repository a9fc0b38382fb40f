"""Faults: a long batch against services that throttle, stall, reset and cut answers short.

The batch is 200 arXiv ids and 100 DOIs (`fault_corpus`), written at run time into a temporary
replay root in the services' real formats, so every input has a known right answer. The replay
server makes 20% of the requests to every service fail at random. Whatever happens, each input
must come back as its own paper or be reported in `Batch.failures` with the cause, exactly once;
arXiv's pacing must hold at the server; and the run must end in bounded time.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from fault_corpus import ARXIV_FAULTS, Corpus, Expected, inject_faults, write_corpus
from paperkit import Batch, Client
from paperkit.errors import FetchError, NotFoundError, PaperkitError
from replay import Recorded, ReplayServer

ARXIV_DELAY = 0.25
"""Seconds between arXiv requests in these tests: small, yet large against the stamps' jitter."""
JITTER = 0.01
"""Seconds by which two arrivals may look closer than the client spaced them: the client paces
the moment it sends, while the server (a thread of the test process) stamps a request once it has
parsed its headers, a few ms late when the process is busy answering other requests."""
TIMEOUT = 0.5
STALL = 1.5
BOUND = 60.0
"""Seconds a faulty batch may take, at most (about 20 s on an idle machine)."""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("fault-corpus")
    return root, write_corpus(root)


@pytest.fixture
def server(corpus_root: tuple[Path, Corpus]) -> Iterator[ReplayServer]:
    with ReplayServer(corpus_root[0]) as running:
        yield running


def _client(server: ReplayServer, tmp_path: Path, **overrides: object) -> Client:
    options: dict[str, object] = {
        "arxiv_delay": ARXIV_DELAY,
        "timeout": TIMEOUT,
        "cache_dir": str(tmp_path / "cache"),
        **overrides,
    }
    return server.client(**options)


# --- what the server saw --------------------------------------------------------------------
def _arxiv_ids(record: Recorded) -> list[str]:
    return [i for i in record.params.get("id_list", "").split(",") if i]


def _doi_in(record: Recorded) -> str | None:
    path = unquote(record.path).lower()
    for prefix in ("/works/", "/dois/", "/"):
        if record.service != "arxiv" and path.startswith(prefix) and "10." in path:
            return path[len(prefix) :]
    return None


def _bare(arxiv_id: str) -> str:
    return arxiv_id.rsplit("v", 1)[0] if "v" in arxiv_id.split(".")[-1] else arxiv_id


def _requests_for(expected: Expected, records: list[Recorded]) -> list[Recorded]:
    """The requests the server received on behalf of one input, in arrival order."""
    if expected.arxiv_id is not None:
        wanted = expected.arxiv_id
        return [r for r in records if wanted in {_bare(i) for i in _arxiv_ids(r)}]
    return [r for r in records if _doi_in(r) == expected.doi]


# --- the checks every faulty run must pass --------------------------------------------------
def _assert_accounted_for(batch: Batch, corpus: Corpus, *, retried: bool = True) -> None:
    """Every input is in exactly one of results and failures, and is the paper it names.

    Inputs that name no paper fail as not found; without retries a fault may reach them first,
    and then they fail with that fault instead (still a FetchError, never a success).
    """
    inputs = corpus.inputs
    assert len(set(inputs)) == len(inputs) == 300
    assert not set(batch.results) & set(batch.failures), "an input both succeeded and failed"
    assert set(batch.results) | set(batch.failures) == set(inputs), "an input was dropped"
    assert len(batch.results) + len(batch.failures) == len(inputs)
    assert list(batch.results) == [i for i in inputs if i in batch.results]  # input order
    # every input names a different paper, so no paper may come back twice
    assert len(batch.papers) == len(batch.results)
    for text, paper in batch.results.items():
        expected = corpus.expected[text]
        assert expected.title is not None, f"{text} names no paper, yet {paper.title!r} came back"
        assert paper.title == expected.title, f"{text} came back as another paper"
        if expected.arxiv_id is not None:
            assert (paper.arxiv_id, paper.arxiv_version) == (
                expected.arxiv_id,
                expected.arxiv_version,
            )
        else:
            assert paper.doi == expected.doi
    for text in corpus.missing:
        error = batch.failures[text]
        expected_type = NotFoundError if retried else FetchError
        assert isinstance(error, expected_type), f"{text}: {error!r}"


def _assert_cause_reported(
    text: str, error: PaperkitError, expected: Expected, records: list[Recorded]
) -> None:
    """A failed input's error says what went wrong: the fault its last request met."""
    assert isinstance(error, FetchError), f"{text}: {error!r}"
    assert error.source in {"arxiv", "crossref", "datacite", "doi.org"}
    message = str(error)
    key = expected.arxiv_id or expected.doi
    assert key is not None
    assert key in message, f"{text}: the error does not name it: {message}"
    if expected.title is None:
        return  # nobody knows it: NotFoundError is the cause
    seen = _requests_for(expected, records)
    assert seen, f"{text} failed without a request being made for it"
    last = seen[-1]
    if last.fault == "empty":
        # arXiv's empty-feed glitch, still there when the retries ran out: arXiv's own answer
        assert isinstance(error, NotFoundError)
        assert error.source == "arxiv"
        return
    assert not isinstance(error, NotFoundError), f"{text} exists, but was reported not found"
    assert last.fault is not None, f"{text} failed although its last request was answered"
    lowered = message.lower()
    if last.fault in ("429", "503"):
        assert error.status == int(last.fault), message
    elif last.fault == "stall":
        assert "timed out" in lowered or "timeout" in lowered, message
    elif last.fault in ("reset", "short"):
        assert any(w in lowered for w in ("reset", "connection", "incomplete", "broken")), message
    elif last.fault == "truncated":
        assert "not json" in lowered or "not well formed" in lowered, message
    else:
        raise AssertionError(f"{text}: unexpected fault {last.fault}: {message}")


def _assert_arxiv_paced(records: list[Recorded], delay: float) -> None:
    """Arrivals at least `delay` apart, and never two arXiv requests open at once."""
    arxiv = sorted((r for r in records if r.service == "arxiv"), key=lambda r: r.time)
    times = [r.time for r in arxiv]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= delay - JITTER for gap in gaps), f"pacing violated: {min(gaps):.4f} s"
    # and no drift: n requests always span at least (n - 1) delays
    for n in range(len(times)):
        for m in range(n + 2, len(times)):
            assert times[m] - times[n] >= (m - n) * delay - JITTER, "pacing drifts"
    for before, after in itertools.pairwise(arxiv):
        if before.fault != "stall":  # a stalled answer is abandoned by the client at its timeout
            assert after.time >= before.end - JITTER, "two arXiv requests were open at once"


def _assert_nothing_fetched_twice(records: list[Recorded]) -> None:
    """No paper is asked for again once a service has answered for it."""
    answered = [r for r in records if r.fault is None and r.status in (200, 404)]
    dois = Counter((r.service, _doi_in(r)) for r in answered if r.service != "arxiv")
    assert not [k for k, n in dois.items() if n > 1], "a DOI was fetched twice"
    ids = Counter(_bare(i) for r in answered if r.service == "arxiv" for i in _arxiv_ids(r))
    assert not [k for k, n in ids.items() if n > 1], "an arXiv id was fetched twice"


# --- the tests ------------------------------------------------------------------------------
def test_a_faulty_batch_loses_nothing_and_keeps_arxiv_pacing(
    server: ReplayServer, corpus_root: tuple[Path, Corpus], tmp_path: Path
) -> None:
    _, corpus = corpus_root
    inject_faults(server, rate=0.2, seed=1, retry_after="1", stall=STALL)
    client = _client(server, tmp_path)
    # a second client in another thread fetches single papers meanwhile: pacing is per process
    other = _client(server, tmp_path / "other")
    singles = list(corpus.spares)
    single_outcomes: dict[str, str] = {}

    def fetch_singles() -> None:
        for text in singles:
            try:
                single_outcomes[text] = other.fetch(text).title
            except FetchError as exc:
                single_outcomes[text] = f"failed: {exc}"

    progress: list[tuple[int, int]] = []
    started = time.monotonic()
    thread = threading.Thread(target=fetch_singles)
    thread.start()
    batch = client.fetch_many(corpus.inputs, progress=lambda d, t: progress.append((d, t)))
    thread.join(timeout=BOUND)
    elapsed = time.monotonic() - started

    assert elapsed < BOUND
    assert not thread.is_alive()
    records = server.requests
    _assert_accounted_for(batch, corpus)
    for text, error in batch.failures.items():
        _assert_cause_reported(text, error, corpus.expected[text], records)
    assert progress[-1] == (300, 300)
    assert set(single_outcomes) == set(singles)
    for arxiv_id, title in corpus.spares.items():
        outcome = single_outcomes[arxiv_id]
        assert outcome == title or (outcome.startswith("failed: ") and arxiv_id in outcome)

    # the faults did happen, at about the rate asked for, of every kind
    faults = Counter(r.fault for r in records if r.fault is not None)
    assert 0.1 <= sum(faults.values()) / len(records) <= 0.35, faults
    assert len(faults) >= 5, faults
    # and they were retried: with 4 retries nearly everything comes back
    assert client.retries_made > 0
    assert len(batch.results) >= 190  # at worst one chunk of 100 ran out of retries
    # every request is accounted for by the two clients
    assert client.requests_made + other.requests_made == len(records)

    _assert_arxiv_paced(records, ARXIV_DELAY)
    arxiv_batches = [r for r in records if r.service == "arxiv" and len(_arxiv_ids(r)) > 1]
    assert all(len(_arxiv_ids(r)) <= 100 for r in arxiv_batches)
    assert all(r.params.get("max_results") == str(len(_arxiv_ids(r))) for r in arxiv_batches)

    # a rerun without faults asks only for what failed, and then everything that exists is back
    server.reset()
    again = client.fetch_many(corpus.inputs)
    failed_keys = {
        corpus.expected[t].arxiv_id or corpus.expected[t].doi or "" for t in batch.failures
    }
    for record in server.requests:
        keys = {_bare(i) for i in _arxiv_ids(record)} or {_doi_in(record) or ""}
        assert keys <= failed_keys, f"asked again for what had come back: {keys - failed_keys}"
    assert set(again.failures) == set(corpus.missing)
    assert all(again.results[t] == p for t, p in batch.results.items())


def test_without_retries_every_failure_is_reported_with_its_cause(
    server: ReplayServer, corpus_root: tuple[Path, Corpus], tmp_path: Path
) -> None:
    _, corpus = corpus_root
    inject_faults(server, rate=0.2, seed=2, retry_after="0", stall=STALL)
    client = _client(server, tmp_path, retries=0)
    started = time.monotonic()
    batch = client.fetch_many(corpus.inputs)
    assert time.monotonic() - started < BOUND
    records = server.requests
    _assert_accounted_for(batch, corpus, retried=False)
    caused_by_faults = set(batch.failures) - corpus.missing
    assert len(caused_by_faults) >= 5  # about a fifth of ~150 DOI lookups, and whole arXiv chunks
    for text, error in batch.failures.items():
        _assert_cause_reported(text, error, corpus.expected[text], records)
    assert client.retries_made == 0
    assert client.requests_made == len(records)
    _assert_arxiv_paced(records, ARXIV_DELAY)
    _assert_nothing_fetched_twice(records)


def test_every_arxiv_fault_in_turn_costs_a_retry_not_a_paper(
    server: ReplayServer, corpus_root: tuple[Path, Corpus], tmp_path: Path
) -> None:
    _, corpus = corpus_root
    arxiv_inputs = corpus.arxiv_inputs
    # the first chunk meets every fault in a row, and is tried once more than that
    for fault in ARXIV_FAULTS:
        options: dict[str, Any] = {"retry_after": "0"} if fault in ("429", "503") else {}
        if fault == "stall":
            options["seconds"] = STALL
        server.inject(fault, service="arxiv", times=1, **options)
    client = _client(server, tmp_path, retries=len(ARXIV_FAULTS))
    batch = client.fetch_many(arxiv_inputs)
    records = server.requests
    assert [r.fault for r in records] == [*ARXIV_FAULTS, None, None]
    assert set(batch.failures) == {t for t in arxiv_inputs if t in corpus.missing}
    assert len(batch.results) == len(arxiv_inputs) - 2
    for text, paper in batch.results.items():
        assert paper.title == corpus.expected[text].title
    assert client.retries_made == len(ARXIV_FAULTS)
    _assert_arxiv_paced(records, ARXIV_DELAY)
