"""The optional compiled build (mypyc, pyproject.toml): the modules it names exist, CI gets the
build it asks for (CI_EXPECT_BUILD=compiled or pure), and no compiled file is left in the sources,
where it would shadow the module it was compiled from.
"""

import importlib
import importlib.machinery
import os
import tomllib
from pathlib import Path

import pytest

import paperkit

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = tuple(importlib.machinery.EXTENSION_SUFFIXES)


def _compiled_modules() -> list[str]:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    paths = tool["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]["include"]
    return [p.removeprefix("/src/").removesuffix(".py").replace("/", ".") for p in paths]


def _is_extension(module: str) -> bool:
    return str(importlib.import_module(module).__file__).endswith(EXTENSIONS)


def test_the_list_names_modules_of_the_package() -> None:
    modules = _compiled_modules()
    assert modules == sorted(modules, key=lambda m: (m.count("."), m))
    for module in modules:
        importlib.import_module(module)  # raises if a path in the list is wrong


@pytest.mark.skipif("CI_EXPECT_BUILD" not in os.environ, reason="CI_EXPECT_BUILD is not set")
def test_the_build_is_the_one_expected() -> None:
    expected = os.environ["CI_EXPECT_BUILD"]
    assert expected in ("compiled", "pure"), expected
    kinds = {module: _is_extension(module) for module in _compiled_modules()}
    assert set(kinds.values()) == {expected == "compiled"}, kinds


def test_no_compiled_file_is_left_in_the_sources() -> None:
    sources = ROOT / "src"
    left = [p for p in sources.rglob("*") if p.name.endswith(EXTENSIONS)]
    assert not left, f"remove {left}: they shadow the sources (HATCH_BUILD_CLEAN_HOOKS_AFTER=1)"
    if Path(paperkit.__file__).is_relative_to(sources):  # an editable install or PYTHONPATH=src
        assert not any(_is_extension(module) for module in _compiled_modules())
