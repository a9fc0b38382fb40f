"""A corpus of bad input for the command: each gets exit status 1 or 2, one line, no traceback.

The cases run in-process through `paperkit.cli.main` (fast); a few run the real console entry point
in a subprocess to prove the same holds there. Services point at a closed port (conftest), so no
case can reach the network.
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from paperkit.cli import main

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    """One bad invocation: arguments, files to create first, standard input, the exit status."""

    name: str
    argv: tuple[str, ...]
    status: int = 2
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: str = ""
    env: dict[str, str] = field(default_factory=dict)
    mention: str = ""
    """Text the message must contain (case-insensitive), e.g. the bad input itself."""
    unprivileged: bool = False
    """Only meaningful when not root (root may write to read-only files and folders)."""


GOOD_PAGE = (
    b"Paper Spotlight\n\nAttention is All You Need (NIPS 2017)\n\n"
    b"Discussion Leader: Darius Lam\n\nThe dominant sequence transduction models are based on "
    b"complex recurrent or convolutional neural networks.\n"
)
GOOD_BIB = (
    b"@misc{vaswani2017attention,\n  title = {Attention Is All You Need},\n  year = {2017}\n}\n"
)

BAD_IDS = [
    "1706.0376",
    "arXiv:",
    "10.1234",
    "doi:",
    "https://example.com/paper/1706.03762",
    "hello world",
    "1706.03762vv5",
    "arxiv.org/abs/",
    "10./xyz",
    "doi:10.",
    "https://doi.org/",
    "DOI: ",
    "abs/1706.03762x",
    "17063762",
    "1706-03762",
    "☃",
    "hep-th/99",
    "10.abcd/xyz",
    "<script>alert(1)</script>",
    "arXiv:1706.03762 10.1145/x",
    "arXiv:9999.99999999",
    "1706.03762v",
    "' OR 1=1 --",
    "..",
    "https://arxiv.org/list/cs.LG/recent",
    "1e10",
    "null",
    "\x1b[31mred",
]

BAD_ENV = {
    "timeout-word": {"PAPERKIT_TIMEOUT": "soon"},
    "timeout-zero": {"PAPERKIT_TIMEOUT": "0"},
    "timeout-negative": {"PAPERKIT_TIMEOUT": "-5"},
    "delay-negative": {"PAPERKIT_ARXIV_DELAY": "-1"},
    "delay-word": {"PAPERKIT_ARXIV_DELAY": "three"},
    "arxiv-url-ftp": {"PAPERKIT_ARXIV_API_URL": "ftp://export.arxiv.org/api/query"},
    "crossref-url-bare": {"PAPERKIT_CROSSREF_API_URL": "api.crossref.org"},
    "datacite-url-word": {"PAPERKIT_DATACITE_API_URL": "datacite"},
    "doi-url-file": {"PAPERKIT_DOI_RESOLVER_URL": "file:///etc/passwd"},
}

BROKEN_BIBS: dict[str, tuple[bytes, int]] = {
    "open-brace": (b"@article{", 2),
    "unbalanced-title": (b"@article{key,\n  title = {Unbalanced\n", 2),
    "only-ats": (b"@@@\n", 2),
    "prose": (b"This is not BibTeX at all.\n", 2),
    "comment-only": (b"@comment{nothing here}\n", 2),
    "string-only": (b'@string{nips = "NeurIPS"}\n', 2),
    "no-fields": (b"@misc{onlykey}\n", 2),
    "no-title": (b"@misc{x, year = {2017}}\n", 2),
    "good-and-untitled": (GOOD_BIB + b"@misc{untitled, year = {2021}}\n", 1),
    "one-good-one-broken": (GOOD_BIB + b"@article{broken,\n  title = {Unclosed\n", 1),
    "latin1": ("@misc{x, title = {Caf\u00e9}}\n".encode("latin-1"), 2),
    "binary": (b"\x00\x01\x02@misc{x}", 2),
    "duplicate-field-only": (b"@misc{x, title = {A}, title = {B}}\n", 2),
}


def _cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append

    # usage
    add(Case("no-command", ()))
    add(Case("unknown-command", ("frobnicate",), mention="frobnicate"))
    add(Case("ingest-no-page", ("ingest",)))
    add(Case("fetch-no-id", ("fetch",)))
    add(Case("resolve-no-title", ("resolve",)))
    add(Case("venue-no-text", ("venue",)))
    add(Case("convert-no-file", ("convert",)))
    add(Case("cache-no-action", ("cache",)))
    add(Case("cache-bad-action", ("cache", "burn"), mention="burn"))
    add(Case("bulk-no-output", ("bulk", "snap.jsonl")))
    add(Case("unknown-option", ("ingest", "--frobnicate", "page.txt"), mention="--frobnicate"))
    add(Case("resolve-year-word", ("resolve", "Attention", "--year", "recent"), mention="recent"))
    add(Case("resolve-year-far", ("resolve", "Attention", "--year", "20017"), mention="20017"))
    add(Case("venue-year-negative", ("venue", "NIPS", "--year", "-3")))
    add(Case("resolve-empty-title", ("resolve", "   "), mention="empty"))
    add(Case("bulk-workers-zero", ("bulk", "s.jsonl", "-o", "o.jsonl", "--workers", "0")))
    add(Case("bulk-workers-word", ("bulk", "s.jsonl", "-o", "o.jsonl", "--workers", "many")))
    add(
        Case(
            "bulk-workers-and-scheduler",
            ("bulk", "s.jsonl", "-o", "o.jsonl", "--workers", "2", "--scheduler", "tcp://x:1"),
        )
    )
    add(
        Case("bulk-missing-snapshot", ("bulk", "missing.jsonl", "-o", "o.jsonl"), mention="missing")
    )

    # unknown formats
    for fmt in ("xml", "BIBTEX", "bib", "ris", "", "csl_json", "yaml", "jsonl"):
        add(Case(f"format-{fmt or 'empty'}", ("fetch", "1706.03762", "-f", fmt)))
    for suffix in (".txt", ".xml", ".bibx", ""):
        add(
            Case(
                f"output-suffix-{suffix or 'none'}",
                ("ingest", "page.txt", "-o", f"out{suffix}"),
                files={"page.txt": GOOD_PAGE},
                mention="-f",
            )
        )
    add(
        Case(
            "key-template-unknown-field",
            ("convert", "lib.bib", "-f", "bibtex", "--key-template", "{nope}"),
            mention="nope",
        )
    )
    add(Case("key-template-broken", ("convert", "lib.bib", "-f", "bibtex", "--key-template", "{a")))
    add(
        Case("convert-no-format", ("convert", "lib.bib"), files={"lib.bib": GOOD_BIB}, mention="-f")
    )
    add(
        Case(
            "bulk-unknown-suffix", ("bulk", "s.jsonl", "-o", "out.xml"), files={"s.jsonl": b"{}\n"}
        )
    )

    # unwritable output paths
    add(
        Case(
            "output-missing-folder",
            ("ingest", "page.txt", "-o", "nowhere/out.bib"),
            mention="nowhere",
        )
    )
    add(Case("output-is-folder", ("ingest", "page.txt", "-o", "folder.bib"), mention="folder"))
    add(
        Case(
            "output-in-readonly",
            ("ingest", "page.txt", "-o", "locked/out.bib"),
            mention="locked",
            unprivileged=True,
        )
    )
    add(
        Case(
            "output-readonly-file",
            ("convert", "lib.bib", "-o", "ro.json"),
            mention="ro.json",
            unprivileged=True,
        )
    )
    add(Case("fetch-output-missing-folder", ("fetch", "1706.03762", "-o", "a/b/c.bib")))
    add(Case("output-under-a-file", ("convert", "lib.bib", "-o", "lib.bib/out.json")))
    add(Case("output-in-proc", ("convert", "lib.bib", "-o", "/proc/paperkit.json")))
    add(Case("output-in-sys", ("convert", "lib.bib", "-o", "/sys/paperkit.bib")))
    add(Case("output-nul-byte", ("convert", "lib.bib", "-o", "out\x00.json")))
    add(Case("output-name-too-long", ("convert", "lib.bib", "-o", "x" * 5000 + ".json")))

    # bad ids and DOIs: each named on stderr, exit 2, nothing fetched
    for number, text in enumerate(BAD_IDS):
        add(Case(f"bad-id-{number}", ("fetch", text)))
    add(Case("bad-id-stdin", ("fetch", "-"), stdin="1706.0376\n"))
    add(Case("empty-stdin-ids", ("fetch", "-"), stdin="\n# only a comment\n", mention="empty"))

    # unreadable pages: missing, folders, binary, not UTF-8, empty, nothing like a session
    add(Case("page-missing", ("ingest", "missing.txt"), mention="missing.txt"))
    add(Case("page-folder", ("ingest", "folder.bib"), mention="folder"))
    binaries = {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "gzip": gzip.compress(GOOD_PAGE),
        "zeros": bytes(1024),
        "nul-in-text": GOOD_PAGE + b"\x00",
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\xff\nendstream",
        "latin1": "Caf\u00e9 (NIPS 2017)\n\nDiscussion Leader: Ren\u00e9\n".encode("latin-1"),
        "utf16": "Attention (NIPS 2017)\n".encode("utf-16"),
        "random": bytes((i * 7919) % 256 for i in range(2048)),
    }
    for name, data in binaries.items():
        add(Case(f"page-{name}", ("ingest", f"page.{name}"), files={f"page.{name}": data}))
        add(
            Case(
                f"convert-{name}",
                ("convert", f"in.{name}", "-f", "json"),
                files={f"in.{name}": data},
            )
        )
    empties = {
        "empty": b"",
        "blank": b"   \n\n\t\n",
        "chrome": b"top of page\n\nbottom of page\n",
        "prose": b"The ML Reading Group is a perfect way to read papers.\n\nContact us.\n",
        "heading-only": b"Paper Spotlight\n",
        "markdown-empty": b"# Reading group\n\nNothing yet.\n",
        "html-empty": b"<html><body><script>var x = 1;</script></body></html>",
    }
    for name, data in empties.items():
        suffix = {"markdown-empty": ".md", "html-empty": ".html"}.get(name, ".txt")
        add(Case(f"page-{name}", ("ingest", f"page{suffix}"), files={f"page{suffix}": data}))
    add(Case("page-stdin-empty", ("ingest", "-"), stdin="", mention="standard input"))

    # broken .bib files
    for name, (data, status) in BROKEN_BIBS.items():
        add(
            Case(
                f"bib-{name}", ("convert", "lib.bib", "-f", "json"), status, files={"lib.bib": data}
            )
        )

    # broken JSON
    broken_json = {
        "open": b"{",
        "numbers": b"[1, 2, 3]",
        "empty-title": b'{"title": ""}',
        "null": b"null",
        "string": b'"a string"',
        "empty-list": b"[]",
        "bad-year": b'[{"title": "A", "year": 20017}]',
        "bad-doi": b'[{"title": "A", "doi": "not a doi"}]',
        "lines-broken": b'{"title": "A"}\n{"title": \n',
        "group-bad": b'{"sessions": [{"papers": []}]}',
        "csl-no-title": b'[{"type": "article", "id": "x"}]',
    }
    for name, data in broken_json.items():
        add(Case(f"json-{name}", ("convert", "in.json", "-f", "bibtex"), files={"in.json": data}))

    # absurdly nested input: the parsers recurse per level, and the message says so
    deep = 200_000
    nested = {
        "in.json": b"[" * deep + b"]" * deep,
        "object.json": b'{"title": ' + b"[" * deep + b"]" * deep + b"}",
        "lines.jsonl": b'{"title": "A"}\n' + b"[" * deep + b"]" * deep + b"\n",
        "lib.bib": b"@misc{x, title = {" + b"{" * deep + b"}" * deep + b"}}\n",
    }
    for file, data in nested.items():
        add(
            Case(
                f"deep-{file}",
                ("convert", file, "-f", "bibtex" if file.endswith("json") else "json"),
                files={file: data},
                # JSON this deep cannot be read; BibTeX braces this deep are read, but hold no title
                mention="no title" if file.endswith(".bib") else "nested too deeply",
            )
        )
    add(
        Case(
            "deep-stdin",
            ("convert", "-", "-f", "bibtex"),
            stdin="[" * deep + "]" * deep,
            mention="standard input",
        )
    )

    # bad settings
    for name, env in BAD_ENV.items():
        add(Case(f"env-{name}", ("fetch", "1706.03762"), env=env, mention=next(iter(env))))

    # venues paperkit cannot know: exit 1, one line each
    for number, text in enumerate(["", "   ", "Proceedings of Nothing", "☃☃☃", "1234"]):
        add(Case(f"venue-unknown-{number}", ("venue", text), status=1))
    return cases


CASES = _cases()


def _prepare(case: Case, where: Path) -> None:
    for name, data in case.files.items():
        (where / name).write_bytes(data)
    (where / "folder.bib").mkdir()
    (where / "locked").mkdir()
    (where / "locked").chmod(0o500)
    if not (where / "lib.bib").exists():
        (where / "lib.bib").write_bytes(GOOD_BIB)
    (where / "ro.json").write_text("previous\n")
    (where / "ro.json").chmod(0o400)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gets_one_line_and_a_status(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if case.unprivileged and os.geteuid() == 0:
        pytest.skip("root may write to read-only files and folders")
    _prepare(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.stdin.encode())))
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    try:
        status = main(list(case.argv))
    finally:
        (tmp_path / "locked").chmod(0o700)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert status == case.status, err
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert "a bug in paperkit" not in err
    if case.mention:
        assert case.mention.lower() in err.lower()
    assert (tmp_path / "ro.json").read_text() == "previous\n"


SUBPROCESS_CASES = ["unknown-command", "page-png", "bad-id-0", "bib-open-brace", "env-timeout-word"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_console_entry_point_gives_no_traceback(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    _prepare(case, tmp_path)
    env = {**os.environ, **case.env}
    done = subprocess.run(
        [sys.executable, "-m", "paperkit", *case.argv],
        cwd=tmp_path,
        env=env,
        input=case.stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == case.status, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["convert", str(tmp_path / "missing.bib"), "-f", "json", "--debug"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" in err
    assert err.strip().splitlines()[-1].startswith("paperkit: error:")
