"""Splitting a person's display name into given and family parts.

BibTeX's own rules guide this (``First von Last, Jr``): lower-case particles start the family name,
a comma means "Family, Given", and generational suffixes are kept apart. Organisations are not
split at all, because "Google Research" has no family name.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Words that make a name an organisation's: splitting "OpenAI Team" would invent a person.
_ORGANISATION_WORDS = frozenset(
    [
        "academy",
        "agency",
        "association",
        "center",
        "centre",
        "collaboration",
        "committee",
        "company",
        "consortium",
        "corporation",
        "council",
        "deepmind",
        "department",
        "foundation",
        "google",
        "group",
        "inc",
        "institute",
        "laboratories",
        "laboratory",
        "lab",
        "labs",
        "llc",
        "ltd",
        "microsoft",
        "openai",
        "organisation",
        "organization",
        "project",
        "research",
        "society",
        "team",
        "university",
        "working",
    ]
)
_PARTICLES = frozenset(
    [
        "da",
        "das",
        "de",
        "del",
        "della",
        "dei",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "ten",
        "den",
        "zu",
        "zum",
        "zur",
        "af",
        "av",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
    ]
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"})
_SPACE = re.compile(r"\s+")


class NameParts(NamedTuple):
    """The parts of a display name; ``family`` is None for organisations."""

    given: str | None
    family: str | None
    suffix: str | None
    organization: bool


def is_organization(name: str) -> bool:
    """True when the name reads like an organisation's rather than a person's."""
    words = {w.strip(".,()").casefold() for w in name.split()}
    return bool(words & _ORGANISATION_WORDS)


def split_name(name: str) -> NameParts:
    """Split "Aidan N. Gomez", "Gomez, Aidan N.", "Ulrike von Luxburg", "Martin Luther King Jr."."""
    text = _SPACE.sub(" ", name).strip()
    if not text:
        return NameParts(None, None, None, organization=False)
    if is_organization(text):
        return NameParts(None, None, None, organization=True)
    if "," in text:
        return _split_with_commas(text)
    words = text.split(" ")
    suffix = None
    if len(words) > 2 and words[-1].casefold() in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return NameParts(None, words[0], suffix, organization=False)
    start = len(words) - 1
    # the family name begins at the first lower-case particle after the given names
    for index, word in enumerate(words[1:-1], start=1):
        if word.casefold() in _PARTICLES and word[:1].islower():
            start = index
            break
    return NameParts(" ".join(words[:start]), " ".join(words[start:]), suffix, organization=False)


def _split_with_commas(text: str) -> NameParts:
    parts = [p.strip() for p in text.split(",")]
    family = parts[0]
    suffix = None
    if len(parts) >= 3:
        # empty parts name nothing: ",,," has no given name, not the given name ", "
        suffix, given = parts[1], ", ".join(p for p in parts[2:] if p)
    elif parts[1].casefold() in _SUFFIXES:
        # "Martin Luther King, Jr." is a display name with a suffix, not "Family, Given"
        inner = split_name(family)
        return NameParts(inner.given, inner.family, parts[1], organization=False)
    else:
        given = parts[1]
    return NameParts(given or None, family or None, suffix or None, organization=False)


def display_name(given: str | None, family: str | None, suffix: str | None) -> str:
    """Join name parts back into "Given Family Suffix"."""
    return " ".join(filter(None, (given, family, suffix)))
