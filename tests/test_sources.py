"""Source mappers on the project's fixtures, and conformance with every recorded real response."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from paperkit import Client
from paperkit.errors import FetchError
from paperkit.models import Paper, VenueKind
from paperkit.sources._common import jats_to_text, normalize_pages
from paperkit.sources.arxiv import abstract_from_summary
from paperkit.sources.crossref import kind_of_type, paper_from_work
from paperkit.sources.csl import paper_from_csl
from paperkit.sources.datacite import paper_from_doi_record
from replay import HTTP_FIXTURES, ReplayServer

SEED_TITLES = {
    "1706.03762": "Attention Is All You Need",
    "2109.13916": "Unsolved Problems in ML Safety",
    "1901.03597": "CT-GAN: Malicious Tampering of 3D Medical Imagery using Deep Learning",
    "2002.05709": "A Simple Framework for Contrastive Learning of Visual Representations",
    "1803.03635": "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
}


# --- arXiv ----------------------------------------------------------------------------------
@pytest.mark.parametrize("arxiv_format", ["new", "legacy"])
def test_the_seed_papers_map_in_both_formats(replay: ReplayServer, arxiv_format: str) -> None:
    replay.arxiv_format = arxiv_format
    batch = replay.client().fetch_many(list(SEED_TITLES))
    assert batch.ok
    assert {k: p.title for k, p in batch.results.items()} == SEED_TITLES
    attention = batch.results["1706.03762"]
    assert attention.authors[5].given == "Aidan N."
    assert attention.authors[5].family == "Gomez"
    assert attention.categories == ("cs.CL", "cs.LG")
    assert attention.published == dt.date(2017, 6, 12)
    assert attention.year == 2017
    assert attention.url == "https://arxiv.org/abs/1706.03762"
    assert attention.pdf_url == f"https://arxiv.org/pdf/1706.03762v{attention.arxiv_version}"
    assert attention.abstract is not None
    assert attention.abstract.startswith("The dominant sequence transduction models")
    assert "\n" not in attention.abstract  # hard wraps joined
    assert attention.provenance.sources["title"] == "arxiv"
    assert set(attention.provenance.sources) >= {"title", "authors", "abstract", "arxiv_id"}


def test_legacy_hard_wraps_are_joined_and_paragraphs_kept(replay: ReplayServer) -> None:
    replay.arxiv_format = "legacy"
    paper = replay.client().fetch("1901.03597")
    assert paper.abstract is not None
    paragraphs = paper.abstract.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("In this paper, we show how an attacker can use deep-learning")
    assert all("\n" not in p and "  " not in p for p in paragraphs)
    assert paper.title == SEED_TITLES["1901.03597"]  # a wrapped <title> collapsed


def test_arxiv_doi_is_the_published_version(replay: ReplayServer) -> None:
    paper = replay.client().fetch("1907.10902")
    assert paper.doi == "10.1145/3292500.3330701"
    assert paper.arxiv_id == "1907.10902"
    assert paper.provenance.sources["doi"] == "arxiv"


def test_a_version_is_kept(replay: ReplayServer) -> None:
    paper = replay.client().fetch("arXiv:1706.03762v3")
    assert paper.arxiv_version == 3
    assert paper.pdf_url == "https://arxiv.org/pdf/1706.03762v3"
    assert replay.requests[0].params["id_list"] == "1706.03762v3"


def test_arxiv_search(replay: ReplayServer) -> None:
    (paper,) = replay.client().search_arxiv('ti:"attention is all you need"', max_results=5)
    assert paper.arxiv_id == "1706.03762"
    assert replay.requests[0].params["search_query"] == 'ti:"attention is all you need"'
    assert replay.client().search_arxiv('ti:"no such title"') == []


def test_abstract_paragraphs() -> None:
    summary = "  First line\nwraps here.\n  Second paragraph\nwraps too.\n"
    assert abstract_from_summary(summary) == "First line wraps here.\n\nSecond paragraph wraps too."
    assert abstract_from_summary("   ") is None


# --- Crossref, DataCite, doi.org ------------------------------------------------------------
def test_crossref_proceedings_article(replay: ReplayServer) -> None:
    paper = replay.client().fetch("https://doi.org/10.1145/3292500.3330701")
    assert paper.title == "Optuna: A Next-generation Hyperparameter Optimization Framework"
    assert [a.family for a in paper.authors] == ["Akiba", "Sano", "Yanase", "Ohta", "Koyama"]
    assert paper.authors[0].affiliations == ("Preferred Networks, Inc., Tokyo, Japan",)
    assert paper.year == 2019
    assert paper.published == dt.date(2019, 7, 25)
    assert paper.pages == "2623--2631"
    assert paper.doi == "10.1145/3292500.3330701"
    assert paper.url == "https://doi.org/10.1145/3292500.3330701"
    assert paper.venue is not None
    assert paper.venue.publisher == "ACM"
    assert paper.venue.kind is VenueKind.CONFERENCE
    assert paper.provenance.sources["pages"] == "crossref"


def test_crossref_journal_article_with_jats_abstract(replay: ReplayServer) -> None:
    paper = replay.client().fetch("doi:10.1038/NATURE14539")
    assert paper.title == "Deep learning"
    assert paper.venue is not None
    assert paper.venue.kind is VenueKind.JOURNAL
    assert (paper.venue.volume, paper.venue.issue) == ("521", "7553")
    assert paper.pages == "436--444"
    assert paper.abstract is not None
    assert paper.abstract.startswith("Deep learning allows")
    assert "<" not in paper.abstract


def test_crossref_search(replay: ReplayServer) -> None:
    query = "Optuna: A Next-generation Hyperparameter Optimization Framework"
    papers = replay.client().search_crossref(query, rows=1)
    assert [p.doi for p in papers] == ["10.1145/3292500.3330701"]
    assert replay.requests[0].params == {"query.bibliographic": query, "rows": "1"}


def test_datacite_for_dois_crossref_does_not_know(replay: ReplayServer) -> None:
    paper = replay.client().fetch("10.5072/paperkit.fixture.1")
    assert paper.title == "Session notes: Attention Is All You Need"
    assert paper.provenance.sources["title"] == "datacite"
    assert [r.service for r in replay.requests] == ["crossref", "datacite"]
    assert paper.authors[1].family == "Lam"


def test_doi_org_csl_is_the_last_fallback(replay: ReplayServer) -> None:
    paper = replay.client().fetch("10.1109/CVPR.2016.90")
    assert paper.title == "Deep Residual Learning for Image Recognition"
    assert paper.year == 2016
    assert paper.pages == "770--778"
    assert paper.provenance.sources["title"] == "doi.org"
    assert [r.service for r in replay.requests] == ["crossref", "datacite", "doi"]
    assert replay.requests[-1].headers["accept"] == "application/vnd.citationstyles.csl+json"


def test_jats_and_pages_helpers() -> None:
    jats = "<jats:title>Abstract</jats:title><jats:p>One &amp; two.</jats:p><jats:p>Three</jats:p>"
    assert jats_to_text(jats) == "One & two.\n\nThree"
    assert normalize_pages("5998-6008") == "5998--6008"
    assert normalize_pages("e0033693") == "e0033693"
    assert kind_of_type("posted-content") is VenueKind.PREPRINT


def test_project_fixtures_are_valid_json() -> None:
    for path in HTTP_FIXTURES.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


# --- conformance with the recorded real responses (../shared) -------------------------------
class _FileAdapter(requests.adapters.BaseAdapter):
    """Answers every request with one recorded body (the seam tests use instead of the network)."""

    def __init__(self, body: bytes, status: int) -> None:
        super().__init__()
        self.body = body
        self.status = status

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        response = requests.Response()
        response.status_code = self.status
        response.raw = io.BytesIO(self.body)
        response.headers["Content-Type"] = "application/atom+xml"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to close."""


