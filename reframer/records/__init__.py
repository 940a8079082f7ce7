"""Thought records and corrections, kept in a local SQLite store (see docs/records.md).

>>> from reframer.records import Store, ThoughtRecord
>>> import tempfile, pathlib
>>> with Store(pathlib.Path(tempfile.mkdtemp()) / "records.sqlite3") as store:
...     saved = store.add_record(ThoughtRecord(thought="I'm hopeless at this.", belief_before=80))
...     [r.id for r in store.records()]
[1]
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reframer.records.hooks import RecordIndex, records_for_entries
    from reframer.records.models import Correction, ThoughtRecord
    from reframer.records.personal import build_personal_data, correction_rows, load_corrections
    from reframer.records.stats import Stats, compute_stats
    from reframer.records.store import SCHEMA_VERSION, Store, data_dir, open_store

_WHERE = {
    "RecordIndex": "hooks",
    "records_for_entries": "hooks",
    "Correction": "models",
    "ThoughtRecord": "models",
    "build_personal_data": "personal",
    "correction_rows": "personal",
    "load_corrections": "personal",
    "Stats": "stats",
    "compute_stats": "stats",
    "SCHEMA_VERSION": "store",
    "Store": "store",
    "data_dir": "store",
    "open_store": "store",
}


def __getattr__(name: str) -> Any:  # imported on first use: `reframer --help` stays fast
    if name not in _WHERE:
        raise AttributeError(f"module 'reframer.records' has no attribute {name!r}")
    return getattr(import_module(f"reframer.records.{_WHERE[name]}"), name)


__all__ = [
    "SCHEMA_VERSION",
    "Correction",
    "RecordIndex",
    "Stats",
    "Store",
    "ThoughtRecord",
    "build_personal_data",
    "compute_stats",
    "correction_rows",
    "data_dir",
    "load_corrections",
    "open_store",
    "records_for_entries",
]
