"""Venue normalization: the registry's data, the edition rules, and the reading of real strings."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import paperkit
from paperkit.errors import ParseError
from paperkit.models import Venue, VenueKind
from paperkit.venues import VenueEntry, VenueRegistry, normalize_venue, venue_key

TABLE = Path(__file__).parent / "fixtures" / "venues" / "venue_strings.tsv"
DATA = Path(paperkit.__file__).parent / "data" / "venues.toml"


def _rows() -> Iterator[tuple[str, str | None, int | None, str]]:
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, acronym, year, kind = line.split("\t")
        yield text, None if acronym == "-" else acronym, None if year == "-" else int(year), kind


ROWS = list(_rows())


@pytest.fixture(scope="module")
def registry() -> VenueRegistry:
    return VenueRegistry.default()


# --- the table of real strings ------------------------------------------------------------


def test_table_is_large_and_has_negatives() -> None:
    assert len(ROWS) >= 300
    assert len({text for text, *_ in ROWS}) == len(ROWS), "duplicate strings in the table"
    kinds = [kind for *_, kind in ROWS]
    assert kinds.count("none") >= 30
    assert kinds.count("preprint") >= 30
    assert kinds.count("workshop") >= 15


@pytest.mark.parametrize(("text", "acronym", "year", "kind"), ROWS, ids=[r[0][:60] for r in ROWS])
def test_real_string(text: str, acronym: str | None, year: int | None, kind: str) -> None:
    venue = normalize_venue(text)
    if kind == "none":
        assert venue is None, f"{text!r} claimed {venue}"
        return
    assert venue is not None, text
    assert (venue.kind.value, venue.acronym, venue.year) == (kind, acronym, year)
    assert venue.raw == text


def test_no_false_acceptance_on_the_table() -> None:
    """Submissions, workshops, tracks and unknown venues never come back as a main venue."""
    for text, acronym, _year, kind in ROWS:
        venue = normalize_venue(text)
        if kind in ("none", "preprint", "other") and acronym is None:
            claimed = venue is not None and venue.acronym is not None
            assert not claimed, f"{text!r} claimed {venue}"


# --- the spec's examples --------------------------------------------------------------------


def test_editions_from_the_issue(registry: VenueRegistry) -> None:
    neurips = registry.edition("NeurIPS", 2017)
    assert neurips is not None
    assert neurips.volume == "30"
    assert neurips.proceedings == "Advances in Neural Information Processing Systems 30"
    assert neurips.publisher == "Curran Associates, Inc."

    icml = registry.edition("ICML", 2020)
    assert icml is not None
    assert (
        icml.proceedings == "Proceedings of the 37th International Conference on Machine Learning"
    )
    assert (icml.volume, icml.series) == ("119", "Proceedings of Machine Learning Research")
    assert icml.publisher == "PMLR"

    iclr = registry.edition("iclr", 2019)
    assert iclr is not None
    assert iclr.proceedings == "7th International Conference on Learning Representations"
    assert iclr.publisher == "OpenReview.net"

    usenix = registry.edition("USENIX Security", 2019)
    assert usenix is not None
    assert usenix.proceedings == "28th USENIX Security Symposium"
    assert usenix.publisher == "USENIX Association"


def test_edition_of_an_alias_and_of_a_missing_year(registry: VenueRegistry) -> None:
    nips = registry.edition("NIPS", 2006)
    assert nips is not None
    assert (nips.acronym, nips.volume, nips.publisher) == ("NeurIPS", "19", "MIT Press")
    assert registry.edition("ICLR", 2005) is None  # before the first ICLR
    assert registry.edition("ICCV", 2020) is None  # ICCV is held in odd years
    assert registry.edition("No Such Venue", 2020) is None


def test_renames() -> None:
    assert _acronym("NIPS 2017") == "NeurIPS"
    assert _acronym("SysML 2019") == "MLSys"
    assert _acronym("Oakland'2022") == "IEEE S&P"
    assert _acronym("2020 IEEE Symposium on Security and Privacy (SP)") == "IEEE S&P"


def _acronym(text: str) -> str | None:
    venue = normalize_venue(text)
    return venue.acronym if venue else None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("NeurIPS21", 2021),
        ("CVPR'21", 2021),
        ("NIPS '17", 2017),
        ("Oakland'2022", 2022),
        ("ICLR-2020", 2020),
        ("Proceedings of the Thirty-First International Conference on Machine Learning", 2014),
        ("Proceedings of the $37^{th}$ International Conference on Machine Learning", 2020),
        (
            "Proceedings of the 37\\textsuperscript{th} International Conference on"
            " Machine Learning",
            2020,
        ),
        ("Advances in Neural Information Processing Systems 32", 2019),
        ("Proceedings of Machine Learning Research, volume 119", 2020),
        ("J. Mach. Learn. Res. 21", 2020),
    ],
)
def test_years_ordinals_and_volumes(text: str, year: int) -> None:
    venue = normalize_venue(text)
    assert venue is not None
    assert venue.year == year
    assert venue.warnings == ()


def test_latex_and_braces() -> None:
    venue = normalize_venue(r"Proceedings of the 35th {ICML}, Stockholmsm{\"{a}}ssan, Sweden")
    assert venue is not None
    assert (venue.acronym, venue.year) == ("ICML", 2018)
    workshop = normalize_venue(r"Workshop at {NeurIPS} 2019, Montr{\'e}al")
    assert workshop is not None
    assert workshop.kind is VenueKind.WORKSHOP


def test_contradicting_year_is_flagged() -> None:
    venue = normalize_venue(
        "Proceedings of the 36th International Conference on Machine Learning 2020"
    )
    assert venue is not None
    assert venue.year == 2020
    assert any("36th" in w and "2019" in w for w in venue.warnings)
    volume = normalize_venue("Advances in Neural Information Processing Systems 30 (NeurIPS 2019)")
    assert volume is not None
    assert volume.volume == "30"
    assert any("volume 30" in w for w in volume.warnings)
    pmlr = normalize_venue("ICML 2020, PMLR 97")
    assert pmlr is not None
    assert pmlr.warnings


def test_year_hint_is_used_only_when_the_text_has_none() -> None:
    hinted = normalize_venue("NeurIPS", year=2017)
    assert hinted is not None
    assert (hinted.year, hinted.volume) == (2017, "30")
    explicit = normalize_venue("NeurIPS 2019", year=2017)
    assert explicit is not None
    assert explicit.year == 2019
    assert normalize_venue("ICLR", year=1999) == normalize_venue("ICLR")


def test_submissions_are_preprints_without_a_venue() -> None:
    for text in ("Submitted to ICLR 2023", "ICLR 2023 Submitted", "Under review at NeurIPS 2021"):
        venue = normalize_venue(text)
        assert venue is not None
        assert venue.kind is VenueKind.PREPRINT
        assert venue.acronym is None
        assert venue.year is None
        assert venue.warnings


def test_look_alikes_stay_apart() -> None:
    assert _acronym("Nature Machine Intelligence") == "Nat. Mach. Intell."
    assert _acronym("Nature") == "Nature"
    assert _acronym("EuroS&P 2021") == "EuroS&P"
    assert _acronym("IEEE S&P 2021") == "IEEE S&P"
    assert _acronym("SIGIR Forum") == "SIGIR Forum"
    assert _acronym("International Semantic Web Conference") == "ISWC"
    assert normalize_venue("Nature Reviews Physics") is None


def test_workshops_and_tracks_are_not_the_main_conference() -> None:
    workshop = normalize_venue("ICML 2020 Workshop on Uncertainty and Robustness in Deep Learning")
    assert workshop is not None
    assert (workshop.kind, workshop.acronym, workshop.year) == (VenueKind.WORKSHOP, None, 2020)
    assert workshop.name == "ICML 2020 Workshop on Uncertainty and Robustness in Deep Learning"
    track = normalize_venue("NeurIPS 2021 Datasets and Benchmarks Track (Round 1)")
    assert track is not None
    assert track.acronym == "NeurIPS Datasets and Benchmarks"
    findings = normalize_venue(
        "Findings of the Association for Computational Linguistics: EMNLP 2020"
    )
    assert findings is not None
    assert findings.acronym == "Findings of EMNLP"


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("Internatinal Conference on Machine Learning 2019", "ICML"),
        ("Europen Conference on Computer Vision", "ECCV"),
        ("NeruIPS 2020", "NeurIPS"),
        ("AISTAST 2021", "AISTATS"),
    ],
)
def test_typo_is_matched_with_a_warning(text: str, acronym: str) -> None:
    venue = normalize_venue(text)
    assert venue is not None
    assert venue.acronym == acronym
    assert any("approximate" in w for w in venue.warnings)


@pytest.mark.parametrize(
    "text",
    ["Physical Review E", "IJCAR 2020", "ICDCN 2021", "SenSes 2020", "Nature Reviews Physics"],
)
def test_near_miss_is_not_a_typo(text: str) -> None:
    assert normalize_venue(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Proceedings of ICML, p. 2017-2020",
        "Proceedings of ICML, pp. 2017-2020",
        "Proceedings of ICML, pages 2017--2020",
        "Proceedings of ICML, P. 2017 to 2020",
        "Proceedings of ICML 1:2017-2020",
    ],
)
def test_a_page_range_is_not_a_year(text: str) -> None:
    venue = normalize_venue(text)
    assert venue is not None
    assert (venue.acronym, venue.year) == ("ICML", None)


@pytest.mark.parametrize(
    ("text", "kind", "acronym"),
    [
        ("FOO 2020, held in conjunction with the 37th International Conference on Machine "
         "Learning", "workshop", None),
        ("MyEvent co-located with NeurIPS 2021", "workshop", None),
        ("SafeAI 2022, colocated with AAAI 2022", "workshop", None),
        ("Published as part of the proceedings of the 37th International Conference on Machine "
         "Learning", "conference", "ICML"),
        ("Part of this work appeared in NeurIPS 2019", "conference", "NeurIPS"),
        ("NIPS 2017 Interpretable ML Symposium", "workshop", None),
        ("28th USENIX Security Symposium (USENIX Security 19)", "conference", "USENIX Security"),
    ],
)  # fmt: skip
def test_events_held_with_a_venue_are_not_the_venue(
    text: str, kind: str, acronym: str | None
) -> None:
    venue = normalize_venue(text)
    assert venue is not None
    assert (venue.kind.value, venue.acronym) == (kind, acronym)


def test_every_co_location_phrase_has_a_key_word() -> None:
    from paperkit import _venue_phrases as phrases

    for phrase in phrases.CO_LOCATED:
        assert not phrases.CO_LOCATED_KEYS.isdisjoint(phrase), phrase


@pytest.mark.parametrize("text", ["", "   ", "2019", "15 pages, 5 figures", "the", "Proceedings"])
def test_nothing_to_read(text: str) -> None:
    assert normalize_venue(text) is None


def test_venue_survives_json_round_trip() -> None:
    venue = normalize_venue("Proceedings of the 37th International Conference on Machine Learning")
    assert venue is not None
    assert Venue.model_validate_json(venue.model_dump_json()) == venue


def test_venues_built_without_validation_are_what_validation_builds() -> None:
    """Editions are assembled from validated parts without validating again; same result."""
    for text, *_ in ROWS:
        for hint in (None, 2020):
            venue = normalize_venue(text, year=hint)
            if venue is None:
                continue
            given = {name: getattr(venue, name) for name in venue.model_fields_set}
            validated = Venue(**given)
            assert validated == venue, text
            assert validated.model_fields_set == venue.model_fields_set, text
            assert Venue.model_validate_json(venue.model_dump_json()) == venue, text


@pytest.mark.parametrize("fields", [{"raw": 2019}, {"volume": 30}, {"warnings": (1,)}])
def test_an_edition_asked_for_with_bad_values_is_refused(
    registry: VenueRegistry, fields: dict[str, Any]
) -> None:
    entry = next(e for e in registry if e.acronym == "NeurIPS")
    with pytest.raises(ValidationError):
        entry.edition(2019, **fields)
    with pytest.raises(ValidationError):
        entry.series_venue(**fields)


def test_an_edition_asked_for_with_a_list_of_warnings_gets_a_tuple(registry: VenueRegistry) -> None:
    entry = next(e for e in registry if e.acronym == "NeurIPS")
    warnings: Any = ["a list"]  # pydantic turns it into the tuple the field holds
    assert entry.edition(2019, warnings=warnings).warnings == ("a list",)
    assert entry.series_venue(warnings=warnings).warnings == ("a list",)


# --- the registry's data ------------------------------------------------------------------


def test_registry_size_and_fields(registry: VenueRegistry) -> None:
    entries = list(registry)
    assert len(entries) >= 150
    kinds = {e.kind for e in entries}
    assert kinds == {"conference", "journal", "workshop", "preprint"}
    for entry in entries:
        assert entry.acronym.strip()
        assert entry.name.strip()
        assert entry.publisher, f"{entry.id} has no publisher"


def test_every_entry_loads_from_the_raw_file() -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for venue_id, fields in data["venues"].items():
        entry = VenueEntry.model_validate({**fields, "id": venue_id})
        assert entry.parent is None or entry.parent in data["venues"]
    assert len(VenueRegistry.from_data(data)) == len(data["venues"])


def test_no_alias_belongs_to_two_venues() -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    owners: dict[str, str] = {}
    for venue_id, fields in data["venues"].items():
        names = [
            *fields.get("aliases", ()),
            *fields.get("case_aliases", ()),
            *fields.get("whole_aliases", ()),
            *fields.get("volume_aliases", ()),
            *(r["acronym"] for r in fields.get("renames", ())),
        ]
        if fields.get("index_acronym", True):
            names.append(fields["acronym"])
        for name in names:
            key = venue_key(name)
            assert owners.setdefault(key, venue_id) == venue_id, (
                f"{name!r} belongs to {owners[key]!r} and {venue_id!r}"
            )


def test_every_numbering_rule_agrees_with_a_known_edition(registry: VenueRegistry) -> None:
    for entry in registry:
        for kind, rules in (("ordinal", entry.ordinal), ("volume", entry.volume)):
            for rule in rules:
                # an edition's ordinal is a number, its volume the text the sources print
                checked = [
                    (year, str(getattr(facts, kind)))
                    for year, facts in entry.editions.items()
                    if getattr(facts, kind) and rule.number(year) is not None
                ]
                assert checked, f"{entry.id}: {kind} rule {rule} has no known edition"
                for year, number in checked:
                    assert str(rule.number(year)) == number, f"{entry.id} {year}"


def test_pmlr_volumes_are_unique(registry: VenueRegistry) -> None:
    seen: dict[str, str] = {}
    for entry in registry:
        is_pmlr = entry.series == "Proceedings of Machine Learning Research"
        for year, facts in entry.editions.items():
            if is_pmlr and facts.volume and year >= 2017:
                assert seen.setdefault(facts.volume, entry.id) == entry.id, facts.volume


def test_templates_fill_every_edition_with_facts(registry: VenueRegistry) -> None:
    for entry in registry:
        for year in entry.editions:
            if entry.held_in(year):
                venue = registry.edition(entry.acronym, year)
                assert venue is not None, f"{entry.id} {year}"
                if entry.proceedings:
                    assert venue.proceedings, f"{entry.id} {year}"
                    assert "{" not in venue.proceedings


# --- a user's own registry file -------------------------------------------------------------


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        """
[venues.rg-symposium]
acronym = "RGS"
name = "Reading Group Symposium"
kind = "conference"
publisher = "Us"
aliases = ["Reading Group Symposium"]
ordinal = [{ base = 2019, since = 2020 }]
proceedings = "Proceedings of the {ordinal} Reading Group Symposium"
editions.2021 = { ordinal = 2 }

