"""Lazy re-exports for package ``__init__`` modules (PEP 562 module ``__getattr__``).

A package lists which of its public names live in which module; the module is imported the first
time the name is read, then the value is cached on the package, so ``import reframer`` stays
light (no torch, ONNX Runtime or spaCy until they are needed)::

    __getattr__ = lazy_exports(__name__, {"Reframer": "reframer.pipeline"})
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``table[name]`` on first use."""

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
