"""A JSON Feed of the group's sessions, for a static site (Hugo, Jekyll, Eleventy...).

    python examples/json_feed.py [PAGE] [OUTPUT]

Reads the group's page, resolves every paper, and writes ``feed.json`` in the JSON Feed 1.1 format
(https://jsonfeed.org/version/1.1): one item per session, with the paper's title, abstract,
authors, venue, links and the discussion leaders. Static-site generators and feed readers read it
as they are.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import paperkit

HERE = Path(__file__).resolve().parent


def item(session: paperkit.Session, number: int) -> dict[str, Any]:
    """One feed item for one session (its first paper; the others are listed in the text)."""
    paper = session.papers[0]
    venue = paper.venue
    tags = [t for t in (venue.acronym if venue else None, *paper.categories[:1]) if t]
    text = paper.abstract or ""
    if session.leaders:
        text = f"Discussion leader: {', '.join(session.leaders)}\n\n{text}".strip()
    where = " ".join(str(part) for part in (venue.acronym, venue.year) if part) if venue else ""
    entry: dict[str, Any] = {
        "id": paper.doi or paper.arxiv_id or f"session-{number}",
        "title": f"{paper.title} ({where})" if where else paper.title,
        "content_text": text,
        "authors": [{"name": author.name} for author in paper.authors],
        "tags": tags,
    }
    if paper.url:
        entry["url"] = paper.url
    if paper.pdf_url:
        entry["external_url"] = paper.pdf_url
    if session.date:
        entry["date_published"] = f"{session.date.isoformat()}T00:00:00Z"
    return entry


def feed(group: paperkit.ReadingGroup) -> dict[str, Any]:
    """The whole feed."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": group.name or "Reading group",
        **({"home_page_url": group.url} if group.url else {}),
        "items": [item(session, n) for n, session in enumerate(group.sessions, 1)],
    }


def write_atomically(text: str, path: Path) -> None:
    """Write beside the target, then rename: a reader never sees half a feed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(page: Path, output: Path) -> int:
    """Read, resolve, write the feed; 0 when it has one item per session."""
    group = paperkit.read_page(page)
    report = paperkit.enrich(group, client=paperkit.Client())
    document = feed(report.group)
    write_atomically(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
    items = json.loads(output.read_text(encoding="utf-8"))["items"]
    print(f"wrote {output}: {len(items)} items")
    for entry in items:
        print(f"  {entry['title']}")
    return 0 if len(items) == len(group.sessions) else 1


if __name__ == "__main__":
    arguments = sys.argv[1:]
    page = Path(arguments[0]) if arguments else HERE / "reading-group.txt"
    output = Path(arguments[1]) if len(arguments) > 1 else Path("feed.json")
    sys.exit(main(page, output))
