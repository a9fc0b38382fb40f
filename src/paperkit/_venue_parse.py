"""Reading a venue from free text: find the registry's aliases, then decide what the text claims.

The decision, in order:

1. Find every alias of the registry in the text (longest first, no overlaps) and pick the venue
   the text is about: one introduced by "accepted at"/"to appear in" wins, then a published
   venue over a preprint server, then the longest match.
2. A submission ("submitted to", "under review", "rejected", OpenReview's "Submitted to ICLR
   2023") is not an acceptance: the answer is a preprint with no venue.
3. A track or workshop series the registry knows (Findings, Datasets and Benchmarks, CVPR
   Workshops) replaces its parent when its marker appears; any other workshop gives kind
   "workshop" with no acronym, and any other track kind "other": never the main conference.
4. The year comes from the text, else from the edition's ordinal or volume, else from the
   caller's hint; every contradiction between them is kept in `Venue.warnings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperkit._venue_registry import AliasHit, VenueEntry, VenueRegistry
from paperkit._venue_text import (
    MAX_VENUE_YEAR,
    MIN_VENUE_YEAR,
    Text,
    analyse,
    ordinal_suffix,
    parse_ordinal,
)
from paperkit.models import Venue, VenueKind

__all__ = ["parse_venue"]

_NEGATIVE = re.compile(
    r" (?:submitted|submission|submissions|submitting|under review|in review|under consideration"
    r"|rejected|reject|withdrawn|desk rejected|do not distribute|preliminary work"
    r"|decision pending|not accepted|under revision|major revision|minor revision"
    r"|in preparation|review version|for review) "
)
_ACCEPT = re.compile(
    r" (?:accepted|accept|to appear|appear in|appears in|appeared in|appear at|published"
    r"|camera ready|presented at|in proceedings|oral|spotlight|poster|best paper|notable top"
    r"|in press|forthcoming|conference paper at) "
)
_TRACK = re.compile(
    r" (?:competition|competitions|demo|demos|demonstration|demonstrations|tiny papers?"
    r"|student research|doctoral consortium|blog ?posts?|blogpost track|industry track"
    r"|extended abstracts?|late breaking|tutorials?|findings|datasets and benchmarks"
    r"|position paper track|journal track|sister conferences?|senior member track"
    r"|new faculty highlights|student abstract|abstract track|short paper track) "
)
# a phrase above can only be there when one of its words is: a set test saves most searches
_NEGATIVE_KEYS = frozenset(
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
_ACCEPT_KEYS = frozenset(
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
_STRONG_KEYS = frozenset(["accepted", "appear", "appears", "published", "press", "forthcoming"])
_TRACK_KEYS = frozenset(
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
    ]
)
_WORKSHOP_WORDS = frozenset({"workshop", "workshops", "wkshp", "wkshps", "worksh"})
_CONNECTORS = frozenset({"and", "with", "for"})
# words around a venue name that are not part of it, set aside before a whole-text match
_FILLER = frozenset(
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
_LEADING = frozenset({"the", "of", "and", "in"})
_NOT_A_YEAR_AFTER = frozenset({"number", "no", "nr", "article", "pp", "pages", "page", "id"})
_STRONG_ACCEPT = re.compile(
    r" (?:accepted|to appear|appear in|appears in|appear at|published|in press|forthcoming) "
)
_VOLUME_WORDS = frozenset({"vol", "volume", "v", "vols"})
_PMLR_SERIES = ("proceedings", "of", "machine", "learning", "research")


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    entry: VenueEntry
    volume_follows: bool
    fuzzy: bool = False


def _find_matches(registry: VenueRegistry, text: Text) -> list[_Match]:
    lower = text.lower
    count = len(lower)
    single, by_pair = registry.single, registry.by_pair
    found: list[_Match] = []
    for i in range(count):
        match = None
        if i + 1 < count:
            hits = by_pair.get((lower[i], lower[i + 1]))
            if hits:
                match = _first_fit(hits, text, i)
        if match is None:
            hits = single.get(lower[i])
            if hits:
                match = _first_fit(hits, text, i)
        if match is not None:
            found.append(match)
    found.sort(key=lambda m: (m.start - m.end, m.start))
    kept: list[_Match] = []
    taken: set[int] = set()
    for match in found:
        span = range(match.start, match.end)
        if not taken.intersection(span):
            kept.append(match)
            taken.update(span)
    return kept


def _first_fit(hits: list[AliasHit], text: Text, i: int) -> _Match | None:
    lower = text.lower
    count = len(lower)
    for hit in hits:
        end = i + len(hit.tokens)
        if end > i + 2 and lower[i:end] != hit.tokens:
            continue
        if hit.original is not None and text.words[i:end] != hit.original:
            continue
        # "International Conference on Machine Learning and Applications" is ICMLA, not ICML
        if end - i >= 3 and end < count and lower[end] in _CONNECTORS:
            after = lower[end + 1] if end + 1 < count else ""
            if not (lower[end] == "and" and after == "the"):
                continue
        return _Match(i, end, hit.entry, hit.volume_follows)
    return None


def _core(text: Text) -> tuple[tuple[str, ...], int, int]:
    positions = [
        i
        for i, token in enumerate(text.lower)
        if token not in _FILLER and not token[0].isdigit() and parse_ordinal(text.lower, i) is None
    ]
    while positions and text.lower[positions[0]] in _LEADING:
        positions.pop(0)
    if not positions:
        return (), 0, 0
    return tuple(text.lower[i] for i in positions), positions[0], positions[-1] + 1


def _fallback_matches(registry: VenueRegistry, text: Text) -> list[_Match]:
    core, start, end = _core(text)
    entry = registry.whole.get(core)
    if entry is not None:
        return [_Match(start, end, entry, entry.kind == "journal")]
    lower = text.lower
    # stray spacing inside an acronym: "Neur IPS 2019", "I CLR"
    for i in range(len(lower) - 1):
        joined = lower[i] + lower[i + 1]
        for hit in registry.single.get(joined, ()):
            if hit.original is None:
                return [_Match(i, i + 2, hit.entry, hit.volume_follows)]
    return _acronym_typo(registry, text) or _fuzzy_match(registry, core, start, end)


def _acronym_typo(registry: VenueRegistry, text: Text) -> list[_Match]:
    """ "NeruIPS", "AISTAST": two letters swapped in a long acronym written with its capitals."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    acronyms = registry.long_acronyms()
    for i, word in enumerate(text.words):
        if len(word) < 5 or not any(c.isupper() for c in word[1:]) or not word.isalpha():
            continue
        folded = word.casefold()
        best = process.extractOne(folded, acronyms, scorer=OSA.distance, score_cutoff=1)
        # only a swap of two letters: "IJCAR" is a venue of its own, not a slip for "IJCAI"
        if best is not None and sorted(folded) == sorted(best[0]):
            hit = registry.single[best[0]][0]
            return [_Match(i, i + 1, hit.entry, hit.volume_follows, fuzzy=True)]
    return []


