"""Batch mode: analyse whole exported journals and write JSONL, CSV, Markdown and an HTML report.

>>> from reframer.batch import run_batch               # doctest: +SKIP
>>> summary = run_batch(["DayOne.zip"], "out", "jsonl,html", Reframer.load())  # doctest: +SKIP

Journal text stays on this machine: nothing here logs it, sends it anywhere, or puts it in an
error message.
"""

from __future__ import annotations

from reframer.batch.entry import Entry, ImportOptions, Problem
from reframer.batch.importers import FORMATS
from reframer.batch.outputs import OUTPUT_FILES
from reframer.batch.runner import Engine, run_batch
from reframer.batch.summary import BatchInterrupted, BatchSummary

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
