"""The subcommands of ``paperkit``: each takes the parsed arguments and returns an exit status.

Library modules are imported inside the commands, so ``paperkit --help`` and ``paperkit venue``
start quickly and do not load the HTTP stack.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from paperkit._cli_input import STDIN, expand_stdin, papers_from_json, read_text, reading
from paperkit._cli_network import SERVICES, unreachable_services
from paperkit._cli_output import (
    ProgressBar,
    check_output,
    describe_failure,
    emit,
    export_options,
    format_for,
    one_line,
)
from paperkit._cli_status import EXIT_OK, EXIT_UNRESOLVED, EXIT_USAGE
from paperkit.config import Settings
from paperkit.errors import (
    AmbiguousMatchError,
    ConfigError,
    ExportError,
    IdentifierError,
    ParseError,
)
from paperkit.models import Paper, ReadingGroup

if TYPE_CHECKING:
    from paperkit.client import Client

__all__ = ["COMMANDS"]

Command = Callable[[argparse.Namespace], int]


def _say(args: argparse.Namespace, message: str) -> None:
    """A line on standard error, unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        sys.stderr.write(f"{message}\n")


def _warn(message: str) -> None:
    sys.stderr.write(f"paperkit: {one_line(message)}\n")


def _client(args: argparse.Namespace, services: tuple[str, ...]) -> tuple[Client, bool]:
    """A client with the command's settings, and whether none of ``services`` could be reached.

    Every ``PAPERKIT_*`` variable applies; ``--offline`` and ``--mailto`` win over theirs. When
    no service answers, the client answers from the cache only, so the run is quick and says why.
    """
    from paperkit.client import Client

    offline = True if args.offline else None
    settings = Settings.load(offline=offline, mailto=args.mailto)
    down = [] if settings.offline or not services else unreachable_services(settings, services)
    unreachable = bool(services) and len(down) == len(services)
    if unreachable:
        details = " or ".join(str(problem) for problem in down)
        _warn(f"could not reach {details}; answering from the cache only")
        offline = True
    return Client(offline=offline, mailto=args.mailto), unreachable


def _prepare_output(args: argparse.Namespace, default: str | None = "bibtex") -> str:
    """The output format; an output file that cannot be written fails now, before any work."""
    if args.format is None and args.output is None and default is None:
        raise ExportError(
            "give the output format with -f (bibtex, json, csl-json, markdown) or a file with -o",
            known=("bibtex", "json", "csl-json", "markdown"),
        )
    fmt = format_for(args.format, args.output, default=default or "bibtex")
    if args.output is not None:
        check_output(args.output)
    return fmt


def _options(args: argparse.Namespace, fmt: str) -> dict[str, object]:
    return export_options(args.unicode, args.key_template, fmt)


def _read_group(page: str, text: str | None = None) -> ReadingGroup:
    """The page's sessions; entries it had to skip are named on standard error with their line."""
    from paperkit.ingest import read_page_report

    with reading("standard input" if page == STDIN else repr(page)):
        if text is None:
            text = read_text(page)  # a clear refusal for missing, binary, non-UTF-8, empty files
        report = read_page_report(text if page == STDIN else Path(page))
    for problem in report.describe_problems():
        _warn(problem)
    return report.group


def run_ingest(args: argparse.Namespace) -> int:
    """The main job: read the pages, resolve every paper, export everything that was read."""
    from paperkit._cli_summary import summarize_enrich
    from paperkit.ingest import enrich

    fmt = _prepare_output(args)
    groups = [_read_group(page) for page in args.pages]
    group = groups[0]
    if len(groups) > 1:
        sessions = tuple(session for g in groups for session in g.sessions)
        group = group.model_copy(update={"sessions": sessions})
    bar = ProgressBar("resolving")
    client, unreachable = _client(args, ("arXiv", "Crossref"))
    with client:
        try:
            report = enrich(group, client=client, progress=bar)
        finally:
            bar.close()
    emit(report.group, fmt, args.output, **_options(args, fmt))
    for line in summarize_enrich(report, pages=len(args.pages), unreachable=unreachable):
        _say(args, f"paperkit: {line}")
    if args.output is not None:
        _say(args, f"paperkit: wrote {str(args.output)!r} ({fmt})")
    return EXIT_OK if report.ok else EXIT_UNRESOLVED


