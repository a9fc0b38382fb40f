"""A local HTTP server that answers like arXiv, Crossref, DataCite and doi.org, for tests.

Tests never touch the network. They start a `ReplayServer` on 127.0.0.1 (a random port) that serves
files from ``tests/fixtures/http/`` in each service's real format, records every request it gets,
and injects faults on demand. The pytest fixture ``replay`` (in ``conftest.py``) yields a running
server and stops it afterwards::

    def test_batch(replay: ReplayServer) -> None:
        client = replay.client()                      # a paperkit Client pointed at the server
        batch = client.fetch_many(["1706.03762", "2002.05709"])
        assert replay.count("arxiv") == 1             # one id_list request for both

Server API
----------
``ReplayServer(root=HTTP_FIXTURES, *, latency=0.0)``; use it as a context manager or call
``start()`` / ``stop()``.

- ``.url``: ``http://127.0.0.1:<port>``; the services live under it at ``.arxiv_url``
  (``{url}/arxiv/api/query``), ``.crossref_url`` (``{url}/crossref``), ``.datacite_url``
  (``{url}/datacite``) and ``.doi_url`` (``{url}/doi``). ``.settings()`` gives them as a dict of
  `Client` keyword arguments.
- ``.client(**overrides)``: a `paperkit.client.Client` pointed at the server with a tiny
  ``arxiv_delay`` (0.01 s), a short timeout (2 s) and fast retries; overrides win.
- ``.requests``: a snapshot list of `Recorded` (``time`` = ``time.monotonic()`` at arrival,
  ``service`` ("arxiv", "crossref", "datacite", "doi"), ``path``, ``params`` (query string, last
  value per name), ``headers``, ``status``, ``fault`` (the injected fault or None), ``fixture``
  (relative path of the file served, or None)). ``.count(service=None)`` counts them;
  ``.times(service)`` gives arrival times; ``.reset()`` forgets requests and pending faults.
- ``.latency``: seconds to wait before answering every request (the benchmarks use 0.1).
- ``.crossref_limits``: Crossref's rate-limit headers to send instead of the polite-pool ones.
- ``.arxiv_format``: ``"new"`` (default, arXiv's 2026 backend) or ``"legacy"`` (before Nov 2025):
  the feed wrapper and, where a legacy entry file exists, the entries are in that format.
- ``.inject(fault, *, service=None, times=1, probability=None, seed=0, **options)``: the next
  ``times`` requests to ``service`` (any service when None) get ``fault`` instead of their answer;
  with ``probability`` (0..1) each matching request gets it at random (``times`` is then ignored
  unless given explicitly as a cap). Several injections may be pending; the first one that matches
  applies. Faults (see `FAULTS`):

  ``"429"``           HTTP 429 with ``Retry-After: <retry_after>`` (default "1"; "0" for fast tests)
  ``"503"``           HTTP 503 with ``Retry-After`` when ``retry_after`` is given
  ``"500"``           HTTP 500
  ``"400"``           HTTP 400 (arXiv: its Atom error feed for the id given as ``id=...``)
  ``"stall"``         wait ``seconds`` (default 5) before answering normally (the client times out)
  ``"reset"``         close the connection with a TCP reset, no answer
  ``"short"``         announce the full Content-Length, send half the body, close
  ``"empty"``         arXiv: a valid feed with zero entries (the live API's sporadic glitch)
  ``"truncated"``     the first half of the real body, with a matching Content-Length
  ``"billion_laughs"``, ``"external_entity"``   XML with entity declarations
  ``"oversized"``     a body of ``size`` bytes (default 20 MB) of valid-looking XML/JSON padding
  ``"malformed_json"`` a 200 JSON answer that is not JSON

Fixture files (names follow the request)
-----------------------------------------
``arxiv/new/<id>.xml`` and ``arxiv/legacy/<id>.xml``
    One Atom ``<entry>`` per paper (its latest version), old-style ids with "/" written "_"
    (``hep-th_9901001.xml``); the format's own directory is tried first, then the other one.
    An ``id_list`` request is answered with a feed holding the entries
    it names, in a shuffled order as the live API does; a versioned id (``1706.03762v5``) gets the
    entry rewritten to that version; unknown ids are left out (``totalResults`` counts the found
    ones); a malformed id gets HTTP 400 and arXiv's error feed.
``arxiv/search/<slug>.ids`` or ``arxiv/search/<slug>.xml``
    A ``search_query`` answer: ``.ids`` lists arXiv ids (one per line, ``#`` comments) assembled
    into a feed from the entry files (honouring ``start``/``max_results``); ``.xml`` is served
    as is. ``<slug>`` is `slug(search_query)`. No file: an empty feed.
``crossref/works/<doi>.json``
    ``GET /crossref/works/{doi}``, the whole ``{"status": "ok", "message-type": "work", ...}``
    answer; ``<doi>`` is `doi_file_name(doi)`. No file: HTTP 404 "Resource not found.".
``crossref/search/<slug>.json``
    ``GET /crossref/works?query.bibliographic=...&rows=N``: a work-list answer, cut to ``rows``
    items. ``<slug>`` is `slug(query.bibliographic)`. No file: an empty work-list.
``datacite/dois/<doi>.json``
    ``GET /datacite/dois/{doi}``. No file: HTTP 404 with DataCite's JSON error.
``doi/<doi>.json``
    ``GET /doi/{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``: CSL-JSON.
    No file: HTTP 404; another Accept: HTTP 406.

Crossref answers carry ``x-rate-limit-limit``/``x-rate-limit-interval``/``x-concurrency-limit``
and ``x-api-pool`` headers like the live service (polite pool when the User-Agent has a mailto).

Every fixture file served is recorded in `SERVED` (all servers of the process); ``conftest.py``
fails a full test run when a file under ``tests/fixtures/http/`` was never served.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

if TYPE_CHECKING:
    from paperkit.client import Client

__all__ = [
    "FAULTS",
    "HTTP_FIXTURES",
    "SERVED",
    "Recorded",
    "ReplayServer",
    "doi_file_name",
    "iter_fixture_files",
    "slug",
    "write_synthetic",
]

HTTP_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "http"
"""Where the replay server's files live."""

