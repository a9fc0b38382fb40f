"""`write`: the format from the suffix, atomic replacement, and clear errors."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from export_samples import FIVE, GROUP
from paperkit import ExportError, ReadingGroup, read_bibtex, to_bibtex, write


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("refs.bib", lambda text: text.startswith("@inproceedings{vaswani2017attention,")),
        ("group.json", lambda text: json.loads(text)["name"] == "ML Reading Group"),
        ("refs.csl.json", lambda text: json.loads(text)[0]["id"] == "vaswani2017attention"),
        ("REFS.CSL.JSON", lambda text: json.loads(text)[0]["type"] == "paper-conference"),
        ("page.md", lambda text: text.startswith("# ML Reading Group")),
    ],
)
def test_format_from_suffix(tmp_path: Path, name: str, check: object) -> None:
    path = write(GROUP, tmp_path / name)
    assert path == tmp_path / name
    assert callable(check)
    assert check(path.read_text(encoding="utf-8"))


def test_explicit_format_and_options(tmp_path: Path) -> None:
    path = write(GROUP, tmp_path / "program.txt", format="markdown")
    assert path.read_text(encoding="utf-8").startswith("# ML Reading Group")
    bib = write(FIVE, str(tmp_path / "refs.bib"), key_template="{author}{year}", unicode=True)
    assert "Kaiser, Łukasz" in bib.read_text(encoding="utf-8")
    assert read_bibtex(bib).keys[0] == "vaswani2017"
    assert (
        ReadingGroup.model_validate_json(
            write(GROUP, tmp_path / "g.data", format="JSON").read_text(encoding="utf-8")
        )
        == GROUP
    )


def test_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.bib, \.json, \.md") as info:
        write(GROUP, tmp_path / "refs.docx")
    assert info.value.known == ("bibtex", "csl-json", "json", "markdown")
    with pytest.raises(ExportError, match="known formats: bibtex, csl-json, json, markdown"):
        write(GROUP, tmp_path / "refs.bib", format="ris")
    assert list(tmp_path.iterdir()) == []


def test_replaces_atomically_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write(FIVE, path)
    assert path.read_text(encoding="utf-8") == to_bibtex(FIVE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("old", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        write(FIVE, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_an_export_error_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError):
        write(42, path)
    assert path.read_text(encoding="utf-8") == "old"


def test_missing_folder_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no-such-folder"):
        write(FIVE, tmp_path / "no-such-folder" / "refs.bib")
