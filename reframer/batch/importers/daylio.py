"""Daylio CSV export.

Current exports have the header ``full_date,date,weekday,time,mood,activities,note_title,note``;
older ones lack ``note_title``, and the oldest have ``year`` instead of ``full_date`` (with
``date`` such as ``April 5`` or ``5 April``). Times are ``21:15`` or ``9:15 PM``. Activities
(``work | friends``) become tags; ``note_title`` becomes the title and ``note`` is analysed (any
HTML formatting in it is turned into plain text). Rows with a mood but no note are empty entries.

Daylio has no entry ids: an entry's id is ``daylio:<date-time>`` (``-2`` ... for entries in the same
minute), which stays the same from one export to the next, as ``--resume`` needs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from datetime import datetime

from reframer.batch.entry import IdAllocator, ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import READ_ERRORS, finish, malformed, read_problem
from reframer.batch.sources import Container
from reframer.batch.textutil import html_to_text, iso, looks_like_html, parse_stamp, text_stream

__all__ = ["is_daylio_header", "read_daylio", "widen_csv_limit"]

FORMAT = "daylio"

_OLD_DATE_FORMATS = ("%Y %B %d", "%Y %d %B", "%Y %b %d", "%Y %d %b")


def widen_csv_limit() -> None:
    """Let CSV fields be as long as a long journal entry (the default limit is 128 KiB)."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


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


def _rows(
    container: Container, name: str, file: str
) -> Iterator[tuple[int, dict[str, str]] | Problem]:
    widen_csv_limit()
    try:
        with container.open(name) as raw, text_stream(raw, newline="") as stream:
            reader = csv.reader(stream)
            header = [h.strip().lower() for h in next(reader, [])]
            for number, values in enumerate(reader, 1):
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    yield malformed(
                        file,
                        f"row {number}",
                        f"row has {len(values)} fields, the header has {len(header)}",
                    )
                    continue
                yield number, dict(zip(header, values, strict=True))
    except csv.Error as exc:
        yield Problem(
            file, None, "invalid_csv", f"CSV error ({exc}); the rows after it could not be read"
        )
    except READ_ERRORS as exc:
        yield read_problem(file, exc)


def read_daylio(
    container: Container, members: Sequence[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """Yield one entry per row of each Daylio CSV in ``members``."""
    for name in members:
        file = container.display(name)
        ids = IdAllocator()
        for item in _rows(container, name, file):
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
            )
