"""Golden files: each format's export of the user's five papers, byte for byte.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 pytest tests/test_export_golden.py``
and review the diff like code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from export_samples import GROUP
from paperkit import to_bibtex, to_csl_json, to_json, to_markdown

GOLDEN = Path(__file__).parent / "fixtures" / "export"

EXPORTS: dict[str, Callable[[], str]] = {
    "five.bib": lambda: to_bibtex(GROUP),
    "five-utf8.bib": lambda: to_bibtex(GROUP, unicode=True),
    "five.json": lambda: to_json(GROUP),
    "five.csl.json": lambda: to_csl_json(GROUP),
    "five.md": lambda: to_markdown(GROUP),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_matches_golden_file(name: str) -> None:
    text = EXPORTS[name]()
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


def test_exports_are_stable_across_calls() -> None:
    for export in EXPORTS.values():
        assert export() == export()
