"""How fast this machine's core is, so that figures from different machines can be compared."""

from __future__ import annotations

import time

LAPTOP_US = 6
"""What `reference_us` gives on a 2023 laptop."""


def reference_us(runs: int = 1000) -> float:
    """CPU microseconds of ``sum(range(1000))``, averaged over ``runs`` runs."""
    started = time.thread_time()  # this thread's: a benchmark samples it beside its own work
    for _ in range(runs):
        sum(range(1000))
    return 1e6 * (time.thread_time() - started) / runs
