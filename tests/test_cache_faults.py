"""The HTTP cache under damage: a broken or locked database is rebuilt or bypassed, with a warning.

`test_http.py` covers a file that is not a database at all and a lock taken inside this process;
these tests add what happens to real users: a file torn by a crash mid-write, a file another
program wrote, a file damaged while a client has it open, a cache folder that cannot exist, and
another process holding the write lock during a whole batch.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperkit import Client
from paperkit._cache import CacheWarning
from replay import ReplayServer, write_synthetic

CACHE_FILE = "http-cache.sqlite"


@pytest.fixture
def synthetic(tmp_path: Path) -> Iterator[tuple[ReplayServer, list[str]]]:
    ids, dois = write_synthetic(tmp_path / "http", arxiv=30, dois=12)
    with ReplayServer(tmp_path / "http") as server:
        yield server, [*ids, *dois]


def _warm(server: ReplayServer, cache_dir: Path, inputs: list[str]) -> None:
    with server.client(cache_dir=str(cache_dir)) as client:
        assert client.fetch_many(inputs).ok


def _run(server: ReplayServer, cache_dir: Path, inputs: list[str]) -> tuple[Client, int]:
    """A batch with a fresh client; returns it and how many requests reached the server."""
    before = server.count()
    client = server.client(cache_dir=str(cache_dir))
    batch = client.fetch_many(inputs)
    assert batch.ok, batch.failures
    assert len(batch.papers) == len(inputs)
    return client, server.count() - before


def test_a_file_torn_by_a_crash_is_moved_aside_and_rebuilt(
    synthetic: tuple[ReplayServer, list[str]], tmp_path: Path
) -> None:
    server, inputs = synthetic
    cache_dir = tmp_path / "cache"
    _warm(server, cache_dir, inputs)
    database = cache_dir / CACHE_FILE
    whole = database.read_bytes()
    assert whole.startswith(b"SQLite format 3\x00")
    database.write_bytes(whole[: len(whole) // 2])  # the header is intact, the pages are not
    with pytest.warns(CacheWarning, match="corrupted"):
        client, made = _run(server, cache_dir, inputs)
    assert made > 0  # the damaged answers were asked for again
    assert list(cache_dir.glob(f"{CACHE_FILE}.corrupt-*")), "the damaged file was not kept aside"
    client.close()
    _, made_again = _run(server, cache_dir, inputs)  # the rebuilt cache answers everything
    assert made_again == 0


def test_a_database_another_program_wrote_is_moved_aside(
    synthetic: tuple[ReplayServer, list[str]], tmp_path: Path
) -> None:
    server, inputs = synthetic
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    foreign = sqlite3.connect(cache_dir / CACHE_FILE)
    foreign.execute("CREATE TABLE responses (key TEXT PRIMARY KEY, value BLOB)")
    foreign.execute("INSERT INTO responses VALUES ('k', x'00')")
    foreign.commit()
    foreign.close()
    dois = inputs[-3:]
    with pytest.warns(CacheWarning, match="corrupted"):
        client, made = _run(server, cache_dir, dois)
    assert made == 3
    assert client.cache_info().responses == 3


def test_a_file_damaged_while_a_client_has_it_open(
    synthetic: tuple[ReplayServer, list[str]], tmp_path: Path
) -> None:
    server, inputs = synthetic
    cache_dir = tmp_path / "cache"
    client = server.client(cache_dir=str(cache_dir))
    assert client.fetch_many(inputs[:5]).ok
    (cache_dir / CACHE_FILE).write_bytes(b"\x00garbage" * 4096)
    # the open client may not notice (its pages are in the write-ahead log) or may rebuild
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        batch = client.fetch_many(inputs)
        client.close()
    assert batch.ok
    assert len(batch.papers) == len(inputs)
    assert all(issubclass(w.category, CacheWarning) for w in caught), caught
    # the next run finds the damage, if it is still there, and rebuilds
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _run(server, cache_dir, inputs)
    assert all(issubclass(w.category, CacheWarning) for w in caught), caught
    _, made = _run(server, cache_dir, inputs)
    assert made == 0


def test_a_cache_folder_that_cannot_be_made_turns_caching_off(
    synthetic: tuple[ReplayServer, list[str]], tmp_path: Path
) -> None:
    server, inputs = synthetic
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n", encoding="utf-8")
    dois = inputs[-4:]
    with pytest.warns(CacheWarning, match="caching is off"):
        client, made = _run(server, blocker, dois)
    with pytest.warns(CacheWarning, match="caching is off"):
        _, made_again = _run(server, blocker, dois)
    assert made == made_again == 4  # nothing cached, nothing broken
    assert client.cache_info().responses == 0
    assert blocker.read_text(encoding="utf-8").startswith("a file")  # left alone


def _hold_write_lock(database: Path) -> subprocess.Popen[str]:
    """Another process that takes the database's write lock and keeps it until told to stop."""
    script = (
        "import sqlite3, sys\n"
        f"db = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_lock_held_by_another_process_is_bypassed_in_bounded_time(
    synthetic: tuple[ReplayServer, list[str]], tmp_path: Path
) -> None:
    server, inputs = synthetic
    cache_dir = tmp_path / "cache"
    _warm(server, cache_dir, inputs[:10])
    holder = _hold_write_lock(cache_dir / CACHE_FILE)
    try:
        started = time.monotonic()
        with pytest.warns(CacheWarning, match="locked"):
            client, made = _run(server, cache_dir, inputs)
        elapsed = time.monotonic() - started
    finally:
        assert holder.stdin is not None
        assert holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()
    # reads still work under another writer's lock: the warm answers came from the cache
    assert made <= len(inputs) - 10 + 1
    # a lock is waited for once, briefly, not once per answer stored
    assert elapsed < 10, f"the batch waited {elapsed:.1f} s on the lock"
    client.close()
    # once the other process lets go, answers are stored again
    _run(server, cache_dir, inputs)
    _, made_last = _run(server, cache_dir, inputs)
    assert made_last == 0
