"""The public API is exactly `paperkit.__all__`, sorted, and every name in it exists."""

import paperkit


def test_all_is_sorted() -> None:
    assert paperkit.__all__ == sorted(paperkit.__all__, key=str.casefold)


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(paperkit).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("paperkit")
    }
    public |= {name for name in vars(paperkit) if name == "__version__"}
    assert public <= set(paperkit.__all__) | {"errors", "models", "config"}


def test_every_name_exists() -> None:
    for name in paperkit.__all__:
        assert hasattr(paperkit, name), name
