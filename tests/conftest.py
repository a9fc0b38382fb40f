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
