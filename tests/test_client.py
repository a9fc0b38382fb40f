"""`Client` and the module-level `fetch` / `fetch_many`: order, duplicates, progress, settings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import paperkit
from paperkit import ArxivId, Client, Doi
from paperkit.client import DOI_WORKERS
from paperkit.errors import ConfigError, FetchError, IdentifierError, NotFoundError
from replay import ReplayServer, write_synthetic


def test_fetch_many_keeps_input_order_and_fetches_duplicates_once(replay: ReplayServer) -> None:
    inputs = [
        "2002.05709",
        "https://arxiv.org/abs/1706.03762v5",
        "10.1038/nature14539",
        "arXiv:1706.03762",
        "10.48550/arXiv.2002.05709",
        "https://doi.org/10.1038/NATURE14539",
        "not an id",
        "1803.03635",
    ]
    batch = replay.client().fetch_many(inputs)
    assert list(batch.results) == [i for i in inputs if i != "not an id"]
    assert isinstance(batch.failures["not an id"], IdentifierError)
    assert batch.results["arXiv:1706.03762"] is batch.results["https://arxiv.org/abs/1706.03762v5"]
    assert batch.results["2002.05709"] is batch.results["10.48550/arXiv.2002.05709"]
    assert len(batch.papers) == 4
    arxiv = [r for r in replay.requests if r.service == "arxiv"]
    assert len(arxiv) == 1
    assert sorted(arxiv[0].params["id_list"].split(",")) == [
        "1706.03762",
        "1803.03635",
        "2002.05709",
    ]
    assert replay.count("crossref") == 1


def test_one_version_asked_for_is_the_version_fetched(replay: ReplayServer) -> None:
    batch = replay.client().fetch_many(["1706.03762v2", "arXiv:1706.03762v2"])
    assert {p.arxiv_version for p in batch.papers} == {2}
    assert replay.requests[0].params["id_list"] == "1706.03762v2"


def test_nothing_is_lost(replay: ReplayServer) -> None:
    inputs = ["1706.03762", "2501.00042", "10.1234/missing", "??", "10.1109/cvpr.2016.90"]
    batch = replay.client().fetch_many(inputs)
    assert set(batch.results) | set(batch.failures) == set(inputs)
    assert not set(batch.results) & set(batch.failures)
    assert isinstance(batch.failures["2501.00042"], NotFoundError)
    assert isinstance(batch.failures["10.1234/missing"], NotFoundError)


def test_progress_reaches_the_total(replay: ReplayServer) -> None:
    calls: list[tuple[int, int]] = []
    inputs = ["1706.03762", "1706.03762", "10.1038/nature14539", "bad", "2002.05709"]
    replay.client().fetch_many(inputs, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (1, 5)  # the bad input is done at once
    assert calls[-1] == (5, 5)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_fetch_accepts_identifier_objects(replay: ReplayServer) -> None:
    client = replay.client()
    assert client.fetch(ArxivId("1803.03635")).arxiv_id == "1803.03635"
    assert client.fetch(Doi("10.1038/nature14539")).doi == "10.1038/nature14539"
    batch = client.fetch_many([ArxivId("1803.03635", 5)])
    assert list(batch.results) == ["1803.03635v5"]


def test_bad_identifier_raises_identifier_error(replay: ReplayServer) -> None:
    with pytest.raises(IdentifierError):
        replay.client().fetch("not an identifier")
    assert replay.count() == 0


def test_module_level_functions_use_the_environment(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERKIT_ARXIV_API_URL", replay.arxiv_url)
    monkeypatch.setenv("PAPERKIT_CROSSREF_API_URL", replay.crossref_url)
    monkeypatch.setenv("PAPERKIT_ARXIV_DELAY", "0.01")
    assert paperkit.fetch("1706.03762").title == "Attention Is All You Need"
    batch = paperkit.fetch_many(["2002.05709", "10.1038/nature14539"])
    assert batch.ok
    assert len(batch.papers) == 2


def test_settings_come_from_arguments_then_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERKIT_MAILTO", "env@example.org")
    monkeypatch.setenv("PAPERKIT_TIMEOUT", "7")
    client = Client(timeout=3, cache_dir=tmp_path)
    assert client.settings.mailto == "env@example.org"
    assert client.settings.timeout == 3
    assert client.cache_info().path.parent == tmp_path
    with pytest.raises(ConfigError):
        Client(arxiv_delay=-1)


def test_an_unreachable_service_is_a_fetch_error(tmp_path: Path) -> None:
    client = Client(cache_dir=tmp_path, retries=1, backoff=0.01, timeout=1, arxiv_delay=0.01)
    batch = client.fetch_many(["1706.03762", "10.1038/nature14539"])
    assert not batch.results
    assert {type(e).__name__ for e in batch.failures.values()} == {"FetchError"}
    assert "1706.03762" in str(batch.failures["1706.03762"])


def test_a_failed_arxiv_batch_names_each_id_and_summarizes_the_request(
    tmp_path: Path,
) -> None:
    root = tmp_path / "http"
    ids, _ = write_synthetic(root, arxiv=100, dois=0)
    with ReplayServer(root) as server:
        server.inject("503", service="arxiv", times=10)
        batch = server.client(retries=2).fetch_many(ids)
    assert not batch.results
    assert set(batch.failures) == set(ids)
    for arxiv_id, error in batch.failures.items():
        assert isinstance(error, FetchError)
        assert str(error) == (
            f"{arxiv_id}: arXiv request for 100 ids failed: HTTP 503 after 3 tries"
        )
        assert error.identifier == arxiv_id
        assert error.status == 503


def test_an_unreachable_host_fails_the_rest_of_the_batch_fast(tmp_path: Path) -> None:
    # conftest points every service at a closed port: each connection is refused
    arxiv_ids = [f"2101.{n:05d}" for n in range(1, 251)]  # three id_list requests
    dois = [f"10.1234/unreachable.{n}" for n in range(12)]
    inputs = arxiv_ids + dois
    client = Client(cache_dir=tmp_path, retries=3, backoff=0.02, timeout=1, arxiv_delay=0.01)
    batch = client.fetch_many(inputs)
    assert not batch.results
    assert list(batch.failures) == inputs  # every input accounted for
    for text, error in batch.failures.items():
        assert isinstance(error, FetchError), text
        assert text in str(error), str(error)
        assert "connection refused" in str(error), str(error)
    # without failing fast: 3 arXiv requests and 12 DOIs, each tried 4 times (60 requests);
    # with it, one arXiv request and the DOIs already running (3 at once) use up their tries
    assert client.requests_made <= 4 + DOI_WORKERS * 4


def test_keyboard_interrupt_drops_the_queued_jobs(
    synthetic_dois: tuple[ReplayServer, list[str]],
) -> None:
    server, dois = synthetic_dois
    server.latency = 0.2
    calls = 0

    def interrupt(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first answer is in
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        server.client().fetch_many(dois, progress=interrupt)
    time.sleep(0.5)  # the jobs already running end; nothing queued may start
    assert server.count("crossref") <= 2 * DOI_WORKERS
    assert server.count("crossref") < len(dois)


@pytest.fixture
def synthetic_dois(tmp_path: Path) -> Iterator[tuple[ReplayServer, list[str]]]:
    root = tmp_path / "http"
    _, dois = write_synthetic(root, arxiv=0, dois=30)
    with ReplayServer(root) as server:
        yield server, dois
