"""Day One JSON export: the export zip or the ``Journal.json`` (any journal's ``.json``) inside it.

The file is ``{"metadata": {...}, "entries": [...]}``; each entry has ``uuid``, ``creationDate``
(UTC, ``2026-04-05T20:15:02Z``), ``timeZone`` (an IANA name), ``text`` (Markdown) and ``tags``.

Cleaning keeps the writer's words and removes what Day One adds:

* media embeds such as ``![](dayone-moment://0F8D...)`` (photos, video, audio, PDFs);
* Markdown backslash escapes, but only before ASCII punctuation (``I can\\'t\\.`` becomes
  ``I can't.``); a backslash before anything else stays;
* a leading ``# Heading`` line becomes the entry's title.

``starred`` is kept, and the place name of ``location`` (``placeName``, else the locality);
coordinates are never read.

Dates are given in the entry's own time zone (``2026-04-05T21:15:02+01:00``), so weekly charts
follow the writer's calendar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from reframer.batch.entry import ImportItem
from reframer.batch.importers.base import (
    bad_date,
    finish,
    malformed,
    safe_label,
    split_heading,
)
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import json_head
from reframer.batch.textutil import get_zone, iso

__all__ = ["clean_dayone_text", "read_dayone_file", "sniff_dayone"]

FORMAT = "dayone"

_EMBED = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:[^)\s]*\)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def clean_dayone_text(text: str) -> str:
    """Remove Day One media embeds and Markdown escapes before ASCII punctuation."""
    text = _EMBED.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _local_date(raw: object, zone_name: str | None) -> str | None:
    """``creationDate`` in the entry's zone; ``None`` if it cannot be read."""
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = get_zone(zone_name)
    return iso(moment.astimezone(zone) if zone is not None else moment)


def _entry(raw: Any, index: int, file: str) -> Iterator[ImportItem]:
    where = f"entry {index}"
    if not isinstance(raw, dict):
        yield malformed(file, where, "entry is not a JSON object")
        return
    uuid = raw.get("uuid")
    if not isinstance(uuid, str) or not uuid.strip():
        yield malformed(file, where, "entry has no 'uuid'")
        return
    text = raw.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        yield malformed(file, safe_label(uuid), "'text' is not a string")
        return
    zone_name = raw.get("timeZone") if isinstance(raw.get("timeZone"), str) else None
    date = _local_date(raw.get("creationDate"), zone_name)
    if date is None and raw.get("creationDate") is not None:
        yield bad_date(file, safe_label(uuid))
    tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
    title, body = split_heading(clean_dayone_text(text))
    place: dict[str, Any] = raw["location"] if isinstance(raw.get("location"), dict) else {}
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=uuid.strip(),
        date=date,
        timezone=zone_name,
        title=title,
        tags=tags or [],
        text=body,
        starred=raw.get("starred") is True,
        location=place.get("placeName") or place.get("localityName"),
    )


def sniff_dayone(name: str, head: bytes) -> float:
    """Day One's ``{"metadata": ..., "entries": [{"creationDate": ...}]}``."""
    text = json_head(head)
    if text is None or '"creationDate"' not in text:
        return 0.0
    return 0.95 if '"entries"' in text else 0.8


@importer(
    "dayone",
    help="Day One JSON export (the .zip or its Journal.json)",
    detect=sniff_dayone,
    suffixes={".json"},
    aliases=("day-one",),
    example="Day One > Settings > Import/Export > Export JSON (zip)",
)
def read_dayone_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entries of one Day One JSON file."""
    missing = "no 'entries' list: not a Day One JSON export"
    for index, raw in enumerate(member.entries(member.json(), missing=missing), 1):
        yield from _entry(raw, index, member.file)
