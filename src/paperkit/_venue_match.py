"""Finding the registry's aliases in a venue string: exact words first, then careful fallbacks.

Aliases are found as whole-word sequences (longest first, no overlaps). When none is found, a
whole-text alias ("Nature"), an acronym split by a stray space ("Neur IPS"), two swapped letters
in a long acronym ("NeruIPS") or a one-letter slip inside the words of a long name ("Internatinal
Conference on Machine Learning") may still match; those matches carry a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from paperkit import _venue_phrases as phrases
from paperkit._venue_registry import AliasHit, VenueEntry, VenueRegistry, typo_shape
from paperkit._venue_text import Text, parse_ordinal

__all__ = ["FUZZY_LENGTHS", "Match", "core_words", "fallback_matches", "find_matches"]

FUZZY_LENGTHS = range(15, 121)
"""The lengths of core text compared by approximate spelling: shorter is too little to go on."""
_TYPO_WORD = 5
"""The shortest word that may carry a typo: "Internatinal" may, "Data" may not."""


@dataclass(slots=True)
class Match:
    """One alias found in the text: tokens start..end name `entry`."""

    start: int
    end: int
    entry: VenueEntry
    volume_follows: bool
    fuzzy: bool = False


def find_matches(registry: VenueRegistry, text: Text) -> list[Match]:
    """The registry's aliases in `text` as whole words, longest first, none overlapping."""
    # most words start no alias, and most texts hold a word that does: one set test first
    starts = registry.first_words
    if starts.isdisjoint(text.token_set):
        return []
    lower = text.lower
    count = len(lower)
    single, longer, lengths = registry.single, registry.longer, registry.lengths
    found: list[Match] = []
    for i, word in enumerate(lower):
        if word not in starts:
            continue
        match = None
        if i + 1 < count:
            # the longest alias first: "Findings of ACL" before "ACL"
            for length in lengths.get((word, lower[i + 1]), ()):
                hits = longer.get(lower[i : i + length]) if i + length <= count else None
                if hits and (match := _first_fit(hits, text, i)):
                    break
        if match is None:
            hits = single.get(word)
            if hits:
                # a one-word alias that ignores case always fits: no call needed
                hit = hits[0]
                if hit.original is None:
                    match = Match(i, i + 1, hit.entry, hit.volume_follows)
                else:
                    match = _first_fit(hits, text, i)
        if match is not None:
            found.append(match)
    if len(found) < 2:
        return found
    found.sort(key=lambda m: (m.start - m.end, m.start))
    kept: list[Match] = []
    taken: set[int] = set()
    for match in found:
        span = range(match.start, match.end)
        if not taken.intersection(span):
            kept.append(match)
            taken.update(span)
    return kept


def _first_fit(hits: list[AliasHit], text: Text, i: int) -> Match | None:
    """The first of `hits` (aliases with the same words, found at token `i`) that fits there."""
    lower = text.lower
    count = len(lower)
    end = i + len(hits[0].tokens)
    for hit in hits:
        if hit.original is not None and text.words[i:end] != hit.original:
            continue
        # "International Conference on Machine Learning and Applications" is ICMLA, not ICML
        if end - i >= 3 and end < count and lower[end] in phrases.CONNECTORS:
            # but "... Artificial Intelligence and the Thirty-First Innovative Applications ..."
            # (or "and Thirty-First ...") starts the name of another meeting
            next_name = end + 1 < count and (
                lower[end + 1] == "the" or parse_ordinal(lower, end + 1) is not None
            )
            if not (lower[end] == "and" and next_name):
                continue
        return Match(i, end, hit.entry, hit.volume_follows)
    return None


def core_words(text: Text) -> tuple[tuple[str, ...], int, int]:
    """The words that may name a venue (no filler, number or ordinal), and their token span."""
    positions = [
        i
        for i, token in enumerate(text.lower)
        if token not in phrases.FILLER
        and not token[0].isdigit()
        and parse_ordinal(text.lower, i) is None
    ]
    while positions and text.lower[positions[0]] in phrases.LEADING:
        positions.pop(0)
    if not positions:
        return (), 0, 0
    return tuple(text.lower[i] for i in positions), positions[0], positions[-1] + 1


def fallback_matches(registry: VenueRegistry, text: Text) -> list[Match]:
    """A match for text where `find_matches` found none: whole text, split acronym or typo."""
    core, start, end = core_words(text)
    entry = registry.whole.get(core)
    if entry is not None:
        return [Match(start, end, entry, entry.kind == "journal")]
    lower = text.lower
    # stray spacing inside an acronym: "Neur IPS 2019", "I CLR"
    for i in range(len(lower) - 1):
        joined = lower[i] + lower[i + 1]
        for hit in registry.single.get(joined, ()):
            if hit.original is None:
                return [Match(i, i + 2, hit.entry, hit.volume_follows)]
    return _acronym_typo(registry, text) or _fuzzy_match(registry, core, start, end)


def _acronym_typo(registry: VenueRegistry, text: Text) -> list[Match]:
    """ "NeruIPS", "AISTAST": two letters swapped in a long acronym written with its capitals."""
    acronyms = registry.long_acronyms()
    for i, word in enumerate(text.words):
        # `islower` first: it rules out most words ("Conference") at once
        if len(word) < 5 or word[1:].islower() or not word.isalpha():
            continue
        if not any(c.isupper() for c in word[1:]):
            continue
        folded = word.casefold()
        best = process.extractOne(folded, acronyms, scorer=OSA.distance, score_cutoff=1)
        # only a swap of two letters: "IJCAR" is a venue of its own, not a slip for "IJCAI"
        if best is not None and sorted(folded) == sorted(best[0]):
            hit = registry.single[best[0]][0]
            return [Match(i, i + 1, hit.entry, hit.volume_follows, fuzzy=True)]
    return []


def _fuzzy_match(
    registry: VenueRegistry, core: tuple[str, ...], start: int, end: int
) -> list[Match]:
    phrase = " ".join(core)
    if len(phrase) not in FUZZY_LENGTHS:
        return []
    # a short word must match exactly, so an alias whose short words differ from the text's
    # cannot pass the check below: when none has the text's shape, skip the costly search
    if typo_shape(core, _TYPO_WORD) not in registry.fuzzy_shapes(phrases.FILLER, _TYPO_WORD):
        return []
    names, words, entries = registry.fuzzy_choices(phrases.FILLER)
    best = process.extractOne(phrase, names, scorer=fuzz.ratio, score_cutoff=90)
    if best is None:
        return []
    alias = words[best[2]]
    # a typo stays inside a word: "Internatinal" is ICML's, "Physical Review E" is not PRX's
    if len(alias) != len(core) or any(
        a != b and (min(len(a), len(b)) < _TYPO_WORD or OSA.distance(a, b) > 2)
        for a, b in zip(alias, core, strict=True)
    ):
        return []
    return [Match(start, end, entries[best[2]], False, fuzzy=True)]
