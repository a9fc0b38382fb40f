"""The one HTTP layer: every request paperkit makes goes through `Http.get`.

It is the only module that talks to ``requests``, and it holds all of the policy the services ask
for, so the source modules only map answers to models:

- a User-Agent naming paperkit and the user's contact (Crossref's polite pool);
- a timeout on every request, and a cap on the size of every answer;
- pacing per service and host, for the whole process (all threads, all `Client` objects): arXiv
  gets one request at a time and ``arxiv_delay`` seconds between the end of one and the start of
  the next; Crossref at most 3 at once and
  10 per second, adjusted to its ``x-rate-limit-*`` / ``x-concurrency-limit`` headers; every
  service is slowed down after a 429 and recovers its configured pace over a run of answers;
- retries with exponential backoff that honour ``Retry-After``, on 429, 5xx, connection errors,
  timeouts and truncated answers; never on 400 or 404;
- a host that refuses connections or has no DNS name, and has never answered, is marked
  unreachable for a while, so the requests queued behind it fail at once instead of each
  waiting out its retries;
- the persistent cache (`paperkit._cache`), and offline mode that answers from it only;
- XML with a DOCTYPE or entity declarations refused before any parser sees it;
- every foreign exception turned into `FetchError`, `NotFoundError` or `OfflineError`.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import defusedxml
import defusedxml.ElementTree
import requests

from paperkit._cache import CacheInfo, ResponseCache, cache_key
from paperkit.config import Settings
from paperkit.errors import CacheWarning, FetchError, NotFoundError, OfflineError

__all__ = [
    "PROJECT_URL",
    "CacheInfo",
    "CacheWarning",
    "Doubtful",
    "Http",
    "Malformed",
    "check_xml",
    "parse_json",
    "user_agent",
]

PROJECT_URL = "https://github.com/paperkit/paperkit"
MAX_BYTES = 10 * 1024 * 1024
"""Largest answer paperkit reads (the biggest real one, 2000 arXiv entries, is about 5 MB)."""
MAX_WAIT = 120.0
"""Longest ``Retry-After`` paperkit honours; a service asking for more gets a `FetchError`."""
CACHE_LIFETIME = 30 * 24 * 3600.0
"""Seconds an answer stays fresh in the cache (offline mode also uses stale answers)."""
NOT_FOUND_LIFETIME = 24 * 3600.0
"""Seconds a 404 stays fresh: papers do get registered later."""
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024
_RECOVERY = 0.5 ** (1 / 5)
"""Each answer after a 429 shrinks the slowdown by this factor: halved over five answers."""
_MAX_PENALTY = 32.0
UNREACHABLE_FOR = 60.0
"""Seconds a host that refused connections (and never answered) is not asked again."""
SERVICE_NAMES = {"arxiv": "arXiv", "crossref": "Crossref", "datacite": "DataCite"}
"""How messages name the services (``source`` values are lower case)."""


class Malformed(Exception):
    """An answer that cannot be read, probably cut short in transit: retried, then a FetchError."""


class Doubtful(Exception):
    """An answer that is readable but suspicious (arXiv's sporadic empty feed): retried a few
    times, then returned as it is (uncached) for the caller to judge."""


def user_agent(mailto: str | None) -> str:
    """``paperkit/<version> (<project url>; mailto:<address>)``, Crossref's polite-pool form."""
    from paperkit import __version__

    contact = f"; mailto:{mailto}" if mailto else ""
    return f"paperkit/{__version__} ({PROJECT_URL}{contact})"


# --- pacing ------------------------------------------------------------------------------------
class _Limiter:
    """At most `concurrency` requests at once, their starts at least `interval` seconds apart.

    After a 429 every gap is multiplied by `penalty` (doubled per 429, at most 32); each answer
    that is not a 429 or 5xx shrinks it back towards 1, so a single 429 slows the service down
    for a while, not for the rest of the process. The gap is never below `interval`.
    """

    def __init__(self, concurrency: int, interval: float) -> None:
        self.concurrency = concurrency
        self.interval = interval
        self.penalty = 1.0
        self._base = interval
        self._active = 0
        self._next_start = 0.0
        self._condition = threading.Condition()

    @contextmanager
    def slot(self, interval: float | None = None, *, after_end: bool = False) -> Iterator[None]:
        """Wait for a free slot and the pacing gap, then run the request.

        With `after_end` the gap is counted from the end of the previous request rather than its
        start: the service then sees at least `interval` between two requests even when one of
        them was slow to arrive (arXiv measures its rule at its end).
        """
        with self._condition:
            while self._active >= self.concurrency:
                self._condition.wait()
            self._active += 1
            self._base = self.interval if interval is None else interval
            gap = self._base * self.penalty
            start = max(time.monotonic(), self._next_start)
            self._next_start = start + gap
        try:
            wait = start - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            yield
        finally:
            with self._condition:
                if after_end:
                    self._next_start = max(self._next_start, time.monotonic() + gap)
                self._active -= 1
                self._condition.notify()

    def adjust(self, headers: Mapping[str, str]) -> None:
        """Follow Crossref's ``x-rate-limit-limit``/``-interval`` and ``x-concurrency-limit``."""
        limit = _number(headers.get("x-rate-limit-limit"))
        window = _seconds(headers.get("x-rate-limit-interval"))
        concurrency = _number(headers.get("x-concurrency-limit"))
        with self._condition:
            if limit and window:
                if window / limit > self.interval:  # the next start was planned at the old pace
                    self._next_start += (window / limit - self.interval) * self.penalty
                self.interval = window / limit
            if concurrency:
                self.concurrency = max(1, int(concurrency))
                self._condition.notify_all()

    def slow_down(self) -> None:
        """Halve the request rate after the service said "too many requests", from now on:
        the next request (often the retry) waits the longer gap after this answer."""
        with self._condition:
            self.penalty = min(self.penalty * 2, _MAX_PENALTY)
            self._next_start = max(self._next_start, time.monotonic() + self._base * self.penalty)

    def recover(self) -> None:
        """The service answered normally: shrink the slowdown of earlier 429s."""
        with self._condition:
            self.penalty = max(1.0, self.penalty * _RECOVERY)


_DEFAULT_LIMITS: dict[str, tuple[int, float]] = {
    "arxiv": (1, 3.0),
    "crossref": (3, 0.1),
    "datacite": (2, 0.3),  # 1,000 requests per 5 minutes for identified clients
    "doi.org": (2, 0.2),
}
_LIMITERS: dict[tuple[str, str], _Limiter] = {}
_LIMITERS_LOCK = threading.Lock()


def _limiter(source: str, url: str) -> _Limiter:
    key = (source, urlsplit(url).netloc.lower())
    with _LIMITERS_LOCK:
        if key not in _LIMITERS:
            _LIMITERS[key] = _Limiter(*_DEFAULT_LIMITS.get(source, (2, 0.2)))
        return _LIMITERS[key]


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value and value > 0 else None


def _seconds(text: str | None) -> float | None:
    """``"1s"``, ``"60s"``, ``"1m"`` -> seconds."""
    if not text:
        return None
    text = text.strip().lower()
    scale = {"s": 1.0, "m": 60.0, "h": 3600.0}.get(text[-1:])
    if scale is None:
        return _number(text)
    value = _number(text[:-1])
    return value * scale if value is not None else None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# --- answers -----------------------------------------------------------------------------------
def check_xml(body: bytes, *, source: str, identifier: str) -> None:
    """Refuse XML with a DOCTYPE or entity declarations; `Malformed` when it is not well formed.

    Raises:
        FetchError: the document declares a DOCTYPE or entities (billion laughs, external
            entities); it is never expanded.
        Malformed: the document is cut short or otherwise not XML.
    """
    try:
        defusedxml.ElementTree.fromstring(body, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise FetchError(
            f"{source} answered XML with a DOCTYPE or entity declarations for {identifier}; "
            f"refused it ({type(exc).__name__})",
            source=source,
            identifier=identifier,
        ) from exc
    except (SyntaxError, ValueError) as exc:  # ParseError is a SyntaxError
        raise Malformed(f"{source} answered XML that is not well formed: {exc}") from exc


def parse_json(body: bytes, *, source: str) -> Any:
    """The JSON document in `body`; `Malformed` when it is not JSON."""
    try:
        return json.loads(body)
    # RecursionError: json recurses per nesting level, so "[[[[..." deeper than the stack breaks it
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise Malformed(f"{source} answered something that is not JSON: {exc}") from exc


Check = Callable[[requests.Response], None]
"""Validates a 200 answer: raises `Malformed`, `Doubtful` or `FetchError`."""


@dataclass
class _Attempt:
    response: requests.Response | None = None
    error: Exception | None = None
    wait: float | None = None


class Http:
    """Paced, retried, cached GET requests for one `Client`.

    Args:
        settings: URLs, contact, cache folder, offline mode, arXiv delay and timeout.
        session: the transport; tests mount adapters on it. A new `requests.Session` when None.
        retries: how many times a failed request is tried again.
        backoff: seconds before the first retry; doubled for each further one.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        session: requests.Session | None = None,
        retries: int = 4,
        backoff: float = 1.0,
    ) -> None:
        self.settings = settings
        self.session = session if session is not None else requests.Session()
        self.retries = retries
        self.backoff = backoff
        self.doubt_retries = min(retries, 3)
        self.user_agent = user_agent(settings.mailto)
        self.cache = ResponseCache(settings.cache_dir / "http-cache.sqlite")
        self.requests_made = 0
        self.retries_made = 0
        self._count_lock = threading.Lock()
        self._answered: set[str] = set()
        self._unreachable: dict[str, tuple[float, str]] = {}

    def unreachable(self, url: str) -> str | None:
        """Why the host of `url` is taken to be unreachable now (e.g. "connection refused"), or
        None: it refused connections or has no DNS name on every try of a request, and has not
        answered this client before. It is asked again after `UNREACHABLE_FOR` seconds."""
        host = urlsplit(url).netloc.lower()
        with self._count_lock:
            marked = self._unreachable.get(host)
            if marked is None:
                return None
            if time.monotonic() - marked[0] > UNREACHABLE_FOR:
                del self._unreachable[host]
                return None
            return marked[1]

    def _note_answer(self, host: str) -> None:
        with self._count_lock:
            self._answered.add(host)
            self._unreachable.pop(host, None)

    def _note_unreachable(self, host: str, reason: str) -> None:
        with self._count_lock:
            if host not in self._answered:
                self._unreachable[host] = (time.monotonic(), reason)

    def get(
        self,
        url: str,
        *,
        source: str,
        identifier: str,
        params: Mapping[str, str] | None = None,
        accept: str | None = None,
        check: Check | None = None,
        passthrough: frozenset[int] = frozenset(),
    ) -> requests.Response:
        """GET `url` under the service's rules; a 200 answer (or one whose status is in
        `passthrough`), from the cache when it has one.

        Raises:
            NotFoundError: the service answered 404 or 410.
            OfflineError: offline mode, and the answer is not in the cache.
            FetchError: every other failure, after the retries the failure deserves.
        """
        headers = {"User-Agent": self.user_agent, "Accept": accept or "*/*"}
        prepared = self.session.prepare_request(
            requests.Request("GET", url, params=dict(params or {}), headers=headers)
        )
        key = cache_key(prepared)
        cached = self.cache.get(key, allow_expired=self.settings.offline)
        if cached is not None:
            return self._answer_from_cache(cached, source=source, identifier=identifier)
        if self.settings.offline:
            raise OfflineError(
                f"offline mode: no cached answer from {source} for {identifier}",
                source=source,
                identifier=identifier,
            )
        return self._fetch(prepared, key, source, identifier, check, passthrough)

    def _answer_from_cache(
        self, response: requests.Response, *, source: str, identifier: str
    ) -> requests.Response:
        if response.status_code in (404, 410):
            raise NotFoundError(
                f"{source} has no record of {identifier} (cached answer)",
                source=source,
                identifier=identifier,
                status=response.status_code,
            )
        return response

    def _fetch(
        self,
        prepared: requests.PreparedRequest,
        key: str,
        source: str,
        identifier: str,
        check: Check | None,
        passthrough: frozenset[int],
    ) -> requests.Response:
        url = prepared.url or ""
        host = urlsplit(url).netloc.lower()
        limiter = _limiter(source, url)
        interval = self.settings.arxiv_delay if source == "arxiv" else None
        name = SERVICE_NAMES.get(source, source)
        doubts = 0
        tries = 0
        refusals = 0
        last: Exception | None = None
        doubtful: requests.Response | None = None
        for attempt in range(self.retries + 1):
            down = self.unreachable(url)
            if down is not None:
                raise FetchError(
                    f"{name} request for {identifier} not sent: {host} is unreachable ({down})",
                    source=source,
                    identifier=identifier,
                )
            if attempt:
                with self._count_lock:
                    self.retries_made += 1
            tries += 1
            with limiter.slot(interval, after_end=source == "arxiv"):
                outcome = self._once(prepared, source, identifier)
            response = outcome.response
            if response is not None:
                self._note_answer(host)
                if source == "crossref":
                    limiter.adjust(response.headers)
                status = response.status_code
                if status not in _RETRY_STATUSES:
                    limiter.recover()
                if status == 200:
                    try:
                        if check is not None:
                            check(response)
                    except Malformed as exc:
                        last = exc
                        self._sleep(attempt, None)
                        continue
                    except Doubtful as exc:
                        doubtful, last = response, exc
                        doubts += 1
                        if doubts > self.doubt_retries:
                            return response
                        self._sleep(attempt, None)
                        continue
                    self.cache.put(key, response, lifetime=CACHE_LIFETIME)
                    return response
                if status in passthrough:
                    return response
                if status in (404, 410):
                    self.cache.put(key, response, lifetime=NOT_FOUND_LIFETIME)
                    raise NotFoundError(
                        f"{source} has no record of {identifier} (HTTP {status})",
                        source=source,
                        identifier=identifier,
                        status=status,
                    )
                if status not in _RETRY_STATUSES:
                    raise FetchError(
                        f"{source} refused the request for {identifier}: HTTP {status} "
                        f"{_snippet(response)}",
                        source=source,
                        identifier=identifier,
                        status=status,
                    )
                if status == 429:
                    limiter.slow_down()
                wait = _retry_after(response)
                if wait is not None and wait > MAX_WAIT:
                    raise FetchError(
                        f"{source} asked paperkit to wait {wait:.0f} s before asking again "
                        f"for {identifier}; giving up",
                        source=source,
                        identifier=identifier,
                        status=status,
                    )
                last = FetchError(
                    f"HTTP {status}", source=source, identifier=identifier, status=status
                )
                if attempt < self.retries:
                    self._sleep(attempt, wait)
                continue
            last = outcome.error
            if isinstance(last, FetchError):
                raise last
            refusals += last is not None and _refusal(last) is not None
            if attempt < self.retries:
                self._sleep(attempt, None)
        if doubtful is not None and isinstance(last, Doubtful):
            return doubtful
        reason = _describe(last)
        if refusals == tries:  # never got through: not a glitch, the host is not there
            self._note_unreachable(host, reason)
        raise FetchError(
            f"{name} request for {identifier} failed: {reason} after {tries} tries",
            source=source,
            identifier=identifier,
            status=last.status if isinstance(last, FetchError) else None,
        ) from last

    def _once(self, prepared: requests.PreparedRequest, source: str, identifier: str) -> _Attempt:
        """One request, its body read within the size cap; transport errors are returned."""
        with self._count_lock:
            self.requests_made += 1
        timeout = self.settings.timeout
        try:
            response = self.session.send(prepared, timeout=(timeout, timeout), stream=True)
        except (requests.Timeout, requests.ConnectionError) as exc:
            return _Attempt(error=exc)
        except requests.RequestException as exc:
            return _Attempt(
                error=FetchError(
                    f"cannot request {prepared.url} from {source}: {exc}",
                    source=source,
                    identifier=identifier,
                )
            )
        try:
            response._content = self._read_capped(response, source, identifier, timeout)
        except FetchError as exc:
            return _Attempt(error=exc)
        except (requests.RequestException, OSError) as exc:
            return _Attempt(error=exc)
        finally:
            response.close()
        return _Attempt(response=response)

    def _read_capped(
        self, response: requests.Response, source: str, identifier: str, timeout: float
    ) -> bytes:
        declared = _number(response.headers.get("Content-Length"))
        if declared is not None and declared > MAX_BYTES:
            raise self._too_big(source, identifier, response.status_code)
        deadline = time.monotonic() + max(timeout * 4, 10.0)
        body = bytearray()
        for chunk in response.iter_content(_CHUNK):
            body += chunk
            if len(body) > MAX_BYTES:
                raise self._too_big(source, identifier, response.status_code)
            if time.monotonic() > deadline:
                raise requests.Timeout(f"{source} took too long to send its answer")
        return bytes(body)

    @staticmethod
    def _too_big(source: str, identifier: str, status: int) -> FetchError:
        return FetchError(
            f"{source} sent an answer larger than {MAX_BYTES // (1024 * 1024)} MB for "
            f"{identifier}; refused it",
            source=source,
            identifier=identifier,
            status=status,
        )

    def _sleep(self, attempt: int, retry_after: float | None) -> None:
        delay = self.backoff * (2**attempt) * (1 + random.random() / 4)
        if retry_after is not None:
            delay = max(delay, retry_after)
        time.sleep(min(delay, MAX_WAIT))

    def recall(self, name: str) -> bytes | None:
        """A record stored with `remember` (also stale ones in offline mode), or None."""
        response = self.cache.get(f"record:{name}", allow_expired=self.settings.offline)
        return response.content if response is not None else None

    def remember(self, records: Mapping[str, bytes]) -> None:
        """Keep records derived from answers (e.g. each paper of an arXiv batch) in the cache, so
        later batches of a different make-up need no request for them."""
        responses = {}
        for name, body in records.items():
            response = requests.Response()
            response.status_code = 200
            response.url = f"record:{name}"
            response._content = body
            responses[f"record:{name}"] = response
        if responses:
            self.cache.put_many(responses, lifetime=CACHE_LIFETIME)

    def cache_info(self) -> CacheInfo:
        """What the persistent cache holds."""
        return self.cache.info()

    def clear_cache(self) -> None:
        """Forget every cached answer."""
        self.cache.clear()

    def close(self) -> None:
        """Close the cache database and the connections of the session."""
        self.cache.close()
        self.session.close()


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and the exceptions behind it (causes, contexts, urllib3's ``reason``, arguments)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += list(current.args)
        stack.extend(e for e in linked if isinstance(e, BaseException))


def _refusal(exc: BaseException) -> str | None:
    """ "connection refused" or "cannot resolve the host name" when `exc` (a requests error)
    comes from one of these, else None: the host is not there, rather than slow or flaky."""
    for cause in _chain(exc):
        if isinstance(cause, socket.gaierror):
            return "cannot resolve the host name"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
    return None


def _describe(exc: Exception | None) -> str:
    """The last failure in a few words, without the URL (an arXiv URL may hold 100 ids)."""
    if exc is None:
        return "no answer"
    if isinstance(exc, FetchError | Malformed | Doubtful):
        return str(exc)
    causes = list(_chain(exc))
    if any(isinstance(c, requests.Timeout | TimeoutError) for c in causes) or (
        "timed out" in str(exc).lower()
    ):
        return "timed out"
    refused = _refusal(exc)
    if refused is not None:
        return refused
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return "the connection was reset"
    if isinstance(exc, requests.ConnectionError):
        return "the connection failed"
    return "the connection broke while the answer was read"


def _snippet(response: requests.Response) -> str:
    text = (response.content or b"")[:200].decode("utf-8", "replace")
    return " ".join(text.split())[:160]
