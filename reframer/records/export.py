"""``reframer records export``: the store as JSON Lines or CSV (one file, the user's to keep).

JSONL: one object per line with ``"type": "record"`` or ``"type": "correction"`` and the fields
of :class:`~reframer.records.models.ThoughtRecord` / :class:`~reframer.records.models.Correction`.
CSV: one table, records or corrections; list fields (``traps``) are joined with ``;``. Files are
written owner-only, like the store.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel

from reframer.errors import InputError
from reframer.records.models import Correction, ThoughtRecord

__all__ = ["What", "export"]

What = Literal["records", "corrections", "all"]


def _open_private(path: Path) -> IO[str]:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def _write(
    fh: IO[str],
    fmt: str,
    records: Sequence[ThoughtRecord],
    corrections: Sequence[Correction],
    what: What,
) -> int:
    if fmt == "jsonl":
        items: list[tuple[str, BaseModel]] = [("record", r) for r in records]
        items += [("correction", c) for c in corrections]
        for kind, item in items:
            fh.write(json.dumps({"type": kind, **item.model_dump()}, ensure_ascii=False) + "\n")
        return len(items)
    rows: Sequence[BaseModel] = records if what == "records" else corrections
    model = ThoughtRecord if what == "records" else Correction
    writer = csv.DictWriter(fh, fieldnames=list(model.model_fields))
    writer.writeheader()
    for row in rows:
        data = row.model_dump()
        data["traps"] = ";".join(data["traps"])
        writer.writerow(data)
    return len(rows)


def export(
    records: Sequence[ThoughtRecord],
    corrections: Sequence[Correction],
    out: Path | None,
    *,
    fmt: str = "jsonl",
    what: What = "all",
    stdout: IO[str] | None = None,
) -> int:
    """Write the export to ``out`` (or ``stdout`` when None); returns the number of rows."""
    if fmt not in ("jsonl", "csv"):
        raise InputError(f"export format must be jsonl or csv, got {fmt!r}")
    if fmt == "csv" and what == "all":
        raise InputError("a CSV export holds one table: choose --what records or corrections")
    recs = records if what in ("records", "all") else []
    cors = corrections if what in ("corrections", "all") else []
    if out is None:
        assert stdout is not None
        return _write(stdout, fmt, recs, cors, what)
    with _open_private(out) as fh:
        return _write(fh, fmt, recs, cors, what)