def run_fetch(args: argparse.Namespace) -> int:
    """Papers by arXiv id or DOI; what failed is named on standard error."""
    fmt = _prepare_output(args)
    ids = list(expand_stdin(args.ids))
    if not ids:
        raise IdentifierError("no identifiers given: standard input was empty")
    bar = ProgressBar("fetching")
    client, _ = _client(args, _services_for(ids))
    with client:
        try:
            batch = client.fetch_many(ids, progress=bar)
        finally:
            bar.close()
    for text, error in batch.failures.items():
        why = describe_failure(error)
        _warn(why if repr(text) in why else f"{text!r}: {why}")
    if batch.papers:
        emit(batch.papers, fmt, args.output, **_options(args, fmt))
    elif args.output is not None:
        _warn(f"no paper was fetched; {str(args.output)!r} was left as it was")
    if batch.ok:
        return EXIT_OK
    bad_input = any(isinstance(e, IdentifierError) for e in batch.failures.values())
    return EXIT_USAGE if bad_input else EXIT_UNRESOLVED


def _services_for(ids: list[str]) -> tuple[str, ...]:
    """The services these identifiers need; none when not one of them is valid."""
    from paperkit.identifiers import ArxivId, parse_id

    services: set[str] = set()
    for text in ids:
        try:
            identifier = parse_id(text)
        except IdentifierError:
            continue
        if isinstance(identifier, ArxivId) or identifier.value.startswith("10.48550/"):
            services.add("arXiv")
        else:
            services.update(("Crossref", "DataCite", "doi.org"))
    return tuple(name for name in SERVICES if name in services)


def run_resolve(args: argparse.Namespace) -> int:
    """The paper with this title, using the venue, year and authors as hints."""
    from paperkit.resolve import resolve

    fmt = _prepare_output(args)
    if not args.title.strip():
        raise ParseError("the title is empty")
    try:
        client, _ = _client(args, ("arXiv", "Crossref"))
        with client:
            paper = resolve(
                args.title,
                venue=args.venue,
                year=args.year,
                authors=tuple(args.authors) if args.authors else None,
                client=client,
            )
    except AmbiguousMatchError as exc:
        titles = "; ".join(repr(p.title) for p in exc.candidates[:3])
        raise AmbiguousMatchError(
            f"{args.title!r} matches several papers equally well: {titles}; "
            "add --venue, --year or --author",
            candidates=exc.candidates,
        ) from exc
    emit((paper,), fmt, args.output, **_options(args, fmt))
    return EXIT_OK


