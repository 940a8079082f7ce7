"""What the HTML report shows, aggregated: filled by :class:`~reframer.batch.report.ReportBuilder`,
read by :func:`~reframer.batch.report_html.render`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from reframer.schema import Support

__all__ = ["MAX_GROUPS", "MAX_RECORDS", "WEEKDAYS", "CrisisItem", "Example", "RecordItem", "Stats"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MAX_GROUPS = 200
"""Most values kept per group kind (mood, tag, weekday) in the report."""

MAX_RECORDS = 100
"""Most saved thought records shown in the report (the counts stay exact beyond it)."""


@dataclass(frozen=True, slots=True)
class Example:
    """One before/after pair for the report."""

    date: str | None
    sentence: str
    reframes: tuple[str, ...]
    traps: tuple[str, ...]


@dataclass(slots=True)
class CrisisItem:
    """An entry with crisis language (no text kept: the date, id and source)."""

    date: str | None
    id: str
    source: str


@dataclass(frozen=True, slots=True)
class RecordItem:
    """A saved thought record shown next to its entry (``reframer batch --records``)."""

    entry_date: str | None
    entry_id: str
    record_id: int | None
    situation: str
    thought: str
    reframe: str | None  # None in an entry with crisis language: nothing rewritten is shown
    belief_before: int
    belief_after: int | None


@dataclass(slots=True)
class Stats:
    """Everything the report shows, aggregated."""

    entries: int = 0
    sentences: int = 0
    self_critical: int = 0
    undated: int = 0
    crisis_entries: int = 0
    weekly: dict[date, list[int]] = field(default_factory=dict)  # [entries, sentences, critical]
    traps: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    crisis: list[CrisisItem] = field(default_factory=list)
    supports: dict[str, Support] = field(default_factory=dict)
    models: set[str] = field(default_factory=set)
    examples: list[tuple[float, int, Example]] = field(default_factory=list)
    records: list[RecordItem] = field(default_factory=list)
    records_total: int = 0
    record_entries: int = 0
    belief_drop: list[int] = field(default_factory=lambda: [0, 0])  # [sum of drops, records]
    first_day: date | None = None
    last_day: date | None = None
    groups: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: {"mood": {}, "tag": {}, "weekday": {}}
    )  # kind -> value -> [entries, sentences, critical]

    def count_group(self, kind: str, value: str, sentences: int, critical: int) -> None:
        """Add one entry to a mood, tag or weekday group (at most 200 values per kind)."""
        table = self.groups[kind]
        if value not in table and len(table) >= MAX_GROUPS:
            return
        row = table.setdefault(value, [0, 0, 0])
        row[0] += 1
        row[1] += sentences
        row[2] += critical
