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
    """No test sees the developer's PAPERKIT_* settings or cache, and none can reach a real service."""
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
