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

from paperkit import _venue_phrases as phrases
from paperkit._venue_match import Match, fallback_matches, find_matches
from paperkit._venue_registry import VenueEntry, VenueRegistry
from paperkit._venue_shapes import knows_blank, remember_blank
from paperkit._venue_text import (
    MAX_VENUE_YEAR,
    MIN_VENUE_YEAR,
    Text,
    analyse,
    digit_shape,
    may_hold_ordinal,
    ordinal_suffix,
    parse_ordinal,
)
from paperkit.models import Venue, VenueKind

__all__ = ["parse_venue"]


def _workshop_marker(
    registry: VenueRegistry, text: Text, clause: int, match: Match, entry: VenueEntry
) -> bool:
    if text.at_sign:
        return True
    if _word_beside(text, phrases.WORKSHOP_WORDS, clause, match):
        return True
    # "NIPS 2016 Deep Learning Symposium", "AAAI Spring Symposium": a side event, held with a
    # venue that is no symposium itself (unlike "USENIX Security Symposium")
    if entry.id not in registry.symposia() and _word_beside(
        text, phrases.SYMPOSIUM_WORDS, clause, match, reach=_SYMPOSIUM_REACH
    ):
        return True
    if _co_located(text, clause, match):
        return True
    # "NIPSW", "ICMLW": the W marks a workshop of that conference
    return not registry.workshop_acronyms().isdisjoint(text.token_set)


_SYMPOSIUM_REACH = 5
"""How many words from the venue's name a "symposium" may be and still belong to it."""


def _word_beside(
    text: Text, words: frozenset[str], clause: int, match: Match, *, reach: int | None = None
) -> bool:
    """Whether one of `words` is in the match's clause, outside the match (and at most `reach`
    words from it)."""
    if words.isdisjoint(text.token_set):
        return False
    lower, clause_of = text.lower, text.clause_of
    first, last = 0, len(lower)
    if reach is not None:
        first, last = max(first, match.start - reach), min(last, match.end + reach)
    return any(
        lower[i] in words and clause_of[i] == clause and not match.start <= i < match.end
        for i in range(first, last)
    )


_CO_LOCATED_GAP = 3
"""Words allowed between "co-located with" and the venue's name ("the 37th IEEE")."""


def _co_located(text: Text, clause: int, match: Match) -> bool:
    """Whether the venue is named as the host of another event: "X, co-located with ICSE"."""
    if phrases.CO_LOCATED_KEYS.isdisjoint(text.token_set):
        return False
    lower, clause_of = text.lower, text.clause_of
    for phrase in phrases.CO_LOCATED:
        size = len(phrase)
        for end in range(max(size, match.start - _CO_LOCATED_GAP), match.start + 1):
            start = end - size
            if (
                lower[start:end] == phrase
                and clause_of[start] == clause
                and "proceedings" not in lower[end : match.start]
                and (phrase[0] != "part" or start == 0 or lower[start - 1] != "as")
            ):
                return True
    return False


def _choose(matches: list[Match], text: Text) -> Match:
    if len(matches) == 1:
        return matches[0]
    # with no acceptance word, or one clause for all, "accepted" ranks every match the same
    if text.clause_count == 1 or phrases.ACCEPT_KEYS.isdisjoint(text.token_set):
        return max(matches, key=lambda m: (m.entry.kind != "preprint", m.end - m.start, -m.start))

    def rank(match: Match) -> tuple[bool, bool, int, int]:
        accepted = bool(phrases.ACCEPT.search(text.clause_text[text.clause_of[match.start]]))
        published = match.entry.kind != "preprint"
        return (accepted, published, match.end - match.start, -match.start)

    return max(matches, key=rank)


def _year_candidates(text: Text, match: Match) -> list[tuple[int, int]]:
    """(token index, year) of every year the text gives, the one after the venue first."""
    lower = text.lower
    # "Article number: 2019 (2021)" names an article, not a year
    years = [
        (i, int(token))
        for i, token in enumerate(lower)
        if len(token) == 4
        and token.isdigit()
        and MIN_VENUE_YEAR <= int(token) <= MAX_VENUE_YEAR
        and (lower[i - 1] if i else "") not in phrases.NOT_A_YEAR_AFTER
    ]
    end = match.end
    # "NeurIPS 21", "(USENIX Security 19)": two digits right after an acronym, never after a
    # full name ("... Artificial Intelligence and Statistics, 28-30 March 2022")
    if not years and not match.volume_follows and end < len(lower) and end - match.start <= 2:
        token = lower[end]
        # but DBLP's "ECCV (12)" names part 12 of the proceedings, not 2012
        if len(token) == 2 and token.isdigit() and not _proceedings_part(text, token):
            yy = int(token)
            year = 2000 + yy if 2000 + yy <= MAX_VENUE_YEAR - 1 else 1900 + yy
            if match.entry.held_in(year):
                years.append((end, year))
    if text.clause_count == 1:
        own = years  # one clause: every year is the venue's own
    else:
        clause = text.clause_of[match.start]
        own = [item for item in years if text.clause_of[item[0]] == clause]
    if not own:
        # "International conference on machine learning. PMLR, 2020." gives the year in the next
        # sentence; "... Allerton Conference, 2009. To appear in ..." gives another venue's
        own = [
            item
            for item in years
            if phrases.VENUE_WORDS.isdisjoint(text.clause_text[text.clause_of[item[0]]].split())
        ]
    if len(own) > 1:
        own.sort(key=lambda item: (item[0] < end, abs(item[0] - end)))
    return own


