"""Generic CSV and JSON Lines: one entry per row or line.

The columns (keys, for JSONL) are chosen with ``--text-col`` (default ``text``), ``--date-col``
(default ``date``) and ``--id-col`` (default ``id``); names match exactly, or else ignoring case.
Only the text column is required. Without an id column an entry's id is ``<file stem>:<n>`` (the
row or line number), stable while the file only grows. Optional ``title``, ``tags``, ``mood``,
``starred`` and ``location`` columns are used when present (tags separated by ``,``, ``;`` or
``|`` in CSV, a list in JSONL). The CSV delimiter is sniffed from the header row (``,`` ``;``
tab ``|``) unless ``--delimiter`` names it.
Dates may be ISO 8601, ``YYYY-MM-DD HH:MM`` or epoch seconds / milliseconds; an unreadable date
keeps the entry, undated, with a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence

from reframer.batch.entry import ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import (
    bad_date,
    finish,
    malformed,
    safe_label,
)
from reframer.batch.importers.csvrows import csv_rows
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import CSV_SUFFIXES, is_binary, suffix_of
from reframer.batch.textutil import parse_date

__all__ = ["read_csv_file", "read_jsonl_file", "record_items", "sniff_csv", "sniff_jsonl"]

_TAG_SPLIT = re.compile(r"[,;|]")
_EXTRA = ("mood", "starred", "favorite", "location")
_TRUE = frozenset({"true", "yes", "1", "x"})


def _column(available: Sequence[str], wanted: str) -> str | None:
    if wanted in available:
        return wanted
    lowered = {a.lower(): a for a in available}
    return lowered.get(wanted.lower())


def _record(
    record: Mapping[str, object], n: int, kind: str, file: str, stem: str, opts: ImportOptions
) -> Iterator[ImportItem]:
    """One entry from a row or an object; ``kind`` is ``row`` or ``line`` for locators."""
    keys = list(record)
    text_key = _column(keys, opts.text_col)
    id_key, date_key = _column(keys, opts.id_col), _column(keys, opts.date_col)
    raw_id = record.get(id_key) if id_key else None
    if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip():
        entry_id = str(raw_id).strip()
    else:
        entry_id = f"{stem}:{n}"
    where = f"{kind} {n}"
    text = record.get(text_key) if text_key else None
    if text is None:
        yield malformed(file, where, f"no {opts.text_col!r} field")
        return
    if not isinstance(text, str):
        yield malformed(file, where, f"{opts.text_col!r} is not a string")
        return
    raw_date = record.get(date_key) if date_key else None
    date = parse_date(str(raw_date)) if isinstance(raw_date, (str, int, float)) else None
    if date is None and raw_date not in (None, ""):
        yield bad_date(file, safe_label(entry_id))
    title_key, tags_key = _column(keys, "title"), _column(keys, "tags")
    title = record.get(title_key) if title_key else None
    tags = record.get(tags_key) if tags_key else None
    tag_list = _TAG_SPLIT.split(tags) if isinstance(tags, str) else tags
    extra = {k: record.get(c) for k in _EXTRA if (c := _column(keys, k)) is not None}
    starred = extra.get("starred", extra.get("favorite"))
    yield from finish(
        file=file,
        fmt="csv" if kind == "row" else "jsonl",
        entry_id=entry_id,
        date=date,
        timezone=None,
        title=title if isinstance(title, str) else None,
        tags=tag_list if isinstance(tag_list, list) else [],
        text=text,
        mood=extra.get("mood"),
        starred=starred is True or str(starred).strip().lower() in _TRUE,
        location=extra.get("location"),
    )


def record_items(
    record: Mapping[str, object],
    n: int,
    *,
    kind: str,
    file: str,
    stem: str,
    options: ImportOptions,
) -> Iterator[ImportItem]:
    """One CSV row (``kind="row"``) or JSON object (``kind="line"``) as batch mode reads it: the
    entry, or a problem, plus a warning for an unreadable date. For other readers of tabular data
    (``reframer.integrations.ray``) so that they build exactly the entries ``reframer batch``
    builds."""
    yield from _record(record, n, kind, file, stem, options)


def sniff_csv(name: str, head: bytes) -> float:
    """Any ``.csv`` or ``.tsv`` file (the specific CSV formats sniff higher)."""
    return 0.3 if suffix_of(name) in CSV_SUFFIXES and not is_binary(head) else 0.0


@importer(
    "csv",
    help="generic CSV, any delimiter (--text-col, --date-col, --id-col, --delimiter)",
    detect=sniff_csv,
    suffixes=CSV_SUFFIXES,
    example="a spreadsheet saved as CSV with a 'text' column",
)
def read_csv_file(member: Member) -> Iterator[ImportItem]:
    """Yield one entry per data row of one CSV file."""
    file, stem, options = member.file, member.stem, member.options
    for item in csv_rows(member):
        if isinstance(item, list):
            if _column(item, options.text_col) is None:
                yield Problem(
                    file,
                    None,
                    "missing_column",
                    f"no column {options.text_col!r} in the header row "
                    f"({len(item)} columns); choose one with --text-col (or --delimiter)",
                )
                return
        elif isinstance(item, Problem):
            yield item
        else:
            yield from _record(item[1], item[0], "row", file, stem, options)


def sniff_jsonl(name: str, head: bytes) -> float:
    """``.jsonl``/``.ndjson``, or any text whose first two lines are JSON objects."""
    if is_binary(head):
        return 0.0
    if suffix_of(name) in (".jsonl", ".ndjson"):
        return 0.5
    lines = [line for line in head.splitlines() if line.strip()][:2]
    if len(lines) == 2 and all(line.lstrip(b"\xef\xbb\xbf ").startswith(b"{") for line in lines):
        try:
            json.loads(lines[0])
        except ValueError:
            return 0.0
        return 0.45
    return 0.0


@importer(
    "jsonl",
    help="generic JSON Lines (--text-col, --date-col, --id-col)",
    detect=sniff_jsonl,
    suffixes={".jsonl", ".ndjson"},
    aliases=("ndjson",),
    example='one object per line: {"id": "1", "date": "2026-04-05", "text": "..."}',
)
def read_jsonl_file(member: Member) -> Iterator[ImportItem]:
    """Yield one entry per non-blank line of one JSON Lines file."""
    file, stem = member.file, member.stem
    with member.stream() as stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                yield Problem(file, f"line {n}", "invalid_json", "line is not valid JSON")
                continue
            if not isinstance(record, dict):
                yield malformed(file, f"line {n}", "line is not a JSON object")
                continue
            yield from _record(record, n, "line", file, stem, member.options)
