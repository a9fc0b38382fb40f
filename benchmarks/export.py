"""Export speed: BibTeX entries per second on one core.

Run ``python benchmarks/export.py`` from the checkout (``--papers N`` to change the count,
10,000 by default). The papers are synthetic but shaped like real ones: eight authors, some
with accented names, a title with acronyms, a 1,000-character abstract, a venue and pages, and
now and then a character TeX treats specially (``%``, ``&``, ``$``, ``_``). Papers are built
first; only `to_bibtex` is timed. It prints entries per second for the default (LaTeX-encoded)
output and for ``unicode=True`` (biber) output.
"""

from __future__ import annotations

import argparse
import random
import time

from paperkit.export import to_bibtex
from paperkit.models import Author, Paper, Venue, VenueKind

GIVEN = ("Ashish", "Noam", "Łukasz", "Søren", "José", "Zoë", "Chen", "Aidan N.", "Jürgen", "Ana")
FAMILY = ("Vaswani", "Shazeer", "Kaiser", "Kierkegaard", "García", "Müller", "Wang", "Gomez")
FAMILY += ("von Luxburg", "d'Alché-Buc", "Erdős", "Schmidhuber", "de la Cruz", "Dvořák")
WORDS = (
    *("attention", "learning", "neural", "networks", "scalable", "robust", "models", "for"),
    *("transformers", "via", "graph", "contrastive", "BERT", "GPT-4", "SimCLR", "ImageNet"),
    *("3D", "of", "the", "diffusion", "policy", "optimization", "language", "vision"),
)
ABSTRACT_EXTRAS = ("50% fewer", "R&D", "costs $5", "x_1", "state-of-the-art", "naïve", "--")


def papers(count: int, seed: int = 0) -> list[Paper]:
    """`count` distinct synthetic papers."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        words = [rng.choice(WORDS) for _ in range(150)]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(ABSTRACT_EXTRAS))
        authors = tuple(
            Author(given=rng.choice(GIVEN), family=rng.choice(FAMILY)) for _ in range(8)
        )
        year = 2015 + i % 10
        out.append(
            Paper(
                title=f"{title} {i}",
                authors=authors,
                abstract=" ".join(words).capitalize() + ".",
                year=year,
                venue=Venue(
                    acronym="NeurIPS",
                    name="Conference on Neural Information Processing Systems",
                    year=year,
                    kind=VenueKind.CONFERENCE,
                    proceedings=f"Advances in Neural Information Processing Systems {year - 1987}",
                    publisher="Curran Associates, Inc.",
                ),
                pages=f"{i}--{i + 10}",
                arxiv_id=f"{year % 100:02d}{1 + i % 12:02d}.{10000 + i:05d}",
            )
        )
    return out


def main() -> None:
    """Print BibTeX entries per second."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--papers", type=int, default=10_000)
    args = parser.parse_args()
    corpus = papers(args.papers)
    to_bibtex(corpus[:10])  # imports and first-call setup are not what is measured
    for unicode in (False, True):
        started = time.perf_counter()
        to_bibtex(corpus, unicode=unicode)
        seconds = time.perf_counter() - started
        label = "unicode=True " if unicode else "LaTeX-encoded"
        print(f"BibTeX {label}: {len(corpus) / seconds:,.0f} entries/s ({len(corpus):,} papers)")


if __name__ == "__main__":
    main()