def _fuzzy_match(
    registry: VenueRegistry, core: tuple[str, ...], start: int, end: int
) -> list[_Match]:
    phrase = " ".join(core)
    if not 15 <= len(phrase) <= 120:
        return []
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    phrases, words, entries = registry.fuzzy_choices(_FILLER)
    best = process.extractOne(phrase, phrases, scorer=fuzz.ratio, score_cutoff=90)
    if best is None:
        return []
    alias = words[best[2]]
    # a typo stays inside a word: "Internatinal" is ICML's, "Physical Review E" is not PRX's
    if len(alias) != len(core) or any(
        a != b and (min(len(a), len(b)) < 5 or OSA.distance(a, b) > 2)
        for a, b in zip(alias, core, strict=True)
    ):
        return []
    return [_Match(start, end, entries[best[2]], False, fuzzy=True)]


def _workshop_marker(registry: VenueRegistry, text: Text, clause: int, span: range) -> bool:
    if text.at_sign:
        return True
    if not _WORKSHOP_WORDS.isdisjoint(text.token_set):
        for i, token in enumerate(text.lower):
            if token in _WORKSHOP_WORDS and text.clause_of[i] == clause and i not in span:
                return True
    # "NIPSW", "ICMLW": the W marks a workshop of that conference
    return not registry.workshop_acronyms().isdisjoint(text.token_set)


