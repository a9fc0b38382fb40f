"""The README stays true: its Python example runs, and its first command is the main job.

Both run in a fresh folder holding a copy of the example page, against the replay server.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperkit.config import ENVIRONMENT
from paperkit.export import read_bibtex
from replay import ReplayServer

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _python(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with `args` in `folder`, its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def workdir(tmp_path: Path, replay: ReplayServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder like a fresh checkout's root (with the example page), services replayed."""
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "reading-group.txt", tmp_path / "examples")
    for name, url in replay.settings().items():
        monkeypatch.setenv(ENVIRONMENT[name], url)
    monkeypatch.setenv("PAPERKIT_ARXIV_DELAY", "0.01")
    monkeypatch.setenv("PAPERKIT_TIMEOUT", "2")
    return tmp_path


def test_the_python_example_runs(workdir: Path) -> None:
    (code,) = _blocks("python")
    done = _python(workdir, "-c", code)
    assert done.returncode == 0, done.stderr
    assert "vaswani2017attention" in done.stdout
    assert len(read_bibtex(workdir / "reading-group.bib").papers) == 5


def test_the_first_command_is_the_main_job(workdir: Path) -> None:
    (commands,) = _blocks("bash")[1:2] or _blocks("bash")[:1]
    first = next(line for line in commands.splitlines() if "paperkit ingest" in line)
    # the part after the install: `.venv/bin/paperkit ingest ...`, run with this interpreter
    argv = shlex.split(first.split("&&")[-1])
    assert Path(argv[0]).name == "paperkit"
    assert argv[1:3] == ["ingest", "examples/reading-group.txt"]
    done = _python(workdir, "-m", "paperkit", *argv[1:])
    assert done.returncode == 0, done.stderr
    output = workdir / argv[argv.index("-o") + 1]
    assert len(read_bibtex(output).papers) == 5
    assert "resolved 5 of 5 papers" in done.stderr


def test_the_second_command_runs_the_tests() -> None:
    commands = "\n".join(_blocks("bash"))
    assert "bash .ci/run" in commands
    assert (ROOT / ".ci" / "run").is_file()
