"""Texts that name no venue, remembered by their shape: the text with every digit read as 0.

Most journal references name a journal the registry does not hold ("Phys. Rev. D 76, 013009
(2007)"), and nearly every one is a string never seen before. A text that differs from such a
reference in its digits alone names no venue either, as long as reading the reference never
depended on what its digits were: `digit_blind` checks that, the registry remembers the
reference's shape, and the next text of the same shape is answered without being read.
"""

from __future__ import annotations

from paperkit._venue_match import FUZZY_LENGTHS, core_words
from paperkit._venue_registry import VenueRegistry
from paperkit._venue_text import APOSTROPHE, Text, digit_shape

__all__ = ["MAX_SHAPES", "digit_blind", "knows_blank", "remember_blank"]

MAX_SHAPES = 1 << 16
"""Shapes remembered per registry; when full, it starts again (a shape is cheap to relearn)."""


def knows_blank(registry: VenueRegistry, shape: str) -> bool:
    """Whether a text of this shape was found to name no venue, whatever its digits."""
    return shape in registry.blank_shapes


def remember_blank(registry: VenueRegistry, text: Text, shape: str) -> None:
    """Remember the shape of `text`, in which no venue was found, if its digits played no part."""
    if digit_blind(registry, text, shape):
        shapes = registry.blank_shapes
        if len(shapes) >= MAX_SHAPES:
            shapes.clear()
        shapes[shape] = None


def digit_blind(registry: VenueRegistry, text: Text, shape: str) -> bool:
    """Whether every text of `shape` names no venue, as `text` (which names none) does.

    The reader looks at what digits are in only a few places; each test below rules one out.
    Everywhere else it sees only where digits are (a year has four, "\\d+" takes any), which
    all texts of a shape share. The phrase tables hold no digit (a test checks this).
    """
    # an apostrophe year ("ICML'19") is read by its value; "10." may start a DOI, which is cut
    # (also once the braces are gone: "1{0}.")
    bare = shape.replace("{", "").replace("}", "").replace("$", "")
    if "00." in bare or APOSTROPHE.search(text.raw):
        return False
    # a PMLR volume names its conference ("PMLR 119" is ICML 2020)
    tokens = text.token_set
    if "pmlr" in tokens or "research" in tokens:
        return False
    digit_words = registry.digit_words()
    lower = text.lower
    last = len(lower) - 1
    in_core = False
    for i, token in enumerate(lower):
        if token.isalpha():
            continue
        word = digit_shape(token)
        # an alias with a digit ("L4DC", "3DV"), also when written apart ("3 DV")
        if (
            word in digit_words
            or (i > 0 and digit_shape(lower[i - 1]) + word in digit_words)
            or (i < last and word + digit_shape(lower[i + 1]) in digit_words)
        ):
            return False
        in_core = in_core or not token[0].isdigit()
    # the core words are compared by approximate spelling with aliases that may hold digits
    return not (in_core and digit_words and len(" ".join(core_words(text)[0])) in FUZZY_LENGTHS)
