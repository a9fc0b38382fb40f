"""BibTeX export (`to_bibtex`) and import (`read_bibtex`).

Entries are built as bibtexparser v2 objects (``Library``, ``Entry``, ``Field``) and written by
``bibtexparser.write_string``; text is encoded to LaTeX once, here, from the Unicode the models
hold. What the export writes:

- ``@inproceedings`` for conference and workshop papers (``booktitle`` is the edition's
  proceedings title when known, with ``series``, ``volume``, ``pages`` and ``publisher``),
  ``@article`` for journal papers (``journal``, ``volume``, ``number``, ``pages``,
  ``publisher``), and ``@misc`` for preprints, with ``eprint``, ``archivePrefix = {arXiv}``,
  ``primaryClass`` and a note "arXiv preprint arXiv:2109.13916". Published papers keep their
  ``eprint``.
- ``doi``, ``url`` and ``eprint`` are never LaTeX-escaped; the few characters that would break
  a file there (braces, backslashes, white space) are percent-encoded, which links resolve alike.
- Names are "Family, Given" (``von Luxburg, Ulrike``, ``King, Jr., Martin Luther``) joined by
  "and"; organisations and one-word names are braced so no style splits them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from paperkit._latex import encode
from paperkit.errors import ExportError
from paperkit.export._bibread import BibtexImport, DuplicateEntry, FailedBlock, read_bibtex
from paperkit.export._keys import assign_keys
from paperkit.export._papers import Exportable, collect_papers, is_preprint, venue_title
from paperkit.export._title import encode_title
from paperkit.models import Author, Paper, VenueKind

__all__ = [
    "PROTECT_MODES",
    "BibtexImport",
    "DuplicateEntry",
    "FailedBlock",
    "format_name",
    "read_bibtex",
    "to_bibtex",
]

PROTECT_MODES = ("auto", "none", "all")
"""How `to_bibtex` protects capitals in titles from case-changing styles."""

_BRACES = re.compile(r"[{}]")
_LINK_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", "\t": "%09", "\n": "%0A"}


def _link(value: str) -> str:
    # not LaTeX escaping: percent-encoding, which resolvers read as the same link
    return "".join(_LINK_UNSAFE.get(ch, ch) for ch in value.strip())


def _simple_word(word: str, *, lower: bool) -> bool:
    first = word[:1]
    if word.casefold() == "and":
        return False
    if lower:
        return word.isascii() and word.isalpha() and first.islower()
    return first.isascii() and first.isupper()


def _guarded(text: str, unicode: bool) -> str:
    # braces stop BibTeX from reading commas or a lone "and" inside a part as separators
    words = [w.casefold() for w in text.split()]
    encoded = encode(text, unicode=unicode)
    return "{" + encoded + "}" if "," in text or "and" in words else encoded


def format_name(author: Author, *, unicode: bool = False) -> str:
    """One author as BibTeX reads it back: "Family, Given", "Family, Jr., Given" or "{Name}".

    Args:
        author: The author.
        unicode: Keep non-ASCII characters as UTF-8.

    Returns:
        The name, LaTeX-encoded.
    """
    if author.organization or not author.family:
        return "{" + encode(author.name, unicode=unicode) + "}"
    if author.given is None and author.suffix is None:
        return "{" + encode(author.family, unicode=unicode) + "}"
    words = author.family.split()
    split = 0
    while split < len(words) - 1 and _simple_word(words[split], lower=True):
        split += 1
    von, last = words[:split], words[split:]
    last_text = " ".join(last)
    if all(_simple_word(w, lower=False) for w in last) and "," not in last_text:
        last_latex = encode(last_text, unicode=unicode)
    else:
        # "{boyd}", "{Ödön}", "{cruz de}": a Last part BibTeX would split or misread as "von"
        last_latex = "{" + encode(last_text, unicode=unicode) + "}"
    family = " ".join([*von, last_latex])
    parts = [family]
    if author.suffix:
        parts.append(_guarded(author.suffix, unicode))
    parts.append(_guarded(author.given, unicode) if author.given else "")
    return ", ".join(parts).rstrip(" ")


def _balanced(value: str) -> bool:
    depth = 0
    for brace in _BRACES.findall(value):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _venue_fields(paper: Paper) -> tuple[str, list[tuple[str, str | None]]]:
    venue = paper.venue
    title = venue_title(venue)
    if venue is None or is_preprint(paper) or title is None:
        return "misc", []
    if venue.kind in (VenueKind.CONFERENCE, VenueKind.WORKSHOP):
        return "inproceedings", [
            ("booktitle", title),
            ("series", venue.series),
            ("volume", venue.volume),
            ("pages", paper.pages),
            ("publisher", venue.publisher),
        ]
    if venue.kind is VenueKind.JOURNAL:
        return "article", [
            ("journal", venue.name or venue.acronym or venue.raw),
            ("volume", venue.volume),
            ("number", venue.issue),
            ("pages", paper.pages),
            ("publisher", venue.publisher),
        ]
    return "misc", [("howpublished", title), ("pages", paper.pages)]


def _entry(paper: Paper, key: str, *, unicode: bool, protect: str) -> Entry:
    entry_type, venue_fields = _venue_fields(paper)
    text: list[tuple[str, str | None]] = [
        ("author", " and ".join(format_name(a, unicode=unicode) for a in paper.authors) or None),
        ("title", encode_title(paper.title, unicode=unicode, protect=protect)),
    ]
    for name, value in venue_fields:
        encoded = encode(value, unicode=unicode, ligatures=name == "pages") if value else None
        text.append((name, encoded))
    year = paper.year or (paper.venue.year if paper.venue else None)
    text.append(("year", str(year) if year else None))
    links: list[tuple[str, str | None]] = [
        ("doi", _link(paper.doi) if paper.doi else None),
        ("url", _link(paper.url) if paper.url else None),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv" if paper.arxiv_id else None),
        ("primaryClass", paper.primary_category if paper.arxiv_id else None),
    ]
    note = (
        f"arXiv preprint arXiv:{paper.arxiv_id}" if paper.arxiv_id and is_preprint(paper) else None
    )
    tail: list[tuple[str, str | None]] = [
        ("note", note),
        ("abstract", _abstract(paper.abstract, unicode) if paper.abstract else None),
    ]
    fields = [Field(name, value) for name, value in [*text, *links, *tail] if value]
    for field in fields:
        if not _balanced(field.value):  # a guard: encoding is built never to get here
            raise ExportError(f"field {field.key!r} of {paper.title!r} has unbalanced braces")
    return Entry(entry_type, key, fields)


def _abstract(abstract: str, unicode: bool) -> str | None:
    paragraphs = [" ".join(p.split()) for p in abstract.split("\n\n")]
    text = "\n\n".join(encode(p, unicode=unicode) for p in paragraphs if p)
    return text or None


def to_bibtex(
    obj: Exportable,
    *,
    key_template: str | None = None,
    unicode: bool = False,
    protect: str = "auto",
) -> str:
    """Write papers as a BibTeX file that BibTeX, biber and bibtexparser all read.

    Args:
        obj: A `Paper`, papers, a `Session`, sessions or a `ReadingGroup`; a paper that
            appears twice is written once.
        key_template: A ``str.format`` template for citation keys over ``author``,
            ``authors``, ``year``, ``title`` and ``arxiv``; the default
            ``"{author}{year}{title}"`` gives Google Scholar's ``vaswani2017attention``.
            Colliding keys get ``a``, ``b``, ... appended.
        unicode: Keep non-ASCII text as UTF-8 (for biber) instead of LaTeX commands.
        protect: "auto" braces the words whose capitals a style must keep (``{BERT}``,
            ``{GPT}-4``, ``{CT-GAN}``), "all" the whole title, "none" nothing.

    Returns:
        The file's text, entries in input order, ending with a newline.

    Raises:
        ExportError: An unknown `protect` mode, key template field, or input type.
    """
    if protect not in PROTECT_MODES:
        raise ExportError(
            f"unknown protect mode {protect!r}; known: {', '.join(PROTECT_MODES)}",
            known=PROTECT_MODES,
        )
    papers = collect_papers(obj)
    keys = assign_keys(papers, key_template)
    entries = [
        _entry(p, k, unicode=unicode, protect=protect) for p, k in zip(papers, keys, strict=True)
    ]
    return _write(entries)


def _write(entries: Iterable[Entry]) -> str:
    layout = BibtexFormat()  # type: ignore[no-untyped-call]
    layout.indent = "  "
    layout.value_column = "auto"
    layout.block_separator = "\n"
    library = Library(list(entries))
    # the library is thrown away after writing: no need for the stack to copy every entry
    stack = default_unparse_stack(allow_inplace_modification=True)
    text: str = bibtexparser.write_string(  # type: ignore[attr-defined]
        library, unparse_stack=stack, bibtex_format=layout
    )
    return text
