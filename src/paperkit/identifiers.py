"""arXiv identifiers and DOIs, and `parse_id` for every form people paste.

>>> parse_id("https://arxiv.org/pdf/1706.03762v5.pdf")
ArxivId(id='1706.03762', version=5)
>>> parse_id("see https://doi.org/10.1145/3292500.3330701.")
Doi(value='10.1145/3292500.3330701')
>>> parse_id("10.48550/arXiv.1706.03762")  # arXiv's own DOI names an arXiv paper
ArxivId(id='1706.03762', version=None)

The grammar of arXiv identifiers (https://info.arxiv.org/help/arxiv_identifier.html): from April
2007 ``YYMM.NNNN``, with five digits after the dot from January 2015 on; before that
``archive(.SC)/YYMMNNN``, e.g. ``hep-th/9901001`` or ``math.CA/0611800``. The subject class
(``CA``) was never needed for uniqueness, so the canonical id drops it: ``math/0611800``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, TypeAlias
from urllib.parse import quote

from paperkit._id_grammar import (
    DOI_PATTERN,
    Rejected,
    find_identifier,
    new_style_problem,
    old_style_problem,
)
from paperkit.errors import IdentifierError

__all__ = ["ArxivId", "Doi", "Identifier", "parse_id"]

ARXIV_DOI_PREFIX: Final = "10.48550"
"""DOI prefix arXiv registers at DataCite: ``10.48550/arXiv.<id>``."""

# URL characters that may stay as they are in a doi.org link (RFC 3986 pchar); the rest are escaped
_DOI_URL_SAFE: Final = "/:@!$&'*+,;=-._~()"


@dataclass(frozen=True, repr=False)
class ArxivId:
    """An arXiv identifier, split into the versionless id and an optional version.

    Build one with `parse_id`, which accepts every form people paste; the constructor itself takes
    only the canonical parts.

    Raises:
        IdentifierError: ``id`` is not a canonical versionless arXiv id or ``version`` is below 1.
    """

    id: str
    """Versionless id: "1706.03762", or "hep-th/9901001" for the scheme used until March 2007."""
    version: int | None = None
    """Version number (the 5 of "v5"); None means the latest version."""
    subject_class: str | None = field(default=None, compare=False, kw_only=True)
    """Subject class of an old-style id, e.g. "CA" for "math.CA/0611800"; not part of the id."""

    def __post_init__(self) -> None:
        problem = _canonical_id_problem(self.id)
        if problem:
            raise IdentifierError(
                f"ArxivId({self.id!r}): {problem}; parse_id() reads other forms", text=str(self.id)
            )
        if self.version is not None and (
            isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 1
        ):
            raise IdentifierError(
                f"ArxivId({self.id!r}, version={self.version!r}): the version must be a whole "
                "number from 1 up, or None for the latest",
                text=self.id,
            )

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"

    def __repr__(self) -> str:
        extra = f", subject_class={self.subject_class!r}" if self.subject_class else ""
        return f"ArxivId(id={self.id!r}, version={self.version!r}{extra})"

    @property
    def is_old_style(self) -> bool:
        """True for ids of the scheme used until March 2007, such as "hep-th/9901001"."""
        return "/" in self.id

    @property
    def versionless(self) -> ArxivId:
        """The same paper without a version, which stands for its latest version."""
        return ArxivId(self.id, subject_class=self.subject_class)

    @property
    def doi(self) -> str:
        """The DOI arXiv registered for the paper, in lower case: "10.48550/arxiv.1706.03762".

        arXiv DOIs name the paper, not a version, so the version is left out.
        """
        return f"{ARXIV_DOI_PREFIX}/arxiv.{self.id}"

    @property
    def abs_url(self) -> str:
        """The abstract page, of this version when there is one."""
        return f"https://arxiv.org/abs/{self}"

    @property
    def pdf_url(self) -> str:
        """The PDF, of this version when there is one."""
        return f"https://arxiv.org/pdf/{self}"


@dataclass(frozen=True)
class Doi:
    """A Digital Object Identifier such as "10.1145/3292500.3330701", stored in lower case.

    DOIs are case-insensitive, so the value is folded to lower case to compare and deduplicate.
    Build one with `parse_id` to accept prefixes, URLs and percent-encoding.

    Raises:
        IdentifierError: ``value`` is not of the form "10.<registrant>/<suffix>".
    """

    value: str
    """The DOI in lower case, without "doi:" or a URL."""

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or not DOI_PATTERN.fullmatch(self.value):
            raise IdentifierError(
                f"Doi({self.value!r}): expected '10.<registrant>/<suffix>' such as "
                "'10.1145/3292500.3330701', with no prefix, URL or white space",
                text=str(self.value),
            )
        object.__setattr__(self, "value", self.value.lower())

    def __str__(self) -> str:
        return self.value

    @property
    def prefix(self) -> str:
        """The registrant part before the first slash, e.g. "10.1145"."""
        return self.value.partition("/")[0]

    @property
    def suffix(self) -> str:
        """The part after the first slash, e.g. "3292500.3330701"."""
        return self.value.partition("/")[2]

    @property
    def url(self) -> str:
        """The resolver link, escaped where a URL needs it: "https://doi.org/10.1145/..."."""
        return f"https://doi.org/{quote(self.value, safe=_DOI_URL_SAFE)}"


Identifier: TypeAlias = ArxivId | Doi
"""What `parse_id` returns: an arXiv paper or a DOI."""


def parse_id(text: str | Identifier) -> Identifier:
    """Read an arXiv id or a DOI from the forms people paste.

    arXiv: ``1706.03762``, ``1706.03762v5``, ``arXiv:1706.03762``, abs, pdf (with or without
    ``.pdf``) and html links on arxiv.org, www.arxiv.org or export.arxiv.org, old-style
    ``hep-th/9901001`` and ``math.CA/0611800v2``, and arXiv's DOI ``10.48550/arXiv.1706.03762``.
    DOI: ``10.1145/3292500.3330701``, ``doi:...``, ``DOI: ...``, doi.org and dx.doi.org links,
    percent-encoded forms. Surrounding prose and punctuation are ignored when the text holds
    exactly one identifier ("see 10.1000/xyz123.").

    Args:
        text: The text to read; an `ArxivId` or `Doi` is returned as it is.

    Returns:
        An `ArxivId` (versionless id plus version) or a `Doi` in lower case.

    Raises:
        IdentifierError: The text holds no identifier, a malformed one, or several different ones;
            the message quotes the text and says what is wrong.
    """
    if isinstance(text, ArxivId | Doi):
        return text
    if not isinstance(text, str):
        raise TypeError(f"parse_id() takes a string, not {type(text).__name__}")
    try:
        found = find_identifier(text)
    except Rejected as exc:
        reason = str(exc)
        if not reason.startswith(f"{text!r} "):  # the reason does not quote the input yet
            reason = f"{_quote(text)} is not an arXiv id or a DOI: {reason}"
        raise IdentifierError(reason, text=text) from None
    if found.kind == "doi":
        return Doi(found.value)
    return ArxivId(found.value, found.version, subject_class=found.subject_class)


def _canonical_id_problem(arxiv_id: object) -> str | None:
    if not isinstance(arxiv_id, str):
        return "the id must be a string"
    if "/" in arxiv_id:
        archive, _, number = arxiv_id.partition("/")
        if not archive.islower() or "." in archive:
            return "expected a lower-case archive without subject class, e.g. 'math/0611800'"
        return old_style_problem(archive, number, version=None)
    return new_style_problem(arxiv_id, version=None)


def _quote(text: str, limit: int = 120) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 4]}...{shown[-1]}"
