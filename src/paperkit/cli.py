"""The ``paperkit`` command.

```
paperkit ingest PAGE... [-f FORMAT] [-o FILE] [--offline] [--mailto ADDR]   the main job
paperkit fetch ID... [-f FORMAT] [-o FILE]        papers by arXiv id or DOI ("-" reads stdin)
paperkit resolve "TITLE" [--venue V] [--year Y] [--author A]...
paperkit venue TEXT... [--year Y]                 one JSON object per line
paperkit convert FILE -f FORMAT [-o FILE]         .bib, paperkit JSON, CSL-JSON or a page
paperkit cache info|clear
paperkit bulk SNAPSHOT -f jsonl -o OUT [--workers N | --scheduler ADDRESS]
```

Exit status: 0 when everything worked, 1 when some papers could not be resolved (the output
still holds everything that was read), 2 for bad usage or unreadable input, 130 and 143 when
interrupted by SIGINT or SIGTERM (a file named by ``-o`` is then left as it was). Errors are one
line on standard error; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TextIO

from paperkit import __version__
from paperkit._cli_commands import COMMANDS
from paperkit._cli_output import FORMATS, one_line
from paperkit._cli_status import EXIT_UNRESOLVED, EXIT_USAGE
from paperkit.errors import AmbiguousMatchError, FetchError, PaperkitError

__all__ = ["build_parser", "main"]


_GRACE_SECONDS = 2.0
"""After a signal, how long requests still running may take before the process leaves anyway."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its complaints on one line instead of usage plus message."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {one_line(message)} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def _year(text: str) -> int:
    if not text.isdigit() or not 1450 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (e.g. 2017)")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (1 or more)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser, with one subparser per subcommand."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="no summary"
    )

    network = _Parser(add_help=False)
    network.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="answer from the cache only (PAPERKIT_OFFLINE=1)",
    )
    network.add_argument(
        "--mailto", metavar="ADDR", help="contact address for Crossref (PAPERKIT_MAILTO)"
    )

    output = _Parser(add_help=False)
    output.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="output format (default: from -o's suffix, or bibtex)",
    )
    output.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here (atomically), not to stdout"
    )
    output.add_argument(
        "--unicode", action="store_true", help="BibTeX: keep UTF-8 text (for biber), not LaTeX"
    )
    output.add_argument(
        "--key-template",
        metavar="TEMPLATE",
        help="citation keys, e.g. '{author}{year}' (default: like vaswani2017attention)",
    )

    parser = _Parser(
        prog="paperkit",
        description="Clean, typed metadata for the papers your reading group discusses.",
        epilog="Settings also come from PAPERKIT_* environment variables; see the docs.",
    )
    parser.add_argument("--version", action="version", version=f"paperkit {__version__}")
    parser.add_argument("--debug", action="store_true", default=False, help="show tracebacks")
    parser.add_argument("-q", "--quiet", action="store_true", default=False, help="no summary")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def add(name: str, help_: str, *parents: _Parser) -> argparse.ArgumentParser:
        family = [common, *parents]
        sub = commands.add_parser(name, help=help_, description=help_, parents=family)
        sub.set_defaults(run=COMMANDS[name])
        return sub

    ingest = add(
        "ingest",
        "read reading-group pages, resolve every paper, and export them",
        output,
        network,
    )
    ingest.add_argument(
        "pages", nargs="+", metavar="PAGE", help="text, Markdown or HTML; - is stdin"
    )

    fetch = add("fetch", "fetch papers by arXiv id or DOI", output, network)
    fetch.add_argument("ids", nargs="+", metavar="ID", help="arXiv id, DOI or URL; - reads stdin")

    resolve = add("resolve", "find the paper with this title", output, network)
    resolve.add_argument("title", metavar="TITLE")
    resolve.add_argument("--venue", help="venue hint, e.g. 'NIPS 2017'")
    resolve.add_argument("--year", type=_year, help="year hint")
    resolve.add_argument(
        "--author", dest="authors", action="append", metavar="NAME", help="an author (repeatable)"
    )

    venue = add("venue", "normalize venue names; prints one JSON object per line")
    venue.add_argument("texts", nargs="+", metavar="TEXT", help="e.g. 'NIPS 2017'; - reads stdin")
    venue.add_argument("--year", type=_year, help="year, when the text has none")

    convert = add("convert", "convert .bib, JSON, CSL-JSON or a page to another format", output)
    convert.add_argument("file", type=Path, metavar="FILE", help="the file to convert; - is stdin")

    cache = add("cache", "show or clear the HTTP cache")
    cache.add_argument("action", choices=("info", "clear"))

    bulk = add("bulk", "convert arXiv's metadata snapshot (JSON lines, plain or gzip)")
    bulk.add_argument("snapshot", type=Path, metavar="SNAPSHOT")
    bulk.add_argument(
        "-f",
        "--format",
        choices=("jsonl", "bibtex", "csl-json", "json"),
        help="output format (default: from OUT's suffix)",
    )
    bulk.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    where = bulk.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers, metavar="N", help="a local Dask cluster")
    where.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    debug = "--debug" in arguments
    with _Interrupts() as interrupts, _one_line_warnings(debug):
        try:
            args = parser.parse_args(arguments)
            debug = bool(args.debug)
            interrupts.output = getattr(args, "output", None)
            status: int = args.run(args)
            return status
        except SystemExit as exc:  # argparse: --help, --version and usage errors
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        except KeyboardInterrupt:
            return interrupts.report()
        except BrokenPipeError:  # e.g. `paperkit fetch ... | head`; the reader left, not an error
            _silence_stdout()
            return 128 + signal.SIGPIPE
        except PaperkitError as exc:
            _fail(exc, debug)
            unresolved = isinstance(exc, FetchError | AmbiguousMatchError)
            return EXIT_UNRESOLVED if unresolved else EXIT_USAGE
        except OSError as exc:
            _fail(exc, debug, _os_message(exc))
            return EXIT_USAGE
        except Exception as exc:  # a bug: still one line, and the way to see more
            hint = "" if debug else " (a bug in paperkit; run with --debug for the traceback)"
            _fail(exc, debug, f"unexpected {type(exc).__name__}: {one_line(str(exc))}{hint}")
            return EXIT_USAGE


