"""The HTTP layer against the replay server: batching, pacing, retries, cache, offline, faults."""

from __future__ import annotations

import sqlite3
import threading
import time
import tracemalloc
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
import requests

import paperkit
from paperkit import CacheWarning
from paperkit._http import user_agent
from paperkit.errors import FetchError, NotFoundError, OfflineError, PaperkitWarning
from replay import ReplayServer, write_synthetic

SEED = ["1706.03762", "2109.13916", "1901.03597", "2002.05709", "1803.03635"]
JITTER = 0.01
"""Seconds by which the server's stamps may misstate the client's spacing (as in test_faults)."""


@pytest.fixture
def synthetic(tmp_path: Path) -> Iterator[tuple[ReplayServer, list[str], list[str]]]:
    root = tmp_path / "http"
    ids, dois = write_synthetic(root, arxiv=200, dois=25)
    with ReplayServer(root) as server:
        yield server, ids, dois


# --- batching -------------------------------------------------------------------------------
def test_200_arxiv_ids_take_two_requests(
    synthetic: tuple[ReplayServer, list[str], list[str]],
) -> None:
    server, ids, _ = synthetic
    batch = server.client().fetch_many(ids)
    assert batch.ok
    assert [p.arxiv_id for p in batch.papers] == ids  # input order, although arXiv shuffles
    arxiv = [r for r in server.requests if r.service == "arxiv"]
    assert len(arxiv) == 2
    assert [len(r.params["id_list"].split(",")) for r in arxiv] == [100, 100]
    assert {r.params["max_results"] for r in arxiv} == {"100"}


def test_one_id_is_one_small_request(replay: ReplayServer) -> None:
    paper = replay.client().fetch("arXiv:1706.03762")
    assert paper.title == "Attention Is All You Need"
    (request,) = replay.requests
    assert request.params["id_list"] == "1706.03762"
    assert request.params["max_results"] == "1"


def test_missing_id_in_a_batch_is_not_found_and_others_come_back(replay: ReplayServer) -> None:
    batch = replay.client().fetch_many(["1706.03762", "2501.99999"])
    assert batch.results["1706.03762"].title == "Attention Is All You Need"
    error = batch.failures["2501.99999"]
    assert isinstance(error, NotFoundError)
    assert error.source == "arxiv"
    assert error.identifier == "2501.99999"
    assert replay.count("arxiv") == 1  # a partial answer is an answer, not a glitch