def _proceedings_part(text: Text, number: str) -> bool:
    """Whether `number` stands alone in brackets, as DBLP writes a part: "ECCV (12)"."""
    return f"({number})" in "".join(text.cleaned.split())


def _ordinal_near(text: Text, match: Match) -> int | None:
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


def _volume_near(text: Text, match: Match) -> str | None:
    lower = text.lower
    end = match.end
    if match.volume_follows and end < len(lower):
        token = lower[end]
        if token.isdigit() and len(token) <= 4 and not (len(token) == 4 and token[:2] in "1920"):
            return token.lstrip("0") or token
    entry = match.entry
    if entry.kind != "journal" and not entry.volume and not entry.series:
        return None  # "Volume 1: Long Papers" is a part of the proceedings, not a volume
    if phrases.VOLUME_WORDS.isdisjoint(text.token_set):
        return None
    clause = text.clause_of[match.start]
    for i, token in enumerate(lower[:-1]):
        if token in phrases.VOLUME_WORDS and text.clause_of[i] == clause and lower[i + 1].isdigit():
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
        elif lower[i : i + 5] == phrases.PMLR_SERIES:
            j = i + 5
        if j < 0:
            continue
        while j < len(lower) and lower[j] in phrases.VOLUME_WORDS:
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
            and lower[i - 3] in phrases.VOLUME_WORDS
        ):
            return lower[i - 2]
    return None


def _plausible(year: int | None) -> int | None:
    """`year` when a venue could have been held then; a 119th edition is no year at all."""
    return year if year is not None and MIN_VENUE_YEAR <= year <= MAX_VENUE_YEAR else None


def _preprint(text: Text, reason: str) -> Venue:
    return Venue(kind=VenueKind.PREPRINT, raw=text.raw, warnings=(reason,))


def _nth(number: int) -> str:
    return f"{number}{ordinal_suffix(number)}"


def _edition_year(
    entry: VenueEntry,
    text: Text,
    match: Match,
    explicit: int | None,
    pmlr_volume: str | None,
    pmlr: tuple[VenueEntry, int] | None,
    warnings: list[str],
) -> tuple[int | None, str | None]:
    """The year (as written, else implied by the ordinal or the volume) and the volume.

    Every contradiction between the three is appended to `warnings`.
    """
    ordinal = _ordinal_near(text, match) if entry.has_ordinals and may_hold_ordinal(text) else None
    volume = _volume_near(text, match)
    own_pmlr = pmlr is not None and pmlr[0].id == entry.id
    if pmlr_volume and own_pmlr:
        volume = pmlr_volume
    by_ordinal = _plausible(entry.year_of_ordinal(ordinal)) if ordinal else None
    by_volume = _plausible(entry.year_of_volume(volume)) if volume else None
    if volume and by_volume is None and own_pmlr and pmlr is not None:
        by_volume = pmlr[1]
    if entry.kind == "preprint" and explicit is None:
        explicit = text.arxiv_year
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
    return explicit or by_ordinal or by_volume, volume


def _without_venue(
    registry: VenueRegistry,
    text: Text,
    negative_anywhere: bool,
    may_strong: bool,
    year_hint: int | None,
) -> Venue | None:
    """The reading of a text that names no known venue: a submission, a workshop, or nothing."""
    if negative_anywhere:
        return _preprint(text, "the text reads as a submission, not an acceptance")
    if not registry.workshop_acronyms().isdisjoint(text.token_set):  # "NIPSW 2017"
        found = [int(t) for t in text.lower if len(t) == 4 and t.isdigit()]
        year = next((y for y in found if _plausible(y)), _plausible(year_hint))
        return Venue(kind=VenueKind.WORKSHOP, name=text.clean() or None, year=year, raw=text.raw)
    if "preprint" in text.token_set and not (may_strong and phrases.any_strong_accept(text)):
        return Venue(kind=VenueKind.PREPRINT, raw=text.raw)
    return None


