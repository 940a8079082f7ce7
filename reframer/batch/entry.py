"""The records that flow through batch mode: entries, problems and import options.

An importer yields :class:`Entry` records (one journal entry, cleaned and ready to analyse) and
:class:`Problem` records (something that could not be read). A problem never carries journal
text: only the file, the entry id or a locator such as ``line 12``, a stable code and a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

__all__ = [
    "EMPTY",
    "Entry",
    "IdAllocator",
    "ImportItem",
    "ImportOptions",
    "Problem",
    "Severity",
    "printable",
]

_UNPRINTABLE = re.compile(r"[\ud800-\udfff\U0010fffd\x00-\x1f\x7f]")


def printable(value: str) -> str:
    """``value`` with undecodable bytes and control characters shown as ``?`` (safe to print)."""
    return _UNPRINTABLE.sub("?", value)


Severity: TypeAlias = Literal["skipped", "warning"]

EMPTY = "empty"
"""Reason code for entries with no text left to analyse (counted, neither analysed nor a skip)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One journal entry as analysed.

    ``date`` is an ISO 8601 string: a date-time (with its UTC offset when the source records the
    time zone) or a date alone when the source only knows the day; ``None`` when unknown.
    ``source`` is ``"<format>:<file>"``; ``text`` is the cleaned text that is analysed, so the
    sentence offsets of the analysis index into it. ``mood`` (the app's own label or score, as
    text), ``starred`` and ``location`` (a place name, never coordinates) are carried through to
    the outputs when the source records them.
    """

    id: str
    date: str | None
    timezone: str | None
    source: str
    title: str | None
    tags: tuple[str, ...]
    text: str
    mood: str | None = None
    starred: bool = False
    location: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be imported or analysed. Never contains journal text."""

    file: str
    entry: str | None
    code: str
    reason: str
    severity: Severity = "skipped"

    def describe(self) -> str:
        """One line for people: ``file (entry): reason [code]``."""
        where = printable(self.file)
        if self.entry:
            where += f" ({printable(self.entry)})"
        return f"{where}: {self.reason} [{self.code}]"


ImportItem: TypeAlias = Entry | Problem
"""What importers yield."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Column names for the generic CSV and JSONL importers, and the CSV delimiter (``None``:
    sniffed from the header row)."""

    text_col: str = "text"
    date_col: str = "date"
    id_col: str = "id"
    delimiter: str | None = None


@dataclass(slots=True)
class IdAllocator:
    """Make ids unique within one file for sources without their own ids.

    The first entry keeps the base id; later ones with the same base get ``-2``, ``-3`` ...
    Because export order is stable, the ids are stable from one export to the next, which is what
    ``--resume`` relies on.
    """

    _seen: dict[str, int] = field(default_factory=dict)

    def __call__(self, base: str) -> str:
        n = self._seen.get(base, 0) + 1
        self._seen[base] = n
        return base if n == 1 else f"{base}-{n}"
