"""Ray Data for journals at app scale (``pip install "reframer[ray]"``); see docs/scale.md.

>>> import ray.data                                                     # doctest: +SKIP
>>> from reframer.integrations.ray import AnalyzeEntries, read_entries  # doctest: +SKIP
>>> ds = read_entries(["s3://bucket/entries/"], "jsonl")                # doctest: +SKIP
>>> ds = ds.map_batches(AnalyzeEntries, batch_format="pyarrow",         # doctest: +SKIP
...                     compute=ray.data.ActorPoolStrategy(size=8))
>>> ds.write_parquet("s3://bucket/analysed/")                           # doctest: +SKIP

One result row per input row, nothing dropped: the analysis (``reframer batch``'s ``entries.jsonl``
contract) or an error code. The names are imported on first use, so that ``reframer-ray`` can say
which extra is missing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reframer.integrations.ray.analyze import AnalyzeEntries, analyse_rows
    from reframer.integrations.ray.io import (
        JsonlEntries,
        JsonlResults,
        ParquetEntries,
        read_entries,
    )
    from reframer.integrations.ray.rows import ENTRY_SCHEMA, RESULT_SCHEMA, result_line
    from reframer.integrations.ray.run import RunStats, analyse_files, init_private

__all__ = [
    "ENTRY_SCHEMA",
    "RESULT_SCHEMA",
    "AnalyzeEntries",
    "JsonlEntries",
    "JsonlResults",
    "ParquetEntries",
    "RunStats",
    "analyse_files",
    "analyse_rows",
    "init_private",
    "read_entries",
    "result_line",
]

_HOME = {
    "AnalyzeEntries": "analyze",
    "analyse_rows": "analyze",
    "JsonlEntries": "io",
    "JsonlResults": "io",
    "ParquetEntries": "io",
    "read_entries": "io",
    "ENTRY_SCHEMA": "rows",
    "RESULT_SCHEMA": "rows",
    "result_line": "rows",
    "RunStats": "run",
    "analyse_files": "run",
    "init_private": "run",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_HOME[name]}")
    return getattr(module, name)
