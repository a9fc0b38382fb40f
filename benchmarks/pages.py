"""Reading large reading-group pages: sessions per second for text, Markdown and HTML.

Run ``python benchmarks/pages.py`` from the checkout. Each page is one of the examples in
``examples/`` with its meetings repeated (``--copies``, 400 by default: 2,000 sessions), read with
`paperkit.read_page`; printed per format: page size, sessions found, best wall time of three runs
and sessions per second. No network is used.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from paperkit import read_page

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _pages(copies: int) -> dict[str, str]:
    text = (EXAMPLES / "reading-group.txt").read_text(encoding="utf-8")
    meetings = text[text.index("Paper Spotlight") : text.index("bottom of page")]
    markdown = (EXAMPLES / "reading-group.md").read_text(encoding="utf-8")
    html = (EXAMPLES / "reading-group.html").read_text(encoding="utf-8")
    body = html[html.index("<article>") : html.rindex("</article>") + len("</article>")]
    return {
        "text": "top of page\n\n" + meetings * copies + "bottom of page\n",
        "markdown": markdown * copies,
        "html": html.replace(body, body * copies),
    }


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=400, help="times each meeting repeats")
    args = parser.parse_args()
    print(f"{'format':<10} {'KiB':>7} {'sessions':>9} {'seconds':>8} {'sessions/s':>11}")
    for name, page in _pages(args.copies).items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            group = read_page(page, format=name)
            best = min(best, time.perf_counter() - start)
        sessions = len(group.sessions)
        size = len(page) // 1024
        print(f"{name:<10} {size:>7} {sessions:>9} {best:>8.2f} {sessions / best:>11,.0f}")


if __name__ == "__main__":
    main()
