"""Generic CSV and JSON Lines: one entry per row or line.

The columns (keys, for JSONL) are chosen with ``--text-col`` (default ``text``), ``--date-col``
(default ``date``) and ``--id-col`` (default ``id``); names match exactly, or else ignoring case.
Only the text column is required. Without an id column an entry's id is ``<file stem>:<n>`` (the
row or line number), stable while the file only grows. Optional ``title`` and ``tags`` columns
are used when present (tags separated by ``,``, ``;`` or ``|`` in CSV, a list in JSONL).
Dates may be ISO 8601, ``YYYY-MM-DD HH:MM`` or epoch seconds / milliseconds; an unreadable date
keeps the entry, undated, with a warning.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import PurePosixPath

from reframer.batch.entry import ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import (
    READ_ERRORS,
    bad_date,
    finish,
    malformed,
    read_problem,
    safe_label,
)
from reframer.batch.importers.daylio import widen_csv_limit
from reframer.batch.sources import Container
from reframer.batch.textutil import parse_date, text_stream

__all__ = ["read_csv", "read_jsonl", "record_items"]

_TAG_SPLIT = re.compile(r"[,;|]")


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
    yield from finish(
        file=file,
        fmt="csv" if kind == "row" else "jsonl",
        entry_id=entry_id,
        date=date,
        timezone=None,
        title=title if isinstance(title, str) else None,
        tags=tag_list if isinstance(tag_list, list) else [],
        text=text,
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


def read_csv(
    container: Container, members: Sequence[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """Yield one entry per data row of each CSV file in ``members``."""
    widen_csv_limit()
    for name in members:
        file, stem = container.display(name), PurePosixPath(name).stem
        try:
            with container.open(name) as raw, text_stream(raw, newline="") as stream:
                reader = csv.reader(stream)
                header = [h.strip() for h in next(reader, [])]
                if _column(header, options.text_col) is None:
                    yield Problem(
                        file,
                        None,
                        "missing_column",
                        f"no column {options.text_col!r} in the header row "
                        f"({len(header)} columns); choose one with --text-col",
                    )
                    continue
                for n, values in enumerate(reader, 1):
                    if not any(v.strip() for v in values):
                        continue
                    if len(values) != len(header):
                        yield malformed(
                            file,
                            f"row {n}",
                            f"row has {len(values)} fields, the header has {len(header)}",
                        )
                        continue
                    row = dict(zip(header, values, strict=True))
                    yield from _record(row, n, "row", file, stem, options)
        except csv.Error as exc:
            yield Problem(
                file, None, "invalid_csv", f"CSV error ({exc}); the rows after it could not be read"
            )
        except READ_ERRORS as exc:
            yield read_problem(file, exc)


def read_jsonl(
    container: Container, members: Sequence[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """Yield one entry per non-blank line of each JSON Lines file in ``members``."""
    for name in members:
        file, stem = container.display(name), PurePosixPath(name).stem
        try:
            with container.open(name) as raw, text_stream(raw) as stream:
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
                    yield from _record(record, n, "line", file, stem, options)
        except READ_ERRORS as exc:
            yield read_problem(file, exc)
