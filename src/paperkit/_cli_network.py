"""Can the services be reached at all? Asked once, up front, so a machine without network is quick.

Without this, every request of a long job would wait out its retries before giving up. When no
service answers a plain TCP connection, the command runs from the cache only and says why.
"""

from __future__ import annotations

import os
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from paperkit.config import Settings

__all__ = ["SERVICES", "Unreachable", "unreachable_services"]

SERVICES: dict[str, str] = {
    "arXiv": "arxiv_url",
    "Crossref": "crossref_url",
    "DataCite": "datacite_url",
    "doi.org": "doi_url",
}
"""Service name -> the setting holding its URL."""

_PROXY_VARIABLES = ("https_proxy", "http_proxy", "all_proxy")
_PROBE_SECONDS = 3.0


@dataclass(frozen=True)
class Unreachable:
    """A service that did not accept a connection, and the reason the system gave."""

    service: str
    host: str
    reason: str

    def __str__(self) -> str:
        return f"{self.service} ({self.host}: {self.reason})"


def unreachable_services(settings: Settings, services: tuple[str, ...]) -> list[Unreachable]:
    """The ``services`` (names of `SERVICES`) that refuse a TCP connection, probed in parallel.

    Behind an HTTP proxy nothing is probed (only the proxy knows), and the list is empty.
    """
    if any(os.environ.get(v) or os.environ.get(v.upper()) for v in _PROXY_VARIABLES):
        return []
    timeout = min(settings.timeout, _PROBE_SECONDS)
    urls = [str(getattr(settings, SERVICES[name])) for name in services]
    with ThreadPoolExecutor(len(urls) or 1, thread_name_prefix="paperkit-probe") as pool:
        found = list(pool.map(_probe, services, urls, [timeout] * len(urls)))
    return [problem for problem in found if problem is not None]


def _probe(service: str, url: str, timeout: float) -> Unreachable | None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except socket.gaierror:
        return Unreachable(service, host, "name not resolved")
    except TimeoutError:
        return Unreachable(service, host, f"no answer within {timeout:g} s")
    except OSError as exc:
        return Unreachable(service, host, (exc.strerror or str(exc)).lower())
