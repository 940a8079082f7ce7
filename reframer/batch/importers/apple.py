"""Apple Journal and Apple Notes, as exported to files.

* **Apple Journal** (Journal > Settings > Export): a folder of ``Entries/*.html``, one entry per
  file, the date in ``<div class="pageHeader">`` (``Sunday, April 5, 2026``); the rest of the
  page is the entry (images and the page's own chrome are dropped).
* **Apple Notes** exported as text (Share > Export, or Shortcuts' "Get text from note"): a
  ``.txt``/``.md`` file whose first line is the note's date written out (``Sunday, April 5,
  2026`` or ``5 April 2026 21:15``); the text after it is the entry.

The id is the file's path inside the export.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reframer.batch.entry import ImportItem, Problem
from reframer.batch.importers.base import finish
from reframer.batch.importers.longdate import parse_long_date
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import (
    TEXT_SUFFIXES,
    first_line,
    head_text,
    is_binary,
    suffix_of,
)
from reframer.batch.textutil import html_to_text

__all__ = ["read_apple_file", "sniff_apple"]

FORMAT = "apple"
_HEADER = re.compile(
    r"<div[^>]*class=['\"][^'\"]*pageHeader[^'\"]*['\"][^>]*>(.*?)</div>", re.IGNORECASE | re.DOTALL
)


def sniff_apple(name: str, head: bytes) -> float:
    """Apple Journal's HTML page header, or a text file whose first line is a date."""
    if is_binary(head):
        return 0.0
    suffix = suffix_of(name)
    if suffix in (".html", ".htm"):
        return 0.9 if _HEADER.search(head_text(head)) else 0.0
    if suffix in TEXT_SUFFIXES and parse_long_date(first_line(head)):
        return 0.7 if not first_line(head).strip()[:1].isdigit() else 0.2
    return 0.0


@importer(
    "apple",
    help="Apple Journal export (Entries/*.html) or Apple Notes text (first line a date)",
    detect=sniff_apple,
    suffixes={".html", ".htm", ".txt", ".md"},
    aliases=("apple-journal", "apple-notes"),
    example="Journal > Settings > Export; or Notes > Share > Export as text",
)
def read_apple_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entry of one Apple Journal page or Apple Notes text file."""
    file, text = member.file, member.text()
    if member.suffix in (".html", ".htm"):
        m = _HEADER.search(text)
        if m is None:
            yield Problem(file, None, "malformed_file", "no pageHeader: not an Apple Journal page")
            return
        date = parse_long_date(html_to_text(m.group(1)))
        body = html_to_text(text[: m.start()] + text[m.end() :])
        title = None
    else:
        lines = text.lstrip("\n").split("\n")
        date = parse_long_date(lines[0]) if lines else None
        body = "\n".join(lines[1:] if date else lines)
        title = None
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=member.name,
        date=date,
        timezone=None,
        title=title,
        tags=[],
        text=body,
    )
