"""Names of a package imported on first use (PEP 562), so that importing it loads only itself.

A package lists where each public name lives; its ``__getattr__`` imports that module the first
time the name is asked for and keeps the value in the package, so later look-ups are plain. The
same names are imported under ``TYPE_CHECKING`` for type checkers, editors and the docs, and the
tests hold the table to ``__all__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["attribute_importer", "attribute_lister"]


def attribute_importer(
    namespace: dict[str, Any], homes: Mapping[str, str], submodules: frozenset[str] = frozenset()
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the module whose ``globals()`` is ``namespace``.

    Args:
        namespace: the package's ``globals()``; each value found is stored there.
        homes: public name -> the module that defines it.
        submodules: names of submodules reachable as attributes (``paperkit.bulk``).
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        if name in homes:
            value = getattr(importlib.import_module(homes[name]), name)
        elif name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    return __getattr__


def attribute_lister(
    namespace: dict[str, Any], homes: Mapping[str, str], submodules: frozenset[str] = frozenset()
) -> Callable[[], list[str]]:
    """The module ``__dir__`` that goes with `attribute_importer`: names not imported yet too."""

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace.get("__all__", ()), *homes, *submodules})

    return __dir__