FAULTS = frozenset(
    {
        "429",
        "503",
        "500",
        "400",
        "stall",
        "reset",
        "short",
        "empty",
        "truncated",
        "billion_laughs",
        "external_entity",
        "oversized",
        "malformed_json",
    }
)
"""The faults `ReplayServer.inject` knows."""

SERVED: set[Path] = set()
"""Every fixture file any replay server has served in this process."""
_SERVED_LOCK = threading.Lock()

_ATOM_NEW_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/{feed_id}</id>\n"
    "  <title>arXiv Query: {title}</title>\n"
    "  <updated>{now}</updated>\n"
    '  <link href="https://arxiv.org/api/query?{link}" type="application/atom+xml"/>\n'
    "  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
)
_ATOM_LEGACY_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom">\n'
    '  <link href="http://arxiv.org/api/query?{link_quoted}" rel="self" '
    'type="application/atom+xml"/>\n'
    '  <title type="html">ArXiv Query: {title}</title>\n'
    "  <id>http://arxiv.org/api/{feed_id}</id>\n"
    "  <updated>{now}</updated>\n"
    '  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    "{total}</opensearch:totalResults>\n"
    '  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    "{start}</opensearch:startIndex>\n"
    '  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    "{per_page}</opensearch:itemsPerPage>\n"
)
_ARXIV_ERROR = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/</id>\n"
    "  <title>arXiv Search Results</title>\n"
    "  <updated>{now}</updated>\n"
    "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>1</opensearch:totalResults>\n"
    "  <opensearch:startIndex>0</opensearch:startIndex>\n"
    "  <entry>\n"
    "    <id>https://arxiv.org/api/errors#{slug}</id>\n"
    "    <title>Error</title>\n"
    "    <updated>{now}</updated>\n"
    '    <link href="https://arxiv.org/api/errors#{slug}" rel="alternate" type="text/html"/>\n'
    "    <summary>{message}</summary>\n"
    "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
    "  </entry>\n"
    "</feed>\n"
)
_BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    ' <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n'
    ' <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">\n'
    ' <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">\n'
    ' <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">\n'
    ' <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">\n'
    ' <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">\n'
    ']>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol9;</title></entry></feed>\n'
)
_EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE feed [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1706.03762v1</id>'
    "<title>&xxe;</title></entry></feed>\n"
)
_ARXIV_NS = "http://arxiv.org/schemas/atom"
_NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(?:v(\d+))?$")
_OLD_ID = re.compile(r"^([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?$")
_ENTRY_VERSION = re.compile(r"(arxiv\.org/(?:abs|pdf)/[^\s<\"]+?)v(\d+)")


