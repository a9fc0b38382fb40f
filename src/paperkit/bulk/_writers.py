"""Writing millions of papers as a stream: JSON lines, BibTeX, JSON or CSL-JSON arrays.

Each paper is encoded and written as it arrives, so memory does not grow with the output. Files
are written to a temporary name beside the target and renamed into place only when complete, so
a crash or an interrupt never leaves a half-written file under the real name.
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, cast

from paperkit.bulk import _encoders
from paperkit.errors import ExportError
from paperkit.models import Paper

__all__ = [
    "FORMATS",
    "OutputFormat",
    "PaperWriter",
    "RecordWriter",
    "format_for",
    "output_format",
    "write_papers",
]


@dataclass(frozen=True)
class OutputFormat:
    """How a stream of papers is laid out in one format.

    A whole file is ``head + separator.join(items) + tail`` (``empty`` when there are no items),
    so fragments written apart (by Dask partitions) join into exactly the same bytes.
    """

    name: str
    suffix: str
    encode: Callable[[Paper], str]
    head: str = ""
    separator: str = ""
    tail: str = ""
    empty: str = ""
    encode_bytes: Callable[[Paper], bytes] | None = None
    """``encode`` as UTF-8 bytes, when a format can make them without a str in between."""


def _array(
    name: str,
    encode: Callable[[Paper], str],
    encode_bytes: Callable[[Paper], bytes] | None = None,
) -> OutputFormat:
    """A JSON array, one item a line: ``[``, items joined with ``,``, ``]``."""
    return OutputFormat(
        name, ".json", encode, "[\n", ",\n", "\n]\n", "[]\n", encode_bytes=encode_bytes
    )


FORMATS: dict[str, OutputFormat] = {
    "jsonl": OutputFormat(
        "jsonl", ".jsonl", _encoders.jsonl_line, encode_bytes=_encoders.jsonl_bytes
    ),
    "bibtex": OutputFormat("bibtex", ".bib", _encoders.bibtex_entry, separator="\n"),
    "csl-json": _array("csl-json", _encoders.csl_item),
    "json": _array("json", _encoders.json_item, _encoders.json_bytes),
}
"""Format name -> layout. ``json`` is an array of paperkit's own paper objects."""

_ALIASES = {"bib": "bibtex", "csl": "csl-json", "csljson": "csl-json", "ndjson": "jsonl"}
_SUFFIXES = (
    (".csl.json", "csl-json"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".bib", "bibtex"),
    (".json", "json"),
)


def output_format(name: str) -> OutputFormat:
    """The layout called ``name`` (or one of its aliases: bib, csl, ndjson).

    Raises:
        ExportError: an unknown format; the message and ``known`` list the known ones.
    """
    key = name.strip().lower()
    found = FORMATS.get(_ALIASES.get(key, key))
    if found is None:
        known = tuple(FORMATS)
        raise ExportError(f"unknown bulk format {name!r}; known: {', '.join(known)}", known=known)
    return found


def format_for(path: str | os.PathLike[str], format: str | None = None) -> OutputFormat:
    """The format given, or the one a file name implies (``.jsonl``, ``.bib``, ``.csl.json``...).

    A trailing ``.gz`` is ignored. Raises `ExportError` when neither tells the format.
    """
    if format is not None:
        return output_format(format)
    name = Path(path).name.lower().removesuffix(".gz")
    for suffix, found in _SUFFIXES:
        if name.endswith(suffix):
            return FORMATS[found]
    known = tuple(FORMATS)
    raise ExportError(
        f"cannot tell the format of {str(path)!r} from its name; give one of: {', '.join(known)}",
        known=known,
    )


