"""Write a synthetic arXiv metadata snapshot, in the real schema, of any size.

The records look like lines of ``arxiv-metadata-oai-snapshot.json``: new- and old-style ids,
LaTeX accents in names and titles, hard-wrapped titles and abstracts with indented paragraphs,
``authors_parsed`` with the odd affiliation, version histories, DOIs, and the journal references
and comments people really write ("Advances in Neural Information Processing Systems 30 (NIPS
2017)", "Phys. Rev. D 76, 013009 (2007)", "Accepted at ICLR 2020", "Submitted to ICML").
Authors follow a long-tailed distribution, as on arXiv, where a few write hundreds of papers.

    python benchmarks/make_snapshot.py 1000000 /tmp/snapshot.json [--gzip] [--bad-every 10000]

The output is deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    """
learning neural network deep model models training data optimization gradient descent stochastic
convergence bound bounds analysis theory quantum field gauge symmetry lattice black hole entropy
spectrum scattering amplitude inflation dark matter galaxy cluster survey redshift cosmological
graph graphs attention transformer representation representations language vision robust
adversarial generative diffusion sampling inference bayesian variational kernel sparse linear
nonlinear equation equations solution solutions operator manifold geometry topology algebra
algebraic group groups invariant invariants estimate estimates regularity boundary problem
problems efficient scalable distributed algorithm algorithms complexity approximation random
matrix matrices tensor decomposition reinforcement policy agent agents reward control dynamics
system systems stability phase transition superconductivity magnetic spin chain topological
insulator electron electrons photon photons laser cavity coupling interaction interactions
measurement measurements detector collider decay decays neutrino neutrinos higgs boson
"""
)

SMALL = _words(
    """
a an the of for with on in via and under towards beyond
"""
)

FAMILIES = _words(
    """
Smith Wang Zhang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Kim Lee
Park Choi Nguyen Tran Singh Kumar Sharma Gupta Patel Müller Schmidt Schneider Fischer Weber
Meyer Wagner Becker Schulz Hoffmann Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci
García Fernández González Rodríguez López Martínez Sánchez Pérez Martin Bernard Dubois Thomas
Robert Richard Petit Durand Leroy Moreau Ivanov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov
Novák Svoboda Dvořák Černý Kowalski Nowak Wiśniewski Wójcik Johansson Andersson Karlsson Nilsson
Erdős Szabó Tóth Horváth Yılmaz Kaya Demir Şahin Çelik Tanaka Suzuki Takahashi Watanabe Ito
Yamamoto Nakamura Kobayashi Sato Abe Cohen Levi Mizrahi Friedman Okafor Mensah Adeyemi Silva
Santos Oliveira Souza Costa Pereira Almeida Jensen Hansen Larsen Nielsen Virtanen Korhonen
"""
)

GIVEN = _words(
    """
A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P. R. S. T. V. W. Y. Z. Wei Jun Yan Min Hao Jie
Anna Maria John David Michael Peter Thomas Daniel Laura Sara Paolo Marco Luca Jean Pierre Hans
Jürgen Ana José Luis Carlos Hiroshi Kenji Yuki Olga Ivan Sergei Priya Rahul Amit Fatima Ahmed
"""
)

# family names as an author may type them in TeX, for the "authors" string
TEX = {
    "ü": '\\"u',
    "é": "\\'e",
    "á": "\\'a",
    "í": "\\'i",
    "ó": "\\'o",
    "ő": "\\H{o}",
    "č": "\\v{c}",
    "ř": "\\v{r}",
    "ś": "\\'s",
    "ı": "{\\i}",
    "ş": "\\c{s}",
    "ç": "\\c{c}",
    "ň": "\\v{n}",
}

CATEGORIES = _words(
    """
