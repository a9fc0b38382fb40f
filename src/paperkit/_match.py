"""Scoring how well a search result matches a title the user gave, with the hints they gave.

The score is on a 0-100 scale and is built in two steps:

1. **Title similarity** of the folded titles (case, accents, punctuation and LaTeX removed): the
   lower of a character-level ratio and a word-level ratio. Both punish extra words, so
   "Attention is All You Need" scores 77 against "Attention is All You Need in Speech
   Separation", not the 100 a token-set ratio would give. A title given without its subtitle
   ("BERT" for "BERT: Pre-training of ...") scores `SUBTITLE_SIMILARITY`.
2. **Hints** add or remove a few points: a year that agrees (+4), one more than two years away
   (-15); the same venue (+4) or a different known venue (-10); every hinted author among the
   candidate's authors (+4), none of them (-15). A disagreeing year or authors alone veto even a
   perfect title: the same title is often used for different papers.

A candidate is accepted when its score reaches `ACCEPT_SCORE` and its title similarity alone
reaches `MIN_TITLE_SIMILARITY` (hints never lift a poor title over the line). When another paper
scores within `AMBIGUITY_MARGIN` of the best, the match is ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from rapidfuzz import fuzz

from paperkit.models import Paper, Venue, VenueKind

ACCEPT_SCORE = 90.0
"""Lowest score (title similarity plus hints) at which a candidate is accepted."""
MIN_TITLE_SIMILARITY = 85.0
"""Lowest title similarity a candidate may have, whatever its hints."""
AMBIGUITY_MARGIN = 5.0
"""Two different papers scoring within this many points of each other make a match ambiguous."""
SUBTITLE_SIMILARITY = 90.0
"""Similarity given to a title that equals the other's main title (the part before a colon)."""
SAME_WORK_SIMILARITY = 95.0
"""Title similarity above which two records with a common author are one work."""

YEAR_AGREES = 4.0
YEAR_DISAGREES = -15.0
YEAR_TOLERANCE = 2
"""A preprint is often a year or two older than its published version: no penalty within this."""
VENUE_AGREES = 4.0
VENUE_DISAGREES = -10.0
AUTHORS_AGREE = 4.0
AUTHORS_DISAGREE = -15.0

