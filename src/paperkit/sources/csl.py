"""doi.org content negotiation for CSL-JSON: the last fallback for a DOI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from paperkit._http import Http, Malformed, parse_json
from paperkit.errors import FetchError, PaperkitError
from paperkit.models import Paper
from paperkit.sources.crossref import paper_from_work

__all__ = ["CSL_JSON", "CslSource", "paper_from_csl"]

SOURCE = "doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"


def paper_from_csl(item: Mapping[str, Any]) -> Paper:
    """Map one CSL-JSON item (as doi.org returns it) to a `Paper`; no requests.

    Crossref's and DataCite's CSL answers use CSL names for most fields and Crossref type names for
    some (``journal-article``); both are understood.

    Raises:
        ValueError: the item has no title.
    """
    data = dict(item)
    issued = data.get("issued")
    if isinstance(issued, Mapping) and "date-parts" not in issued and "raw" in issued:
        raw = str(issued["raw"])[:4]
        if raw.isdigit():
            data["issued"] = {"date-parts": [[int(raw)]]}
    if "event" not in data and data.get("event-title"):
        data["event"] = {"name": data["event-title"]}
    return paper_from_work(data, source=SOURCE)


class CslSource:
    """Content negotiation with the DOI resolver through a shared `Http`."""

    def __init__(self, http: Http) -> None:
        self.http = http

    def item(self, doi: str) -> Paper:
        """The CSL-JSON record doi.org negotiates for `doi`.

        Raises:
            NotFoundError: the DOI is not registered.
            FetchError: the resolver could not be reached or answered something unusable.
        """
        url = f"{self.http.settings.doi_url}/{quote(doi, safe='/:;()._-')}"
        response = self.http.get(
            url, source=SOURCE, identifier=doi, accept=CSL_JSON, check=lambda r: _check(r.content)
        )
        data = parse_json(response.content, source=SOURCE)
        try:
            return paper_from_csl(data)
        except (ValueError, PaperkitError) as exc:
            raise FetchError(
                f"doi.org's CSL record for {doi} cannot be read: {exc}",
                source=SOURCE,
                identifier=doi,
            ) from exc


def _check(body: bytes) -> None:
    if not isinstance(parse_json(body, source=SOURCE), Mapping):
        raise Malformed("doi.org answered JSON that is not an object")
