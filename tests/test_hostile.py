"""Hostile answers: entity bombs, oversized and endless bodies, JSON that is not JSON.

Each one is refused with a `FetchError`, in bounded memory (measured with `tracemalloc`), and in a
batch it costs only the paper it was the answer for. `test_http.py` covers the arXiv entity bombs
and an oversized Crossref answer; these tests add the other services, answers that announce no
length, JSON nested deep enough to break a recursive parser, and hostile answers inside batches.
Faults come from the replay server, or from a requests transport adapter for bodies the server
cannot send.
"""

from __future__ import annotations

import io
import time
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from paperkit._http import MAX_BYTES
from paperkit.errors import FetchError, PaperkitError
from replay import ReplayServer

MIB = 1024 * 1024
DATACITE_DOI = "10.5072/paperkit.fixture.1"
"""In the replay fixtures at DataCite only (Crossref answers 404)."""
DOI_ORG_DOI = "10.1109/cvpr.2016.90"
"""In the replay fixtures at doi.org only."""


def _peak_while(action: Callable[[], object]) -> tuple[BaseException | None, int]:
    """Run `action`; return what it raised and the peak of memory allocated meanwhile."""
    tracemalloc.start()
    try:
        try:
            action()
        except Exception as exc:
            raised: BaseException | None = exc
        else:
            raised = None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return raised, peak


# --- the replay server's hostile answers, at every service -----------------------------------
@pytest.mark.parametrize(
    ("service", "identifier"),
    [
        ("arxiv", "1706.03762"),
        ("crossref", "10.1038/nature14539"),
        ("datacite", DATACITE_DOI),
        ("doi", DOI_ORG_DOI),
    ],
)
def test_an_oversized_answer_is_refused_unread(
    replay: ReplayServer, service: str, identifier: str
) -> None:
    replay.inject("oversized", service=service, size=200 * MIB)
    client = replay.client()
    raised, peak = _peak_while(lambda: client.fetch(identifier))
    assert isinstance(raised, FetchError), raised
    assert "larger than" in str(raised)
    assert identifier in str(raised)
    assert peak < 4 * MIB, f"{peak / MIB:.1f} MiB allocated for an answer refused by its length"
    assert replay.count(service) == 1  # refused, not asked for again


@pytest.mark.parametrize("fault", ["billion_laughs", "external_entity"])
def test_entity_declarations_in_a_search_answer_are_refused(
    replay: ReplayServer, fault: str
) -> None:
    replay.inject(fault, service="arxiv")
    client = replay.client()
    raised, peak = _peak_while(lambda: client.search_arxiv('ti:"attention is all you need"'))
    assert isinstance(raised, FetchError), raised
    assert "DOCTYPE or entity" in str(raised)
    assert "root:" not in str(raised)  # /etc/passwd was never read into anything
    assert peak < 8 * MIB


@pytest.mark.parametrize(
    ("service", "identifier"), [("datacite", DATACITE_DOI), ("doi", DOI_ORG_DOI)]
)
def test_malformed_json_is_refused_after_retries(
    replay: ReplayServer, service: str, identifier: str
) -> None:
    replay.inject("malformed_json", service=service, times=10)
    with pytest.raises(FetchError, match="not JSON") as caught:
        replay.client(retries=1).fetch(identifier)
    assert caught.value.identifier == identifier
    assert replay.count(service) == 2


def test_hostile_answers_in_a_batch_cost_only_their_own_papers(replay: ReplayServer) -> None:
    replay.inject("billion_laughs", service="arxiv", times=1)
    # both DOIs below that Crossref does not know are asked of DataCite next
    replay.inject("oversized", service="datacite", times=2, size=50 * MIB)
    inputs = [
        "1706.03762",
        "10.1038/nature14539",
        DATACITE_DOI,
        DOI_ORG_DOI,
        "10.1145/3292500.3330701",
    ]
    batch = replay.client(retries=1).fetch_many(inputs)
    assert set(batch.failures) == {"1706.03762", DATACITE_DOI, DOI_ORG_DOI}
    assert list(batch.results) == ["10.1038/nature14539", "10.1145/3292500.3330701"]
    assert "DOCTYPE or entity" in str(batch.failures["1706.03762"])
    for doi in (DATACITE_DOI, DOI_ORG_DOI):
        error = batch.failures[doi]
        assert isinstance(error, FetchError)
        assert error.source == "datacite"
        assert "larger than" in str(error)
    assert replay.count("doi") == 0


