"""Helpers the importers share: decoding without losing entries, cleaning, dates, HTML to text.

Bytes are decoded as UTF-8 with ``surrogateescape``: an invalid byte becomes a lone surrogate
instead of failing the whole file, and :func:`undecodable` then finds the one entry that holds it,
so only that entry is skipped.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from html.parser import HTMLParser
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "BAD_MARK",
    "clean_text",
    "date_from_name",
    "decode",
    "epoch_ms",
    "get_zone",
    "html_to_text",
    "iso",
    "iso_from_epoch_ms",
    "looks_like_html",
    "parse_date",
    "parse_offset",
    "parse_stamp",
    "text_stream",
    "undecodable",
]

BAD_MARK = "\U0010fffd"
"""Stands in for an undecodable byte where lone surrogates cannot go (the XML parser)."""

_BAD = re.compile("[\ud800-\udfff\U0010fffd]")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)")
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|b|i|u|em|strong|ul|ol|li|h[1-6]|blockquote|a|img|pre|code)\b[^>]*>",
    re.IGNORECASE,
)
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I:%M:%S%p")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EXTRA_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)


def decode(data: bytes) -> str:
    """Decode a whole file: UTF-8 (BOM dropped) or BOM-marked UTF-16; bad bytes are kept marked."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="surrogateescape")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape")


def text_stream(raw: IO[bytes], *, newline: str | None = None) -> io.TextIOWrapper:
    """A streaming text view of a binary file with the same decoding rules as :func:`decode`."""
    peek = getattr(raw, "peek", None)
    start = peek(2)[:2] if callable(peek) else b""
    encoding = "utf-16" if start in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline=newline)


def undecodable(*texts: str | None) -> bool:
    """Whether any of the texts holds a byte that was not valid UTF-8 (or a lone surrogate)."""
    return any(t is not None and _BAD.search(t) is not None for t in texts)


def clean_text(text: str) -> str:
    """Normalise line ends, drop NULs and trailing spaces, keep at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def iso(moment: datetime) -> str:
    """ISO 8601 with seconds, or milliseconds when the moment has a fraction of a second."""
    return moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")


def get_zone(name: str | None) -> tzinfo | None:
    """The IANA zone (``Europe/London``) or fixed offset (``+02:00``) named, or ``None``."""
    if not name:
        return None
    offset = parse_offset(name)
    if offset is not None:
        return offset
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_offset(value: str) -> timezone | None:
    """``+02:00``, ``-0530``, ``GMT+2``, ``UTC+05:30`` as a fixed zone; ``None`` if not an offset."""
    m = _OFFSET.match(value.strip())
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if m.group(1) == "-" else delta)


def epoch_ms(value: object) -> float | None:
    """Epoch milliseconds from a number or a string of digits; ``None`` if not plausible."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = float(value.strip())
    else:
        return None
    return number if -62_000_000_000_000 < number < 253_000_000_000_000 else None


def iso_from_epoch_ms(ms: float, zone: tzinfo | None) -> str:
    """Epoch milliseconds as local ISO time in ``zone`` (UTC when the zone is unknown)."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return iso(moment.astimezone(zone or UTC))


def parse_date(value: str) -> str | None:
    """A date or date-time in a common machine format, as ISO 8601; ``None`` if not recognised.

    Accepts ISO 8601 (with ``Z`` or an offset), ``YYYY-MM-DD HH:MM[:SS]``, ``YYYY/MM/DD`` and
    epoch seconds or milliseconds.
    """
    v = value.strip()
    if not v:
        return None
    if _DATE_ONLY.match(v):
        try:
            return date.fromisoformat(v).isoformat()
        except ValueError:
            return None
    if v.isdigit() and len(v) in (10, 13):
        return iso_from_epoch_ms(int(v) * (1000 if len(v) == 10 else 1), None)
    try:
        return iso(datetime.fromisoformat(v))
    except ValueError:
        pass
    for fmt in _EXTRA_FORMATS:
        try:
            moment = datetime.strptime(v, fmt)
        except ValueError:
            continue
        return moment.date().isoformat() if fmt == "%Y/%m/%d" else iso(moment)
    return None


def parse_stamp(day: str, clock: str) -> datetime | None:
    """``YYYY-MM-DD`` and a clock time (``21:15``, ``21:15:02``, ``9:15 PM``, ``09:15:02 p.m.``)."""
    clock = re.sub(r"\s+", " ", clock.replace(".", "").upper()).strip()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(f"{day} {clock}", f"%Y-%m-%d {fmt}")
        except ValueError:
            continue
    return None


def date_from_name(name: str) -> str | None:
    """The date in a file name such as ``2026-04-05.md`` or ``2026_04_05.md``, as ISO."""
    m = _NAME_DATE.search(name)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


class _HTMLText(HTMLParser):
    _BREAK = frozenset({"br", "div", "li", "tr", "hr", "dt", "dd"})
    _PARAGRAPH = frozenset(
        {
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "ul",
            "ol",
            "table",
            "section",
            "article",
        }
    )
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BREAK:
            self.parts.append("\n")
        elif tag in self._PARAGRAPH:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._PARAGRAPH:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def looks_like_html(text: str) -> bool:
    """Whether ``text`` contains common HTML tags (so it needs converting to plain text)."""
    return _HTML_TAG.search(text) is not None


def html_to_text(markup: str) -> str:
    """Plain text from HTML with the standard library's parser: blocks become line breaks."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = "\n".join(line.strip() for line in text.split("\n"))
    return clean_text(text)
