"""Building blocks shared by the importers: read errors, and turning raw fields into an entry.

Every reason written here is about the file's shape, never its content: no journal text reaches
a problem report.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from reframer.batch.entry import Entry, Problem, printable
from reframer.batch.textutil import clean_text, undecodable

__all__ = [
    "READ_ERRORS",
    "bad_date",
    "finish",
    "malformed",
    "read_problem",
    "safe_label",
    "split_heading",
    "unique_tags",
]

READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,  # an encrypted zip member without a password
    NotImplementedError,  # a zip compression method Python lacks
)
"""What reading one file of a folder or zip can raise."""

_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")


def safe_label(value: str, limit: int = 120) -> str:
    """An id made safe to print: undecodable and control characters become ``?``, long ids cut."""
    value = printable(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def read_problem(file: str, exc: BaseException) -> Problem:
    """A problem for a file that could not be read (permissions, a corrupt zip member ...)."""
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return Problem(file, None, "corrupt_zip", f"corrupt zip member ({type(exc).__name__})")
    if isinstance(exc, (RuntimeError, NotImplementedError)):
        return Problem(
            file,
            None,
            "unreadable_file",
            "zip member is encrypted or uses an unsupported compression method",
        )
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return Problem(file, None, "unreadable_file", f"cannot read the file: {reason}")


def malformed(file: str, entry: str | None, what: str) -> Problem:
    """A problem for an entry that does not have the shape its format promises."""
    return Problem(file, entry, "malformed_entry", what)


def bad_date(file: str, entry: str) -> Problem:
    """A warning: the entry is kept but its date could not be read."""
    return Problem(
        file,
        entry,
        "invalid_date",
        "date not recognised; entry kept without a date",
        severity="warning",
    )


def unique_tags(tags: Iterable[object]) -> tuple[str, ...]:
    """Strings among ``tags``, stripped and de-duplicated in order."""
    seen: dict[str, None] = {}
    for tag in tags:
        if isinstance(tag, str) and tag.strip():
            seen.setdefault(tag.strip(), None)
    return tuple(seen)


def split_heading(text: str) -> tuple[str | None, str]:
    """Take a leading Markdown heading off ``text`` as the title: ``(title, rest)``."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    m = _HEADING.match(first.strip())
    if not m:
        return None, text
    return m.group(1).strip(), rest


def finish(
    *,
    file: str,
    fmt: str,
    entry_id: str,
    date: str | None,
    timezone: str | None,
    title: str | None,
    tags: Iterable[object],
    text: str,
    mood: object = None,
    starred: bool = False,
    location: object = None,
) -> Iterator[Entry | Problem]:
    """Yield the cleaned entry, or a problem if any of its fields holds undecodable bytes.

    ``mood`` may be a label or a number (kept as text); ``location`` a place name only.
    """
    tag_tuple = unique_tags(tags)
    title = clean_text(title) if title else None
    mood_text = _short(mood)
    place = _short(location)
    if undecodable(entry_id, title, text, timezone, mood_text, place, *tag_tuple):
        yield Problem(
            file, safe_label(entry_id), "undecodable", "contains bytes that are not valid UTF-8"
        )
        return
    yield Entry(
        id=entry_id,
        date=date,
        timezone=timezone or None,
        source=f"{fmt}:{printable(file)}",
        title=title or None,
        tags=tag_tuple,
        text=clean_text(text),
        mood=mood_text,
        starred=bool(starred),
        location=place,
    )


def _short(value: object, limit: int = 200) -> str | None:
    """A metadata value as one short line of text (numbers allowed), or ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, (str, int, float)):
        return None
    text = " ".join(str(value).split())
    return text[:limit] or None
