"""Harvesting updates from arXiv's OAI-PMH interface (``metadataPrefix=arXiv``).

arXiv documents the interface at https://info.arxiv.org/help/oa/index.html: one item per
article (its latest version), ``ListRecords`` pages continued by a ``resumptionToken`` (tokens
expire daily, so a harvest is best finished within a day), datestamps that are the last
modification of a record, deleted records kept as headers with ``status="deleted"``, and
``503`` answers with ``Retry-After`` when a harvester goes too fast. Requests go through
paperkit's HTTP layer under the arXiv API's rules (one at a time, ``arxiv_delay`` apart, retries
honouring ``Retry-After``), but are never cached: a harvest asks for what changed since a date.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from typing import Any

import defusedxml.ElementTree
import requests

from paperkit._cache import ResponseCache
from paperkit._http import Http, Malformed
from paperkit.bulk._records import paper_from_record
from paperkit.bulk._report import BulkReport, Problem
from paperkit.config import Settings
from paperkit.errors import FetchError
from paperkit.models import Paper

__all__ = ["HarvestReader", "harvest", "record_from_xml"]

SOURCE = "arxiv"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
# arXiv-format elements copied as they are into the snapshot-shaped record
_TEXT_FIELDS = (
    "id", "created", "updated", "title", "categories", "comments", "journal-ref", "doi", "abstract"
)  # fmt: skip


class _NoStore(ResponseCache):
    """A cache that keeps nothing: harvested pages must always be fresh."""

    def get(self, key: str, *, allow_expired: bool = False) -> requests.Response | None:
        return None

    def put_many(self, responses: dict[str, requests.Response], *, lifetime: float) -> None:
        return None


def _date(value: dt.date | str | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date (expected YYYY-MM-DD)") from None


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    return "".join(element.itertext())


def record_from_xml(metadata: ET.Element) -> dict[str, Any]:
    """An ``<arXiv>`` metadata element as a record in the snapshot's JSON shape.

    ``authors`` become ``authors_parsed`` lists (``[keyname, forenames, suffix, affiliation...]``),
    so `paper_from_record` maps harvested and snapshot records the same way.
    """
    record: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = _text(metadata.find(ARXIV + name))
        if value is not None:
            record[name] = value
    authors = []
    for author in metadata.iterfind(f"{ARXIV}authors/{ARXIV}author"):
        parts = [_text(author.find(ARXIV + n)) or "" for n in ("keyname", "forenames", "suffix")]
        parts += [_text(a) or "" for a in author.iterfind(ARXIV + "affiliation")]
        authors.append(parts)
    record["authors_parsed"] = authors
    return record


class HarvestReader(Iterator[Paper]):
    """The papers of a harvest, page by page, with the `BulkReport` it fills.

    Made by `harvest`. Only one page (at most a few MB) is held at a time. After the last page,
    ``response_date`` is the server's time of the first answer: the ``since`` of the next
    incremental harvest, as arXiv recommends.
    """

    def __init__(
        self,
        http: Http,
        url: str,
        params: Mapping[str, str],
        report: BulkReport,
        *,
        owns_session: bool = False,
    ) -> None:
        self.report = report
        """Counts and problems so far."""
        self.response_date: str | None = None
        """The server's ``responseDate`` of the first page (UTC, ISO 8601)."""
        self.pages = 0
        """Pages read so far."""
        self._http = http
        self._url = url
        self._owns_session = owns_session
        self._papers = self._iterate(dict(params))

    def __next__(self) -> Paper:
        return next(self._papers)

    def __iter__(self) -> HarvestReader:
        return self

    def _iterate(self, params: dict[str, str]) -> Iterator[Paper]:
        try:
            yield from self._pages(params)
        finally:
            if self._owns_session:  # a session the caller gave stays theirs to close
                self._http.session.close()

    def _pages(self, params: dict[str, str]) -> Iterator[Paper]:
        while True:
            root = self._page(params)
            self.pages += 1
            if self.response_date is None:
                self.response_date = _text(root.find(OAI + "responseDate"))
            error = root.find(OAI + "error")
            if error is not None:
                if error.get("code") == "noRecordsMatch":
                    return
                raise FetchError(
                    f"arXiv OAI-PMH refused the request {params}: "
                    f"{error.get('code')}: {' '.join((_text(error) or '').split())}",
                    source=SOURCE,
                    identifier=self._url,
                )
            listing = root.find(OAI + "ListRecords")
            if listing is None:
                raise FetchError(
                    f"arXiv OAI-PMH answered without ListRecords for {params}",
                    source=SOURCE,
                    identifier=self._url,
                )
            for element in listing.iterfind(OAI + "record"):
                paper = self._paper(element)
                if paper is not None:
                    yield paper
            token = (_text(listing.find(OAI + "resumptionToken")) or "").strip()
            if not token:
                return
            # a continuation names only the verb and the token
            params = {"verb": "ListRecords", "resumptionToken": token}

    def _page(self, params: dict[str, str]) -> ET.Element:
        parsed: list[ET.Element] = []

        def check(response: requests.Response) -> None:
            try:
                parsed.append(defusedxml.ElementTree.fromstring(response.content, forbid_dtd=True))
            except defusedxml.DefusedXmlException as exc:
                raise FetchError(
                    "arXiv OAI-PMH answered XML with a DOCTYPE or entity declarations; "
                    f"refused it ({type(exc).__name__})",
                    source=SOURCE,
                    identifier=self._url,
                ) from exc
            except (SyntaxError, ValueError) as exc:  # a cut-off page: retried
                raise Malformed(
                    f"arXiv OAI-PMH answered XML that is not well formed: {exc}"
                ) from exc

        label = params.get("resumptionToken") or "ListRecords"
        self._http.get(
            self._url,
            source=SOURCE,
            identifier=f"OAI-PMH {label}",
            params=params,
            accept="text/xml",
            check=check,
        )
        return parsed[-1]

    def _paper(self, element: ET.Element) -> Paper | None:
        header = element.find(OAI + "header")
        identifier = _text(header.find(OAI + "identifier")) if header is not None else None
        if header is not None and header.get("status") == "deleted":
            self.report.deleted += 1
            return None
        self.report.records += 1
        arxiv_id = identifier.removeprefix("oai:arXiv.org:") if identifier else None
        metadata = element.find(f"{OAI}metadata/{ARXIV}arXiv")

        def warn(message: str) -> None:
            self.report.add(Problem(self._url, None, message, arxiv_id, skipped=False))

        try:
            if metadata is None:
                raise ValueError("record without arXiv-format metadata")
            paper = paper_from_record(record_from_xml(metadata), warn=warn)
        except ValueError as exc:
            self.report.add(Problem(self._url, None, str(exc).splitlines()[0], arxiv_id))
            return None
        self.report.papers += 1
        return paper


