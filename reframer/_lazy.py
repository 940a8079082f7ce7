"""Lazy re-exports for package ``__init__`` modules (PEP 562 module ``__getattr__``).

A package lists which of its public names live in which module; the module is imported the first
time the name is read, then the value is cached on the package, so ``import reframer`` stays
light (no torch, ONNX Runtime or spaCy until they are needed)::

    __getattr__ = lazy_exports(globals(), {"Reframer": "reframer.pipeline"})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: MutableMapping[str, Any], table: Mapping[str, str]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the module whose ``globals()`` is ``namespace``: it imports
    ``table[name]`` on first use and caches the value in that namespace."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
