"""Reading CSV rows for the Daylio, generic CSV and Notion importers: streamed, with the
delimiter given (``--delimiter``) or sniffed from the header row (``,`` ``;`` tab ``|``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from reframer.batch.entry import Problem
from reframer.batch.importers.base import malformed
from reframer.batch.importers.member import Member
from reframer.batch.importers.sniff import csv_dialect

__all__ = ["csv_rows", "widen_csv_limit"]


def widen_csv_limit() -> None:
    """Let CSV fields be as long as a long journal entry (the default limit is 128 KiB)."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


def csv_rows(
    member: Member, *, lower: bool = False
) -> Iterator[list[str] | tuple[int, dict[str, str]] | Problem]:
    """The header (first, as a list), then ``(row number, {column: value})`` per non-blank row.

    The delimiter is ``member.options.delimiter``, else sniffed from the header row. A row with
    the wrong number of fields, and a CSV error, become problems; read errors are the shared
    loop's.
    """
    widen_csv_limit()
    file = member.file
    try:
        sample = member.head(8192).decode("utf-8", errors="replace").lstrip("\ufeff")
        sep = csv_dialect(sample, member.options.delimiter)
        with member.stream(newline="") as stream:
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
