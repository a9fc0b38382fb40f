"""JSON: pydantic's JSON, indented and stable, loading back into equal models."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import TypeAdapter

from export_samples import ATTENTION, FIVE, GROUP, HOSTILE
from paperkit import ExportError, Paper, Provenance, ReadingGroup, Session, to_json

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schema"


def test_models_load_back_equal() -> None:
    assert Paper.model_validate_json(to_json(HOSTILE)) == HOSTILE
    assert Session.model_validate_json(to_json(GROUP.sessions[0])) == GROUP.sessions[0]
    assert ReadingGroup.model_validate_json(to_json(GROUP)) == GROUP
    assert TypeAdapter(list[Paper]).validate_json(to_json(FIVE)) == list(FIVE)
    sessions = TypeAdapter(list[Session]).validate_json(to_json(GROUP.sessions))
    assert sessions == list(GROUP.sessions)


def test_indented_utf8_and_without_nulls() -> None:
    text = to_json(ATTENTION)
    assert text.startswith('{\n  "title": "Attention Is All You Need",')
    assert "Łukasz" in text
    assert "null" not in text
    assert text.endswith("}\n")


def test_equal_models_give_equal_text() -> None:
    one = ATTENTION.model_copy(
        update={"provenance": Provenance(sources={"title": "arxiv", "doi": "crossref"})}
    )
    two = ATTENTION.model_copy(
        update={"provenance": Provenance(sources={"doi": "crossref", "title": "arxiv"})}
    )
    assert one == two
    assert to_json(one) == to_json(two)
    assert list(json.loads(to_json(one))["provenance"]["sources"]) == ["doi", "title"]


def test_matches_the_model_schema() -> None:
    jsonschema.validate(json.loads(to_json(GROUP)), ReadingGroup.model_json_schema())
    jsonschema.validate(json.loads(to_json(HOSTILE)), Paper.model_json_schema())


def test_matches_the_published_schemas() -> None:
    files = sorted(SCHEMAS.glob("*.json")) if SCHEMAS.is_dir() else []
    if not files:
        pytest.skip("docs/schema/ has not been generated yet")
    group_schema = next((f for f in files if "group" in f.name), None)
    paper_schema = next((f for f in files if f.name.startswith("paper")), None)
    if group_schema is not None:
        schema = json.loads(group_schema.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(to_json(GROUP)), schema)
    if paper_schema is not None:
        schema = json.loads(paper_schema.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(to_json(HOSTILE)), schema)


def test_bad_input() -> None:
    with pytest.raises(ExportError, match="'str'"):
        to_json("a title")  # type: ignore[arg-type]
    with pytest.raises(ExportError, match="'int' items"):
        to_json([ATTENTION, 3])  # type: ignore[list-item]