def parse_venue(registry: VenueRegistry, raw: str, year_hint: int | None) -> Venue | None:
    """Read the venue `raw` names; see the module docstring for the rules."""
    if not isinstance(raw, str) or not raw or raw.isspace():
        return None
    shape = digit_shape(raw)
    if knows_blank(registry, shape):
        return None
    text = analyse(raw)
    if not text.lower:
        return None
    words = text.token_set
    may_negative = not phrases.NEGATIVE_KEYS.isdisjoint(words)
    may_accept = not phrases.ACCEPT_KEYS.isdisjoint(words)
    may_strong = not phrases.STRONG_KEYS.isdisjoint(words)
    negative_anywhere = may_negative and any(phrases.NEGATIVE.search(c) for c in text.clause_text)
    accept_anywhere = (
        negative_anywhere and may_accept and any(phrases.ACCEPT.search(c) for c in text.clause_text)
    )
    matches = find_matches(registry, text)
    pmlr_volume = _pmlr_volume(text)
    pmlr = registry.pmlr_volumes.get(pmlr_volume) if pmlr_volume else None
    if not matches and not (negative_anywhere and not accept_anywhere):
        matches = fallback_matches(registry, text)
    if not matches and pmlr is not None:
        entry, _ = pmlr
        matches = [Match(0, 0, entry, False)]
    if not matches:
        venue = _without_venue(registry, text, negative_anywhere, may_strong, year_hint)
        if venue is None:
            remember_blank(registry, text, shape)
        return venue

    match = _choose(matches, text)
    entry = match.entry
    clause = text.clause_of[match.start] if text.lower else 0
    clause_text = text.clause_text[clause]
    if may_strong and text.clause_count > 1 and not phrases.STRONG_ACCEPT.search(clause_text):
        matched = {text.clause_of[m.start] for m in matches}
        for other, other_text in enumerate(text.clause_text):
            if other not in matched and phrases.STRONG_ACCEPT.search(other_text):
                return None  # accepted somewhere the registry does not know; never guess
    warnings: list[str] = []
    if match.fuzzy:
        warnings.append(f"matched {entry.acronym} by approximate spelling")

    submitted = negative_anywhere and (
        phrases.NEGATIVE.search(clause_text) is not None or not accept_anywhere
    )
    if submitted and may_accept:
        # "Rejected by NeurIPS 2020, accepted by AAAI 2021": each venue takes its nearest marker
        accepted = [m for m in matches if phrases.marker_before(text, m.start) == "accept"]
        if accepted:
            match = _choose(accepted, text)
            entry, submitted = match.entry, False
            clause = text.clause_of[match.start]
            clause_text = text.clause_text[clause]
    if submitted and entry.kind != "preprint":
        return _preprint(text, f"the text names {entry.acronym} as a submission, not an acceptance")

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

    workshop = entry.kind != "workshop" and _workshop_marker(registry, text, clause, match, entry)
    if workshop:
        return Venue(
            kind=VenueKind.WORKSHOP,
            name=text.clean() or None,
            year=explicit or _plausible(year_hint),
            raw=raw,
            warnings=(f"a workshop held with {entry.acronym}, not {entry.acronym} itself",),
        )
    may_track = not phrases.TRACK_KEYS.isdisjoint(words)
    if (
        may_track
        and entry.kind != "workshop"
        and not entry.markers
        and phrases.TRACK.search(clause_text)
    ):
        # the track is held with the edition: its ordinal or volume dates the track too
        edition_year, _ = _edition_year(entry, text, match, explicit, pmlr_volume, pmlr, [])
        return Venue(
            kind=VenueKind.OTHER,
            name=text.clean() or None,
            year=edition_year or _plausible(year_hint),
            raw=raw,
            warnings=(f"a separate track of {entry.acronym}, not its main conference",),
        )

    year, volume = _edition_year(entry, text, match, explicit, pmlr_volume, pmlr, warnings)
    parent = registry.get(entry.parent) if entry.parent and year is None else None
    if parent is not None and not entry.ordinal and not entry.volume:
        # "Thirty-fifth Conference on Neural Information Processing Systems Datasets and
        # Benchmarks Track": a track without numbers of its own is dated by its parent's edition
        year, _ = _edition_year(parent, text, match, explicit, pmlr_volume, pmlr, warnings)
    if year is None and _plausible(year_hint) and entry.held_in(year_hint or 0):
        year = year_hint
    if year is not None and not entry.held_in(year):
        warnings.append(f"{entry.acronym} was not held in {year}")

    if year:
        return entry.edition(year, raw=raw, volume=volume, warnings=tuple(warnings))
    return entry.series_venue(raw=raw, volume=volume, warnings=tuple(warnings))
