"""Google Keep, from Google Takeout: ``Takeout/Keep/*.json``, one note per file.

Each note holds ``title``, ``textContent`` (or ``listContent``: ``[{"text", "isChecked"}]`` for
a checklist), ``createdTimestampUsec`` / ``userEditedTimestampUsec`` (microseconds since the
epoch, UTC), ``labels`` (``[{"name": ...}]``), ``isPinned``, ``isArchived`` and ``isTrashed``.
Labels become tags and a pinned note is starred. A note in Keep's trash is not analysed: it is
listed as a warning. The note's id is its file name (Takeout names files after the note).
The ``.html`` twins Takeout writes beside the JSON are not read (the same notes again).
"""

from __future__ import annotations

from collections.abc import Iterator

from reframer.batch.entry import ImportItem, Problem
from reframer.batch.importers.base import bad_date, finish, malformed
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import json_head
from reframer.batch.textutil import epoch_ms, iso_from_epoch_ms

__all__ = ["read_keep_file", "sniff_keep"]

FORMAT = "keep"


def sniff_keep(name: str, head: bytes) -> float:
    """A JSON note with Keep's timestamp and content fields."""
    text = json_head(head)
    if text is None or '"userEditedTimestampUsec"' not in text:
        return 0.0
    return 0.95 if '"textContent"' in text or '"listContent"' in text else 0.8


def _text(doc: dict[str, object]) -> str | None:
    body = doc.get("textContent")
    if isinstance(body, str):
        return body
    items = doc.get("listContent")
    if isinstance(items, list):
        return "\n".join(str(i.get("text") or "") for i in items if isinstance(i, dict))
    return "" if body is None else None


@importer(
    "keep",
    help="Google Keep notes from Google Takeout (Takeout/Keep/*.json)",
    detect=sniff_keep,
    suffixes={".json"},
    aliases=("google-keep",),
    example="takeout.google.com > Keep > the .zip (or its Takeout/Keep folder)",
)
def read_keep_file(member: Member) -> Iterator[ImportItem]:
    """Yield the note of one Keep JSON file."""
    file, doc = member.file, member.json()
    if not isinstance(doc, dict):
        yield malformed(file, None, "note file is not a JSON object")
        return
    note_id = member.stem
    text = _text(doc)
    if text is None:
        yield malformed(file, note_id, "'textContent' is not a string")
        return
    if doc.get("isTrashed") is True:
        yield Problem(file, note_id, "trashed", "note is in Keep's trash; not analysed", "warning")
        return
    raw = doc.get("createdTimestampUsec", doc.get("userEditedTimestampUsec"))
    usec = int(raw) if isinstance(raw, (int, str)) and str(raw).isdigit() else None
    ms = epoch_ms(usec // 1000) if usec is not None else None
    date = iso_from_epoch_ms(ms, None) if ms is not None else None
    if date is None and raw is not None:
        yield bad_date(file, note_id)
    labels = doc.get("labels") if isinstance(doc.get("labels"), list) else []
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=f"keep:{note_id}",
        date=date,
        timezone="UTC" if date else None,
        title=doc.get("title") if isinstance(doc.get("title"), str) else None,
        tags=[lab.get("name") for lab in labels or [] if isinstance(lab, dict)],
        text=text,
        starred=doc.get("isPinned") is True,
    )
