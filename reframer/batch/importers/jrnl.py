"""jrnl: its JSON export and its plain-text journal files.

JSON export (``jrnl --format json``)::

    {"tags": {...}, "entries": [{"title", "body", "date": "2026-04-05", "time": "21:15",
                                 "tags": ["@work"], "starred": false}, ...]}

Plain-text journal: each entry starts with a header line ``[YYYY-MM-DD HH:MM] Title`` (the old
default) or ``[2026-04-05 09:15:02 PM] Title`` (the default ``%F %r`` time format); the body runs
to the next header. A title line ending in `` *`` marks a starred entry (the star is dropped).

In jrnl the title is simply the entry's first sentence, so the analysed text is title and body
together; ``title`` also holds the first sentence. jrnl has no entry ids: an entry's id is
``jrnl:<date-time>`` (``-2``, ``-3`` ... for entries in the same minute), stable across exports.
Tags are the ``@tag`` and ``#tag`` words (jrnl's default tag symbols).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from reframer.batch.entry import IdAllocator, ImportItem
from reframer.batch.importers.base import (
    finish,
    malformed,
)
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import first_line, is_binary, json_head, suffix_of
from reframer.batch.textutil import iso, parse_stamp

__all__ = ["HEADER", "looks_like_jrnl", "read_jrnl_file", "sniff_jrnl"]

FORMAT = "jrnl"

HEADER = re.compile(
    r"^\[(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?)\][ \t]?(.*)$"
)
_TAG = re.compile(r"(?<![\w@#&])[@#]\w[\w/+-]*")
_TITLE_END = re.compile(r"[.!?\u2026\u203c\u3002\uff01\uff1f]['\"\u2019\u201d)\]]*(?=\s|$)")


def looks_like_jrnl(first_line: str) -> bool:
    """Whether a text file's first non-blank line is a jrnl entry header."""
    return HEADER.match(first_line.strip()) is not None


def _title_of(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    m = _TITLE_END.search(first)
    return (first[: m.end()] if m else first) or None


def _join(title: str, body: str) -> str:
    if not body.strip():
        return title
    if not title.strip():
        return body
    sep = " " if _TITLE_END.search(title.rstrip()[-3:]) else "\n"
    return f"{title.rstrip()}{sep}{body.lstrip()}"


def _emit(file: str, ids: IdAllocator, moment: datetime, text: str) -> Iterator[ImportItem]:
    lines = text.split("\n")
    starred = bool(lines) and lines[0].rstrip().endswith(" *")
    if starred:
        lines[0] = lines[0].rstrip()[:-2]
    text = "\n".join(lines)
    stamp = iso(moment)
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=ids(f"jrnl:{stamp}"),
        date=stamp,
        timezone=None,
        title=_title_of(text),
        tags=_TAG.findall(text),
        text=text,
        starred=starred,
    )


def _read_text(member: Member) -> Iterator[ImportItem]:
    file, ids = member.file, IdAllocator()
    current: tuple[datetime, list[str]] | None = None
    skipping = False
    preamble = 0
    with member.stream() as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\r\n")
            m = HEADER.match(line)
            if m:
                if current is not None:
                    yield from _emit(file, ids, current[0], "\n".join(current[1]))
                moment = parse_stamp(m.group(1), m.group(2))
                current, skipping = None, moment is None
                if moment is None:
                    yield malformed(file, f"line {number}", "invalid date in entry header")
                else:
                    current = (moment, [m.group(3)])
            elif current is not None:
                current[1].append(line)
            elif not skipping and line.strip() and not preamble:
                preamble = number
    if current is not None:
        yield from _emit(file, ids, current[0], "\n".join(current[1]))
    if preamble:
        yield malformed(file, f"line {preamble}", "text before the first entry header")


def _read_export(entries: list[Any], file: str) -> Iterator[ImportItem]:
    ids = IdAllocator()
    for index, raw in enumerate(entries, 1):
        where = f"entry {index}"
        if not isinstance(raw, dict):
            yield malformed(file, where, "entry is not a JSON object")
            continue
        title, body = raw.get("title") or "", raw.get("body") or ""
        day, clock = raw.get("date"), raw.get("time") or "00:00"
        if not isinstance(title, str) or not isinstance(body, str):
            yield malformed(file, where, "'title' or 'body' is not a string")
            continue
        moment = parse_stamp(day, str(clock)) if isinstance(day, str) else None
        if moment is None:
            yield malformed(file, where, "missing or invalid 'date'/'time'")
            continue
        stamp = iso(moment)
        tags = raw.get("tags") if isinstance(raw.get("tags"), list) else _TAG.findall(body)
        yield from finish(
            file=file,
            fmt=FORMAT,
            entry_id=ids(f"jrnl:{stamp}"),
            date=stamp,
            timezone=None,
            title=title or None,
            tags=tags or [],
            text=_join(title, body),
            starred=raw.get("starred") is True,
        )


def sniff_jrnl(name: str, head: bytes) -> float:
    """A first line ``[2026-04-05 21:15] ...`` (any file name), or jrnl's JSON export."""
    if is_binary(head):
        return 0.0
    text = json_head(head)
    if text is not None:
        has_fields = '"body"' in text or '"title"' in text
        if '"entries"' in text and has_fields and '"creationDate"' not in text:
            return 0.85
        return 0.0
    if looks_like_jrnl(first_line(head)):
        return 0.95
    return 0.3 if suffix_of(name) == ".jrnl" else 0.0


@importer(
    "jrnl",
    help="jrnl JSON export (jrnl --format json) or plain-text journal file (any name)",
    detect=sniff_jrnl,
    suffixes={".json", ".txt", ".jrnl"},
    example="jrnl --format json > journal.json, or the journal file itself (~/.local/share/jrnl/journal.txt)",
)
def read_jrnl_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entries of one jrnl JSON export or plain-text journal."""
    if member.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        missing = "no 'entries' list: not a jrnl JSON export"
        yield from _read_export(member.entries(member.json(), missing=missing), member.file)
    else:
        yield from _read_text(member)
