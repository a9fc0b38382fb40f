"""What the command writes: formats, the progress bar, one-line messages and the output file."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from paperkit.errors import (
    AmbiguousMatchError,
    ExportError,
    FetchError,
    NotFoundError,
    OfflineError,
    PaperkitError,
)
from paperkit.models import Paper, ReadingGroup, Session

__all__ = [
    "FORMATS",
    "ProgressBar",
    "check_output",
    "describe_failure",
    "emit",
    "export_options",
    "format_for",
    "one_line",
    "render",
    "to_group",
]

FORMATS: tuple[str, ...] = ("bibtex", "json", "csl-json", "markdown")
"""The formats of ``-f``, as the command spells them."""

_SUFFIXES: dict[str, str] = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".csl.json": "csl-json",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
}

_SOURCE_NAMES = {
    "arxiv": "arXiv",
    "crossref": "Crossref",
    "datacite": "DataCite",
    "doi.org": "doi.org",
}


def one_line(text: str) -> str:
    """The text with every run of white space (newlines included) made one space."""
    return " ".join(text.split())


def format_for(explicit: str | None, output: Path | None, *, default: str = "bibtex") -> str:
    """The output format: ``-f`` when given, else the output file's suffix, else ``default``.

    Raises:
        ExportError: ``-o`` names a file whose suffix says no known format, and ``-f`` is absent.
    """
    if explicit is not None:
        return explicit
    if output is None:
        return default
    name = output.name.lower()
    for suffix, fmt in _SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    raise ExportError(
        f"cannot tell the format of {str(output)!r} from its suffix; "
        f"give -f ({', '.join(FORMATS)}) or use .bib, .json, .csl.json or .md",
        known=FORMATS,
    )


def check_output(path: Path) -> None:
    """Fail before any work when ``path`` can certainly not be written.

    Raises:
        ExportError: the path is a folder, its folder is missing, or it is not writable.
    """
    if "\x00" in str(path):
        raise ExportError(f"cannot write {str(path)!r}: a file name cannot hold a NUL character")
    if path.is_dir():
        raise ExportError(f"cannot write {str(path)!r}: it is a folder")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write {str(path)!r}: {str(folder)!r} is a file, not a folder")
    if not folder.is_dir():
        raise ExportError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {str(path)!r}: folder {str(folder)!r} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportError(f"cannot write {str(path)!r}: the file is read-only")


def to_group(papers: Iterable[Paper]) -> ReadingGroup:
    """Loose papers as a program of one session per paper, for the formats that want sessions."""
    return ReadingGroup(sessions=tuple(Session(papers=(paper,)) for paper in papers))


def _exportable(obj: ReadingGroup | Sequence[Paper], fmt: str) -> ReadingGroup | tuple[Paper, ...]:
    if isinstance(obj, ReadingGroup):
        return obj
    # Markdown is written per session; loose papers become one session each
    return to_group(obj) if fmt == "markdown" else tuple(obj)


def render(obj: ReadingGroup | Sequence[Paper], fmt: str, **options: Any) -> str:
    """``obj`` in format ``fmt`` (one of `FORMATS`), as text ending in a newline.

    Raises:
        ExportError: an unknown format, or an option the exporter refuses.
    """
    from paperkit.export import FORMATS as EXPORTERS

    if fmt not in EXPORTERS:  # argparse's choices keep this from happening
        raise ExportError(f"unknown format {fmt!r}", known=FORMATS)
    text = EXPORTERS[fmt](_exportable(obj, fmt), **options)
    return text if text.endswith("\n") or not text else text + "\n"


def emit(
    obj: ReadingGroup | Sequence[Paper], fmt: str, output: Path | None, **options: Any
) -> None:
    """Write ``obj`` to ``output`` atomically with `paperkit.write`, or to standard output.

    ``options`` go to the exporter (e.g. ``unicode=True`` for BibTeX).
    """
    if output is None:
        sys.stdout.write(render(obj, fmt, **options))
        sys.stdout.flush()
        return
    from paperkit.export import write

    write(_exportable(obj, fmt), output, format=fmt, **options)


def export_options(unicode: bool, key_template: str | None, fmt: str) -> dict[str, Any]:
    """The exporter options ``--unicode`` and ``--key-template`` give, where ``fmt`` has them."""
    options: dict[str, Any] = {}
    if key_template is not None and fmt in {"bibtex", "csl-json"}:
        options["key_template"] = key_template
    if unicode and fmt == "bibtex":
        options["unicode"] = True
    return options


def describe_failure(error: BaseException) -> str:
    """Why a paper could not be looked up, in a few words a user can act on."""
    if isinstance(error, OfflineError):
        return "not in the cache (offline)"
    if isinstance(error, NotFoundError):
        return one_line(str(error)) or "not found"
    if isinstance(error, AmbiguousMatchError):
        return f"ambiguous: {len(error.candidates)} papers match equally well"
    if isinstance(error, FetchError):
        source = _SOURCE_NAMES.get(error.source, error.source)
        where = f"could not reach {source}" if source else "could not reach the services"
        detail = one_line(str(error))
        return f"{where} ({detail})" if detail else where
    if isinstance(error, PaperkitError):
        return one_line(str(error))
    return f"{type(error).__name__}: {one_line(str(error))}"


class ProgressBar:
    """A progress callback that draws a bar on standard error, only when that is a terminal.

    Batches may call it from worker threads, so drawing is serialized.
    """

    def __init__(self, label: str, *, stream: TextIO | None = None, enabled: bool | None = None):
        self._label = label
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = self._stream.isatty() if enabled is None else enabled
        self._lock = threading.Lock()
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        """Draw ``done`` of ``total``."""
        if not self._enabled or total <= 0:
            return
        width = 30
        filled = min(width, width * done // total)
        line = f"\r{self._label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        with self._lock:
            self._stream.write(line)
            self._stream.flush()
            self._drawn = True

    def close(self) -> None:
        """End the bar's line, so the next message starts on a line of its own."""
        with self._lock:
            if self._drawn:
                self._stream.write("\n")
                self._stream.flush()
                self._drawn = False
