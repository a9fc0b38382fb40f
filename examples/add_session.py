"""Add this week's session to the group's existing ``.bib`` file, leaving the other entries be.

    python examples/add_session.py [BIB] [PAPER]

``PAPER`` is an arXiv id, a DOI or a URL (default: arXiv:1406.2661, "Generative Adversarial Nets").
The entry is appended to ``BIB`` (default: ``reading-group.bib``; made from the example page's own
data when it does not exist yet) unless the file already cites that paper. The file is replaced
atomically, so an interrupted run leaves it as it was.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import paperkit

HERE = Path(__file__).resolve().parent
_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def already_cited(paper: paperkit.Paper, cited: tuple[paperkit.Paper, ...]) -> bool:
    """True when the file holds this paper already: the same arXiv id, DOI or title."""
    title = paper.title.casefold()
    return any(
        (paper.arxiv_id and other.arxiv_id == paper.arxiv_id)
        or (paper.doi and other.doi == paper.doi)
        or other.title.casefold() == title
        for other in cited
    )


def new_entry(paper: paperkit.Paper, taken: set[str]) -> str:
    """The paper's BibTeX entry, with a key no entry of the file uses yet."""
    entry = paperkit.to_bibtex([paper])
    key = _KEY.search(entry)
    if key is None or key.group(1) not in taken:
        return entry
    suffix = next(
        letter for letter in "bcdefghijklmnopqrstuvwxyz" if key.group(1) + letter not in taken
    )
    return entry.replace(key.group(1), key.group(1) + suffix, 1)


def replace_atomically(path: Path, text: str) -> None:
    """Write beside the file, then rename over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(bib: Path, identifier: str) -> int:
    """Append the paper unless it is cited already; 0 when the file ends up citing it."""
    if not bib.exists():
        paperkit.write(paperkit.read_page(HERE / "reading-group.txt"), bib)
        print(f"made {bib} from the example page")
    text = bib.read_text(encoding="utf-8")
    cited = paperkit.read_bibtex(text).papers
    paper = paperkit.Client().fetch(identifier)
    if already_cited(paper, cited):
        print(f"{bib} already cites {paper.title!r}; nothing to do")
        return 0
    entry = new_entry(paper, set(_KEY.findall(text)))
    replace_atomically(bib, text.rstrip("\n") + "\n\n" + entry)
    after = paperkit.read_bibtex(bib).papers
    print(f"added {paper.title!r} to {bib}: {len(cited)} entries before, {len(after)} now")
    return 0 if len(after) == len(cited) + 1 and already_cited(paper, after) else 1


if __name__ == "__main__":
    arguments = sys.argv[1:]
    bib = Path(arguments[0]) if arguments else Path("reading-group.bib")
    identifier = arguments[1] if len(arguments) > 1 else "arXiv:1406.2661"
    sys.exit(main(bib, identifier))
