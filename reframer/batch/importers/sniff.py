"""Small helpers for the format sniffers: a file's suffix, its first line, its CSV header.

A sniffer sees a file's name and its first 64 KiB (``head``) and answers a confidence in
``[0, 1]``; these helpers keep those checks short and cheap.
"""

from __future__ import annotations

import csv
import re

from reframer.batch.sources import suffix_of
from reframer.batch.textutil import decode

__all__ = [
    "CSV_SUFFIXES",
    "TEXT_SUFFIXES",
    "csv_dialect",
    "csv_header",
    "first_line",
    "head_text",
    "is_binary",
    "json_head",
    "suffix_of",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".mdown", ".text"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
_DELIMITERS = ",;\t|"
_QUOTED = re.compile(r'"[^"]*"')


def head_text(head: bytes) -> str:
    """The head decoded the way importers decode (UTF-8 or BOM-marked UTF-16)."""
    return decode(head)


def is_binary(head: bytes) -> bool:
    """Whether the head holds NUL bytes outside UTF-16 text (a photo, a zip, a PDF ...)."""
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def first_line(head: bytes) -> str:
    """The first non-blank line of the head."""
    for line in head_text(head).splitlines():
        if line.strip():
            return line
    return ""


def json_head(head: bytes) -> str | None:
    """The head as text when it starts like a JSON document (``{`` or ``[``), else ``None``."""
    if is_binary(head):
        return None
    text = head_text(head).lstrip()
    if text[:1] == "{" or (text[:1] == "[" and text[1:].lstrip()[:1] in ("{", "]")):
        return text
    return None  # ("[2026-04-05 21:15] ..." is a jrnl journal, not a JSON array)


def csv_dialect(sample: str, delimiter: str | None = None) -> str:
    """The delimiter of a CSV sample: ``delimiter`` when given, else the one of ``,`` ``;`` tab
    ``|`` that splits the header line (outside quotes) most often; comma on a tie or none."""
    if delimiter:
        return delimiter
    header = _QUOTED.sub("", sample.split("\n", 1)[0][:4096])
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def csv_header(head: bytes, delimiter: str | None = None) -> list[str]:
    """The header row of a CSV head, lower-cased and stripped (empty if it cannot be read)."""
    text = head_text(head)
    sep = csv_dialect(text, delimiter)
    line = text.split("\n", 1)[0].rstrip("\r")
    try:
        row = next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return []
    return [cell.strip().lower() for cell in row]


_HEX_ID = re.compile(r" [0-9a-f]{32}(?:_all)?$")


def notion_named(name: str) -> bool:
    """Whether a file name carries Notion's 32-hex page id (``Journal 1a2b...ef.md``)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _HEX_ID.search(stem) is not None


__all__ += ["notion_named"]