def harvest(
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    set_spec: str | None = None,
    url: str | None = None,
    settings: Settings | None = None,
    http: requests.Session | None = None,
    retries: int = 4,
    backoff: float = 1.0,
    report: BulkReport | None = None,
) -> HarvestReader:
    """Stream the papers arXiv added or changed, from its OAI-PMH interface.

    Pages are requested lazily as the iterator advances, each after the previous one, paced like
    the arXiv API (``arxiv_delay`` seconds apart). A ``503`` is retried after its ``Retry-After``.
    Deleted records are counted, records that cannot be read are reported; neither stops it.

    Example:
        ```python
        updates = paperkit.bulk.harvest(since="2026-11-01", set_spec="cs")
        paperkit.bulk.write_papers(updates, "updates.jsonl")
        next_since = updates.response_date
        ```

    Args:
        since: OAI ``from``: records modified on or after this date (YYYY-MM-DD).
        until: OAI ``until``: records modified on or before this date.
        set_spec: an OAI set, e.g. ``cs``, ``physics:hep-th`` or ``cs:cs:AI``; None for all.
        url: the OAI-PMH base URL; default the ``oai_url`` setting (``PAPERKIT_OAI_URL``).
        settings: delay, timeout, contact and offline mode; `Settings.load()` when None.
        http: the `requests.Session` to send with (tests mount adapters on it).
        retries: tries after a failed request.
        backoff: seconds before the first retry, doubled for each further one (``Retry-After``
            wins when longer).
        report: a report to add to; a new one is made when None.

    Returns:
        An iterator of `Paper` with ``report``, ``pages`` and ``response_date``.

    Raises:
        ValueError: ``since`` or ``until`` is not a date.
        FetchError: (during iteration) the server failed after every retry, refused the request
            (an OAI error such as ``badArgument``), or sent XML with entity declarations.
        OfflineError: (during iteration) offline mode is on; harvests are never cached.
    """
    settings = settings if settings is not None else Settings.load()
    params = {"verb": "ListRecords", "metadataPrefix": "arXiv"}
    for name, value in (("from", _date(since, "since")), ("until", _date(until, "until"))):
        if value is not None:
            params[name] = value
    if set_spec:
        params["set"] = set_spec
    client = Http(settings, session=http, retries=retries, backoff=backoff)
    client.cache = _NoStore(settings.cache_dir / "unused")
    base = (url or settings.oai_url).rstrip("/")
    report = report if report is not None else BulkReport()
    return HarvestReader(client, base, params, report, owns_session=http is None)