def slug(text: str) -> str:
    """The file-name form of a query: runs of anything but letters, digits and "." become "_"."""
    return re.sub(r"[^A-Za-z0-9.]+", "_", text).strip("_").lower()[:150] or "_"


def doi_file_name(doi: str) -> str:
    """The file-name form of a DOI: lower case, "/" written "_", other unsafe bytes %-quoted."""
    return quote(doi.strip().lower().replace("/", "_"), safe="._-()")


@dataclass
class Recorded:
    """One request the server received; recorded on arrival, completed when answered."""

    time: float
    """``time.monotonic()`` when the request arrived."""
    method: str
    service: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    status: int = 0
    """HTTP status sent (0 while answering, or when the connection was reset)."""
    fault: str | None = None
    fixture: str | None = None
    end: float = 0.0
    """``time.monotonic()`` when the answer started to be sent (or the connection dropped)."""


@dataclass
class _Injection:
    fault: str
    service: str | None
    remaining: int | None
    probability: float | None
    rng: random.Random
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    fixture: Path | None = None


class ReplayServer:
    """Serves fixture files like the real services, records requests, injects faults."""

    def __init__(self, root: Path = HTTP_FIXTURES, *, latency: float = 0.0) -> None:
        self.root = root
        self.latency = latency
        self.arxiv_format = "new"
        self.crossref_limits: dict[str, str] | None = None
        """Crossref's rate-limit headers to send, when a test sets them."""
        self._log: list[Recorded] = []
        self._injections: list[_Injection] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._shuffle = random.Random(1706)

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> ReplayServer:
        """Start serving on 127.0.0.1 at a random free port."""
        handler = _make_handler(self)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, args=(0.05,), name="replay", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; stalled answers are abandoned."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # addresses -----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL of the server."""
        assert self._httpd is not None, "the server is not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def arxiv_url(self) -> str:
        """The arXiv API query endpoint."""
        return f"{self.url}/arxiv/api/query"

    @property
    def crossref_url(self) -> str:
        """The Crossref REST API base."""
        return f"{self.url}/crossref"

    @property
    def datacite_url(self) -> str:
        """The DataCite REST API base."""
        return f"{self.url}/datacite"

    @property
    def doi_url(self) -> str:
        """The doi.org resolver base."""
        return f"{self.url}/doi"

    def settings(self) -> dict[str, Any]:
        """The four service URLs as `Client` keyword arguments."""
        return {
            "arxiv_url": self.arxiv_url,
            "crossref_url": self.crossref_url,
            "datacite_url": self.datacite_url,
            "doi_url": self.doi_url,
        }

    def client(self, **overrides: Any) -> Client:
        """A paperkit `Client` pointed at this server, with a tiny arXiv delay and fast retries."""
        from paperkit.client import Client

        options: dict[str, Any] = {
            **self.settings(),
            "arxiv_delay": 0.01,
            "timeout": 2.0,
            "backoff": 0.01,
            "mailto": "tests@example.org",
        }
        options.update(overrides)
        return Client(**options)

    # the log -------------------------------------------------------------------------------
    @property
    def requests(self) -> list[Recorded]:
        """Every request received so far, in arrival order."""
        with self._lock:
            return list(self._log)

    def count(self, service: str | None = None) -> int:
        """How many requests arrived (for one service, or in all)."""
        return sum(1 for r in self.requests if service is None or r.service == service)

    def times(self, service: str) -> list[float]:
        """Arrival times (``time.monotonic()``) of the requests to one service."""
        return [r.time for r in self.requests if r.service == service]

    def reset(self) -> None:
        """Forget the requests received and the faults still pending."""
        with self._lock:
            self._log.clear()
            self._injections.clear()

    def inject(
        self,
        fault: str,
        *,
        service: str | None = None,
        times: int | None = None,
        probability: float | None = None,
        seed: int = 0,
        **options: Any,
    ) -> None:
        """Answer matching requests with `fault` (see the module docstring)."""
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {sorted(FAULTS)}")
        remaining = times if times is not None else (None if probability is not None else 1)
        with self._lock:
            self._injections.append(
                _Injection(fault, service, remaining, probability, random.Random(seed), options)
            )

    def _take_fault(self, service: str) -> _Injection | None:
        with self._lock:
            for injection in self._injections:
                if injection.service not in (None, service):
                    continue
                if injection.remaining is not None and injection.remaining <= 0:
                    continue
                if injection.probability is not None and (
                    injection.rng.random() >= injection.probability
                ):
                    continue
                if injection.remaining is not None:
                    injection.remaining -= 1
                return injection
        return None

    def _record(self, entry: Recorded) -> None:
        with self._lock:
            self._log.append(entry)

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    # answers -------------------------------------------------------------------------------
    def answer(self, service: str, path: str, params: dict[str, str], accept: str) -> _Answer:
        """The normal answer to a request (before faults)."""
        if service == "arxiv":
            return self._arxiv(params)
        if service == "crossref":
            return self._crossref(path, params)
        if service == "datacite":
            return self._datacite(path)
        if service == "doi":
            return self._doi(path, accept)
        return _Answer(404, b"no such service", "text/plain")

    def _read(self, path: Path) -> bytes:
        with _SERVED_LOCK:
            SERVED.add(path)
        return path.read_bytes()

    def _entry(self, arxiv_id: str) -> tuple[str, Path] | None:
        match = _NEW_ID.match(arxiv_id) or _OLD_ID.match(arxiv_id)
        if match is None:
            return None
        base, version = match.group(1), match.group(2)
        name = base.replace("/", "_") + ".xml"
        candidates = [self.root / "arxiv" / "new" / name, self.root / "arxiv" / "legacy" / name]
        if self.arxiv_format == "legacy":
            candidates.reverse()
        for candidate in candidates:
            if candidate.is_file():
                text = self._read(candidate).decode("utf-8")
                if version is not None:
                    found = _ENTRY_VERSION.findall(text)
                    latest = max((int(v) for _, v in found), default=1)
                    if int(version) > latest:
                        return None
                    text = _ENTRY_VERSION.sub(lambda m: f"{m.group(1)}v{version}", text)
                return text, candidate
        return None

    def _feed(self, entries: list[str], params: dict[str, str], total: int) -> bytes:
        now = dt.datetime.now(dt.UTC)
        query = "&".join(
            f"{k}={params.get(k, '')}"
            for k in ("search_query", "id_list", "start", "max_results")
            if k in params or k == "search_query"
        )
        values = {
            "feed_id": f"replay{abs(hash(query)) % 10**12}",
            "title": _xml_escape(query),
            "link": _xml_escape(query),
            "link_quoted": quote(query, safe=""),
            "per_page": params.get("max_results", "10"),
            "total": str(total),
            "start": params.get("start", "0"),
        }
        if self.arxiv_format == "legacy":
            head = _ATOM_LEGACY_HEAD.format(now=now.strftime("%Y-%m-%dT00:00:00-05:00"), **values)
        else:
            head = _ATOM_NEW_HEAD.format(now=now.strftime("%Y-%m-%dT%H:%M:%SZ"), **values)
        if self.arxiv_format == "legacy":
            # legacy feeds declare the arxiv prefix per element, not on <feed>
            entries = [
                e.replace("<entry>", f'<entry xmlns:arxiv="{_ARXIV_NS}">', 1)
                if "xmlns:arxiv" not in e
                else e
                for e in entries
            ]
        body = head + "".join(entries) + "</feed>\n"
        return body.encode("utf-8")

    def _arxiv(self, params: dict[str, str]) -> _Answer:
        start = _int(params.get("start"), 0)
        max_results = _int(params.get("max_results"), 10)
        if start is None or max_results is None or start < 0 or max_results < 0:
            return self._arxiv_error("start_or_max_results_not_a_number", "bad start/max_results")
        ids = [i for i in params.get("id_list", "").split(",") if i]
        if ids:
            for arxiv_id in ids:
                if not (_NEW_ID.match(arxiv_id) or _OLD_ID.match(arxiv_id)):
                    return self._arxiv_error(
                        f"incorrect_id_format_for_{arxiv_id}", f"incorrect id format for {arxiv_id}"
                    )
            found = [e for e in (self._entry(i) for i in ids) if e is not None]
            texts = [text for text, _ in found]
            self._shuffle.shuffle(texts)  # the live API answers in any order
            page = texts[start : start + max_results]
            served = found[0][1] if len(found) == 1 else None
            return _Answer(200, self._feed(page, params, len(texts)), _ATOM, fixture=served)
        query = params.get("search_query", "")
        base = self.root / "arxiv" / "search" / slug(query)
        xml_file, ids_file = base.with_suffix(".xml"), base.with_suffix(".ids")
        if xml_file.is_file():
            return _Answer(200, self._read(xml_file), _ATOM, fixture=xml_file)
        listed: list[str] = []
        if ids_file.is_file():
            lines = self._read(ids_file).decode("utf-8").splitlines()
            listed = [s.split("#")[0].strip() for s in lines if s.split("#")[0].strip()]
        found_texts = [e[0] for e in (self._entry(i) for i in listed) if e is not None]
        page = found_texts[start : start + max_results]
        return _Answer(
            200,
            self._feed(page, params, len(found_texts)),
            _ATOM,
            fixture=ids_file if ids_file.is_file() else None,
        )

    def _arxiv_error(self, slug_text: str, message: str) -> _Answer:
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = _ARXIV_ERROR.format(now=now, slug=_xml_escape(slug_text), message=message)
        return _Answer(400, body.encode("utf-8"), _ATOM)

    def _crossref(self, path: str, params: dict[str, str]) -> _Answer:
        if path.rstrip("/") == "/works":
            query = params.get("query.bibliographic") or params.get("query", "")
            rows = _int(params.get("rows"), 20) or 0
            file = self.root / "crossref" / "search" / (slug(query) + ".json")
            if file.is_file():
                data = json.loads(self._read(file))
                data["message"]["items"] = data["message"].get("items", [])[:rows]
                served: Path | None = file
            else:
                served = None
                data = {
                    "status": "ok",
                    "message-type": "work-list",
                    "message-version": "1.0.0",
                    "message": {
                        "facets": {},
                        "total-results": 0,
                        "items": [],
                        "items-per-page": rows,
                        "query": {"start-index": 0, "search-terms": query},
                    },
                }
            return _Answer(200, json.dumps(data).encode(), _JSON, fixture=served)
        prefix = "/works/"
        if not path.startswith(prefix):
            return _Answer(404, b"Resource not found.", "text/plain")
        doi = unquote(path[len(prefix) :])
        file = self.root / "crossref" / "works" / (doi_file_name(doi) + ".json")
        if file.is_file():
            return _Answer(200, self._read(file), _JSON, fixture=file)
        return _Answer(404, b"Resource not found.", "text/plain")

    def _datacite(self, path: str) -> _Answer:
        prefix = "/dois/"
        doi = unquote(path[len(prefix) :]) if path.startswith(prefix) else ""
        file = self.root / "datacite" / "dois" / (doi_file_name(doi) + ".json")
        if doi and file.is_file():
            return _Answer(200, self._read(file), "application/vnd.api+json", fixture=file)
        error = {"status": "404", "title": "The resource you are looking for doesn't exist."}
        body = json.dumps({"errors": [error]}).encode()
        return _Answer(404, body, "application/vnd.api+json")

    def _doi(self, path: str, accept: str) -> _Answer:
        doi = unquote(path.lstrip("/"))
        file = self.root / "doi" / (doi_file_name(doi) + ".json")
        if not file.is_file():
            return _Answer(404, b"<html><body>DOI Not Found</body></html>", "text/html")
        if "application/vnd.citationstyles.csl+json" not in accept:
            return _Answer(406, b"Not Acceptable", "text/plain")
        return _Answer(
            200, self._read(file), "application/vnd.citationstyles.csl+json", fixture=file
        )

    def crossref_headers(self, user_agent: str) -> dict[str, str]:
        """Crossref's rate-limit headers: the polite pool when the User-Agent has a mailto."""
        if self.crossref_limits is not None:
            return dict(self.crossref_limits)
        if "mailto:" in user_agent:
            return {
                "x-rate-limit-limit": "10",
                "x-rate-limit-interval": "1s",
                "x-concurrency-limit": "3",
                "x-api-pool": "polite",
            }
        return {
            "x-rate-limit-limit": "5",
            "x-rate-limit-interval": "1s",
            "x-concurrency-limit": "1",
            "x-api-pool": "public",
        }


