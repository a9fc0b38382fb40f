"""Exports: BibTeX, JSON, CSL-JSON and Markdown spotlights, BibTeX import, atomic writes.

Every exporter is a plain function over the models; `write` picks one from a file's suffix.
"""

from __future__ import annotations

from paperkit.export._write import FORMATS, SUFFIXES, write
from paperkit.export.bibtex import BibtexImport, read_bibtex, to_bibtex
from paperkit.export.csl import to_csl_json
from paperkit.export.json import to_json
from paperkit.export.markdown import to_markdown

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "BibtexImport",
    "read_bibtex",
    "to_bibtex",
    "to_csl_json",
    "to_json",
    "to_markdown",
    "write",
]
