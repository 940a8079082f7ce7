"""Saved thought records in the batch outputs (``reframer batch --records``).

The records come from the writer's own store (:class:`reframer.records.RecordIndex`); this module
only shapes them for each output: whole records in JSONL, a few columns on the matching sentence
row in CSV, and a short view (situation, thought, the reframe kept, belief before → after) in
Markdown and the HTML report. Nothing here logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reframer.schema import SentenceResult

if TYPE_CHECKING:
    from reframer.records.models import ThoughtRecord

__all__ = ["RECORD_COLUMNS", "SOURCE_NAMES", "belief_text", "csv_cells", "record_dicts"]

RECORD_COLUMNS = (
    "record_ids",
    "record_situations",
    "record_reframes",
    "belief_before",
    "belief_after",
)
"""CSV columns added with ``--records`` (one value per record, joined with ``;`` or `` | ``)."""

SOURCE_NAMES = {"offered": "offered", "edited": "edited by you", "own": "your own"}
"""How the reframe came about (``ThoughtRecord.reframe_source``), in words."""


def record_dicts(records: Sequence[ThoughtRecord]) -> list[dict[str, Any]]:
    """Whole records for JSONL: the fields of ``reframer records show --format json``."""
    return [r.model_dump(mode="json") for r in records]


def belief_text(record: ThoughtRecord) -> str:
    """``85 → 40`` (or ``85`` without a second rating)."""
    after = "" if record.belief_after is None else f" → {record.belief_after}"
    return f"{record.belief_before}{after}"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _sentence_of(record: ThoughtRecord, sentences: Sequence[SentenceResult]) -> int:
    """The index of the sentence the record's thought is (or contains, or is part of); 0 when
    none matches, so that the record still appears on the entry's first row."""
    thought = _key(record.thought)
    for i, s in enumerate(sentences):
        text = _key(s.text)
        if text and (thought in text or text in thought):
            return i
    return 0


def csv_cells(
    records: Sequence[ThoughtRecord], sentences: Sequence[SentenceResult]
) -> list[list[str]]:
    """The :data:`RECORD_COLUMNS` cells for each sentence row of one entry."""
    per: list[list[ThoughtRecord]] = [[] for _ in sentences]
    if sentences:
        for record in records:
            per[_sentence_of(record, sentences)].append(record)
    return [
        [
            ";".join(str(r.id) for r in mine),
            " | ".join(r.situation for r in mine),
            " | ".join(r.reframe or "" for r in mine),
            ";".join(str(r.belief_before) for r in mine),
            ";".join("" if r.belief_after is None else str(r.belief_after) for r in mine),
        ]
        for mine in per
    ]
