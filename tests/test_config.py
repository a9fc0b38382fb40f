"""Every setting has an environment variable, and the configuration page documents both."""

from pathlib import Path

import pytest

from paperkit import Settings
from paperkit.config import ENVIRONMENT

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_every_setting_has_an_environment_variable() -> None:
    assert set(ENVIRONMENT) == set(Settings.model_fields)
    assert all(variable.startswith("PAPERKIT_") for variable in ENVIRONMENT.values())


@pytest.mark.parametrize(("setting", "variable"), sorted(ENVIRONMENT.items()))
def test_the_configuration_page_documents_it(setting: str, variable: str) -> None:
    page = DOCS.read_text(encoding="utf-8")
    assert f"`{setting}`" in page
    assert f"`{variable}`" in page


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        (
            "PAPERKIT_ARXIV_API_URL",
            "http://127.0.0.1:8000/api/query/",
            "arxiv_url",
            "http://127.0.0.1:8000/api/query",
        ),
        ("PAPERKIT_OFFLINE", "yes", "offline", True),
        ("PAPERKIT_OFFLINE", "0", "offline", False),
        ("PAPERKIT_ARXIV_DELAY", "0.5", "arxiv_delay", 0.5),
        ("PAPERKIT_TIMEOUT", "12", "timeout", 12.0),
        ("PAPERKIT_MAILTO", "me@example.org", "mailto", "me@example.org"),
        ("PAPERKIT_CACHE_DIR", "/tmp/pk", "cache_dir", Path("/tmp/pk")),
    ],
)
def test_environment_values_are_read(
    variable: str, value: str, setting: str, expected: object
) -> None:
    assert getattr(Settings.load({variable: value}), setting) == expected


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="PAPERKIT_CROSSREF_API_URL"):
        Settings.load({"PAPERKIT_CROSSREF_API_URL": "ftp://example.org"})
