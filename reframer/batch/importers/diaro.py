"""Diaro backup: ``DiaroBackup.xml`` (or the backup zip that holds it).

The XML has one ``<table name="...">`` per kind of record, rows as ``<r>`` elements::

    <data><table name="diaro_tags"><r><uid>t1</uid><title>work</title></r></table>
    <table name="diaro_entries"><r><uid>..</uid><date>1775420102000</date>
      <tz_offset>+01:00</tz_offset><title>..</title><text>..</text><tags>,t1,</tags></r>
    </table></data>

``date`` is epoch milliseconds; ``tz_offset`` is the writer's UTC offset at the time, used for the
local date. Tags are tag uids, resolved through the ``diaro_tags`` table; ``location_uid`` is
resolved to a place name through ``diaro_locations`` (its ``title``, else ``address``; never its
coordinates), and a ``mood`` other than ``0`` is kept. The file is parsed as a
stream (two passes: tags, then entries), so memory stays flat; when the XML breaks part-way, the
entries before the break are kept and the break is reported.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from reframer.batch.entry import ImportItem, Problem
from reframer.batch.importers.base import (
    READ_ERRORS,
    bad_date,
    finish,
    malformed,
    safe_label,
)
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import suffix_of
from reframer.batch.textutil import (
    epoch_ms,
    iso_from_epoch_ms,
    parse_offset,
)

__all__ = ["read_diaro_file", "sniff_diaro"]

FORMAT = "diaro"


def _rows(member: Member, table: str) -> Iterator[dict[str, str] | Problem]:
    """Stream the rows of one table as ``{field: text}``; a problem if the XML breaks."""
    current = ""
    try:
        for event, elem in member.xml_events("start", "end"):
            if event == "start" and elem.tag == "table":
                current = elem.get("name", "")
            elif event == "end" and elem.tag == "r":
                if current == table:
                    yield {child.tag: child.text or "" for child in elem}
                elem.clear()
            elif event == "end" and elem.tag == "table":
                elem.clear()
    except ET.ParseError as exc:
        yield member.xml_problem(exc, "entries")


def _names(member: Member, table: str) -> dict[str, str]:
    """``uid -> title`` (or address) of a lookup table such as ``diaro_tags``; what was read
    before a read error (the entries pass reports it)."""
    found: dict[str, str] = {}
    try:
        for row in _rows(member, table):
            if isinstance(row, dict) and row.get("uid"):
                found[row["uid"].strip()] = (row.get("title") or row.get("address") or "").strip()
    except READ_ERRORS:
        pass
    return found


def _entry(
    row: dict[str, str],
    index: int,
    file: str,
    tags: dict[str, str],
    places: dict[str, str] | None = None,
) -> Iterator[ImportItem]:
    uid = (row.get("uid") or "").strip()
    if not uid:
        yield malformed(file, f"row {index}", "entry has no 'uid'")
        return
    offset = (row.get("tz_offset") or "").strip()
    zone = parse_offset(offset) if offset else None
    ms = epoch_ms(row.get("date"))
    date = iso_from_epoch_ms(ms, zone) if ms is not None else None
    if date is None:
        yield bad_date(file, safe_label(uid))
    tag_names = [tags.get(t.strip(), "") for t in (row.get("tags") or "").split(",")]
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=uid,
        date=date,
        timezone=offset if zone is not None else None,
        title=row.get("title") or None,
        tags=tag_names,
        text=row.get("text") or "",
        mood=mood if (mood := (row.get("mood") or "").strip()) not in ("", "0") else None,
        location=(places or {}).get((row.get("location_uid") or "").strip()),
    )


def sniff_diaro(name: str, head: bytes) -> float:
    """``<table name="diaro_...">`` in the XML, or the backup's file name."""
    if b'name="diaro_' in head:
        return 0.95
    return (
        0.9 if name.rsplit("/", 1)[-1] == "DiaroBackup.xml" and suffix_of(name) == ".xml" else 0.0
    )


@importer(
    "diaro",
    help="Diaro backup (DiaroBackup.xml or its .zip)",
    detect=sniff_diaro,
    suffixes={".xml"},
    example="Diaro > Settings > Backup & Restore > Backup (zip with DiaroBackup.xml)",
)
def read_diaro_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entries of one Diaro backup XML."""
    file = member.file
    tags = _names(member, "diaro_tags")
    places = _names(member, "diaro_locations")
    index = 0
    for row in _rows(member, "diaro_entries"):
        if isinstance(row, Problem):
            yield row
            continue
        index += 1
        yield from _entry(row, index, file, tags, places)