_ACCEPT_MARKS = frozenset(["accepted", "accept", "appear", "appears", "published", "presented"])
_NEGATIVE_MARKS = frozenset(
    ["submitted", "submission", "submitting", "rejected", "reject", "withdrawn", "review"]
)


def _marker_before(text: Text, start: int) -> str | None:
    """ "accept" or "negative": the nearest acceptance or submission word before `start`."""
    clause = text.clause_of[start] if start < len(text.clause_of) else -1
    for i in range(start - 1, -1, -1):
        if text.clause_of[i] != clause:
            return None
        if text.lower[i] in _ACCEPT_MARKS:
            return "accept"
        if text.lower[i] in _NEGATIVE_MARKS:
            return "negative"
    return None


def _choose(matches: list[_Match], text: Text) -> _Match:
    if len(matches) == 1:
        return matches[0]
    if _ACCEPT_KEYS.isdisjoint(text.token_set):
        return max(matches, key=lambda m: (m.entry.kind != "preprint", m.end - m.start, -m.start))

    def rank(match: _Match) -> tuple[bool, bool, int, int]:
        accepted = bool(_ACCEPT.search(text.clause_text[text.clause_of[match.start]]))
        published = match.entry.kind != "preprint"
        return (accepted, published, match.end - match.start, -match.start)

    return max(matches, key=rank)


def _year_candidates(text: Text, match: _Match) -> list[tuple[int, int]]:
    """(token index, year) of every year the text gives, the one after the venue first."""
    lower = text.lower
    years: list[tuple[int, int]] = []
    for i, token in enumerate(lower):
        if len(token) != 4 or not token.isdigit():
            continue
        # "Article number: 2019 (2021)" names an article, not a year
        if MIN_VENUE_YEAR <= int(token) <= MAX_VENUE_YEAR and lower[i - 1] not in _NOT_A_YEAR_AFTER:
            years.append((i, int(token)))
    end = match.end
    # "NeurIPS 21", "(USENIX Security 19)": two digits right after an acronym, never after a
    # full name ("... Artificial Intelligence and Statistics, 28-30 March 2022")
    if not years and not match.volume_follows and end < len(lower) and end - match.start <= 2:
        token = lower[end]
        if len(token) == 2 and token.isdigit():
            yy = int(token)
            year = 2000 + yy if 2000 + yy <= MAX_VENUE_YEAR - 1 else 1900 + yy
            if match.entry.held_in(year):
                years.append((end, year))
    clause = text.clause_of[match.start]
    # a year in another sentence belongs to something else ("... Allerton 2009. To appear in ...")
    years = [item for item in years if text.clause_of[item[0]] == clause]
    years.sort(key=lambda item: (item[0] < end, abs(item[0] - end)))
    return years


def _ordinal_near(text: Text, match: _Match) -> int | None:
    lower = text.lower
    clause = text.clause_of[match.start]
    # "Proceedings of the 37th International Conference ...", "The 26th ACM SIGKDD Conference"
    for i in range(match.start - 1, max(-1, match.start - 7), -1):
        if text.clause_of[i] != clause or (lower[i].isdigit() and len(lower[i]) == 4):
            break
        if i > 0:
            pair = parse_ordinal(lower, i - 1)  # "thirty seventh" ends at i
            if pair and pair[1] == 2:
                return pair[0]
        parsed = parse_ordinal(lower, i)
        if parsed:
            return parsed[0]
    # "Computer Vision - ECCV 2016 - 14th European Conference"
    i = match.end
    while i < len(lower) and i < match.end + 4 and text.clause_of[i] == clause:
        parsed = parse_ordinal(lower, i)
        if parsed:
            return parsed[0]
        i += 1
    return None


