"""The grammar behind `paperkit.identifiers.parse_id`: finding one identifier in pasted text.

Text is cut into white-space separated tokens; each token loses the punctuation prose puts around
it, is percent-decoded, and is read as a link, a prefixed id (``arXiv:``, ``doi:``), a bare DOI or a
bare arXiv id. A token that merely looks like an identifier but is malformed explains why, and that
explanation is what the caller sees when the text holds no valid identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import unquote, urlsplit

# The archives of the scheme used from 1991 to March 2007 ("hep-th/9901001"); archives created
# later (stat, q-fin, eess, econ) only ever had new-style ids.
OLD_ARCHIVES: Final = frozenset(
    {
        "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an",
        "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an",
        "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin",
        "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph",
        "solv-int", "supr-con",
    }
)  # fmt: skip
_ARXIV_HOSTS: Final = frozenset({"arxiv.org", "export.arxiv.org"})
_ARXIV_PAGES: Final = re.compile(r"/(?:abs|pdf|html|format|ps)/(?P<rest>.+)", re.ASCII)
_DOI_LINK: Final = re.compile(r"(?:https?://)?(?:www\.|dx\.)?doi\.org/(?P<doi>.*)", re.IGNORECASE)
_SCHEME: Final = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HOST_FIRST: Final = re.compile(
    r"(?:www\.|export\.)?arxiv\.org/|(?:www\.|dx\.)?doi\.org/", re.IGNORECASE
)
_NEW_STYLE: Final = re.compile(r"(?P<id>[0-9]{4}\.[0-9]+)(?:v(?P<version>[0-9]{1,6}))?")
_NEW_STYLE_PARTS: Final = re.compile(r"([0-9]{2})([0-9]{2})\.([0-9]+)")
_OLD_STYLE: Final = re.compile(
    r"(?P<archive>[a-z][a-z-]*)(?:\.(?P<subject>[a-z][a-z-]*))?/(?P<number>[0-9]+)"
    r"(?:v(?P<version>[0-9]{1,6}))?",
    re.IGNORECASE | re.ASCII,
)
DOI_PATTERN: Final = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s\x00-\x1f\x7f]+")
_DOI_START: Final = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*")
_DOI_IN_TEXT: Final = re.compile(r"10\.[0-9]{4,9}/[^\s?#&]+")
_PERCENT: Final = re.compile(r"%[0-9a-f]{2}", re.IGNORECASE)
_PREFIX_SPACE: Final = re.compile(r"\b(arxiv|doi)\s*:\s+", re.IGNORECASE)
_EMPTY_PREFIX: Final = re.compile(r"[(\[<\"']*(arxiv|doi):[)\]>\"'.,;!?]*", re.IGNORECASE)
_PROSE_END: Final = ".,;:!?"
_QUOTES: Final = "\"'“”‘’«»`"
_PAIRS: Final = {"(": ")", "[": "]", "{": "}", "<": ">"}

Kind = Literal["arxiv", "doi"]


class Rejected(Exception):  # an internal signal; parse_id turns it into IdentifierError
    """A token is not an identifier; ``specific`` when it looked like one and is malformed."""

    def __init__(self, reason: str, *, specific: bool = True) -> None:
        super().__init__(reason)
        self.specific = specific


@dataclass(frozen=True)
class Found:
    """One identifier read from text: a canonical arXiv id or a DOI as written."""

    kind: Kind
    value: str
    version: int | None = None
    subject_class: str | None = None


def find_identifier(text: str) -> Found:
    """The one identifier in `text`; raises `Rejected` saying why there is none."""
    tokens = _PREFIX_SPACE.sub(lambda m: f"{m.group(1)}:", text).split()
    if not tokens:
        raise Rejected("the text is empty")
    found: dict[tuple[Kind, str, int | None], Found] = {}
    problems: list[str] = []
    for token in tokens:
        try:
            hit = read_token(token)
        except Rejected as exc:
            if exc.specific:
                problems.append(str(exc) if len(tokens) == 1 else f"in {token!r}: {exc}")
            continue
        found.setdefault((hit.kind, hit.value.lower(), hit.version), hit)
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        shown = ", ".join(_show(hit) for hit in found.values())
        raise Rejected(f"it holds {len(found)} different identifiers ({shown}); pass one at a time")
    if problems:
        raise Rejected(problems[0])
    raise Rejected(
        "no arXiv id (such as 1706.03762) or DOI (such as 10.1145/3292500.3330701) in it"
    )


def read_token(token: str) -> Found:
    """Read one token that holds nothing but an identifier and prose punctuation."""
    empty = _EMPTY_PREFIX.fullmatch(token)
    if empty:
        raise Rejected(f"nothing follows '{empty.group(1)}:'")
    text = _trim(token)
    if _PERCENT.search(text):
        text = unquote(text)
    lower = text.lower()
    if _SCHEME.match(text) or _HOST_FIRST.match(text):
        return _read_link(text)
    if lower.startswith("arxiv:"):
        return read_arxiv(text[len("arxiv:") :])
    for prefix in ("doi:", "info:doi/", "urn:doi:"):
        if lower.startswith(prefix):
            return read_doi(text[len(prefix) :])
    if lower.startswith("10."):
        return read_doi(text)
    if re.match(r"[0-9]{4}\.[0-9]", text) or _OLD_STYLE.fullmatch(text):
        return read_arxiv(text)
    raise Rejected("not an arXiv id, a DOI or a link to arxiv.org or doi.org", specific=False)


def read_arxiv(text: str) -> Found:
    """Read an arXiv id, new or old style, with an optional version; ``text`` has no prefix."""
    new = _NEW_STYLE.fullmatch(text)
    if new:
        version = _version(new["version"])
        problem = new_style_problem(new["id"], version)
        if problem:
            raise Rejected(problem)
        return Found("arxiv", new["id"], version)
    old = _OLD_STYLE.fullmatch(text)
    if old:
        archive, subject = old["archive"].lower(), old["subject"]
        version = _version(old["version"])
        problem = old_style_problem(archive, old["number"], version)
        if problem:
            raise Rejected(problem)
        if subject is not None and len(subject) == 2:  # math.CA, cs.LG; physics.optics stays
            subject = subject.upper()
        return Found("arxiv", f"{archive}/{old['number']}", version, subject)
    if not text:
        raise Rejected("nothing follows 'arXiv:'")
    raise Rejected(
        f"{text!r} is not an arXiv id (expected e.g. 1706.03762, 1706.03762v5 or hep-th/9901001)"
    )


def read_doi(text: str) -> Found:
    """Read a bare DOI; arXiv's own DOIs (10.48550/arXiv.<id>) become the arXiv paper."""
    if not text:
        raise Rejected("nothing follows the DOI prefix")
    if not DOI_PATTERN.fullmatch(text):
        start = _DOI_START.match(text)
        if not start:
            raise Rejected(
                f"{text!r} is not a DOI: a DOI starts with '10.' and a registrant code of 4 to 9 "
                "digits, as in 10.1145/3292500.3330701"
            )
        if text[start.end() :] in ("", "/"):
            raise Rejected(
                f"{text!r} is only a DOI prefix: the suffix after '/' is missing, "
                "as in 10.1145/3292500.3330701"
            )
        raise Rejected(f"{text!r} is not a DOI: a DOI has no white space or control characters")
    registrant, _, suffix = text.partition("/")
    if registrant != "10.48550":
        return Found("doi", text)
    if suffix[:6].lower() != "arxiv.":
        raise Rejected(
            f"{text!r} uses arXiv's DOI prefix 10.48550 but not its form 10.48550/arXiv.<arXiv id>"
        )
    try:
        return read_arxiv(suffix[6:])
    except Rejected as exc:
        raise Rejected(f"{text!r} is an arXiv DOI for a malformed arXiv id: {exc}") from None