# --- pacing ---------------------------------------------------------------------------------
def test_arxiv_pacing_holds_across_threads_and_clients(replay: ReplayServer) -> None:
    delay = 0.25
    clients = [replay.client(arxiv_delay=delay), replay.client(arxiv_delay=delay)]
    threads = [
        threading.Thread(target=clients[n % 2].fetch, args=(arxiv_id,))
        for n, arxiv_id in enumerate(SEED)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = sorted((r for r in replay.requests if r.service == "arxiv"), key=lambda r: r.time)
    assert len(records) == len(SEED)
    # Measured from the moment the server started answering one request to the arrival of the
    # next: the client waits `delay` after it has read the answer, which is later still, and the
    # server stamps an arrival late (never early) when the process is busy. So this holds under
    # any load; JITTER only covers the two stamps being taken by different threads.
    gaps = [b.time - a.end for a, b in pairwise(records)]
    assert min(gaps) >= delay - JITTER, gaps


def test_crossref_stays_within_three_at_once_and_ten_per_second(
    synthetic: tuple[ReplayServer, list[str], list[str]],
) -> None:
    server, _, dois = synthetic
    server.latency = 0.05
    batch = server.client().fetch_many(dois)
    assert batch.ok
    assert len(batch.papers) == len(dois)
    records = [r for r in server.requests if r.service == "crossref"]
    assert len(records) == len(dois)
    starts = sorted(r.time for r in records)
    for n, start in enumerate(starts):
        assert sum(1 for s in starts[n:] if s < start + 1.0) <= 11
    for record in records:
        overlapping = sum(1 for other in records if other.time <= record.time < other.end)
        assert overlapping <= 3


def _gaps_after_end(server: ReplayServer, service: str) -> list[float]:
    records = sorted((r for r in server.requests if r.service == service), key=lambda r: r.time)
    return [b.time - a.end for a, b in pairwise(records)]


def test_arxiv_slowdown_after_a_429_decays_back_to_arxiv_delay(
    synthetic: tuple[ReplayServer, list[str], list[str]],
) -> None:
    server, ids, _ = synthetic
    delay = 0.2
    server.inject("429", service="arxiv", retry_after="0")
    client = server.client(arxiv_delay=delay)
    for arxiv_id in ids[:10]:
        client.fetch(arxiv_id)
    assert [r.status for r in server.requests] == [429] + [200] * 10
    gaps = _gaps_after_end(server, "arxiv")
    assert min(gaps) >= delay - JITTER, gaps  # never faster than arxiv_delay
    assert gaps[0] >= 2 * delay - JITTER, gaps  # the 429 halved the rate
    assert max(gaps[-3:]) < 1.5 * delay, gaps  # and a run of answers brought it back


def test_retry_after_wins_over_the_recovered_pace(replay: ReplayServer) -> None:
    replay.inject("429", service="arxiv", retry_after="0")
    client = replay.client(arxiv_delay=0.01)
    for arxiv_id in SEED[:3]:
        client.fetch(arxiv_id)
    replay.inject("503", service="arxiv", retry_after="1")
    client.fetch(SEED[3])
    assert _gaps_after_end(replay, "arxiv")[-1] >= 1.0 - JITTER


def test_crossref_follows_its_rate_headers_and_recovers_after_a_429(
    synthetic: tuple[ReplayServer, list[str], list[str]],
) -> None:
    server, _, dois = synthetic
    interval = 0.2  # 5 requests per second, one at a time
    server.crossref_limits = {
        "x-rate-limit-limit": "5",
        "x-rate-limit-interval": "1s",
        "x-concurrency-limit": "1",
    }
    client = server.client()
    client.fetch(dois[0])  # learns the limits
    server.inject("429", service="crossref", retry_after="0")
    for doi in dois[1:10]:
        client.fetch(doi)
    statuses = [r.status for r in server.requests if r.service == "crossref"]
    assert statuses == [200, 429] + [200] * 9
    starts = sorted(server.times("crossref"))
    gaps = [b - a for a, b in pairwise(starts)]
    # Crossref is paced start to start, so a late arrival stamp of the earlier request (the
    # in-process server under load) shortens a measured gap; 25% of the interval still tells
    # the headers' pace (0.2 s) from the default one (0.1 s)
    slack = interval / 4
    assert min(gaps) >= interval - slack, gaps  # the headers' pace, never faster
    assert gaps[1] >= 2 * interval - slack, gaps  # slowed down by the 429
    assert max(gaps[-3:]) < 1.5 * interval, gaps  # and recovered


def test_cache_warning_is_public_and_in_the_warning_tree() -> None:
    assert paperkit.CacheWarning is CacheWarning
    assert CacheWarning.__module__ == "paperkit.errors"
    assert issubclass(CacheWarning, PaperkitWarning)
    assert issubclass(PaperkitWarning, UserWarning)
    assert paperkit.PaperkitWarning is PaperkitWarning
    from paperkit import _cache, _http

    assert _http.CacheWarning is _cache.CacheWarning is CacheWarning


def test_crossref_429_slows_down_and_is_retried(replay: ReplayServer) -> None:
    replay.inject("429", service="crossref", retry_after="0")
    paper = replay.client().fetch("10.1038/nature14539")
    assert paper.title == "Deep learning"
    assert [r.status for r in replay.requests] == [429, 200]


# --- retries --------------------------------------------------------------------------------
def test_503_is_retried_with_backoff(replay: ReplayServer) -> None:
    replay.inject("503", service="arxiv", times=2)
    client = replay.client(backoff=0.1)
    assert client.fetch("1706.03762").arxiv_id == "1706.03762"
    times = replay.times("arxiv")
    assert len(times) == 3
    assert times[1] - times[0] >= 0.1 * 0.95
    assert times[2] - times[1] >= 0.2 * 0.95  # doubled
    assert client.retries_made == 2


def test_retry_after_is_honoured(replay: ReplayServer) -> None:
    replay.inject("429", service="arxiv", retry_after="1")
    replay.client().fetch("2002.05709")
    first, second = replay.times("arxiv")
    assert second - first >= 0.95


def test_retries_give_up_with_a_fetch_error(replay: ReplayServer) -> None:
    replay.inject("503", service="crossref", times=10)
    with pytest.raises(FetchError) as caught:
        replay.client(retries=2).fetch("10.1038/nature14539")
    assert caught.value.status == 503
    assert caught.value.source == "crossref"
    assert replay.count() == 3


def test_a_long_retry_after_is_not_waited_for(replay: ReplayServer) -> None:
    replay.inject("429", service="crossref", retry_after="3600")
    with pytest.raises(FetchError, match="wait 3600"):
        replay.client().fetch("10.1038/nature14539")
    assert replay.count() == 1


def test_no_retry_on_400(replay: ReplayServer) -> None:
    replay.inject("400", service="crossref")
    with pytest.raises(FetchError) as caught:
        replay.client().fetch("10.1038/nature14539")
    assert caught.value.status == 400
    assert replay.count() == 1


def test_arxiv_400_names_the_bad_id_and_the_rest_are_fetched(replay: ReplayServer) -> None:
    replay.inject("400", service="arxiv", id="2002.05709")
    batch = replay.client().fetch_many(["1706.03762", "2002.05709", "1803.03635"])
    error = batch.failures["2002.05709"]
    assert isinstance(error, FetchError)
    assert error.status == 400
    assert "incorrect id format for 2002.05709" in str(error)
    assert set(batch.results) == {"1706.03762", "1803.03635"}
    assert replay.count("arxiv") == 2


def test_arxiv_400_for_one_id_is_not_retried(replay: ReplayServer) -> None:
    replay.inject("400", service="arxiv", id="1706.03762")
    with pytest.raises(FetchError) as caught:
        replay.client().fetch("1706.03762")
    assert caught.value.status == 400
    assert replay.count() == 1


def test_a_mounted_transport_adapter_is_used(replay: ReplayServer) -> None:
    class FlakyAdapter(requests.adapters.HTTPAdapter):
        calls = 0

        def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:  # type: ignore[override]
            FlakyAdapter.calls += 1
            if FlakyAdapter.calls == 1:
                raise requests.ConnectionError("connection refused (adapter)")
            return super().send(request, **kwargs)  # type: ignore[arg-type]

    session = requests.Session()
    session.mount("http://", FlakyAdapter())
    paper = replay.client(http=session).fetch("1803.03635")
    assert paper.arxiv_id == "1803.03635"
    assert FlakyAdapter.calls == 2
    assert replay.count() == 1


# --- faults ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["reset", "short", "truncated", "500"])
def test_transient_faults_are_retried(replay: ReplayServer, fault: str) -> None:
    replay.inject(fault, service="arxiv")
    paper = replay.client().fetch("2109.13916")
    assert paper.title == "Unsolved Problems in ML Safety"
    assert replay.count() == 2


def test_a_stalled_answer_times_out_and_is_retried(replay: ReplayServer) -> None:
    replay.inject("stall", service="crossref", seconds=3)
    started = time.monotonic()
    paper = replay.client(timeout=0.3).fetch("10.1145/3292500.3330701")
    assert paper.doi == "10.1145/3292500.3330701"
    assert time.monotonic() - started < 2.5
    assert replay.count() == 2


def test_an_empty_feed_for_a_valid_id_is_retried(replay: ReplayServer) -> None:
    replay.inject("empty", service="arxiv")
    assert replay.client().fetch("1901.03597").arxiv_id == "1901.03597"
    assert replay.count() == 2


def test_an_id_that_stays_empty_is_not_found(replay: ReplayServer) -> None:
    with pytest.raises(NotFoundError) as caught:
        replay.client().fetch("2501.00001")
    assert caught.value.identifier == "2501.00001"
    assert replay.count() == 4  # the first answer and three retries


@pytest.mark.parametrize("fault", ["billion_laughs", "external_entity"])
def test_xml_with_entities_is_refused_not_expanded(replay: ReplayServer, fault: str) -> None:
    replay.inject(fault, service="arxiv")
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="DOCTYPE or entity"):
            replay.client().fetch("1706.03762")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert replay.count() == 1  # hostile answers are not asked for again