@contextmanager
def _one_line_warnings(debug: bool) -> Iterator[None]:
    """Warnings as one ``paperkit: warning:`` line each; libraries' log chatter only with --debug.

    Only how warnings are shown changes: filters (e.g. "error" in the test suite) still apply.
    """
    root = logging.getLogger()
    handler: logging.Handler
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    else:  # keeps Python's last-resort handler from printing e.g. bibtexparser's parse errors
        handler = logging.NullHandler()
    root.addHandler(handler)

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        sys.stderr.write(f"paperkit: warning: {one_line(str(message))}\n")

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show
            yield
    finally:
        root.removeHandler(handler)


def _fail(exc: BaseException, debug: bool, message: str | None = None) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    sys.stderr.write(f"paperkit: error: {message or one_line(str(exc))}\n")


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or one_line(str(exc))
    return f"cannot use {exc.filename!r}: {reason}" if exc.filename else reason


def _silence_stdout() -> None:
    # Python would complain again when it flushes stdout at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Interrupts:
    """While the command runs, SIGINT and SIGTERM both raise KeyboardInterrupt in the main thread.

    Requests still running in worker threads may hold up the exit; after a grace period the
    process leaves anyway, with the same message. Files are written atomically (a temporary file,
    then a rename), so leaving early never leaves half a file.
    """

    def __init__(self) -> None:
        self.output: Path | None = None
        self.signum: int | None = None
        self._reported = threading.Event()
        self._watchdog: threading.Timer | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._interrupt)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        # keep the watchdog only while worker threads could still hold up the exit
        if self._watchdog is not None and not self._busy_threads():
            self._watchdog.cancel()

    def _interrupt(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
            self._watchdog = threading.Timer(_GRACE_SECONDS, self._leave)
            self._watchdog.daemon = True
            self._watchdog.start()
        raise KeyboardInterrupt

    def report(self) -> int:
        """Say what happened, once; the exit status (130 for SIGINT, 143 for SIGTERM)."""
        signum = self.signum or signal.SIGINT
        if not self._reported.is_set():
            self._reported.set()
            kept = (
                f"{str(self.output)!r} was left as it was" if self.output else "nothing was written"
            )
            name = signal.Signals(signum).name
            sys.stderr.write(f"\npaperkit: interrupted by {name}; {kept}\n")
            sys.stderr.flush()
        return 128 + signum

    def _leave(self) -> None:
        status = self.report()
        os._exit(status)

    def _busy_threads(self) -> list[threading.Thread]:
        main = threading.main_thread()
        return [
            t
            for t in threading.enumerate()
            if t is not main and t is not self._watchdog and not t.daemon
        ]
