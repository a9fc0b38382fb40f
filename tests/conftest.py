"""Shared test fixtures: where ../shared is, and skipping cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
"""The project's own recorded-format fixtures, written for paperkit."""
SHARED = ROOT.parent / "shared"
"""The team's shared folder (recorded live responses, the user's page); may be absent."""


@pytest.fixture
def shared() -> Path:
    """Path of ../shared; the test is skipped when it is absent (e.g. on a user's machine)."""
    if not (SHARED / "fixtures").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's PAPERKIT_* settings or cache, nor reaches a real service."""
    import os

    for name in list(os.environ):
        if name.startswith("PAPERKIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PAPERKIT_CACHE_DIR", str(tmp_path / "paperkit-cache"))
    # a default that cannot reach the internet: anything not pointed at the replay server fails fast
    for name in (
        "PAPERKIT_ARXIV_API_URL",
        "PAPERKIT_CROSSREF_API_URL",
        "PAPERKIT_DATACITE_API_URL",
        "PAPERKIT_DOI_RESOLVER_URL",
    ):
        monkeypatch.setenv(name, "http://127.0.0.1:9")


# --- the replay server (sources engineer) ---------------------------------------------------
from collections.abc import Iterator  # noqa: E402

from replay import HTTP_FIXTURES, SERVED, ReplayServer, iter_fixture_files  # noqa: E402


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    """A running replay server on 127.0.0.1; ``replay.client()`` gives a Client pointed at it."""
    with ReplayServer() as server:
        yield server


def _whole_suite_ran(session: pytest.Session) -> bool:
    config = session.config
    if (
        config.option.collectonly
        or config.option.keyword
        or config.option.markexpr
        or config.getoption("deselect", None)
        or config.getoption("lf", False)
    ):
        return False
    tests_dir = Path(__file__).resolve().parent
    for arg in config.args:
        path = Path(str(arg).split("::")[0]).resolve()
        if "::" in str(arg) or path not in (tests_dir, ROOT):
            return False
    return session.testscollected > 0 and not session.shouldstop


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A full run fails when a file under tests/fixtures/http/ was never served (a dead fixture)."""
    if exitstatus != 0 or not _whole_suite_ran(session):
        return
    unused = [p for p in iter_fixture_files(HTTP_FIXTURES) if p not in SERVED]
    if unused:
        names = "\n  ".join(str(p.relative_to(HTTP_FIXTURES)) for p in unused)
        session.config.get_terminal_writer().line(
            "\nfixture files never served by the replay server (delete or test them):\n  " + names,
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- bulk (bulk engineer) ----------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _no_real_oai(monkeypatch: pytest.MonkeyPatch) -> None:
    """Harvests in tests go to a local server; a forgotten ``url`` fails fast instead of leaving."""
    monkeypatch.setenv("PAPERKIT_OAI_URL", "http://127.0.0.1:9/oai")
