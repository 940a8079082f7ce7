"""Which ONNX graph to run: int8 where the CPU has int8 dot products, float32 otherwise.

The int8 graph (``model.int8.onnx``, built by ``reframer optimize``) pays off only on CPUs with
VNNI or AMX instructions (``avx512_vnni``, ``avx_vnni``, ``amx_int8`` in ``/proc/cpuinfo``); on
others ONNX Runtime's int8 kernels are no faster than float32. ``REFRAMER_PRECISION`` (or the
``precision`` setting) forces a choice: ``int8``, ``fp32`` or ``auto`` (the default).

The choice is logged once per process and model folder, without any journal text.
"""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal, get_args

from reframer.errors import ConfigError, ModelError

__all__ = [
    "INT8_FILE",
    "INT8_RECORD",
    "Choice",
    "Precision",
    "choose_precision",
    "cpu_flags",
    "int8_cpu_flags",
    "record_version",
    "requested_precision",
]

INT8_FILE: Final = "model.int8.onnx"
INT8_RECORD: Final = "model.int8.json"
INT8_FLAGS: Final = ("avx512_vnni", "avx_vnni", "amx_int8")

Precision = Literal["auto", "int8", "fp32"]
Choice = Literal["int8", "fp32"]

log = logging.getLogger(__name__)
_logged: set[tuple[str, str]] = set()


@lru_cache(maxsize=4)
def cpu_flags(cpuinfo: str = "/proc/cpuinfo") -> str:
    """The CPU's instruction-set flags, as ``/proc/cpuinfo`` lists them (empty when unknown)."""
    try:
        text = Path(cpuinfo).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        if line.startswith("flags"):
            return " ".join(line.partition(":")[2].split())
    return ""


def int8_cpu_flags(cpuinfo: str = "/proc/cpuinfo") -> tuple[str, ...]:
    """The int8 dot-product flags this CPU reports (empty when none, or off Linux)."""
    flags = set(cpu_flags(cpuinfo).split())
    return tuple(f for f in INT8_FLAGS if f in flags)


def requested_precision(value: str | None = None) -> Precision:
    """``value``, else ``REFRAMER_PRECISION``, else ``auto``; anything else is a ConfigError."""
    raw = (value if value is not None else os.environ.get("REFRAMER_PRECISION", "auto")).strip()
    choice = raw.lower() or "auto"
    if choice not in get_args(Precision):
        raise ConfigError(f"unknown precision {raw!r}: use auto, int8 or fp32")
    return choice  # type: ignore[return-value]


def record_version(record: Path) -> str | None:
    """The model version an int8 record was built for (None when absent or unreadable)."""
    try:
        value = json.loads(record.read_text(encoding="utf-8")).get("model_version")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def choose_precision(
    folder: Path,
    model_version: str,
    requested: Precision = "auto",
    *,
    flags: tuple[str, ...] | None = None,
) -> tuple[Choice, str]:
    """The graph to run for ``folder`` and why. Raises ModelError if int8 is forced but absent."""
    current = (folder / INT8_FILE).is_file() and (
        record_version(folder / INT8_RECORD) == model_version
    )
    cpu = int8_cpu_flags() if flags is None else flags
    if requested == "fp32":
        choice, why = "fp32", "forced by the precision setting"
    elif requested == "int8":
        if not current:
            raise ModelError(
                f"{folder} has no int8 graph for {model_version}; build it with `reframer optimize`"
            )
        choice, why = "int8", "forced by the precision setting"
    elif not cpu:
        choice, why = "fp32", "the CPU has no VNNI/AMX int8 instructions"
    elif not current:
        choice, why = "fp32", "no int8 graph for this model version (run `reframer optimize`)"
    else:
        choice, why = "int8", f"the CPU has {', '.join(cpu)}"
    key = (str(folder), choice)
    if key not in _logged:
        _logged.add(key)
        log.info("model runtime: ONNX %s (%s)", choice, why)
    return choice, why  # type: ignore[return-value]
