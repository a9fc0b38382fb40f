"""The words and phrases around a venue name: acceptance, submission, tracks, workshops, filler.

Each phrase list has a set of key words beside it: a phrase can only be in a text that has one of
its words, so a set test saves most regular-expression searches.
"""

from __future__ import annotations

import re

from paperkit._venue_text import Text

NEGATIVE = re.compile(
    r" (?:submitted|submission|submissions|submitting|under review|in review|under consideration"
    r"|rejected|reject|withdrawn|desk rejected|do not distribute|preliminary work"
    r"|decision pending|not accepted|under revision|major revision|minor revision"
    r"|in preparation|review version|for review) "
)
ACCEPT = re.compile(
    r" (?:accepted|accept|to appear|appear in|appears in|appeared in|appear at|published"
    r"|camera ready|presented at|in proceedings|oral|spotlight|poster|best paper|notable top"
    r"|in press|forthcoming|conference paper at) "
)
TRACK = re.compile(
    r" (?:competition|competitions|demo|demos|demonstration|demonstrations|tiny papers?"
    r"|student research|doctoral consortium|blog ?posts?|blogpost track|industry track"
    r"|extended abstracts?|late breaking|tutorials?|findings|datasets and benchmarks"
    r"|position paper track|journal track|sister conferences?|senior member (?:presentation )?track"
    r"|new faculty highlights|student abstract|abstract track|short paper track"
    r"|reproducibility (?:challenge|report|track)|creative ai track|high school projects?) "
)
# a phrase above can only be there when one of its words is: a set test saves most searches
NEGATIVE_KEYS = frozenset(
    [
        "submitted",
        "submission",
        "submissions",
        "submitting",
        "review",
        "consideration",
        "rejected",
        "reject",
        "withdrawn",
        "distribute",
        "preliminary",
        "pending",
        "revision",
        "preparation",
        "not",
    ]
)
ACCEPT_KEYS = frozenset(
    [
        "accepted",
        "accept",
        "appear",
        "appears",
        "appeared",
        "published",
        "camera",
        "presented",
        "proceedings",
        "oral",
        "spotlight",
        "poster",
        "best",
        "notable",
        "press",
        "forthcoming",
        "conference",
    ]
)
STRONG_KEYS = frozenset(["accepted", "appear", "appears", "published", "press", "forthcoming"])
TRACK_KEYS = frozenset(
    [
        "competition",
        "competitions",
        "demo",
        "demos",
        "demonstration",
        "demonstrations",
        "tiny",
        "student",
        "doctoral",
        "blog",
        "blogpost",
        "blogposts",
        "industry",
        "extended",
        "late",
        "tutorial",
        "tutorials",
        "findings",
        "datasets",
        "position",
        "journal",
        "sister",
        "senior",
        "new",
        "abstract",
        "short",
        "reproducibility",
        "creative",
        "high",
    ]
)
WORKSHOP_WORDS = frozenset({"workshop", "workshops", "wkshp", "wkshps", "worksh"})
SYMPOSIUM_WORDS = frozenset({"symposium", "symposia"})
# "DeepTest 2026, co-located with ICSE 2026", "INTUITESTBEDS 2022, part of the 15th ICST": an
# event held with the venue, not the venue ("published as part of the proceedings" is the venue)
CO_LOCATED = (
    ("co", "located", "with"),
    ("colocated", "with"),
    ("collocated", "with"),
    ("in", "conjunction", "with"),
    ("part", "of", "the"),
)
CO_LOCATED_KEYS = frozenset({"located", "colocated", "collocated", "conjunction", "part"})
CONNECTORS = frozenset({"and", "with", "for"})
# words around a venue name that are not part of it, set aside before a whole-text match
FILLER = frozenset(
    {
        "accepted",
        "accept",
        "at",
        "to",
        "in",
        "as",
        "a",
        "an",
        "paper",
        "appear",
        "appears",
        "published",
        "publication",
        "presented",
        "by",
        "for",
        "oral",
        "poster",
        "spotlight",
        "presentation",
        "talk",
        "long",
        "short",
        "camera",
        "ready",
        "version",
        "final",
        "vol",
        "volume",
        "no",
        "number",
        "nr",
        "pp",
        "pages",
        "page",
        "issue",
        "article",
        "e",
        "figures",
        "figure",
        "tables",
        "table",
        "main",
        "track",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    }
)
LEADING = frozenset({"the", "of", "and", "in"})
VENUE_WORDS = frozenset(
    ["conference", "symposium", "workshop", "proceedings", "journal", "transactions", "meeting"]
)
NOT_A_YEAR_AFTER = frozenset({"number", "no", "nr", "article", "pp", "pages", "page", "id"})
STRONG_ACCEPT = re.compile(
    r" (?:accepted|to appear|appear in|appears in|appear at|published|in press|forthcoming) "
)
VOLUME_WORDS = frozenset({"vol", "volume", "v", "vols"})
PMLR_SERIES = ("proceedings", "of", "machine", "learning", "research")

ACCEPT_MARKS = frozenset(["accepted", "accept", "appear", "appears", "published", "presented"])
NEGATIVE_MARKS = frozenset(
    ["submitted", "submission", "submitting", "rejected", "reject", "withdrawn", "review"]
)


def marker_before(text: Text, start: int) -> str | None:
    """ "accept" or "negative": the nearest acceptance or submission word before `start`."""
    clause = text.clause_of[start] if start < len(text.clause_of) else -1
    for i in range(start - 1, -1, -1):
        if text.clause_of[i] != clause:
            return None
        if text.lower[i] in ACCEPT_MARKS:
            return "accept"
        if text.lower[i] in NEGATIVE_MARKS:
            return "negative"
    return None


def any_strong_accept(text: Text) -> bool:
    """Whether some clause says "accepted", "to appear" or "published"."""
    return any(STRONG_ACCEPT.search(c) for c in text.clause_text)
