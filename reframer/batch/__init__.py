"""Batch mode: analyse whole exported journals and write JSONL, CSV, Markdown and an HTML report.

>>> from reframer.batch import run_batch               # doctest: +SKIP
>>> summary = run_batch(["DayOne.zip"], "out", "jsonl,html", Reframer.load())  # doctest: +SKIP

Journal text stays on this machine: nothing here logs it, sends it anywhere, or puts it in an
error message.

The names below are imported on first access, so that registering the ``batch`` command (and
``reframer --help``) does not load every importer and writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reframer._lazy import lazy_exports

if TYPE_CHECKING:
    from reframer.batch.entry import Entry, ImportOptions, Problem
    from reframer.batch.importers import FORMATS
    from reframer.batch.outputs import OUTPUT_FILES
    from reframer.batch.runner import Engine, run_batch
    from reframer.batch.summary import BatchInterrupted, BatchSummary

_LAZY = {
    "Entry": "reframer.batch.entry",
    "ImportOptions": "reframer.batch.entry",
    "Problem": "reframer.batch.entry",
    "FORMATS": "reframer.batch.importers",
    "OUTPUT_FILES": "reframer.batch.outputs",
    "Engine": "reframer.batch.runner",
    "run_batch": "reframer.batch.runner",
    "BatchInterrupted": "reframer.batch.summary",
    "BatchSummary": "reframer.batch.summary",
}

__all__ = [
    "FORMATS",
    "OUTPUT_FILES",
    "BatchInterrupted",
    "BatchSummary",
    "Engine",
    "Entry",
    "ImportOptions",
    "Problem",
    "run_batch",
]


__getattr__ = lazy_exports(globals(), _LAZY)
