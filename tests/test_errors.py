"""The error tree: one base, the builtin bases users expect, and errors that survive pickling."""

import pickle

import pytest

import paperkit
from paperkit.errors import (
    AmbiguousMatchError,
    ConfigError,
    ExportError,
    FetchError,
    IdentifierError,
    NotFoundError,
    OfflineError,
    PaperkitError,
    ParseError,
)


@pytest.mark.parametrize(
    ("error", "bases"),
    [
        (ConfigError, (PaperkitError, ValueError)),
        (IdentifierError, (PaperkitError, ValueError)),
        (FetchError, (PaperkitError,)),
        (NotFoundError, (FetchError,)),
        (OfflineError, (FetchError,)),
        (AmbiguousMatchError, (PaperkitError,)),
        (ParseError, (PaperkitError, ValueError)),
        (ExportError, (PaperkitError, ValueError)),
    ],
)
def test_every_error_sits_in_the_tree(error: type[Exception], bases: tuple[type, ...]) -> None:
    assert issubclass(error, bases)
    assert getattr(paperkit, error.__name__) is error


@pytest.mark.parametrize(
    "error",
    [
        IdentifierError("'x' is not an identifier", text="x"),
        FetchError("arXiv answered 503", source="arxiv", identifier="1706.03762", status=503),
        NotFoundError("no such DOI", source="crossref", identifier="10.1/x", status=404),
        OfflineError("not in the cache", source="arxiv", identifier="1706.03762"),
        ParseError("no session found", line=12, source="page.txt"),
        ExportError("unknown format 'docx'", known=("bibtex", "json")),
        AmbiguousMatchError("two papers match"),
        ConfigError("PAPERKIT_TIMEOUT: not a number"),
    ],
)
def test_errors_survive_pickling_with_their_attributes(error: PaperkitError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


def test_bad_settings_name_the_environment_variable() -> None:
    with pytest.raises(ConfigError, match="PAPERKIT_TIMEOUT"):
        paperkit.Settings.load({"PAPERKIT_TIMEOUT": "soon"})


def test_explicit_settings_win_over_the_environment() -> None:
    settings = paperkit.Settings.load(
        {"PAPERKIT_ARXIV_DELAY": "5", "PAPERKIT_OFFLINE": "1"}, arxiv_delay=1.0
    )
    assert settings.arxiv_delay == 1.0
    assert settings.offline is True
