"""Daylio CSV export.

Current exports have the header ``full_date,date,weekday,time,mood,activities,note_title,note``;
older ones lack ``note_title``, and the oldest have ``year`` instead of ``full_date`` (with
``date`` such as ``April 5`` or ``5 April``). Times are ``21:15`` or ``9:15 PM``. Activities
(``work | friends``) become tags; ``note_title`` becomes the title and ``note`` is analysed (any
HTML formatting in it is turned into plain text); ``mood`` is carried through. Rows with a mood
but no note are empty entries. Any delimiter works (sniffed, or ``--delimiter``).

Daylio has no entry ids: an entry's id is ``daylio:<date-time>`` (``-2`` ... for entries in the same
minute), which stays the same from one export to the next, as ``--resume`` needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from reframer.batch.entry import IdAllocator, ImportItem, Problem
from reframer.batch.importers.base import finish, malformed
from reframer.batch.importers.csvrows import csv_rows
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import csv_header, is_binary
from reframer.batch.textutil import html_to_text, iso, looks_like_html, parse_stamp

__all__ = ["is_daylio_header", "read_daylio_file", "sniff_daylio"]

FORMAT = "daylio"

_OLD_DATE_FORMATS = ("%Y %B %d", "%Y %d %B", "%Y %b %d", "%Y %d %b")


def is_daylio_header(fields: Sequence[str]) -> bool:
    """Whether a CSV header row is Daylio's (any version)."""
    names = {f.strip().lower() for f in fields}
    return {"date", "time", "mood", "activities"} <= names and bool({"full_date", "year"} & names)


def _moment(row: dict[str, str]) -> datetime | None:
    clock = (row.get("time") or "00:00").strip()
    full = (row.get("full_date") or "").strip()
    if full:
        return parse_stamp(full, clock)
    year, day = (row.get("year") or "").strip(), (row.get("date") or "").strip()
    for fmt in _OLD_DATE_FORMATS:
        try:
            start = datetime.strptime(f"{year} {day}", fmt)
        except ValueError:
            continue
        return parse_stamp(start.date().isoformat(), clock)
    return None


def sniff_daylio(name: str, head: bytes) -> float:
    """Daylio's header row (any version, any delimiter)."""
    first = head[:4096].lower()
    if is_binary(head) or b"mood" not in first or b"activities" not in first:
        return 0.0
    return 0.95 if is_daylio_header(csv_header(head)) else 0.0


@importer(
    "daylio",
    help="Daylio CSV export",
    detect=sniff_daylio,
    suffixes={".csv"},
    example="Daylio > More > Export Entries > CSV",
)
def read_daylio_file(member: Member) -> Iterator[ImportItem]:
    """Yield one entry per row of one Daylio CSV."""
    file, ids = member.file, IdAllocator()
    for item in csv_rows(member, lower=True):
        if isinstance(item, (Problem, list)):
            if isinstance(item, Problem):
                yield item
            continue
        number, row = item
        moment = _moment(row)
        if moment is None:
            yield malformed(file, f"row {number}", "missing or invalid date/time")
            continue
        stamp = iso(moment)
        note = row.get("note") or ""
        activities = (row.get("activities") or "").split("|")
        yield from finish(
            file=file,
            fmt=FORMAT,
            entry_id=ids(f"daylio:{stamp}"),
            date=stamp,
            timezone=None,
            title=row.get("note_title") or None,
            tags=activities,
            text=html_to_text(note) if looks_like_html(note) else note,
            mood=row.get("mood") or None,
        )