def new_style_problem(arxiv_id: str, version: int | None) -> str | None:
    """Why `arxiv_id` ("YYMM.NNNNN", no version) is not a valid new-style id, or None."""
    parts = _NEW_STYLE_PARTS.fullmatch(arxiv_id)
    if not parts:
        return f"{arxiv_id!r} is not an arXiv id (expected e.g. 1706.03762 or hep-th/9901001)"
    year, month, number = parts.groups()
    yymm = int(year + month)
    if not 1 <= int(month) <= 12:
        return f"{arxiv_id!r} starts with YYMM (year and month), and {month} is not a month"
    if yymm < 704:
        return (
            f"{arxiv_id!r} predates the YYMM.NNNN scheme, which began in April 2007 (0704); "
            "older papers have ids like hep-th/9901001"
        )
    digits = 4 if yymm < 1501 else 5
    if len(number) != digits:
        period = "April 2007 to December 2014" if digits == 4 else "January 2015 on"
        return (
            f"{arxiv_id!r} has {len(number)} digits after the dot, but ids from {period} "
            f"have {digits}, as in {'0801.1234' if digits == 4 else '1706.03762'}"
        )
    if int(number) == 0:
        return f"{arxiv_id!r} has number zero; arXiv numbers papers from 1"
    return _version_problem(arxiv_id, version)


