"""Titles for BibTeX: capitals protected from bibliography styles that change case.

A style may lower-case every word of a title but the first; braces keep a word as written.
Only words with a capital after their first letter need them (``{BERT}``, ``{GPT}-4``).
"""

from __future__ import annotations

import re
import unicodedata

from paperkit._latex import encode, strip_controls

__all__ = ["encode_title"]

_HYPHEN_SPLIT = re.compile(r"(-)")
_DOUBLE_HYPHEN = re.compile(r"-(?=-)")
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_SPACES = re.compile(r"(\s+)")


def _needs_protection(part: str) -> bool:
    # a capital after the first letter (BERT, SimCLR, 3D, ImageNet) would be lower-cased by styles
    return any(ch.isupper() for ch in part[1:])


def _protect_word(word: str, unicode: bool) -> str:
    lead, core, trail = _WORD.match(word).groups()  # type: ignore[union-attr]
    pieces = _HYPHEN_SPLIT.split(core)
    parts, seps = pieces[0::2], pieces[1::2]
    flags = [_needs_protection(p) for p in parts]
    out: list[str] = [encode(lead, unicode=unicode)]
    index = 0
    while index < len(parts):
        if not flags[index]:
            out.append(encode(parts[index], unicode=unicode))
            if index < len(seps):
                out.append(seps[index])
            index += 1
            continue
        # a run of protected parts joined by hyphens is one group: {CT-GAN}, but {GPT}-4
        end = index
        while end + 1 < len(parts) and flags[end + 1]:
            end += 1
        run = "".join(parts[i] + (seps[i] if i < end else "") for i in range(index, end + 1))
        out.append("{" + encode(run, unicode=unicode) + "}")
        if end < len(seps):
            out.append(seps[end])
        index = end + 1
    out.append(encode(trail, unicode=unicode))
    # hyphens between parts were kept as they are; break the -- ligature there too
    return _DOUBLE_HYPHEN.sub("-{}", "".join(out))


def encode_title(title: str, *, unicode: bool = False, protect: str = "auto") -> str:
    """Encode a title, protecting capitals from bibliography styles that change case.

    Args:
        title: The title as plain Unicode text.
        unicode: Keep non-ASCII characters as UTF-8.
        protect: "auto" braces only words with capitals after their first letter
            (``{BERT}``, ``{GPT}-4``, ``{CT-GAN}``); "all" braces the whole title; "none"
            braces nothing.

    Returns:
        The LaTeX title.
    """
    if protect == "none":
        return encode(title, unicode=unicode)
    if protect == "all":
        return "{" + encode(title, unicode=unicode) + "}"
    if not unicode:
        title = unicodedata.normalize("NFC", title)
    words = _SPACES.split(strip_controls(title))
    return "".join(w if not w or w.isspace() else _protect_word(w, unicode) for w in words)
