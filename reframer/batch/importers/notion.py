"""Notion export ("Markdown & CSV", usually a zip): pages as Markdown, databases as CSV.

Notion names every file after the page and its 32-hex id: ``Journal 1f2e...9a.md``. A page
starts with ``# Title``, then its properties as ``Key: value`` lines, then a blank line and the
body::

    # A hard Monday
    Created: April 6, 2026 9:15 PM
    Tags: work, family
    Mood: Low

    Body text ...

``Created``/``Date`` give the date (``April 6, 2026 9:15 PM`` or ISO), ``Tags`` the tags,
``Mood`` the mood, ``Favorite``/``Starred`` (``Yes``) the star and ``Location``/``Place`` the
location; the id is the page id. A database CSV (``Journal 1f2e...9a.csv``, ``..._all.csv``)
lists the same pages' properties, without their bodies: its rows are read only when it has a
text column (``Text``, ``Body``, ``Content``, ``Notes`` or ``Entry``); otherwise it is noted
(a warning) and the pages are read from their ``.md`` files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reframer.batch.entry import IdAllocator, ImportItem, Problem
from reframer.batch.importers.base import finish
from reframer.batch.importers.csvrows import csv_rows
from reframer.batch.importers.longdate import parse_long_date
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import notion_named, suffix_of

__all__ = ["read_notion_file", "sniff_notion"]

FORMAT = "notion"
_PROPERTY = re.compile(r"^([A-Za-z][\w ]{0,40}):\s*(.*)$")
_ID = re.compile(r"([0-9a-f]{32})(?:_all)?$")
_TEXT_COLUMNS = ("text", "body", "content", "notes", "entry")
_TRUE = frozenset({"yes", "true", "1", "x"})


def sniff_notion(name: str, head: bytes) -> float:
    """A ``.md`` or ``.csv`` named with Notion's 32-hex page id."""
    return 0.9 if suffix_of(name) in (".md", ".csv") and notion_named(name) else 0.0


def _props(lines: list[str]) -> tuple[dict[str, str], int]:
    props: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _PROPERTY.match(lines[i])):
        props[m.group(1).strip().lower()] = m.group(2).strip()
        i += 1
    return props, i


def _fields(props: dict[str, str]) -> dict[str, object]:
    raw_date = props.get("created") or props.get("date") or props.get("created time") or ""
    return {
        "date": parse_long_date(raw_date) if raw_date else None,
        "tags": [t.strip() for t in re.split(r"[,;]", props.get("tags", "")) if t.strip()],
        "mood": props.get("mood") or None,
        "starred": (props.get("favorite") or props.get("starred") or "").lower() in _TRUE,
        "location": props.get("location") or props.get("place") or None,
    }


def _page(member: Member) -> Iterator[ImportItem]:
    lines = member.text().split("\n")
    title = None
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# "):
        title = lines.pop(0)[2:].strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    props, used = _props(lines)
    f = _fields(props)
    stem = member.stem
    m = _ID.search(stem)
    yield from finish(
        file=member.file,
        fmt=FORMAT,
        entry_id=f"notion:{m.group(1) if m else stem}",
        date=f["date"],  # type: ignore[arg-type]
        timezone=None,
        title=title,
        tags=f["tags"],  # type: ignore[arg-type]
        text="\n".join(lines[used:]),
        mood=f["mood"],
        starred=bool(f["starred"]),
        location=f["location"],
    )


def _database(member: Member) -> Iterator[ImportItem]:
    file, ids = member.file, IdAllocator()
    text_col: str | None = None
    for item in csv_rows(member):
        if isinstance(item, Problem):
            yield item
        elif isinstance(item, list):
            lowered = {h.lower(): h for h in item}
            text_col = next((lowered[c] for c in _TEXT_COLUMNS if c in lowered), None)
            if text_col is None:
                yield Problem(
                    file,
                    None,
                    "database_index",
                    "a Notion database index without page text; its pages are read from "
                    "their .md files",
                    "warning",
                )
                return
        else:
            number, row = item
            props = {k.lower(): v for k, v in row.items()}
            f = _fields(props)
            title = props.get("name") or props.get("title") or None
            yield from finish(
                file=file,
                fmt=FORMAT,
                entry_id=ids(f"notion:{member.stem}:{number}"),
                date=f["date"],  # type: ignore[arg-type]
                timezone=None,
                title=title,
                tags=f["tags"],  # type: ignore[arg-type]
                text=row[text_col] if text_col else "",
                mood=f["mood"],
                starred=bool(f["starred"]),
                location=f["location"],
            )


@importer(
    "notion",
    help="Notion export (Markdown & CSV, the .zip or its folder)",
    detect=sniff_notion,
    suffixes={".md", ".csv"},
    example="Notion > ... > Export > Markdown & CSV (zip)",
)
def read_notion_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entries of one Notion page (.md) or database (.csv)."""
    yield from (_database if member.suffix == ".csv" else _page)(member)