def _volume_near(text: Text, match: _Match) -> str | None:
    lower = text.lower
    end = match.end
    if match.volume_follows and end < len(lower):
        token = lower[end]
        if token.isdigit() and len(token) <= 4 and not (len(token) == 4 and token[:2] in "1920"):
            return token.lstrip("0") or token
    entry = match.entry
    if entry.kind != "journal" and not entry.volume and not entry.series:
        return None  # "Volume 1: Long Papers" is a part of the proceedings, not a volume
    clause = text.clause_of[match.start]
    for i, token in enumerate(lower[:-1]):
        if token in _VOLUME_WORDS and text.clause_of[i] == clause and lower[i + 1].isdigit():
            return lower[i + 1]
    return None


def _pmlr_volume(text: Text) -> str | None:
    if "pmlr" not in text.token_set and "research" not in text.token_set:
        return None
    lower = text.lower
    for i, token in enumerate(lower):
        j = -1
        if token == "pmlr":
            j = i + 1
        elif lower[i : i + 5] == _PMLR_SERIES:
            j = i + 5
        if j < 0:
            continue
        while j < len(lower) and lower[j] in _VOLUME_WORDS:
            j += 1
        if j < len(lower):
            nxt = lower[j]
            if nxt.isdigit() and len(nxt) <= 3:
                return nxt
            if nxt[0] == "v" and nxt[1:].isdigit():
                return nxt[1:]
        # "volume 119 of Proceedings of Machine Learning Research"
        if (
            i >= 3
            and lower[i - 1] == "of"
            and lower[i - 2].isdigit()
            and lower[i - 3] in _VOLUME_WORDS
        ):
            return lower[i - 2]
    return None


def _any_strong(text: Text) -> bool:
    return any(_STRONG_ACCEPT.search(c) for c in text.clause_text)


def _plausible(year: int | None) -> int | None:
    """`year` when a venue could have been held then; a 119th edition is no year at all."""
    return year if year is not None and MIN_VENUE_YEAR <= year <= MAX_VENUE_YEAR else None


def _preprint(text: Text, reason: str) -> Venue:
    return Venue(kind=VenueKind.PREPRINT, raw=text.raw, warnings=(reason,))


def _nth(number: int) -> str:
    return f"{number}{ordinal_suffix(number)}"