# --- bodies only a transport adapter can send -------------------------------------------------
class _Endless(io.RawIOBase):
    """A body that never ends: the answer of a broken proxy or a hostile server."""

    def __init__(self) -> None:
        self.sent = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        view[:] = b" " * len(view)
        self.sent += len(view)
        return len(view)


class _Canned(requests.adapters.HTTPAdapter):
    """Answers every request with a status, headers and a raw body stream, without a socket."""

    def __init__(self, body: Callable[[], io.RawIOBase | io.BytesIO], headers: Mapping[str, str]):
        super().__init__()
        self.body = body
        self.headers = dict(headers)
        self.bodies: list[io.RawIOBase | io.BytesIO] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: object
    ) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict(self.headers)
        response.raw = self.body()
        self.bodies.append(response.raw)
        response.url = request.url or ""
        response.request = request
        response.reason = "OK"
        return response


@pytest.fixture
def canned() -> Iterator[Callable[[_Canned], requests.Session]]:
    sessions: list[requests.Session] = []

    def mount(adapter: _Canned) -> requests.Session:
        session = requests.Session()
        session.mount("http://", adapter)
        sessions.append(session)
        return session

    yield mount
    for session in sessions:
        session.close()


def test_an_endless_answer_without_a_length_is_cut_at_the_cap(
    replay: ReplayServer, canned: Callable[[_Canned], requests.Session]
) -> None:
    adapter = _Canned(_Endless, {"Content-Type": "application/json"})
    client = replay.client(http=canned(adapter))
    started = time.monotonic()
    raised, peak = _peak_while(lambda: client.fetch("10.1038/nature14539"))
    assert isinstance(raised, FetchError), raised
    assert "larger than" in str(raised)
    assert time.monotonic() - started < 30
    (body,) = adapter.bodies  # refused once, not asked for again
    assert isinstance(body, _Endless)
    assert MAX_BYTES < body.sent < MAX_BYTES + MIB  # reading stopped at the cap
    assert peak < 2 * MAX_BYTES + 4 * MIB, f"{peak / MIB:.1f} MiB for a {MAX_BYTES // MIB} MiB cap"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b"[" * 200_000 + b"]" * 200_000),
        ("application/json", b'{"a":' * 200_000 + b"1" + b"}" * 200_000),
        ("application/json", b'{"status": "ok", "message": ' + b"9" * 100_000 + b"}"),
        ("application/json", b"\xff\xfe\x00 not even text"),
    ],
    ids=["nested-arrays", "nested-objects", "huge-number", "not-utf8"],
)
def test_json_that_breaks_parsers_is_a_fetch_error(
    replay: ReplayServer,
    canned: Callable[[_Canned], requests.Session],
    content_type: str,
    body: bytes,
) -> None:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    adapter = _Canned(lambda: io.BytesIO(body), headers)
    client = replay.client(http=canned(adapter), retries=1)
    with pytest.raises(FetchError, match="not JSON") as caught:
        client.fetch("10.1038/nature14539")
    assert caught.value.source == "crossref"
    # and in a batch it is that paper's failure, not the batch's end
    batch = client.fetch_many(["10.1038/nature14539", "10.1145/3292500.3330701"])
    assert set(batch.failures) == {"10.1038/nature14539", "10.1145/3292500.3330701"}
    assert all(isinstance(e, PaperkitError) for e in batch.failures.values())
