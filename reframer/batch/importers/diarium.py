"""Diarium: its JSON export.

The file is a list of entries (or ``{"entries": [...]}``), each with ``date`` (local time,
``2026-04-05T21:15:00``), ``heading``, ``html`` (the entry, as HTML; ``text`` is also accepted),
``rating`` (1-5, kept as the mood), ``tags`` (a list), ``location`` (a place name, or an object
with ``name``; coordinates are never read) and ``people``. Diarium has no entry ids: an
entry's id is ``diarium:<date>`` (``-2`` ... for entries at the same minute).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reframer.batch.entry import IdAllocator, ImportItem
from reframer.batch.importers.base import bad_date, finish, malformed
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import json_head
from reframer.batch.textutil import html_to_text, looks_like_html, parse_date

__all__ = ["read_diarium_file", "sniff_diarium"]

FORMAT = "diarium"


def sniff_diarium(name: str, head: bytes) -> float:
    """JSON entries with Diarium's ``heading`` and ``html`` fields."""
    text = json_head(head)
    if text is None or '"heading"' not in text:
        return 0.0
    return 0.9 if '"html"' in text or '"rating"' in text else 0.5


def _place(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("address")
    return value if isinstance(value, str) else None


@importer(
    "diarium",
    help="Diarium JSON export",
    detect=sniff_diarium,
    suffixes={".json"},
    example="Diarium > Export > JSON",
)
def read_diarium_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entries of one Diarium JSON export."""
    missing = "no list of entries: not a Diarium export"
    file, entries = member.file, member.entries(member.json(), missing=missing, bare_list=True)
    ids = IdAllocator()
    for index, raw in enumerate(entries, 1):
        where = f"entry {index}"
        if not isinstance(raw, dict):
            yield malformed(file, where, "entry is not a JSON object")
            continue
        body = raw.get("html", raw.get("text", ""))
        if not isinstance(body, str):
            yield malformed(file, where, "'html' is not a string")
            continue
        raw_date = raw.get("date")
        date = parse_date(raw_date) if isinstance(raw_date, str) else None
        entry_id = ids(f"diarium:{date[:16] if date else where}")
        if date is None:
            yield bad_date(file, entry_id)
        tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
        yield from finish(
            file=file,
            fmt=FORMAT,
            entry_id=entry_id,
            date=date,
            timezone=None,
            title=raw.get("heading") if isinstance(raw.get("heading"), str) else None,
            tags=tags or [],
            text=html_to_text(body) if looks_like_html(body) else body,
            mood=raw.get("rating") if raw.get("rating") not in (0, None, "") else None,
            location=_place(raw.get("location")),
        )
