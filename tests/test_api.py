"""The public API is exactly `paperkit.__all__`, sorted, and every name in it exists."""

import importlib
import subprocess
import sys

import pytest

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


def test_each_public_name_has_a_home_and_the_home_defines_it() -> None:
    import paperkit.bulk

    for package in (paperkit, paperkit.bulk):
        homes = vars(package)["_HOMES"]
        assert set(homes) <= set(package.__all__)
        for name, home in homes.items():
            assert name in vars(importlib.import_module(home)), (name, home)


@pytest.mark.parametrize("package", ["paperkit", "paperkit.bulk"])
def test_dir_lists_every_public_name_before_its_use(package: str) -> None:
    code = f"import {package} as p; print(' '.join(dir(p)))"
    listed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(importlib.import_module(package).__all__) <= set(listed)
    if package == "paperkit":
        assert {"bulk", "export", "venues"} <= set(listed)


@pytest.mark.parametrize(
    "statement",
    [
        "import paperkit",
        "import paperkit.cli",
        "import paperkit.bulk",
        "from paperkit import Paper, normalize_venue, read_snapshot, to_bibtex",
    ],
)
def test_importing_loads_no_http_stack(statement: str) -> None:
    """`paperkit venue`, `paperkit bulk` and a script that only reads need no HTTP stack."""
    heavy = "{'requests', 'requests_cache', 'distributed'}"
    code = f"{statement}; import sys; print(sorted({heavy} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_names_and_submodules_load_on_first_use() -> None:
    code = (
        "import paperkit; c = paperkit.Client; b = paperkit.bulk.harvest; "
        "v = paperkit.__version__; s = paperkit.sources; import sys; "
        "print('requests' in sys.modules, c.__name__, b.__name__, type(v).__name__, s.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "Client", "harvest", "str", "paperkit.sources"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        paperkit.nothing  # noqa: B018
