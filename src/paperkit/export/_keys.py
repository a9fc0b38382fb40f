"""Citation keys: Google Scholar's ``vaswani2017attention`` by default, or a user's template.

A key is built from the paper alone, so the same paper gets the same key on every run. When two
papers in one export would share a key, the first keeps it and the later ones get ``a``, ``b``,
... appended, the way JabRef does, so adding a paper never renames the keys already cited.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

from paperkit.errors import ExportError
from paperkit.models import Paper

__all__ = ["KEY_FIELDS", "assign_keys", "citation_key"]

DEFAULT_TEMPLATE = "{author}{year}{title}"
KEY_FIELDS = ("author", "authors", "year", "title", "arxiv")
"""The placeholders a key template may use."""

# Words Google Scholar skips when it picks the title word of a key.
_STOP_TEXT = """
a an and are as at be by for from how in into is it its of on or over the their this to
toward towards under via what when where which who why with without your you we our
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
# Letters that NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe",
     "Œ": "OE", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"}
)  # fmt: skip
_NOT_KEY_CHAR = re.compile(r"[^A-Za-z0-9_:.\-]")
_WORDS = re.compile(r"[a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Fold text to ASCII: accents are dropped, other scripts disappear."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _family_word(paper: Paper) -> str:
    if not paper.authors:
        return "anon"
    author = paper.authors[0]
    name = author.family if author.family and not author.organization else author.name
    # drop particles as BibTeX does for its "Last" part: "von Luxburg" -> "luxburg"
    words = [w for w in name.split() if not w[:1].islower()] or name.split()
    folded = _WORDS.findall(ascii_fold(words[0] if author.organization else "".join(words)).lower())
    return "".join(folded) or "anon"


def _title_words(paper: Paper) -> list[str]:
    return _WORDS.findall(ascii_fold(paper.title).lower())


def _title_word(paper: Paper) -> str:
    words = _title_words(paper)
    return next((w for w in words if w not in _STOP_WORDS), words[0] if words else "")


def _fields(paper: Paper) -> dict[str, str]:
    families = []
    for author in paper.authors[:3]:
        families.append(_family_word(paper.model_copy(update={"authors": (author,)})))
    return {
        "author": _family_word(paper),
        "authors": "".join(families) + ("etal" if len(paper.authors) > 3 else ""),
        "year": str(paper.year or (paper.venue.year if paper.venue else None) or ""),
        "title": _title_word(paper),
        "arxiv": re.sub(r"[^0-9a-z.]", "", (paper.arxiv_id or "").lower()),
    }


def _check_template(template: str) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise ExportError(f"key template {template!r} is malformed: {exc}") from exc
    unknown = [n for n in names if n not in KEY_FIELDS]
    if unknown:
        raise ExportError(
            f"key template {template!r} uses unknown field(s) {', '.join(unknown)}; "
            f"known: {', '.join(KEY_FIELDS)}",
            known=KEY_FIELDS,
        )


def citation_key(paper: Paper, template: str | None = None) -> str:
    """The key of one paper, before collisions are resolved.

    Args:
        paper: The paper.
        template: A ``str.format`` template over the fields in `KEY_FIELDS`, e.g.
            ``"{author}{year}{title}"`` (the default) or ``"{authors}:{year}"``.

    Returns:
        A key made only of ASCII letters, digits and ``_:.-``.

    Raises:
        ExportError: The template names an unknown field.
    """
    template = template or DEFAULT_TEMPLATE
    _check_template(template)
    key = _NOT_KEY_CHAR.sub("", template.format(**_fields(paper)))
    return key or "paper"


def _suffixes() -> Iterable[str]:
    letters = string.ascii_lowercase
    yield from letters
    yield from (a + b for a in letters for b in letters)


def assign_keys(papers: Iterable[Paper], template: str | None = None) -> list[str]:
    """Keys for papers in order, unique within the list (``a``, ``b``, ... on collisions)."""
    used: set[str] = set()
    keys: list[str] = []
    for paper in papers:
        base = citation_key(paper, template)
        key = base
        if key in used:
            key = next(base + s for s in _suffixes() if base + s not in used)
        used.add(key)
        keys.append(key)
    return keys
