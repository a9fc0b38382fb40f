"""CSL-JSON: valid against the CSL data schema, and rendered by Pandoc's citeproc."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from export_samples import FIVE, GROUP, HOSTILE, LAMPORT, RESNET
from paperkit import Author, Paper, to_bibtex, to_csl_json

SCHEMA = Path(__file__).parent / "fixtures" / "csl" / "csl-item.schema.json"
PAPERS = (*FIVE, LAMPORT, RESNET, HOSTILE)


def _items(text: str) -> list[dict[str, object]]:
    items = json.loads(text)
    assert isinstance(items, list)
    return items


def _schema() -> dict[str, object]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert isinstance(schema, dict)
    return schema


def _minimal(**fields: object) -> dict[str, object]:
    return {"id": "x", "type": "article-journal", **fields}


def test_valid_against_the_csl_schema() -> None:
    jsonschema.validate(_items(to_csl_json(PAPERS)), _schema())


@pytest.mark.parametrize(
    "item",
    [
        _minimal(),
        _minimal(id=7, custom={"paperkit": True}, **{"x-extra": [1]}),
        _minimal(
            author=[
                {"family": "Luxburg", "given": "Ulrike", "non-dropping-particle": "von"},
                {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
                {"literal": "OpenAI Team"},
            ],
            issued={"date-parts": [[2017, 12], [2018, "1", 5]], "circa": True},
            accessed={"raw": "2024-05-01"},
            volume=30,
            page="5998-6008",
        ),
    ],
    ids=["minimal", "numeric-id-and-custom-fields", "names-dates-numbers"],
)
def test_schema_accepts_valid_items(item: dict[str, object]) -> None:
    jsonschema.validate([item], _schema())


@pytest.mark.parametrize(
    "items",
    [
        [_minimal(type="not-a-type")],
        [_minimal(author="Ashish Vaswani")],
        [_minimal(author=["Ashish Vaswani"])],
        [_minimal(author=[{"last": "Vaswani"}])],
        [_minimal(issued={"date-parts": 2017})],
        [_minimal(issued={"date-parts": [2017]})],
        [_minimal(issued={"date-parts": [[2017, 1, 2, 3]]})],
        [_minimal(issued={"year": 2017})],
        [{"type": "book", "title": "No id"}],
        [{"id": "no-type"}],
        [_minimal(title=["a", "list"])],
        [_minimal(volume=["30"])],
        _minimal(),
    ],
    ids=[
        "unknown-type",
        "author-as-string",
        "author-names-as-strings",
        "misspelt-name-part",
        "date-parts-not-a-list",
        "date-parts-flat",
        "too-many-date-parts",
        "date-without-parts-literal-or-raw",
        "missing-id",
        "missing-type",
        "title-not-text",
        "volume-not-a-number",
        "item-not-in-an-array",
    ],
)
def test_schema_rejects_invalid_items(items: object) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(items, _schema())


def test_items_and_types() -> None:
    items = {item["id"]: item for item in _items(to_csl_json([*FIVE, LAMPORT]))}
    assert list(items)[:2] == ["vaswani2017attention", "hendrycks2021unsolved"]
    nips = items["vaswani2017attention"]
    assert nips["type"] == "paper-conference"
    assert nips["container-title"] == "Advances in Neural Information Processing Systems 30"
    assert nips["page"] == "5998-6008"
    assert nips["issued"] == {"date-parts": [[2017]]}
    assert items["hendrycks2021unsolved"]["type"] == "article"
    assert items["hendrycks2021unsolved"]["number"] == "arXiv:2109.13916"
    assert items["lamport2015builds"]["type"] == "article-journal"
    assert items["lamport2015builds"]["DOI"] == "10.1145/2736348"
    assert items["lamport2015builds"]["issue"] == "4"


def test_ids_match_the_bibtex_keys() -> None:
    bib = to_bibtex(GROUP)
    for item in _items(to_csl_json(GROUP)):
        assert f"{{{item['id']},\n" in bib


def test_names() -> None:
    paper = Paper(
        title="T",
        authors=(
            Author(name="OpenAI Team"),
            Author(name="Martin Luther King Jr."),
            Author(name="Plato"),
        ),
    )
    (item,) = _items(to_csl_json(paper))
    assert item["author"] == [
        {"literal": "OpenAI Team"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"family": "Plato"},
    ]


@pytest.mark.pandoc
def test_pandoc_citeproc_renders_every_item(tmp_path: Path) -> None:
    if shutil.which("pandoc") is None:
        if os.environ.get("CI_REQUIRE_TOOLS") == "1":
            pytest.fail("CI_REQUIRE_TOOLS=1 but pandoc is not installed")
        pytest.skip("pandoc is not installed")
    (tmp_path / "refs.json").write_text(to_csl_json(PAPERS), encoding="utf-8")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    result = subprocess.run(
        ["pandoc", "--citeproc", "--bibliography=refs.json", "-t", "plain", "doc.md"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    stderr = result.stderr.decode("utf-8", errors="replace")
    assert result.returncode == 0, stderr
    assert "WARNING" not in stderr.upper(), stderr
    output = " ".join(result.stdout.decode("utf-8").split())
    for paper in PAPERS:
        # the default Chicago style title-cases titles
        assert paper.title.split(":")[0][:20].casefold() in output.casefold(), paper.title
    assert "Vaswani" in output
    assert "https://doi.org/10.1145/2736348" in output or "10.1145/2736348" in output
