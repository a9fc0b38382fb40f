"""Build a reading group's bibliography: every paper the group discussed, as one BibTeX file.

    python examples/bibliography.py [PAGE] [OUTPUT]

Reads the group's page (default: ``examples/reading-group.txt``), resolves every paper by its title
with the page's venue and year as hints, and writes ``reading-group.bib``. Papers that could not
be looked up keep the page's own data, and the script says why. This is what
``paperkit ingest PAGE -o OUTPUT`` does, written out in Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

import paperkit

HERE = Path(__file__).resolve().parent


def main(page: Path, output: Path) -> int:
    """Read, resolve, write; 0 when the file holds one entry per paper of the page."""
    group = paperkit.read_page(page)
    print(f"{page.name}: {len(group.sessions)} sessions, {len(group.papers)} papers")

    client = paperkit.Client()  # settings from PAPERKIT_* (mailto, cache folder, service URLs)
    report = paperkit.enrich(group, client=client)
    for outcome in report.outcomes:
        print(f"  {outcome}")

    paperkit.write(report.group, output)  # atomic; the format comes from the suffix
    written = paperkit.read_bibtex(output)
    print(f"wrote {output} with {len(written.papers)} entries")
    return 0 if len(written.papers) == len(report.group.papers) else 1


if __name__ == "__main__":
    arguments = sys.argv[1:]
    page = Path(arguments[0]) if arguments else HERE / "reading-group.txt"
    output = Path(arguments[1]) if len(arguments) > 1 else Path("reading-group.bib")
    sys.exit(main(page, output))
