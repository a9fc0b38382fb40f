"""The committed JSON Schema files in docs/schema/ match the models and accept what they write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from paperkit import Author, Paper, Provenance, ReadingGroup, Session, Venue, VenueKind
from paperkit._schema import REGENERATE, SCHEMA_FILES, main, render_schemas, stale_files

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "docs" / "schema"

PAPER = Paper(
    title="Attention is All you Need",
    authors=(Author(name="Ashish Vaswani"), Author(name="Google Brain")),
    year=2017,
    venue=Venue(acronym="NeurIPS", year=2017, kind=VenueKind.CONFERENCE, volume="30"),
    arxiv_id="1706.03762",
    arxiv_version=5,
    doi="10.5555/3295222.3295349",
    categories=("cs.CL", "cs.LG"),
    published=dt.date(2017, 6, 12),
    provenance=Provenance(sources={"title": "arxiv"}, match_score=97.5),
)
GROUP = ReadingGroup(
    name="ML Reading Group",
    sessions=(Session(papers=(PAPER,), leaders=("Ada",), date=dt.date(2024, 1, 9)),),
)


def test_committed_schema_files_are_up_to_date() -> None:
    stale = stale_files(SCHEMA_DIR)
    assert not stale, (
        f"docs/schema/ is stale for {', '.join(stale)}: the models changed. "
        f"Run `{REGENERATE}` from the root of the checkout and commit docs/schema/."
    )
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")) == sorted(SCHEMA_FILES)


def test_schemas_are_valid_json_schema() -> None:
    for filename, text in render_schemas().items():
        schema = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", filename
        assert schema["description"], filename


@pytest.mark.parametrize(
    ("filename", "model"),
    [
        ("author.schema.json", PAPER.authors[0]),
        ("venue.schema.json", PAPER.venue),
        ("paper.schema.json", PAPER),
        ("session.schema.json", GROUP.sessions[0]),
        ("reading-group.schema.json", GROUP),
    ],
)
def test_schemas_accept_what_the_models_write(filename: str, model: Any) -> None:
    schema = json.loads(render_schemas()[filename])
    jsonschema.validate(json.loads(model.model_dump_json()), schema)
    jsonschema.validate(json.loads(model.model_dump_json(exclude_none=True)), schema)


def test_schemas_reject_what_the_models_reject() -> None:
    schema = json.loads(render_schemas()["paper.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "colour": "red"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"authors": []}, schema)


def test_the_command_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--check"]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path), "--check"]) == 0
    (tmp_path / "paper.schema.json").write_text("{}", encoding="utf-8")
    assert stale_files(tmp_path) == ["paper.schema.json"]
