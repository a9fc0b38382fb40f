"""The exported .bib files go through the real tools: pdflatex + bibtex (natbib) and biber.

Each run must end with zero errors and zero warnings in the logs. The tools are skipped when
absent, unless CI_REQUIRE_TOOLS=1, when their absence fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from export_samples import FIVE, HOSTILE, LAMPORT, RESNET
from paperkit import Paper, to_bibtex

pytestmark = pytest.mark.tex

PAPERS = (*FIVE, LAMPORT, RESNET, HOSTILE)

NATBIB = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
\usepackage[numbers]{natbib}
\begin{document}
\nocite{*}
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
BIBLATEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
# over- and underfull boxes (long URLs in narrow columns) are typesetting, not complaints
_LATEX_PROBLEM = re.compile(r"warning|^!|missing character|undefined", re.IGNORECASE)
_BIBTEX_PROBLEM = re.compile(
    r"Warning--|error message|I'm skipping|I was expecting|Illegal|Repeated"
)
_BIBER_PROBLEM = re.compile(r"WARN|ERROR")


def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI_REQUIRE_TOOLS") == "1":
            pytest.fail(f"CI_REQUIRE_TOOLS=1 but {', '.join(missing)} not installed")
        pytest.skip(f"{', '.join(missing)} not installed")


def _run(folder: Path, *command: str) -> str:
    result = subprocess.run(command, cwd=folder, capture_output=True, timeout=120, check=False)
    output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{output[-3000:]}"
    return output


def _problems(log: str, pattern: re.Pattern[str] = _LATEX_PROBLEM) -> list[str]:
    # infwarerr.sty is a package's file name, not a complaint
    return [line for line in log.splitlines() if pattern.search(line) and "infwarerr" not in line]


def _build(folder: Path, bib: str, *, backend: str) -> None:
    """Typeset a document citing all of `bib` with natbib and bibtex, or biblatex and biber."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    tex, problem = (NATBIB, _BIBTEX_PROBLEM) if backend == "bibtex" else (BIBLATEX, _BIBER_PROBLEM)
    (folder / "main.tex").write_text(tex, encoding="utf-8")
    latex = ("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "main.tex")
    _run(folder, *latex)
    _run(folder, backend, "main")
    blg = (folder / "main.blg").read_text(encoding="utf-8", errors="replace")
    assert not _problems(blg, problem), blg
    _run(folder, *latex)
    _run(folder, *latex)
    log = (folder / "main.log").read_text(encoding="utf-8", errors="replace")
    assert not _problems(log), "\n".join(_problems(log))


def _entries(papers: tuple[Paper, ...], **options: object) -> str:
    bib = to_bibtex(papers, **options)  # type: ignore[arg-type]
    assert bib.count("\n@") + 1 == len(papers)
    return bib


def test_bibtex_and_natbib_accept_the_export(tmp_path: Path) -> None:
    _require("pdflatex", "bibtex")
    _build(tmp_path, _entries(PAPERS), backend="bibtex")
    bbl = (tmp_path / "main.bbl").read_text(encoding="utf-8")
    assert bbl.count(r"\bibitem") == len(PAPERS)
    # the protected capitals survive plainnat's sentence case
    assert "{CT-GAN}" in bbl
    assert "{ML}" in bbl


def test_biber_accepts_the_export(tmp_path: Path) -> None:
    _require("pdflatex", "biber")
    _build(tmp_path, _entries(PAPERS), backend="biber")
    assert (tmp_path / "main.bbl").read_text(encoding="utf-8").count(r"\entry{") == len(PAPERS)


def test_biber_accepts_the_utf8_export(tmp_path: Path) -> None:
    _require("pdflatex", "biber")
    bib = _entries(PAPERS, unicode=True)
    assert "Ångström" in bib
    _build(tmp_path, bib, backend="biber")


@pytest.mark.parametrize("protect", ["none", "all"])
def test_other_protect_modes_compile(tmp_path: Path, protect: str) -> None:
    _require("pdflatex", "bibtex")
    _build(tmp_path, _entries(PAPERS, protect=protect), backend="bibtex")
