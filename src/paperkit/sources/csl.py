"""doi.org content negotiation for CSL-JSON: the last fallback for a DOI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paperkit._http import Http, parse_json
from paperkit.models import Paper
from paperkit.sources._common import doi_path, read_record, require_object
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
        url = f"{self.http.settings.doi_url}/{doi_path(doi)}"
        response = self.http.get(
            url,
            source=SOURCE,
            identifier=doi,
            accept=CSL_JSON,
            check=lambda r: require_object(r.content, source=SOURCE, service="doi.org"),
        )
        data = parse_json(response.content, source=SOURCE)
        return read_record(
            paper_from_csl, data, doi=doi, source=SOURCE, record="doi.org's CSL record"
        )