def test_an_oversized_answer_is_refused(replay: ReplayServer) -> None:
    replay.inject("oversized", service="crossref", size=30 * 1024 * 1024)
    with pytest.raises(FetchError, match="larger than"):
        replay.client().fetch("10.1038/nature14539")
    assert replay.count() == 1


def test_malformed_json_is_retried_then_refused(replay: ReplayServer) -> None:
    replay.inject("malformed_json", service="crossref")
    assert replay.client().fetch("10.1038/nature14539").title == "Deep learning"
    replay.reset()
    replay.inject("malformed_json", service="crossref", times=10)
    with pytest.raises(FetchError, match="not JSON"):
        replay.client(retries=1).fetch("10.1145/3292500.3330701")


# --- the cache ------------------------------------------------------------------------------
def test_a_second_run_makes_no_requests(replay: ReplayServer) -> None:
    inputs = [*SEED, "10.1038/nature14539", "10.1109/cvpr.2016.90", "10.1234/unknown"]
    first = replay.client().fetch_many(inputs)
    made = replay.count()
    assert made > 0
    second = replay.client().fetch_many(inputs)
    assert replay.count() == made
    assert second.results == first.results
    assert set(second.failures) == set(first.failures) == {"10.1234/unknown"}


def test_offline_answers_from_the_cache_only(replay: ReplayServer) -> None:
    replay.client().fetch_many(["1706.03762", "10.1038/nature14539"])
    made = replay.count()
    offline = replay.client(offline=True)
    batch = offline.fetch_many(["1706.03762", "10.1038/nature14539", "2002.05709"])
    assert replay.count() == made
    assert set(batch.results) == {"1706.03762", "10.1038/nature14539"}
    error = batch.failures["2002.05709"]
    assert isinstance(error, OfflineError)
    assert "2002.05709" in str(error)
    assert error.source == "arxiv"