_WORD_SIMILARITY = 85.0  # two words this close are one word with a typo or a plural
_LATEX_MARKS = re.compile(r"[\\{}$]")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_MAIN_TITLE = re.compile(r"\s*(?::|\s[-–—]\s)\s*")
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case words without accents, punctuation or LaTeX: "{\\'E}t\\'e: A--B" -> "ete a b"."""
    if _LATEX_MARKS.search(text):
        # a bare % starts a LaTeX comment and would swallow the rest of the title
        text = _LATEX.latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().replace("&", " and ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def main_title(title: str) -> str:
    """The title without its subtitle: "BERT: Pre-training of ..." -> "BERT"."""
    return _MAIN_TITLE.split(title, maxsplit=1)[0]


def _word_ratio(query: list[str], candidate: list[str]) -> float:
    """Words in common (a typo or a plural still counts) over all words, as a percentage."""
    if not query or not candidate:
        return 0.0
    remaining = list(candidate)
    common = 0
    for word in query:
        best = max(range(len(remaining)), key=lambda i: fuzz.ratio(word, remaining[i]), default=-1)
        if best >= 0 and fuzz.ratio(word, remaining[best]) >= _WORD_SIMILARITY:
            common += 1
            del remaining[best]
    return 200.0 * common / (len(query) + len(candidate))


def title_similarity(query: str, candidate: str) -> float:
    """How alike two titles are, 0-100, after folding; extra or missing words cost points."""
    folded_query, folded_candidate = fold(query), fold(candidate)
    if not folded_query or not folded_candidate:
        return 0.0
    if folded_query == folded_candidate:
        return 100.0
    characters = max(
        fuzz.ratio(folded_query, folded_candidate),
        fuzz.token_sort_ratio(folded_query, folded_candidate),
    )
    words = _word_ratio(folded_query.split(), folded_candidate.split())
    score = min(characters, words)
    without_subtitle = fold(main_title(candidate)) == folded_query
    if without_subtitle or fold(main_title(query)) == folded_candidate:
        score = max(score, SUBTITLE_SIMILARITY)
    return round(score, 1)


@dataclass(frozen=True)
class Hints:
    """What the user said about the paper besides its title."""

    year: int | None = None
    venue: Venue | None = None
    authors: tuple[str, ...] = ()
    """Folded family names."""


@dataclass(frozen=True)
class Scored:
    """A candidate with its title similarity, its score and the reasons for the difference."""

    paper: Paper
    similarity: float
    score: float
    reasons: tuple[str, ...] = field(default=())

    @property
    def acceptable(self) -> bool:
        """True when the candidate clears both thresholds."""
        return self.score >= ACCEPT_SCORE and self.similarity >= MIN_TITLE_SIMILARITY


def score(title: str, paper: Paper, hints: Hints) -> Scored:
    """Score one candidate against the title and hints (see the module docstring)."""
    similarity = title_similarity(title, paper.title)
    reasons: list[str] = []
    total = similarity
    for points, reason in (
        _year_points(paper, hints.year),
        _venue_points(paper, hints.venue),
        _author_points(paper, hints.authors),
    ):
        if points:
            total += points
            reasons.append(f"{points:+g} {reason}")
    return Scored(paper, similarity, round(total, 1), tuple(reasons))


def _year_points(paper: Paper, year: int | None) -> tuple[float, str]:
    years = {y for y in (paper.year, paper.venue.year if paper.venue else None) if y is not None}
    if year is None or not years:
        return 0.0, ""
    if year in years:
        return YEAR_AGREES, f"year {year} agrees"
    if min(abs(year - y) for y in years) <= YEAR_TOLERANCE:
        return 0.0, ""
    return YEAR_DISAGREES, f"year {sorted(years)} is not {year}"


def _venue_points(paper: Paper, venue: Venue | None) -> tuple[float, str]:
    theirs = paper.venue
    if venue is None or venue.acronym is None or theirs is None or theirs.acronym is None:
        return 0.0, ""
    if venue.acronym.casefold() == theirs.acronym.casefold():
        return VENUE_AGREES, f"venue {venue.acronym} agrees"
    if VenueKind.PREPRINT in (venue.kind, theirs.kind):
        return 0.0, ""  # a preprint may well be the one published at the hinted venue
    return VENUE_DISAGREES, f"venue {theirs.acronym} is not {venue.acronym}"


def family_names(paper: Paper) -> set[str]:
    """The folded family names of a paper's authors (whole names for organisations)."""
    return {fold(a.family or a.name) for a in paper.authors}


def _author_points(paper: Paper, authors: Sequence[str]) -> tuple[float, str]:
    theirs = family_names(paper)
    if not authors or not theirs:
        return 0.0, ""
    found = sum(1 for name in authors if name in theirs)
    if found == len(authors):
        return AUTHORS_AGREE, "authors agree"
    if found == 0:
        return AUTHORS_DISAGREE, "no hinted author is among the authors"
    return 0.0, ""


def same_work(a: Paper, b: Paper) -> bool:
    """True when two records describe one work (e.g. a preprint and its published version)."""
    if a.arxiv_id and a.arxiv_id == b.arxiv_id:
        return True
    if a.doi and a.doi == b.doi:
        return True
    if _links(a, b) or _links(b, a):
        return True
    if title_similarity(a.title, b.title) < SAME_WORK_SIMILARITY:
        return False
    if a.year is not None and b.year is not None and abs(a.year - b.year) > YEAR_TOLERANCE:
        return False
    return bool(family_names(a) & family_names(b))


def _links(preprint: Paper, published: Paper) -> bool:
    """True when a published record names the preprint in its ``has-preprint`` relation."""
    linked = published.related.get("has-preprint", ())
    own = [preprint.doi] if preprint.doi else []
    if preprint.arxiv_id:
        own.append(f"10.48550/arxiv.{preprint.arxiv_id}".lower())
    return any(doi in linked for doi in own)


def group_works(candidates: Iterable[Scored]) -> list[list[Scored]]:
    """Candidates grouped by work, best work first; within a work, best record first."""
    works: list[list[Scored]] = []
    for candidate in sorted(candidates, key=lambda c: -c.score):
        home = next((w for w in works if any(same_work(candidate.paper, s.paper) for s in w)), None)
        if home is None:
            works.append([candidate])
        else:
            home.append(candidate)
    return works