def parse_venue(registry: VenueRegistry, raw: str, year_hint: int | None) -> Venue | None:
    """Read the venue `raw` names; see the module docstring for the rules."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = analyse(raw)
    if not text.lower:
        return None
    words = text.token_set
    may_negative = not _NEGATIVE_KEYS.isdisjoint(words)
    may_accept = not _ACCEPT_KEYS.isdisjoint(words)
    may_strong = not _STRONG_KEYS.isdisjoint(words)
    negative_anywhere = may_negative and any(_NEGATIVE.search(c) for c in text.clause_text)
    accept_anywhere = (
        negative_anywhere and may_accept and any(_ACCEPT.search(c) for c in text.clause_text)
    )
    matches = _find_matches(registry, text)
    pmlr_volume = _pmlr_volume(text)
    pmlr = registry.pmlr_volumes.get(pmlr_volume) if pmlr_volume else None
    if not matches and not (negative_anywhere and not accept_anywhere):
        matches = _fallback_matches(registry, text)
    if not matches and pmlr is not None:
        entry, _ = pmlr
        matches = [_Match(0, 0, entry, False)]
    if not matches:
        if negative_anywhere:
            return _preprint(text, "the text reads as a submission, not an acceptance")
        if not registry.workshop_acronyms().isdisjoint(text.token_set):
            found = [int(t) for t in text.lower if len(t) == 4 and t.isdigit()]
            year = next((y for y in found if _plausible(y)), _plausible(year_hint))
            return Venue(kind=VenueKind.WORKSHOP, name=text.clean() or None, year=year, raw=raw)
        if "preprint" in text.token_set and not (may_strong and _any_strong(text)):
            return Venue(kind=VenueKind.PREPRINT, raw=raw)
        return None

    match = _choose(matches, text)
    entry = match.entry
    clause = text.clause_of[match.start] if text.lower else 0
    clause_text = text.clause_text[clause]
    if may_strong and text.clause_count > 1 and not _STRONG_ACCEPT.search(clause_text):
        matched = {text.clause_of[m.start] for m in matches}
        for other, other_text in enumerate(text.clause_text):
            if other not in matched and _STRONG_ACCEPT.search(other_text):
                return None  # accepted somewhere the registry does not know; never guess
    warnings: list[str] = []
    if match.fuzzy:
        warnings.append(f"matched {entry.acronym} by approximate spelling")

    submitted = negative_anywhere and (
        _NEGATIVE.search(clause_text) is not None or not accept_anywhere
    )
    if submitted and may_accept:
        # "Rejected by NeurIPS 2020, accepted by AAAI 2021": each venue takes its nearest marker
        accepted = [m for m in matches if _marker_before(text, m.start) == "accept"]
        if accepted:
            match = _choose(accepted, text)
            entry, submitted = match.entry, False
            clause = text.clause_of[match.start]
            clause_text = text.clause_text[clause]
    if submitted and entry.kind != "preprint":
        return _preprint(text, f"the text names {entry.acronym} as a submission, not an acceptance")

    span = range(match.start, match.end)
    for marker, track in registry.markers.get(entry.id, ()):
        if marker in clause_text:
            entry = track
            break

    if pmlr is not None and pmlr[0].id != entry.id:
        pmlr_entry, pmlr_year = pmlr
        if pmlr_entry.kind == "workshop" or pmlr_entry.parent == entry.id:
            entry = pmlr_entry
        else:
            warnings.append(
                f"PMLR volume {pmlr_volume} is {pmlr_entry.acronym} {pmlr_year},"
                f" not {entry.acronym}"
            )

    years = _year_candidates(text, match)
    explicit = years[0][1] if years else None

    workshop = entry.kind != "workshop" and _workshop_marker(registry, text, clause, span)
    if workshop:
        return Venue(
            kind=VenueKind.WORKSHOP,
            name=text.clean() or None,
            year=explicit or _plausible(year_hint),
            raw=raw,
            warnings=(f"a workshop held with {entry.acronym}, not {entry.acronym} itself",),
        )
    may_track = not _TRACK_KEYS.isdisjoint(words)
    if may_track and entry.kind != "workshop" and not entry.markers and _TRACK.search(clause_text):
        return Venue(
            kind=VenueKind.OTHER,
            name=text.clean() or None,
            year=explicit or _plausible(year_hint),
            raw=raw,
            warnings=(f"a separate track of {entry.acronym}, not its main conference",),
        )

    ordinal = _ordinal_near(text, match) if entry.has_ordinals else None
    volume = _volume_near(text, match)
    if pmlr_volume and pmlr is not None and pmlr[0].id == entry.id:
        volume = pmlr_volume
    by_ordinal = _plausible(entry.year_of_ordinal(ordinal)) if ordinal else None
    by_volume = _plausible(entry.year_of_volume(volume)) if volume else None
    if volume and by_volume is None and pmlr is not None and pmlr[0].id == entry.id:
        by_volume = pmlr[1]
    if entry.kind == "preprint" and explicit is None:
        explicit = text.arxiv_year

    year = explicit or by_ordinal or by_volume
    if explicit and by_ordinal and explicit != by_ordinal:
        warnings.append(
            f"year {explicit} contradicts the {_nth(ordinal or 0)} {entry.acronym},"
            f" which was held in {by_ordinal}"
        )
    if explicit and by_volume and explicit != by_volume:
        warnings.append(
            f"year {explicit} contradicts {entry.acronym} volume {volume}, which is {by_volume}"
        )
    if not explicit and by_ordinal and by_volume and by_ordinal != by_volume:
        warnings.append(
            f"the {_nth(ordinal or 0)} {entry.acronym} ({by_ordinal}) contradicts volume"
            f" {volume} ({by_volume})"
        )
    if year is None and _plausible(year_hint) and entry.held_in(year_hint or 0):
        year = year_hint
    if year is not None and not entry.held_in(year):
        warnings.append(f"{entry.acronym} was not held in {year}")

    if year:
        return entry.edition(year, raw=raw, volume=volume, warnings=tuple(warnings))
    return entry.series_venue(raw=raw, volume=volume, warnings=tuple(warnings))
