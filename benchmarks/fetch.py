"""Fetching 200 arXiv ids and 100 DOIs: paperkit against the naive way, on a replay server.

Run ``python benchmarks/fetch.py`` from the checkout. A local replay server (``tests/replay.py``)
answers every request after 100 ms, like a distant service. Printed for each way: requests made
and wall time, and for paperkit a warm-cache rerun's requests.

The naive way is one ``arxiv`` client search per id and one sequential ``requests.get`` per DOI.
Both ways use the same arXiv delay (``--arxiv-delay``, 0.1 s by default instead of arXiv's 3 s,
which would make the naive run take ten minutes).

Targets (issue 4): arXiv requests = ceil(N / 100); DOI wall time within 1.3x of what Crossref's
rate limit allows (10 requests per second in the polite pool); a warm rerun makes zero requests.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import arxiv
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from paperkit import Client
from replay import ReplayServer, write_synthetic

CROSSREF_RATE = 10.0
"""Crossref's polite pool: single-record requests per second."""


def _paperkit(
    server: ReplayServer, ids: list[str], dois: list[str], delay: float, cache: Path
) -> None:
    client = Client(
        **server.settings(), arxiv_delay=delay, cache_dir=cache, mailto="bench@example.org"
    )
    server.reset()
    started = time.monotonic()
    batch = client.fetch_many(ids)
    arxiv_time = time.monotonic() - started
    arxiv_requests = server.count("arxiv")
    started = time.monotonic()
    doi_batch = client.fetch_many(dois)
    doi_time = time.monotonic() - started
    doi_requests = server.count("crossref")
    assert batch.ok, batch.failures
    assert doi_batch.ok, doi_batch.failures
    allowed = (len(dois) - 1) / CROSSREF_RATE + server.latency
    print(
        f"paperkit  arXiv: {arxiv_requests:4d} requests {arxiv_time:7.2f} s   "
        f"(target {math.ceil(len(ids) / 100)} requests)"
    )
    print(
        f"paperkit  DOIs : {doi_requests:4d} requests {doi_time:7.2f} s   "
        f"(rate limit allows {allowed:.2f} s; ratio {doi_time / allowed:.2f}, target <= 1.30)"
    )
    server.reset()
    rerun = Client(
        **server.settings(), arxiv_delay=delay, cache_dir=cache, mailto="bench@example.org"
    )
    started = time.monotonic()
    rerun.fetch_many([*ids, *dois])
    elapsed = time.monotonic() - started
    print(
        f"paperkit  warm-cache rerun: {server.count():d} requests {elapsed:.2f} s"
        "   (target 0 requests)"
    )


def _naive(server: ReplayServer, ids: list[str], dois: list[str], delay: float) -> None:
    server.reset()
    client = arxiv.Client(delay_seconds=delay)
    client.query_url_format = server.arxiv_url + "?{}"
    started = time.monotonic()
    for arxiv_id in ids:
        list(client.results(arxiv.Search(id_list=[arxiv_id])))
    print(
        f"naive     arXiv: {server.count('arxiv'):4d} requests {time.monotonic() - started:7.2f} s"
    )
    server.reset()
    started = time.monotonic()
    for doi in dois:
        requests.get(f"{server.crossref_url}/works/{doi}", timeout=30).json()
    elapsed = time.monotonic() - started
    print(f"naive     DOIs : {server.count('crossref'):4d} requests {elapsed:7.2f} s")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arxiv", type=int, default=200, help="arXiv ids (default 200)")
    parser.add_argument("--dois", type=int, default=100, help="DOIs (default 100)")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request (0.1)")
    parser.add_argument(
        "--arxiv-delay", type=float, default=0.1, help="seconds between arXiv requests"
    )
    parser.add_argument("--skip-naive", action="store_true", help="only run paperkit")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        ids, dois = write_synthetic(root / "http", arxiv=args.arxiv, dois=args.dois)
        with ReplayServer(root / "http", latency=args.latency) as server:
            print(
                f"{args.arxiv} arXiv ids, {args.dois} DOIs, {args.latency * 1000:.0f} ms per "
                f"request, arXiv delay {args.arxiv_delay} s"
            )
            _paperkit(server, ids, dois, args.arxiv_delay, root / "cache")
            if not args.skip_naive:
                _naive(server, ids, dois, args.arxiv_delay)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
