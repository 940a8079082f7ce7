"""Reading CSV rows for the Daylio, generic CSV and Notion importers: streamed, with the
delimiter given (``--delimiter``) or sniffed from the header row (``,`` ``;`` tab ``|``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from reframer.batch.entry import Problem
from reframer.batch.importers.base import READ_ERRORS, malformed, read_problem
from reframer.batch.importers.sniff import csv_dialect
from reframer.batch.sources import Container
from reframer.batch.textutil import text_stream

__all__ = ["csv_rows", "widen_csv_limit"]


def widen_csv_limit() -> None:
    """Let CSV fields be as long as a long journal entry (the default limit is 128 KiB)."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


def csv_rows(
    container: Container,
    name: str,
    file: str,
    delimiter: str | None = None,
    *,
    lower: bool = False,
) -> Iterator[list[str] | tuple[int, dict[str, str]] | Problem]:
    """The header (first, as a list), then ``(row number, {column: value})`` per non-blank row.

    A row with the wrong number of fields, and a CSV error, become problems.
    """
    widen_csv_limit()
    try:
        sample = container.head(name, 8192).decode("utf-8", errors="replace").lstrip("\ufeff")
        sep = csv_dialect(sample, delimiter)
        with container.open(name) as raw, text_stream(raw, newline="") as stream:
            reader = csv.reader(stream, delimiter=sep)
            header = [h.strip() for h in next(reader, [])]
            if lower:
                header = [h.lower() for h in header]
            yield header
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