def _client_answering(body: bytes, status: int, cache_dir: Path) -> Client:
    session = requests.Session()
    session.mount("https://", _FileAdapter(body, status))
    return Client(
        arxiv_url="https://export.arxiv.org/api/query",
        http=session,
        cache_dir=str(cache_dir),
        arxiv_delay=0,
        retries=0,
        backoff=0,
    )


def test_every_recorded_arxiv_feed_maps(shared: Path, tmp_path: Path) -> None:
    feeds = sorted((shared / "fixtures" / "arxiv").glob("*_format/*.xml"))
    assert len(feeds) >= 20
    mapped = 0
    for n, feed in enumerate(feeds):
        status = 400 if "http400" in feed.name else 200
        client = _client_answering(feed.read_bytes(), status, tmp_path / str(n))
        if status == 400:
            with pytest.raises(FetchError) as caught:
                client.search_arxiv("anything")
            assert caught.value.status == 400, feed.name
            assert "incorrect id format" in str(caught.value), feed.name
            continue
        papers = client.search_arxiv("anything", max_results=100)
        if feed.name.startswith("empty_result"):
            assert papers == [], feed.name
        else:
            assert papers, feed.name
        for paper in papers:
            assert isinstance(paper, Paper)
            assert paper.arxiv_id
            assert paper.title
            assert paper.url == f"https://arxiv.org/abs/{paper.arxiv_id}"
        mapped += len(papers)
    assert mapped > 100


def _crossref_items(data: Any) -> list[dict[str, Any]]:
    if data.get("message-type") == "work":
        return [data["message"]]
    if data.get("message-type") == "work-list":
        return list(data["message"]["items"])
    return []


def test_every_recorded_crossref_work_maps(shared: Path) -> None:
    count = 0
    for path in sorted((shared / "fixtures" / "crossref").glob("*.json")):
        for item in _crossref_items(json.loads(path.read_text(encoding="utf-8"))):
            if not item.get("title"):
                with pytest.raises(ValueError, match="no title"):
                    paper_from_work(item)
                continue
            paper = paper_from_work(item)
            assert paper.doi == item["DOI"].lower(), path.name
            assert paper.provenance.sources["title"] == "crossref"
            count += 1
    assert count > 50


def test_every_recorded_datacite_record_maps(shared: Path) -> None:
    records = [
        p
        for p in sorted((shared / "fixtures" / "datacite").glob("dois_*.json"))
        if "404" not in p.name
    ]
    assert records
    for path in records:
        paper = paper_from_doi_record(json.loads(path.read_text(encoding="utf-8")))
        assert paper.title, path.name
        assert paper.year, path.name
        if "10.48550" in path.name:
            assert paper.arxiv_id
            assert paper.doi is None
            assert paper.venue is not None
            assert paper.venue.kind is VenueKind.PREPRINT


def test_every_recorded_csl_item_maps(shared: Path) -> None:
    doi = shared / "fixtures" / "doi"
    paths = sorted(doi.glob("csl-json/*.json")) + sorted(doi.glob("*csl+json*.json"))
    count = 0
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = [r for rs in data.values() for r in rs] if "citation-js" in path.name else [data]
        for item in items:
            paper = paper_from_csl(item)
            assert paper.title, path.name
            assert paper.doi, path.name
            assert paper.provenance.sources["title"] == "doi.org"
            count += 1
    assert count >= 6