def test_offline_mode_from_the_environment(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERKIT_OFFLINE", "1")
    with pytest.raises(OfflineError, match=r"10\.1038/nature14539"):
        replay.client().fetch("10.1038/nature14539")
    assert replay.count() == 0


def test_cache_info_and_clear(replay: ReplayServer) -> None:
    client = replay.client()
    client.fetch("1706.03762")
    info = client.cache_info()
    assert info.responses == 1
    assert info.size_bytes > 0
    assert info.path.is_file()
    client.clear_cache()
    assert client.cache_info().responses == 0
    client.fetch("1706.03762")
    assert replay.count() == 2


def test_a_corrupted_cache_is_rebuilt_with_a_warning(replay: ReplayServer, tmp_path: Path) -> None:
    cache_dir = tmp_path / "broken-cache"
    cache_dir.mkdir()
    (cache_dir / "http-cache.sqlite").write_bytes(b"this is not a database" * 100)
    client = replay.client(cache_dir=str(cache_dir))
    with pytest.warns(CacheWarning, match="corrupted"):
        paper = client.fetch("1706.03762")
    assert paper.arxiv_id == "1706.03762"
    assert client.cache_info().responses == 1
    assert list(cache_dir.glob("http-cache.sqlite.corrupt-*"))


def test_a_locked_cache_is_bypassed_with_a_warning(replay: ReplayServer, tmp_path: Path) -> None:
    cache_dir = tmp_path / "locked-cache"
    warm = replay.client(cache_dir=str(cache_dir))
    warm.fetch("2002.05709")
    warm.close()
    holder = sqlite3.connect(cache_dir / "http-cache.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.warns(CacheWarning, match="locked"):
            paper = replay.client(cache_dir=str(cache_dir)).fetch("1706.03762")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert paper.arxiv_id == "1706.03762"


# --- etiquette ------------------------------------------------------------------------------
def test_user_agent_names_paperkit_and_the_contact(replay: ReplayServer) -> None:
    replay.client(mailto="group@example.org").fetch("10.1038/nature14539")
    (request,) = replay.requests
    expected = (
        f"paperkit/{paperkit.__version__} (https://github.com/paperkit/paperkit; "
        "mailto:group@example.org)"
    )
    assert request.headers["user-agent"] == expected == user_agent("group@example.org")


def test_every_request_has_a_timeout(replay: ReplayServer) -> None:
    replay.inject("stall", service="doi", seconds=5)
    started = time.monotonic()
    with pytest.raises(FetchError):
        replay.client(timeout=0.2, retries=0).fetch("10.1109/cvpr.2016.90")
    assert time.monotonic() - started < 3
