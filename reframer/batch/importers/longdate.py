"""Dates written out for people: ``Sunday, April 5, 2026``, ``5 April 2026 21:15``,
``April 5, 2026 9:15 PM`` (Notion), ``2026-04-05``. Used for headings (Word, Apple) and
property values (Notion); English month and weekday names only.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from reframer.batch.textutil import iso, parse_date

__all__ = ["parse_long_date"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in names
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH = r"([a-z]{3,9})\.?"
_CLOCK = r"(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?)?"
_MDY = re.compile(rf"^{_WEEKDAY}{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_CLOCK}$")
_DMY = re.compile(rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+(\d{{4}}){_CLOCK}$")


def _build(year: str, month: str, day: str, m: re.Match[str], first_clock: int) -> str | None:
    number = _MONTHS.get(month)
    if number is None:
        return None
    try:
        day_value = date(int(year), number, int(day))
    except ValueError:
        return None
    hour, minute, half = m.group(first_clock), m.group(first_clock + 1), m.group(first_clock + 2)
    if hour is None:
        return day_value.isoformat()
    h = int(hour)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.startswith("p") else 0)
    if h > 23 or int(minute) > 59:
        return None
    return iso(datetime(day_value.year, day_value.month, day_value.day, h, int(minute)))


def parse_long_date(value: str) -> str | None:
    """ISO 8601 for a date written out in English (or an ISO date); ``None`` if it is not one."""
    text = " ".join(value.strip().strip("#*_ ").split()).lower()
    if not text or len(text) > 60:
        return None
    m = _MDY.match(text)
    if m:
        return _build(m.group(3), m.group(1), m.group(2), m, 4)
    m = _DMY.match(text)
    if m:
        return _build(m.group(3), m.group(2), m.group(1), m, 4)
    return parse_date(text.upper()) if text[:1].isdigit() else None