class PaperWriter:
    """Writes papers one at a time to ``path``, atomically; use it as a context manager.

    The file appears under its name only when the ``with`` block ends without an exception; until
    then it is a hidden temporary file in the same folder. A name ending in ``.gz`` is compressed.

    Args:
        path: the file to write.
        format: a name from `FORMATS`, or None to infer it from ``path``.
        fragment: write the items only, without the array brackets of the JSON formats (used to
            write parts that `join_fragments` assembles into one file).
    """

    def __init__(
        self, path: str | os.PathLike[str], *, format: str | None = None, fragment: bool = False
    ) -> None:
        self.path = Path(path)
        """The file being written."""
        self.format = format_for(self.path, format)
        """The output format."""
        self.count = 0
        """Papers written so far."""
        self._fragment = fragment
        self._encode_bytes = self.format.encode_bytes
        self._temp: Path | None = None
        self._file: _Sink | None = None

    def __enter__(self) -> PaperWriter:
        self._temp, self._file = _open_temporary(self.path)
        return self

    def write(self, paper: Paper) -> None:
        """Encode ``paper`` and append it."""
        if self._file is None:
            raise RuntimeError("PaperWriter.write outside its `with` block")
        layout = self.format
        if self.count == 0:
            if not self._fragment:
                self._file.write(layout.head)
        else:
            self._file.write(layout.separator)
        if self._encode_bytes is not None:
            self._file.write_bytes(self._encode_bytes(paper))
        else:
            self._file.write(layout.encode(paper))
        self.count += 1

    def write_all(self, papers: Iterable[Paper]) -> int:
        """Write every paper of ``papers``; returns how many were written."""
        remaining = iter(papers)
        for paper in remaining:
            self.write(paper)  # the first one, with the checks and the head
            break
        encode, sink = self._encode_bytes, self._file
        if encode is None or sink is None:
            for paper in remaining:
                self.write(paper)
            return self.count
        # the rest in a loop of its own: a stream of millions spends its time here
        separator, put = self.format.separator.encode(), sink.write_bytes
        count = self.count
        try:
            for paper in remaining:
                if separator:
                    put(separator)
                put(encode(paper))
                count += 1
        finally:
            self.count = count
        return count

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._file is not None
        assert self._temp is not None
        try:
            if exc_type is None and not self._fragment:
                layout = self.format
                self._file.write(layout.tail if self.count else layout.empty)
            self._file.close()
        except BaseException:
            self._temp.unlink(missing_ok=True)
            raise
        if exc_type is None:
            _commit(self._temp, self.path)
        else:
            self._temp.unlink(missing_ok=True)
        self._file = None


class RecordWriter(PaperWriter):
    """A `PaperWriter` for the papers `paper_from_record` makes, as `run_bulk` writes them.

    Their models hold exactly their fields (see `_encoders.record_jsonl_bytes`), so the JSON
    formats encode them without checking; the bytes are the same.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, format: str | None = None, fragment: bool = False
    ) -> None:
        super().__init__(path, format=format, fragment=fragment)
        self._encode_bytes = _RECORD_BYTES.get(self.format.name, self._encode_bytes)


_RECORD_BYTES = {
    "jsonl": _encoders.record_jsonl_bytes,
    "json": _encoders.record_json_bytes,
}


def _open_temporary(path: Path) -> tuple[Path, _Sink]:
    if path.is_dir():
        raise ExportError(f"cannot write {str(path)!r}: it is a folder")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc
    raw = os.fdopen(handle, "wb", buffering=1 << 20)
    return Path(name), _Sink(raw, compress=_gzipped(path))


def _gzipped(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _commit(temp: Path, path: Path) -> None:
    try:
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc


class _Sink:
    """UTF-8 text and bytes over a file, maybe through gzip; closing closes the compressor, then
    the file.

    Text is encoded here rather than by a `io.TextIOWrapper`, so encoders that make UTF-8 bytes
    themselves (pydantic's JSON) write them as they are, without a decode and an encode between.
    """

    def __init__(self, raw: IO[bytes], compress: bool) -> None:
        self._raw = raw
        # mtime=0: the same papers give the same bytes, compressed or not
        gzipped = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if compress else None
        # gzip compresses each write it is given: a buffer in front gives it large pieces
        self._binary: IO[bytes] = (
            cast("IO[bytes]", io.BufferedWriter(cast("io.RawIOBase", gzipped), 1 << 20))
            if gzipped is not None
            else raw
        )
        self.write_bytes = self._binary.write

    def write(self, text: str) -> None:
        """Append ``text`` as UTF-8."""
        self._binary.write(text.encode("utf-8"))

    def close(self) -> None:
        self._binary.close()  # flushes, then closes the gzip stream (or the file)
        self._raw.close()


def write_papers(
    papers: Iterable[Paper], path: str | os.PathLike[str], *, format: str | None = None
) -> int:
    """Stream ``papers`` into one file, atomically, never holding more than one paper.

    Args:
        papers: any iterable, e.g. `read_snapshot` or `harvest`.
        path: the file to write; ``.gz`` at the end compresses it.
        format: ``jsonl``, ``bibtex``, ``csl-json`` or ``json``; None infers it from ``path``.

    Returns:
        How many papers were written.

    Raises:
        ExportError: an unknown format, or a file that cannot be written.
    """
    with PaperWriter(path, format=format) as writer:
        return writer.write_all(papers)