[venues.iclr]
acronym = "ICLR"
name = "International Conference on Learning Representations"
kind = "conference"
publisher = "Someone Else"
""",
        encoding="utf-8",
    )
    registry = VenueRegistry.load(path)
    assert len(registry) == len(VenueRegistry.default()) + 1
    venue = normalize_venue("Accepted at the 2nd Reading Group Symposium", registry=registry)
    assert venue is not None
    assert (venue.acronym, venue.year) == ("RGS", 2021)
    assert venue.proceedings == "Proceedings of the 2nd Reading Group Symposium"
    iclr = registry.edition("ICLR", 2019)
    assert iclr is not None
    assert iclr.publisher == "Someone Else"
    alone = VenueRegistry.load(path, include_default=False)
    assert len(alone) == 2
    assert normalize_venue("NeurIPS 2019", registry=alone) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not = [toml", "not TOML"),
        ("[other]\nx = 1", "no [venues]"),
        ('[venues.x]\nacronym = "X"\nname = "X"\nkind = "blog"', "invalid"),
        (
            '[venues.x]\nacronym = "XX"\nname = "X"\nkind = "journal"\naliases = ["NeurIPS"]',
            "belongs to two venues",
        ),
        ('[venues.x]\nacronym = "X"\nname = "X"\nkind = "journal"\nparent = "nope"', "parent"),
        (
            '[venues.x]\nacronym = "X"\nname = "X"\nkind = "journal"\nproceedings = "{bad}"',
            "template",
        ),
    ],
)
def test_bad_user_file_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        VenueRegistry.load(path)
    assert str(path) in str(caught.value) or caught.value.source == str(path)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read"):
        VenueRegistry.load(tmp_path / "absent.toml")


def test_default_is_cached() -> None:
    assert VenueRegistry.default() is VenueRegistry.default()


def test_public_names() -> None:
    assert paperkit.normalize_venue is normalize_venue
    assert paperkit.VenueRegistry is VenueRegistry


# --- robustness -------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    venue = normalize_venue(text)
    assert venue is None or isinstance(venue, Venue)


_PIECES = st.sampled_from(
    [
        "NeurIPS",
        "ICML",
        "ICLR",
        "\\",
        "{",
        "}",
        "$",
        "^",
        "'",
        "’",
        "@",
        "Workshop",
        "2019",
        "'19",
        "37th",
        "Thirty",
        "Seventh",
        "PMLR",
        "vol.",
        "119",
        "Submitted",
        "to",
        "accepted",
        "at",
        ";",
        ". ",
        "\n",
        "arXiv:2001.00001",
        "\\'{e}",
        "\\textsuperscript{th}",
        "S&P",
        "Findings",
        "of",
        "EMNLP",
        "Nature",
        "Machine",
        "Intelligence",
        "-",
        "(",
        ")",
        " ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_never_raises_on_venue_like_text(text: str) -> None:
    venue = normalize_venue(text)
    if venue is not None:
        assert venue.year is None or 1900 <= venue.year <= 2100


@pytest.mark.parametrize(
    "text",
    [
        "{NeurIPS} Workshop on {Deep} Learning",
        "{a} ``b'' c",
        "{a} -- b",
        "{a} 50% & more ~ here",
        "{a}} b {",
        "37^{th} {ICML}",
    ],
)
def test_brace_fast_path_reads_like_pylatexenc(text: str) -> None:
    # the fast path for plain words in braces must give what the full LaTeX reader gives
    from pylatexenc.latex2text import LatexNodes2Text

    from paperkit._venue_text import latex_to_text

    expected = " ".join(LatexNodes2Text(math_mode="text").latex_to_text(text).split())
    assert latex_to_text(text) == expected
