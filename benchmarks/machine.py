"""How fast this machine's core is, so that figures from different machines can be compared."""

from __future__ import annotations

import time

LAPTOP_US = 6
"""What `reference_us` gives on a 2023 laptop."""


def reference_us() -> float:
    """CPU microseconds of ``sum(range(1000))``, averaged over 1,000 runs."""
    started = time.process_time()
    for _ in range(1000):
        sum(range(1000))
    return 1000 * (time.process_time() - started)