def old_style_problem(archive: str, number: str, version: int | None) -> str | None:
    """Why ``archive/number`` is not a valid id of the scheme used until March 2007, or None."""
    arxiv_id = f"{archive}/{number}"
    if archive not in OLD_ARCHIVES:
        return (
            f"{arxiv_id!r} is not an arXiv id: {archive!r} is not one of arXiv's archives "
            "(old-style ids look like hep-th/9901001 or math.CA/0611800)"
        )
    if len(number) != 7 or not number.isascii() or not number.isdigit():
        return f"{arxiv_id!r} needs 7 digits (YYMMNNN) after the slash, as in hep-th/9901001"
    year, month = int(number[:2]), int(number[2:4])
    if not 1 <= month <= 12:
        return f"{arxiv_id!r} has YYMMNNN after the slash, and {number[2:4]} is not a month"
    if 8 <= year <= 90 or (year == 7 and month > 3) or (year == 91 and month < 7):
        return (
            f"{arxiv_id!r} falls outside the old scheme, used from 1991 to March 2007; "
            "later ids look like 0704.0001"
        )
    if int(number[4:]) == 0:
        return f"{arxiv_id!r} has number zero; arXiv numbers papers from 1"
    return _version_problem(arxiv_id, version)


def _version_problem(arxiv_id: str, version: int | None) -> str | None:
    if version is not None and version < 1:
        return f"{arxiv_id}v{version} has version {version}; versions start at v1"
    return None


def _version(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def _read_link(text: str) -> Found:
    url = text if _SCHEME.match(text) else f"https://{text}"
    doi_link = _DOI_LINK.fullmatch(url)
    if doi_link:
        # the DOI is the whole rest of the link: DOIs may hold '?' and '#'
        return read_doi(doi_link["doi"])
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise Rejected(f"{text!r} is not a valid link ({exc})") from None
    host = host.removeprefix("www.")
    if host in _ARXIV_HOSTS:
        page = _ARXIV_PAGES.fullmatch(parts.path)
        if not page:
            raise Rejected(
                f"{text!r} is not a paper's page on arXiv (expected /abs/, /pdf/ or /html/ and an "
                "id, as in https://arxiv.org/abs/1706.03762)"
            )
        return read_arxiv(_arxiv_path_id(page["rest"]))
    hint = _DOI_IN_TEXT.search(url)
    advice = f"; it contains the DOI {hint.group()}, pass that instead" if hint else ""
    raise Rejected(f"{text!r} links to {host or 'no host'}, not to arxiv.org or doi.org{advice}")


def _arxiv_path_id(rest: str) -> str:
    rest = rest.removesuffix("/").removesuffix(".pdf")
    # html pages may go on past the id ("/html/2305.12345v1/index.html"); new-style ids hold no '/'
    first = rest.split("/", 1)[0]
    return first if _NEW_STYLE.fullmatch(first) else rest


def _trim(token: str) -> str:
    """Strip what prose wraps around an identifier: quotes, brackets and trailing punctuation."""
    text = token
    while True:
        before = text
        text = text.strip().strip(_QUOTES).rstrip(_PROSE_END)
        if len(text) >= 2 and _PAIRS.get(text[0]) == text[-1]:
            text = text[1:-1]
        for opener, closer in _PAIRS.items():
            if text.endswith(closer) and text.count(closer) > text.count(opener):
                text = text[:-1]
            if text.startswith(opener) and text.count(opener) > text.count(closer):
                text = text[1:]
        if text == before:
            return text


def _show(found: Found) -> str:
    if found.kind == "doi":
        return found.value.lower()
    return found.value if found.version is None else f"{found.value}v{found.version}"