_ATOM = "application/atom+xml; charset=utf-8"
_JSON = "application/json"


def _int(text: str | None, default: int) -> int | None:
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        return None


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _make_handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        record: Recorded

        def log_message(self, format: str, *args: Any) -> None:
            return  # keep test output clean

        def do_GET(self) -> None:
            arrived = time.monotonic()
            parts = urlsplit(self.path)
            segments = parts.path.split("/", 2)
            service = segments[1] if len(segments) > 1 else ""
            rest = "/" + segments[2] if len(segments) > 2 else "/"
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            record = Recorded(arrived, "GET", service, rest, params, headers)
            server._record(record)
            if server.latency:
                server._sleep(server.latency)
            injection = server._take_fault(service)
            record.fault = injection.fault if injection else None
            answer = server.answer(service, rest, params, headers.get("accept", ""))
            if service == "crossref":
                answer.headers.update(server.crossref_headers(headers.get("user-agent", "")))
            if answer.fixture is not None and injection is None:
                record.fixture = str(answer.fixture.relative_to(server.root))
            self.record = record
            self._deliver(answer, injection, service)
            if not record.end:
                record.end = time.monotonic()

        def _deliver(self, answer: _Answer, injection: _Injection | None, service: str) -> int:
            if injection is None:
                return self._send(answer.status, answer.body, answer.content_type, answer.headers)
            fault, options = injection.fault, injection.options
            if fault in ("429", "503"):
                extra = {}
                if fault == "429" or "retry_after" in options:
                    extra["Retry-After"] = str(options.get("retry_after", "1"))
                return self._send(int(fault), b"slow down", "text/plain", extra)
            if fault == "500":
                return self._send(500, b"Internal Server Error", "text/plain", {})
            if fault == "400":
                if service == "arxiv":
                    named = str(options.get("id", "x"))
                    bad = server._arxiv_error(
                        f"incorrect_id_format_for_{named}", f"incorrect id format for {named}"
                    )
                    return self._send(400, bad.body, _ATOM, {})
                return self._send(400, b'{"status":"failed"}', _JSON, {})
            if fault == "stall":
                server._sleep(float(options.get("seconds", 5.0)))
                return self._send(answer.status, answer.body, answer.content_type, answer.headers)
            if fault == "reset":
                self._reset()
                return 0
            if fault == "short":
                self._send_head(answer.status, len(answer.body), answer.content_type, {})
                self.wfile.write(answer.body[: len(answer.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self._reset()
                return answer.status
            if fault == "empty":
                empty = server._feed([], {"start": "0", "max_results": "100"}, 0)
                return self._send(200, empty, _ATOM, {})
            if fault == "truncated":
                body = answer.body[: max(1, len(answer.body) // 2)]
                return self._send(answer.status, body, answer.content_type, answer.headers)
            if fault == "billion_laughs":
                return self._send(200, _BILLION_LAUGHS.encode(), _ATOM, {})
            if fault == "external_entity":
                return self._send(200, _EXTERNAL_ENTITY.encode(), _ATOM, {})
            if fault == "oversized":
                return self._oversized(int(options.get("size", 20 * 1024 * 1024)), service)
            if fault == "malformed_json":
                return self._send(
                    200, b'{"status": "ok", "message": {"DOI": ', _JSON, answer.headers
                )
            raise AssertionError(fault)

        def _oversized(self, size: int, service: str) -> int:
            json_like = service != "arxiv"
            content_type = _JSON if json_like else _ATOM
            self._send_head(200, size, content_type, {})
            chunk = (b" " if json_like else b"<!-- padding -->") * 4096
            sent = 0
            try:
                while sent < size:
                    piece = chunk[: size - sent]
                    self.wfile.write(piece)
                    sent += len(piece)
            except OSError:
                pass  # the client stopped reading, as it should
            self.close_connection = True
            return 200

        def _send_head(
            self, status: int, length: int, content_type: str, headers: dict[str, str]
        ) -> None:
            # recorded before the first byte leaves, so a client never sees an unrecorded answer
            self.record.status = status
            self.record.end = time.monotonic()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(length))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str]
        ) -> int:
            try:
                self._send_head(status, len(body), content_type, headers)
                self.wfile.write(body)
                self.wfile.flush()
            except OSError:
                self.close_connection = True  # the client gave up (e.g. it timed out)
            return status

        def _reset(self) -> None:
            self.record.end = time.monotonic()
            # SO_LINGER with a zero timeout makes close() send a TCP RST
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

    return Handler


def iter_fixture_files(root: Path = HTTP_FIXTURES) -> Iterator[Path]:
    """Every fixture file the replay server can serve."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix != ".md":
            yield path


_SYNTHETIC_ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{id}v1</id>
    <title>Synthetic paper number {n} for paperkit's tests</title>
    <updated>2025-01-{day:02d}T12:00:00Z</updated>
    <link href="https://arxiv.org/abs/{id}v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{id}v1" rel="related" type="application/pdf" title="pdf"/>
    <summary>A paper that exists only in paperkit's replay fixtures, number {n}.</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>2025-01-{day:02d}T12:00:00Z</published>
    <arxiv:primary_category term="cs.LG"/>
    <author>
      <name>Ada Example</name>
    </author>
  </entry>
"""


def write_synthetic(root: Path, *, arxiv: int = 0, dois: int = 0) -> tuple[list[str], list[str]]:
    """Write `arxiv` synthetic arXiv entries and `dois` Crossref works under `root` (a temporary
    folder, never ``tests/fixtures``); returns their ids and DOIs, for batch tests and benchmarks.

    The ids are ``2501.1NNNN``; the DOIs use Crossref's test prefix ``10.5555``.
    """
    entries = root / "arxiv" / "new"
    works = root / "crossref" / "works"
    entries.mkdir(parents=True, exist_ok=True)
    works.mkdir(parents=True, exist_ok=True)
    ids = [f"2501.{10000 + n}" for n in range(arxiv)]
    for n, arxiv_id in enumerate(ids):
        text = _SYNTHETIC_ENTRY.format(id=arxiv_id, n=n, day=1 + n % 28)
        (entries / f"{arxiv_id}.xml").write_text(text, encoding="utf-8")
    doi_list = [f"10.5555/paperkit.{n}" for n in range(dois)]
    for n, doi in enumerate(doi_list):
        work = {
            "status": "ok",
            "message-type": "work",
            "message-version": "1.0.0",
            "message": {
                "DOI": doi,
                "type": "journal-article",
                "title": [f"Synthetic article number {n}"],
                "author": [{"given": "Ada", "family": "Example", "sequence": "first"}],
                "container-title": ["Journal of Replayed Results"],
                "publisher": "paperkit tests",
                "volume": "1",
                "page": f"{n + 1}-{n + 2}",
                "issued": {"date-parts": [[2024, 1 + n % 12, 1]]},
            },
        }
        (works / (doi_file_name(doi) + ".json")).write_text(json.dumps(work), encoding="utf-8")
    return ids, doi_list
