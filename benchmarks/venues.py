"""Venue normalization speed: strings per second, cold, on one core, and the registry's load cost.

Run ``python benchmarks/venues.py`` from the checkout. It prints:

- the import time of ``paperkit.venues`` (the module, without the registry);
- the time to load and validate the packaged registry (``VenueRegistry.default()``);
- strings per second over 100,000 venue strings, each read once in a fresh process.

The strings are the real ones of ``tests/fixtures/venues/venue_strings.tsv`` varied the way they
vary in the wild (other years, "Accepted at"/"To appear in" prefixes, tiers, page counts), so
almost every string is distinct and nothing is served from a cache.

Target (issue 3): 20,000 strings per second or more on one core, cold.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from machine import LAPTOP_US, reference_us

TABLE = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "venues" / "venue_strings.tsv"
)

PREFIXES = (
    *("", "", "", "", "Accepted at ", "Accepted to ", "To appear in ", "Published in "),
    *("12 pages, accepted to ", "8 pages, 3 figures. Accepted at ", "Camera-ready for "),
)
SUFFIXES = (
    *("", "", "", "", " (Oral)", " (spotlight)", " poster", ". Code: https://github.com/x/y"),
    *(", 10 pages", " (to appear)", ". Long paper", "; extended version"),
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def corpus(size: int, seed: int = 0) -> list[str]:
    """`size` venue strings built from the real table, nearly all distinct."""
    rows = [
        line.split("\t")[0]
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rng = random.Random(seed)
    strings = []
    for _ in range(size):
        text = YEAR.sub(str(rng.randint(1995, 2025)), rng.choice(rows), count=1)
        strings.append(rng.choice(PREFIXES) + text + rng.choice(SUFFIXES))
    return strings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="number of strings")
    args = parser.parse_args()

    started = time.perf_counter()
    from paperkit.venues import VenueRegistry, normalize_venue

    imported = time.perf_counter()
    registry = VenueRegistry.default()
    loaded = time.perf_counter()
    print(f"import paperkit.venues       {1000 * (imported - started):8.1f} ms")
    print(f"load registry ({len(registry)} venues) {1000 * (loaded - imported):8.1f} ms")

    strings = corpus(args.size)
    distinct = len(set(strings))
    started, cpu_started = time.perf_counter(), time.process_time()
    named = sum(normalize_venue(text) is not None for text in strings)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"strings                      {len(strings):8d} ({distinct} distinct, {named} named)")
    print(f"wall time                    {elapsed:8.2f} s")
    print(f"strings per second (wall)    {len(strings) / elapsed:8.0f}   (target 20000)")
    print(f"strings per CPU second       {len(strings) / cpu:8.0f}   (this process alone)")
    # the same figure depends on the machine: the reference loop tells how fast this one is
    print(f"reference sum(range(1000))   {reference_us():8.1f} us   (~{LAPTOP_US} on a laptop)")


if __name__ == "__main__":
    main()
