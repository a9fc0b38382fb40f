"""A batch of 200 arXiv ids and 100 DOIs with 20% of requests failing, against the same batch clean.

Run ``python benchmarks/faults.py`` from the checkout. The batch (``tests/fault_corpus.py``) is
written into a temporary folder and served by the replay server (``tests/replay.py``); in the
faulty run every service fails a share of requests at random with 429 (``Retry-After: 1``), 503
(``Retry-After: 1``), a stalled answer, a reset connection, a truncated body, a body cut short,
and, for arXiv, an empty feed for ids that exist. Each run uses a fresh cache.

Printed for each run: papers fetched, failures reported (4 inputs name papers nobody knows, so 4
is the floor), lost inputs (neither fetched nor reported; must be 0), wrong papers (an input
answered with another paper; must be 0), requests the server saw, retries, and wall time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fault_corpus import Corpus, inject_faults, write_corpus
from paperkit import Client
from replay import ReplayServer


@dataclass
class Figures:
    """What one run of the batch did."""

    fetched: int
    failed: int
    lost: int
    wrong: int
    requests: int
    retries: int
    seconds: float
    faults: Counter[str]


def _run(
    root: Path, corpus: Corpus, cache: Path, args: argparse.Namespace, faulty: bool
) -> Figures:
    with ReplayServer(root, latency=args.latency) as server:
        if faulty:
            inject_faults(server, rate=args.rate, seed=args.seed, retry_after="1", stall=args.stall)
        client = Client(
            **server.settings(),
            arxiv_delay=args.arxiv_delay,
            timeout=args.timeout,
            cache_dir=cache,
            mailto="bench@example.org",
            backoff=args.backoff,
        )
        started = time.monotonic()
        batch = client.fetch_many(corpus.inputs)
        seconds = time.monotonic() - started
        client.close()
        records = server.requests
    inputs = corpus.inputs
    lost = sum(1 for i in inputs if i not in batch.results and i not in batch.failures)
    lost += sum(1 for i in batch.results if i in batch.failures)  # counted twice is lost too
    wrong = sum(1 for i, p in batch.results.items() if p.title != corpus.expected[i].title)
    return Figures(
        fetched=len(batch.results),
        failed=len(batch.failures),
        lost=lost,
        wrong=wrong,
        requests=len(records),
        retries=client.retries_made,
        seconds=seconds,
        faults=Counter(r.fault for r in records if r.fault is not None),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.2, help="share of requests that fail")
    parser.add_argument("--seed", type=int, default=9, help="seed of the fault streams")
    parser.add_argument(
        "--arxiv-delay", type=float, default=0.25, help="seconds between arXiv requests"
    )
    parser.add_argument("--timeout", type=float, default=1.0, help="seconds per request")
    parser.add_argument("--stall", type=float, default=3.0, help="seconds a stalled answer waits")
    parser.add_argument("--backoff", type=float, default=0.1, help="seconds before a first retry")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every answer")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="paperkit-faults-") as folder:
        root = Path(folder) / "http"
        corpus = write_corpus(root)
        clean = _run(root, corpus, Path(folder) / "cache-clean", args, faulty=False)
        faulty = _run(root, corpus, Path(folder) / "cache-faulty", args, faulty=True)

    total = len(corpus.inputs)
    print(
        f"batch: {len(corpus.arxiv_inputs)} arXiv ids + {len(corpus.doi_inputs)} DOIs = {total} "
        f"inputs ({len(corpus.missing)} name papers nobody knows); faults at {args.rate:.0%} of "
        f"requests; arxiv_delay {args.arxiv_delay} s, timeout {args.timeout} s"
    )
    print(f"{'':24}{'clean':>10}{'faulty':>10}")
    rows = [
        ("papers fetched", clean.fetched, faulty.fetched),
        ("failures reported", clean.failed, faulty.failed),
        ("lost (must be 0)", clean.lost, faulty.lost),
        ("wrong paper (must be 0)", clean.wrong, faulty.wrong),
        ("requests made", clean.requests, faulty.requests),
        ("retries", clean.retries, faulty.retries),
    ]
    for name, a, b in rows:
        print(f"{name:24}{a:>10d}{b:>10d}")
    print(f"{'wall time (s)':24}{clean.seconds:>10.2f}{faulty.seconds:>10.2f}")
    print(f"{'time ratio':24}{'':>10}{faulty.seconds / clean.seconds:>9.2f}x")
    injected = ", ".join(f"{kind} {n}" for kind, n in faulty.faults.most_common())
    share = sum(faulty.faults.values()) / max(faulty.requests, 1)
    print(f"faults injected: {sum(faulty.faults.values())} ({share:.0%} of requests): {injected}")
    return 0 if faulty.lost == clean.lost == faulty.wrong == clean.wrong == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
