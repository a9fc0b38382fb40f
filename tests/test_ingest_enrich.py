"""`enrich` against the replay server: golden reports, and the page's data kept when it fails."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paperkit import ReadingGroup
from paperkit.ingest import EnrichReport, Reason, enrich, read_page
from replay import ReplayServer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "ingest"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
"""Run with UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change."""


def _golden(report: EnrichReport, name: str) -> None:
    actual = json.dumps([o.to_dict() for o in report.outcomes], indent=2) + "\n"
    actual_summary = report.summary() + "\n"
    json_file, summary_file = GOLDEN / f"{name}.json", GOLDEN / f"{name}.summary.txt"
    if UPDATE:
        json_file.write_text(actual, encoding="utf-8")
        summary_file.write_text(actual_summary, encoding="utf-8")
    assert actual == json_file.read_text(encoding="utf-8")
    assert actual_summary == summary_file.read_text(encoding="utf-8")


def _assert_page_data_kept(page: ReadingGroup, enriched: ReadingGroup) -> None:
    """Sessions, leaders, dates untouched; every field the page set is still set."""
    assert len(enriched.sessions) == len(page.sessions)
    for before, after in zip(page.sessions, enriched.sessions, strict=True):
        assert (after.leaders, after.date, after.label, after.notes) == (
            before.leaders,
            before.date,
            before.label,
            before.notes,
        )
        for old, new in zip(before.papers, after.papers, strict=True):
            for name in old.provenance.sources:
                assert getattr(new, name), f"{old.title}: {name} was lost"


def test_example_page_golden(replay: ReplayServer) -> None:
    page = read_page(ROOT / "examples" / "reading-group.txt")
    seen: list[tuple[int, int]] = []
    report = enrich(page, client=replay.client(), progress=lambda d, t: seen.append((d, t)))
    assert report.ok
    assert seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    _golden(report, "enrich-reading-group")
    _assert_page_data_kept(page, report.group)
    ctgan = report.group.papers[2]
    # arXiv knows no venue for CT-GAN: the page's "(USENIX Security 2019)" stays
    assert ctgan.venue is not None
    assert ctgan.venue.acronym == "USENIX Security"
    assert ctgan.provenance.sources["venue"] == "page"
    assert ctgan.arxiv_id == "1901.03597"
    assert all(o.score is not None and o.score >= 90 for o in report.outcomes)


def test_mixed_page_golden(replay: ReplayServer) -> None:
    page = read_page(GOLDEN / "mixed-program.md")
    report = enrich(page, client=replay.client())
    _golden(report, "enrich-mixed-program")
    assert [o.reason for o in report.outcomes] == [
        None,
        Reason.NOT_FOUND,
        Reason.AMBIGUOUS,
        None,
        None,
    ]
    assert report.reasons == {Reason.NOT_FOUND: 1, Reason.AMBIGUOUS: 1}
    _assert_page_data_kept(page, report.group)
    # not resolved: exactly the page's paper, venue as written included
    kept = report.outcomes[1]
    assert kept.paper == kept.page
    assert kept.paper.venue is not None
    assert kept.paper.venue.raw == "Journal of Irreproducible Results 2019"
    # a linked arXiv id is fetched, not searched; a dead link falls back to the title
    assert report.outcomes[3].via == "arXiv:1803.03635"
    assert report.outcomes[4].via == "title"
    assert report.group.papers[4].arxiv_id == "2002.05709"


@pytest.mark.shared
def test_the_users_page_resolves(shared: Path, replay: ReplayServer) -> None:
    page = read_page(shared / "seed" / "ml-reading-group-page.txt")
    report = enrich(page, client=replay.client())
    assert report.ok
    assert [p.arxiv_id for p in report.group.papers] == [
        "1706.03762",
        "2109.13916",
        "1901.03597",
        "2002.05709",
        "1803.03635",
    ]
    _assert_page_data_kept(page, report.group)


def test_server_down_keeps_the_page_and_says_why() -> None:
    page = read_page(ROOT / "examples" / "reading-group.txt")
    with ReplayServer() as server:
        client = server.client(retries=0)
    report = enrich(page, client=client)  # the server is stopped: every connection is refused
    assert report.group == page
    assert report.reasons == {Reason.NETWORK: 5}
    assert not report.ok
    assert [o.paper for o in report.outcomes] == list(page.papers)
    # the first paper found the services unreachable; the others were not tried in vain
    assert all(o.message.startswith("kept from the page only (network)") for o in report.outcomes)
    assert all("not looked up" in str(o.error) for o in report.outcomes[1:])
    lines = report.summary().splitlines()
    assert lines[:2] == [
        "Read 5 sessions with 5 papers.",
        "Resolved 0 of 5 papers; kept 5 from the page only.",
    ]
    assert lines[2].startswith("Could not reach arXiv or Crossref (")
    assert lines[2].endswith("Finding Sparse, Trainable Neural Networks")
    assert len(lines) == 3
    assert report.outcomes[0].to_dict()["abstract_from"] == "page"


def test_offline_without_cache(replay: ReplayServer) -> None:
    page = read_page(ROOT / "examples" / "reading-group.md")
    report = enrich(page, client=replay.client(offline=True))
    assert replay.count() == 0
    assert report.reasons == {Reason.OFFLINE: 5}
    assert report.group == page
    assert report.summary().splitlines()[2].startswith("Offline, and the answers were not cached")


def test_offline_after_a_run_answers_from_the_cache(replay: ReplayServer) -> None:
    page = read_page(ROOT / "examples" / "reading-group.txt")
    online = enrich(page, client=replay.client())
    replay.reset()
    offline = enrich(page, client=replay.client(offline=True))
    assert replay.count() == 0
    assert offline.ok
    assert offline.group == online.group


def test_service_errors_are_reported(replay: ReplayServer) -> None:
    page = read_page("Attention is All You Need (NIPS 2017)\nPresenter: Ada\n")
    replay.inject("500", times=100)
    report = enrich(page, client=replay.client(retries=0))
    (outcome,) = report.outcomes
    assert outcome.reason is Reason.SERVICE
    assert outcome.paper == page.papers[0]
    assert str(outcome).startswith("Attention is All You Need: kept from the page only (service")


def test_empty_group() -> None:
    report = enrich(ReadingGroup())
    assert report.ok
    assert report.outcomes == ()
    assert report.summary().splitlines()[0] == "Read 0 sessions with 0 papers."