cs.LG cs.CL cs.CV cs.AI stat.ML math.OC math.PR math.AP math.AG math.NT hep-th hep-ph hep-ex gr-
qc astro-ph.CO astro-ph.GA quant-ph cond-mat.str-el cond-mat.mes-hall physics.optics
"""
)

CONFERENCES = [
    # (journal-ref template, first year, how comments name it)
    ("Advances in Neural Information Processing Systems {nips} (NIPS {y})", 2008, 2017, "NIPS {y}"),
    (
        "Advances in Neural Information Processing Systems {nips} (NeurIPS {y})",
        2018,
        2024,
        "NeurIPS {y}",
    ),
    (
        "Proceedings of the {icml_ord} International Conference on Machine Learning, "
        "PMLR {icml_vol}, {y}",
        2013,
        2024,
        "ICML {y}",
    ),
    ("International Conference on Learning Representations (ICLR {y})", 2014, 2025, "ICLR {y}"),
    (
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
        "(CVPR), {y}",
        2013,
        2025,
        "CVPR {y}",
    ),
    ("Proceedings of ACL {y}", 2010, 2025, "ACL {y}"),
    ("EMNLP {y}", 2012, 2025, "EMNLP {y}"),
    ("AAAI {y}", 2010, 2025, "AAAI {y}"),
]
ICML_VOLUMES = {2017: 70, 2018: 80, 2019: 97, 2020: 119, 2021: 139, 2022: 162, 2023: 202, 2024: 235}
JOURNALS = [
    "Phys. Rev. D {v}, {p} ({y})",
    "Phys. Rev. Lett. {v}, {p} ({y})",
    "Phys.Rev.B{v}:{p},{y}",
    "JHEP {m} ({y}) {p}",
    "J. High Energy Phys. {y}, {p} ({y})",
    "Astrophys. J. {v}:{p}, {y}",
    "Mon. Not. Roy. Astron. Soc. {v} ({y}) {p}-{p2}",
    "Nature {v}, {p}-{p2} ({y})",
    "Journal of Machine Learning Research {v} ({y}) 1-{p}",
    "Ann. of Math. (2) {v} ({y}), no. 2, {p}-{p2}",
    "Comm. Math. Phys. {v} ({y}) {p}-{p2}",
    "IEEE Transactions on Pattern Analysis and Machine Intelligence, vol. {v}, {y}",
    "Transactions on Machine Learning Research ({y})",
]
JOURNAL_PREFIXES = ["10.1103", "10.1007", "10.1088", "10.1016", "10.1093", "10.1109", "10.1038"]
COMMENTS = [
    "{n} pages, {f} figures",
    "{n} pages",
    "{n} pages, {f} figures; v2: minor corrections",
    "Accepted at {venue}",
    "To appear in {venue}",
    "Published as a conference paper at {venue}",
    "Camera-ready version for {venue}",
    "Submitted to {venue}",
    "Under review at {venue}",
    "{n} pages, {f} figures, accepted to {venue}",
    "Extended version of the {venue} paper",
]
ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINALS.get(n % 10, "th")
    return f"{n}{suffix}"


class SnapshotMaker:
    """Draws synthetic records from a seeded random generator."""

    def __init__(self, seed: int = 0, distinct_authors: int = 300_000) -> None:
        self.random = random.Random(seed)
        self.distinct_authors = distinct_authors

    def _author(self) -> tuple[str, str, str]:
        rnd = self.random
        # long tail: low indices (prolific authors) are drawn far more often
        index = int(self.distinct_authors * rnd.random() ** 2.5)
        local = random.Random(index)
        family = local.choice(FAMILIES)
        if index % 7 == 0:
            family = f"{family}-{local.choice(FAMILIES)}"
        given = local.choice(GIVEN)
        if index % 3 == 0:
            given = f"{given} {local.choice(GIVEN[:23])}"
        suffix = "Jr." if index % 997 == 0 else ""
        return family, given, suffix

    def _sentence(self, words: int) -> str:
        rnd = self.random
        picked = [
            rnd.choice(WORDS) if rnd.random() < 0.8 else rnd.choice(SMALL) for _ in range(words)
        ]
        return " ".join(picked).capitalize()

    def _wrap(self, text: str, width: int = 78, indent: str = "") -> str:
        lines, line = [], indent
        for word in text.split():
            if len(line) + len(word) + 1 > width and line.strip():
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line.strip() else f"{line}{word}"
        lines.append(line)
        return "\n".join(lines)

    def _title(self) -> str:
        rnd = self.random
        title = self._sentence(rnd.randint(4, 14))
        if rnd.random() < 0.1:
            title += " for $\\alpha$-stable processes"
        if rnd.random() < 0.05:
            title = 'On the Schr\\"odinger ' + title[0].lower() + title[1:]
        return self._wrap(title, 72).replace("\n", "\n  ")

    def _abstract(self) -> str:
        rnd = self.random
        paragraphs = [
            ". ".join(self._sentence(rnd.randint(8, 22)) for _ in range(rnd.randint(3, 8))) + "."
            for _ in range(1 if rnd.random() < 0.8 else rnd.randint(2, 3))
        ]
        return "".join(self._wrap(p, 80, "  ") + "\n" for p in paragraphs)

    def _venue_text(self, year: int) -> tuple[str | None, str | None, str | None]:
        """(journal-ref, doi prefix, a venue name for comments) for a paper first posted in year."""
        rnd = self.random
        roll = rnd.random()
        if roll < 0.55:
            return None, None, None
        if roll < 0.75:
            template, first, last, short = rnd.choice(CONFERENCES)
            y = min(max(year + rnd.choice((0, 0, 1)), first), last)
            ref = template.format(
                y=y,
                nips=y - 1987,
                icml_ord=_ordinal(y - 1983),
                icml_vol=ICML_VOLUMES.get(y, 100 + y - 2019),
            )
            return (ref if rnd.random() < 0.5 else None), None, short.format(y=y)
        y = year + rnd.choice((0, 1, 1, 2))
        ref = rnd.choice(JOURNALS).format(
            v=rnd.randint(1, 900),
            p=rnd.randint(1, 99999),
            p2=rnd.randint(1, 99999),
            y=y,
            m=rnd.randint(1, 12),
        )
        return ref, rnd.choice(JOURNAL_PREFIXES), None

    def record(self, number: int) -> dict[str, Any]:
        """The ``number``-th record (ids grow with the number, like the real file)."""
        rnd = self.random
        old_style = number % 11 == 0
        posted = dt.date(1992, 1, 1) + dt.timedelta(days=number * 11_500 // max(self.total, 1))
        if old_style:
            posted = min(posted, dt.date(2007, 3, 1))
            archive = rnd.choice(("hep-th", "hep-ph", "math", "cond-mat", "astro-ph", "gr-qc"))
            arxiv_id = f"{archive}/{posted:%y%m}{number % 1000:03d}"
        else:
            posted = max(posted, dt.date(2007, 4, 1))
            width = 4 if posted.year < 2015 else 5
            arxiv_id = f"{posted:%y%m}.{number % 10**width:0{width}d}"
        authors = [self._author() for _ in range(min(1 + int(rnd.expovariate(1 / 3.5)), 60))]
        parsed: list[list[str]] = [list(a) for a in authors]
        if rnd.random() < 0.05:
            parsed[0].append(rnd.choice(("MIT", "CERN", "University of Tokyo", "ETH Zurich")))
        if rnd.random() < 0.01:
            parsed.append(["ATLAS Collaboration", "", ""])
        display = ", ".join(f"{g} {''.join(TEX.get(ch, ch) for ch in f)}" for f, g, _ in authors)
        versions = []
        when = dt.datetime.combine(posted, dt.time(12)) + dt.timedelta(
            seconds=rnd.randint(0, 86_000)
        )
        for v in range(1, 1 + min(1 + int(rnd.expovariate(1.2)), 9)):
            versions.append(
                {"version": f"v{v}", "created": when.strftime("%a, %-d %b %Y %H:%M:%S GMT")}
            )
            when += dt.timedelta(days=rnd.randint(1, 400))
        journal_ref, doi_prefix, short = self._venue_text(posted.year)
        comment = rnd.choice(COMMENTS).format(
            n=rnd.randint(4, 60), f=rnd.randint(1, 20), venue=short or "a conference"
        )
        if short is None and "{venue}" in comment:
            comment = f"{rnd.randint(4, 60)} pages"
        doi = None
        if doi_prefix:
            journal = rnd.choice(("PhysRevD", "JHEP", "s00220", "nature"))
            doi = f"{doi_prefix}/{journal}.{rnd.randint(10**4, 10**6)}"
        categories = rnd.sample(CATEGORIES, rnd.choice((1, 1, 2, 3)))
        return {
            "id": arxiv_id,
            "submitter": " ".join(reversed(authors[0][:2])),
            "authors": display,
            "title": self._title(),
            "comments": comment if rnd.random() < 0.85 else None,
            "journal-ref": journal_ref,
            "doi": doi,
            "report-no": None,
            "categories": " ".join(categories),
            "license": rnd.choice((None, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")),
            "abstract": self._abstract(),
            "versions": versions,
            "update_date": (posted + dt.timedelta(days=rnd.randint(0, 3000))).isoformat(),
            "authors_parsed": parsed,
        }

    def records(self, count: int) -> Iterator[dict[str, Any]]:
        """``count`` records in id order."""
        self.total = count
        for number in range(count):
            yield self.record(number)


BAD_LINES = (
    '{"id": "0704.0001", "title": "cut off in the middle',
    "[1, 2, 3]",
    '{"id": "not-an-id", "title": "A title"}',
    '{"id": "0705.0002", "title": ""}',
)


def write_snapshot(
    path: Path, count: int, *, seed: int = 0, bad_every: int | None = None, compress: bool = False
) -> int:
    """Write ``count`` records (plus a bad line every ``bad_every``) to ``path``; returns lines."""
    maker = SnapshotMaker(seed)
    lines = 0
    with (
        gzip.open(path, "wt", encoding="utf-8") if compress else path.open("w", encoding="utf-8")
    ) as out:
        for number, record in enumerate(maker.records(count), 1):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            lines += 1
            if bad_every and number % bad_every == 0:
                out.write(BAD_LINES[(number // bad_every) % len(BAD_LINES)] + "\n")
                lines += 1
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bad-every", type=int, default=None, help="a bad line every N records")
    parser.add_argument("--gzip", action="store_true", help="compress the output")
    args = parser.parse_args()
    lines = write_snapshot(
        args.output, args.records, seed=args.seed, bad_every=args.bad_every, compress=args.gzip
    )
    print(f"wrote {lines:,} lines to {args.output}")


if __name__ == "__main__":
    main()
