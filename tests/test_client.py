"""`Client` and the module-level `fetch` / `fetch_many`: order, duplicates, progress, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

import paperkit
from paperkit import ArxivId, Client, Doi
from paperkit.errors import ConfigError, IdentifierError, NotFoundError
from replay import ReplayServer


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
