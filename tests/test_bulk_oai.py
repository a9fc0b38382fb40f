"""Harvesting arXiv's OAI-PMH interface from a local replay of its answers."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from paperkit import FetchError, OfflineError, Settings, VenueKind
from paperkit.bulk import BulkReport, harvest, write_papers

PAGES = Path(__file__).parent / "fixtures" / "bulk" / "oai"
TOKENS = {"token-page-2": "list-2.xml", "token-page-3": "list-3.xml"}


@dataclass
class OaiReplay:
    """Answers ListRecords like arXiv: the first page for a fresh harvest, then by token."""

    url: str = ""
    requests: list[tuple[float, dict[str, str]]] = field(default_factory=list)
    faults: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)
    first_page: str = "list-1.xml"

    def answer(self, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.requests.append((time.monotonic(), params))
        if self.faults:
            return self.faults.pop(0)
        token = params.get("resumptionToken")
        if token is not None:
            name = TOKENS.get(token)
            if name is None or set(params) != {"verb", "resumptionToken"}:
                return 200, {}, _error("badResumptionToken", token)
        else:
            if params.get("metadataPrefix") != "arXiv":
                return 200, {}, _error("cannotDisseminateFormat", str(params))
            name = self.first_page
        return 200, {}, (PAGES / name).read_bytes()


def _error(code: str, text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        f'<responseDate>2026-11-26T08:00:00Z</responseDate><error code="{code}">{text}</error>'
        "</OAI-PMH>"
    ).encode()


@pytest.fixture
def oai() -> Iterator[OaiReplay]:
    replay = OaiReplay()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != "/oai":
                self.send_error(404)
                return
            status, headers, body = replay.answer(dict(parse_qsl(parts.query)))
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}/oai"
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _settings(**overrides: object) -> Settings:
    return Settings.load(**{"arxiv_delay": 0.01, "timeout": 2.0, **overrides})


def test_harvest_follows_resumption_tokens_and_maps_records(oai: OaiReplay) -> None:
    updates = harvest(
        since="2026-11-01", until="2026-11-20", set_spec="cs", url=oai.url, settings=_settings()
    )
    papers = list(updates)
    assert [p.arxiv_id for p in papers] == [
        "1706.03762",
        "hep-th/9901001",
        "1803.03635",
        "2002.05709",
    ]
    first = [params for _, params in oai.requests]
    assert first[0] == {
        "verb": "ListRecords",
        "metadataPrefix": "arXiv",
        "from": "2026-11-01",
        "until": "2026-11-20",
        "set": "cs",
    }
    assert first[1:] == [
        {"verb": "ListRecords", "resumptionToken": "token-page-2"},
        {"verb": "ListRecords", "resumptionToken": "token-page-3"},
    ]
    assert updates.pages == 3
    assert updates.response_date == "2026-11-26T08:00:00Z"

    attention = papers[0]
    assert attention.title == "Attention Is All You Need"
    assert [a.name for a in attention.authors] == [
        "Ashish Vaswani",
        "Noam Shazeer",
        "Aidan N. Gomez",
    ]
    assert attention.authors[2].affiliations == ("University of Toronto",)
    assert attention.venue is not None
    assert (attention.venue.acronym, attention.venue.year) == ("NeurIPS", 2017)
    assert attention.abstract is not None
    assert attention.abstract.split("\n\n")[1] == (
        "We propose a new simple network architecture, the Transformer."
    )
    assert str(attention.published) == "2017-06-12"
    assert str(attention.updated) == "2023-08-02"
    assert attention.arxiv_version is None  # the arXiv format does not say which version

    novak = papers[1]
    assert novak.title == "On the Schrödinger equation for $\\alpha < 1$"
    assert novak.authors[0].name == "Jan Novák Jr."
    assert novak.doi == "10.1103/physrevd.60.000001"
    assert novak.updated == novak.published

    lottery = papers[2]
    assert lottery.venue is not None
    assert lottery.venue.acronym == "ICLR"
    assert lottery.doi is None
    assert papers[3].venue is not None
    assert papers[3].venue.kind is VenueKind.CONFERENCE


def test_deleted_and_unreadable_records_are_counted_not_fatal(oai: OaiReplay) -> None:
    report = BulkReport()
    papers = list(harvest(url=oai.url, settings=_settings(), report=report))
    assert len(papers) == 4
    assert report.deleted == 1
    assert report.records == 5
    assert report.papers == 4
    assert report.skipped == 1
    assert report.warnings == 1
    skipped = report.failures[0]
    assert skipped.identifier == "2001.00002"
    assert skipped.line is None
    assert skipped.source == oai.url
    assert "title" in skipped.message
    warning = next(p for p in report.problems if not p.skipped)
    assert warning.identifier == "1803.03635"
    assert "not-a-doi" in warning.message


def test_503_is_retried_after_its_retry_after(oai: OaiReplay) -> None:
    oai.faults.append((503, {"Retry-After": "1"}, b"busy, come back later"))
    papers = list(harvest(url=oai.url, settings=_settings(), backoff=0.01))
    assert len(papers) == 4
    (first, _), (second, params) = oai.requests[:2]
    assert second - first >= 0.95
    assert params["metadataPrefix"] == "arXiv"
    assert len(oai.requests) == 4


def test_requests_are_paced_like_the_arxiv_api(oai: OaiReplay) -> None:
    list(harvest(url=oai.url, settings=_settings(arxiv_delay=0.3)))
    times = [t for t, _ in oai.requests]
    assert len(times) == 3
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.28


def test_a_harvest_is_lazy_page_by_page(oai: OaiReplay) -> None:
    updates = harvest(url=oai.url, settings=_settings())
    assert oai.requests == []
    next(updates)
    next(updates)
    assert len(oai.requests) == 1
    next(updates)
    assert len(oai.requests) == 2


def test_no_records_match_is_an_empty_harvest(oai: OaiReplay) -> None:
    oai.first_page = "no-records.xml"
    updates = harvest(since="2030-01-01", url=oai.url, settings=_settings())
    assert list(updates) == []
    assert updates.report.records == 0


def test_an_oai_error_is_a_fetch_error_naming_it(oai: OaiReplay) -> None:
    oai.first_page = "bad-argument.xml"
    with pytest.raises(FetchError, match="badArgument: Invalid set: nonsense"):
        list(harvest(set_spec="nonsense", url=oai.url, settings=_settings()))


def test_entity_declarations_are_refused(oai: OaiReplay) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><x>&lol2;</x></OAI-PMH>'
    )
    oai.faults.append((200, {}, laughs))
    with pytest.raises(FetchError, match="DOCTYPE or entity"):
        list(harvest(url=oai.url, settings=_settings(), backoff=0.01))
    assert len(oai.requests) == 1  # refused, not retried


def test_a_cut_off_page_is_retried(oai: OaiReplay) -> None:
    whole = (PAGES / "list-1.xml").read_bytes()
    oai.faults.append((200, {}, whole[: len(whole) // 2]))
    papers = list(harvest(url=oai.url, settings=_settings(), backoff=0.01))
    assert len(papers) == 4
    assert len(oai.requests) == 4


def test_failures_after_every_retry_are_a_fetch_error(oai: OaiReplay) -> None:
    oai.faults.extend([(500, {}, b"down")] * 3)
    with pytest.raises(FetchError, match="after 3 tries"):
        list(harvest(url=oai.url, settings=_settings(), retries=2, backoff=0.01))


def test_the_base_url_comes_from_the_environment(
    oai: OaiReplay, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Settings.load({}).oai_url == "https://oaipmh.arxiv.org/oai"
    monkeypatch.setenv("PAPERKIT_OAI_URL", oai.url + "/")
    monkeypatch.setenv("PAPERKIT_ARXIV_DELAY", "0.01")
    assert len(list(harvest())) == 4


def test_harvests_are_never_answered_from_the_cache(oai: OaiReplay) -> None:
    list(harvest(url=oai.url, settings=_settings()))
    list(harvest(url=oai.url, settings=_settings()))
    assert len(oai.requests) == 6
    with pytest.raises(OfflineError):
        list(harvest(url=oai.url, settings=_settings(offline=True)))


def test_bad_dates_are_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="since 'last week'"):
        harvest(since="last week")


def test_a_harvest_streams_into_a_file(oai: OaiReplay, tmp_path: Path) -> None:
    count = write_papers(harvest(url=oai.url, settings=_settings()), tmp_path / "updates.jsonl")
    assert count == 4
    assert len((tmp_path / "updates.jsonl").read_text(encoding="utf-8").splitlines()) == 4
