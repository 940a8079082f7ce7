"""Thought records and corrections, kept in a local SQLite store (see docs/records.md).

>>> from reframer.records import Store, ThoughtRecord
>>> import tempfile, pathlib
>>> with Store(pathlib.Path(tempfile.mkdtemp()) / "records.sqlite3") as store:
...     saved = store.add_record(ThoughtRecord(thought="I'm hopeless at this.", belief_before=80))
...     [r.id for r in store.records()]
[1]
"""

from reframer.records.hooks import records_for_entries
from reframer.records.models import Correction, ThoughtRecord
from reframer.records.personal import build_personal_data, correction_rows, load_corrections
from reframer.records.stats import Stats, compute_stats
from reframer.records.store import SCHEMA_VERSION, Store, data_dir, open_store

__all__ = [
    "SCHEMA_VERSION",
    "Correction",
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