def run_venue(args: argparse.Namespace) -> int:
    """One JSON object per text: acronym, name, year, kind (all null when unknown)."""
    from paperkit.venues import normalize_venue

    texts = list(expand_stdin(args.texts))
    if not texts:
        raise ParseError("no venue text given: standard input was empty")
    unknown = 0
    for text in texts:
        venue = normalize_venue(text, year=args.year)
        known = venue is not None and venue.acronym is not None
        unknown += not known
        record = {
            "acronym": venue.acronym if venue else None,
            "name": venue.name if venue else None,
            "year": venue.year if venue else args.year,
            "kind": str(venue.kind) if venue and known else None,
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        if not known:
            _warn(f"{text!r}: not a venue paperkit knows")
    sys.stdout.flush()
    return EXIT_UNRESOLVED if unknown else EXIT_OK


def run_convert(args: argparse.Namespace) -> int:
    """.bib, paperkit JSON, CSL-JSON, JSON lines or a page, written in another format."""
    fmt = _prepare_output(args, default=None)
    name = str(args.file)
    suffix = args.file.suffix.lower()
    source = "standard input" if name == STDIN else repr(name)
    obj: ReadingGroup | tuple[Paper, ...]
    status = EXIT_OK
    with reading(source):
        text = read_text(name)
        stripped = text.lstrip()
        if suffix in {".bib", ".bibtex"} or (name == STDIN and stripped.startswith("@")):
            obj, status = _from_bibtex(text, source)
        elif suffix in {".json", ".jsonl"} or (name == STDIN and stripped[:1] in "[{"):
            obj = papers_from_json(text, source)
        else:
            obj = _read_group(name, text)
    emit(obj, fmt, args.output, **_options(args, fmt))
    return status


def _from_bibtex(text: str, source: str) -> tuple[tuple[Paper, ...], int]:
    """The papers of a .bib file; blocks it could not read are named with their lines (status 1)."""
    from paperkit.export import read_bibtex

    imported = read_bibtex(text)
    name = source.strip("'")
    if not imported.papers:
        first = imported.failed[0] if imported.failed else None
        why = f"; line {first.line}: {one_line(first.message)}" if first else ""
        raise ParseError(f"{source} holds no BibTeX entry paperkit can read{why}", source=source)
    for failed in imported.failed:
        _warn(f"{name}:{failed.line or '?'}: skipped: {one_line(failed.message)}")
    for duplicate in imported.duplicates:
        _warn(
            f"{name}:{duplicate.line or '?'}: left out {duplicate.key!r}, "
            f"{duplicate.reason} as {duplicate.duplicate_of!r}"
        )
    return imported.papers, EXIT_UNRESOLVED if imported.failed else EXIT_OK


def run_cache(args: argparse.Namespace) -> int:
    """Where the HTTP cache is and what it holds; or empty it."""
    from paperkit.client import Client

    with Client() as client:
        if args.action == "clear":
            client.clear_cache()
            _say(args, f"paperkit: emptied the cache in {client.settings.cache_dir}")
            return EXIT_OK
        info = client.cache_info()
    sys.stdout.write(
        f"path: {info.path}\nresponses: {info.responses}\nsize: {_size(info.size_bytes)}\n"
    )
    return EXIT_OK


def _size(size_bytes: int) -> str:
    if size_bytes < 1000:
        return f"{size_bytes} bytes"
    value = size_bytes / 1000
    for unit in ("kB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def run_bulk(args: argparse.Namespace) -> int:
    """arXiv's metadata snapshot, streamed to JSON lines, BibTeX, CSL-JSON or JSON."""
    from paperkit.bulk import run_bulk as bulk

    check_output(args.output)
    _check_snapshot(args.snapshot)
    alone = args.workers is None and args.scheduler is None
    try:
        with _no_cycle_collection() if alone else nullcontext():
            report = bulk(
                args.snapshot,
                args.output,
                format=args.format,
                workers=args.workers,
                scheduler=args.scheduler,
            )
    except ImportError as exc:
        raise ConfigError(
            "--workers and --scheduler need Dask: pip install 'paperkit[dask]'"
        ) from exc
    shown = report.problems[:_PROBLEMS_SHOWN]
    for problem in shown:
        _warn(str(problem))
    hidden = report.skipped + report.warnings - len(shown)
    if hidden > 0:
        _warn(f"... and {hidden} more problems")
    # a rate over a handful of records says more about start-up than about speed
    rate = f", {report.rate:,.0f} records/s" if report.records >= 10_000 and report.rate else ""
    _say(
        args,
        f"paperkit: read {report.records} records, wrote {report.papers} papers to "
        f"{str(args.output)!r}; skipped {report.skipped}{rate}",
    )
    return EXIT_UNRESOLVED if report.skipped else EXIT_OK


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused, in this process of the command's own.

    A bulk run makes no reference cycles (the tests hold it to that), so the collector frees
    nothing; its full passes over the run's caches cost 6% of a single-process run. A library
    call leaves the collector alone: the process is its caller's. Dask's processes keep theirs.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_PROBLEMS_SHOWN = 20
"""Problems of a bulk run named on standard error; the rest are counted."""


def _check_snapshot(path: Path) -> None:
    """Refuse a snapshot that is missing or a folder, before any worker starts."""
    if not path.exists():
        raise ParseError(f"cannot read {str(path)!r}: no such file", source=str(path))
    if path.is_dir():
        raise ParseError(f"cannot read {str(path)!r}: it is a folder", source=str(path))


COMMANDS: dict[str, Command] = {
    "ingest": run_ingest,
    "fetch": run_fetch,
    "resolve": run_resolve,
    "venue": run_venue,
    "convert": run_convert,
    "cache": run_cache,
    "bulk": run_bulk,
}
"""Subcommand name -> the function that runs it."""
