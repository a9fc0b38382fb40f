"""The persistent HTTP cache: answers kept in one SQLite file in ``settings.cache_dir``.

Keys are requests-cache's normalized request keys (method, URL with sorted parameters, the
``Accept`` header). The storage is a small ``sqlite3`` table rather than requests-cache's SQLite
backend because that backend waits forever for a write lock held by another process (it retries
``BEGIN IMMEDIATE`` in an endless loop); a cache must never hang or crash a run. Every database
error is turned into a `CacheWarning`: a corrupted file is moved aside and rebuilt, a locked one is
bypassed for that operation.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.structures import CaseInsensitiveDict
from requests_cache import create_key

from paperkit.errors import CacheWarning

__all__ = ["CacheInfo", "CacheWarning", "ResponseCache", "cache_key"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    saved REAL NOT NULL,
    expires REAL NOT NULL
)
"""
_LOCK_TIMEOUT = 1.0
"""Seconds to wait for another process's write lock before bypassing the cache."""
_BYPASS_SECONDS = 30.0
"""How long a locked cache is left alone before paperkit tries it again."""


@dataclass(frozen=True)
class CacheInfo:
    """What the persistent HTTP cache holds."""

    path: Path
    """The SQLite file."""
    responses: int
    """How many HTTP answers are stored (records derived from them are not counted)."""
    size_bytes: int
    """Size of the file on disk."""


def cache_key(request: requests.PreparedRequest) -> str:
    """The cache key of a request: method, normalized URL and its ``Accept`` header."""
    return str(create_key(request, match_headers=["Accept"]))


_FILE_LOCKS: dict[Path, threading.Lock] = {}
_FILE_LOCKS_GUARD = threading.Lock()


def _file_lock(path: Path) -> threading.Lock:
    # one lock per file for the whole process: clients sharing a cache file queue up here instead
    # of contending for SQLite's write lock, which would make them bypass the cache
    with _FILE_LOCKS_GUARD:
        return _FILE_LOCKS.setdefault(path.absolute(), threading.Lock())


class ResponseCache:
    """Stored answers, safe to share between threads of one process and between processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = _file_lock(path)
        self._connection: sqlite3.Connection | None = None
        self._disabled = False
        self._bypass_until = 0.0

    def _connect(self) -> sqlite3.Connection | None:
        if self._disabled or time.monotonic() < self._bypass_until:
            return None
        if self._connection is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = _open(self.path)
            except sqlite3.DatabaseError as exc:
                return self._recover(exc)
            except OSError as exc:
                self._disable(f"cannot create {self.path} ({exc}); caching is off for this run")
                return None
            self._connection = connection
        return self._connection

    def _disable(self, message: str) -> None:
        self._disabled = True
        warnings.warn(f"paperkit HTTP cache: {message}", CacheWarning, stacklevel=4)

    def _recover(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        """Rebuild a corrupted file; bypass a locked one."""
        self._close()
        if _is_locked(exc):
            self._bypass_until = time.monotonic() + _BYPASS_SECONDS
            warnings.warn(
                f"paperkit HTTP cache: {self.path} is locked by another process; "
                f"not using it for {_BYPASS_SECONDS:.0f} s",
                CacheWarning,
                stacklevel=4,
            )
            return None
        broken = self.path.with_name(self.path.name + f".corrupt-{int(time.time())}")
        try:
            self.path.replace(broken)
            connection = _open(self.path)
        except (sqlite3.DatabaseError, OSError) as again:
            self._disable(f"{self.path} is unusable ({again}); caching is off for this run")
            return None
        warnings.warn(
            f"paperkit HTTP cache: {self.path} was corrupted ({exc}); moved it to {broken.name} "
            "and started an empty cache",
            CacheWarning,
            stacklevel=4,
        )
        self._connection = connection
        return connection

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    def get(self, key: str, *, allow_expired: bool = False) -> requests.Response | None:
        """The stored answer for `key`, or None (also when it expired, unless `allow_expired`)."""
        with self._lock:
            for _ in range(2):
                connection = self._connect()
                if connection is None:
                    return None
                try:
                    row = connection.execute(
                        "SELECT url, status, headers, body, expires FROM responses WHERE key = ?",
                        (key,),
                    ).fetchone()
                except sqlite3.DatabaseError as exc:
                    if self._recover(exc) is None:
                        return None
                    continue
                if row is None:
                    return None
                url, status, headers, body, expires = row
                if not allow_expired and expires < time.time():
                    return None
                return _response(url, status, headers, body)
            return None

    def put(self, key: str, response: requests.Response, *, lifetime: float) -> None:
        """Store `response` under `key` for `lifetime` seconds."""
        self.put_many({key: response}, lifetime=lifetime)

    def put_many(self, responses: dict[str, requests.Response], *, lifetime: float) -> None:
        """Store several responses in one transaction (one disk sync, not one per answer)."""
        now = time.time()
        rows = [
            (
                key,
                response.url,
                response.status_code,
                json.dumps(dict(response.headers)),
                response.content,
                now,
                now + lifetime,
            )
            for key, response in responses.items()
        ]
        with self._lock:
            for _ in range(2):
                connection = self._connect()
                if connection is None:
                    return
                try:
                    with connection:
                        connection.executemany(
                            "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                        )
                    return
                except sqlite3.DatabaseError as exc:
                    if self._recover(exc) is None:
                        return
                    continue

    def info(self) -> CacheInfo:
        """How many answers the cache holds and how big its file is."""
        count = 0
        with self._lock:
            connection = self._connect()
            if connection is not None:
                try:
                    count = int(
                        connection.execute(
                            "SELECT COUNT(*) FROM responses WHERE key NOT LIKE 'record:%'"
                        ).fetchone()[0]
                    )
                except sqlite3.DatabaseError as exc:
                    self._recover(exc)
        size = self.path.stat().st_size if self.path.exists() else 0
        return CacheInfo(path=self.path, responses=count, size_bytes=size)

    def clear(self) -> None:
        """Forget every stored answer."""
        with self._lock:
            connection = self._connect()
            if connection is None:
                return
            try:
                connection.execute("DELETE FROM responses")
                connection.commit()
                connection.execute("VACUUM")
            except sqlite3.DatabaseError as exc:
                self._recover(exc)

    def close(self) -> None:
        """Close the database connection (it reopens on the next use)."""
        with self._lock:
            self._close()


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=_LOCK_TIMEOUT, check_same_thread=False)
    try:
        # write-ahead logging: readers never wait for a writer, and a commit is one cheap append
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
        connection.commit()
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def _is_locked(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _response(url: str, status: int, headers: str, body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.url = url
    response.headers = CaseInsensitiveDict(json.loads(headers))
    response._content = bytes(body)
    response.encoding = requests.utils.get_encoding_from_headers(response.headers) or "utf-8"
    response.from_cache = True  # type: ignore[attr-defined]
    return response
