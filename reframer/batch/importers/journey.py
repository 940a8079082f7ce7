"""Journey.Cloud export: a folder or zip with one JSON file per entry (plus its media files).

Each entry file holds ``id``, ``date_journal`` (epoch milliseconds), ``timezone`` (IANA name, in
recent exports), ``text`` (HTML in recent versions, plain text or Markdown in old ones) and
``tags``. HTML is turned into plain text with the standard library's ``html.parser``: paragraphs
and ``<br>`` become line breaks, entities are decoded, images and scripts are dropped.
``mood`` (a number) and ``address`` (a place name; never ``lat``/``lon``) are kept, and
``favourite`` marks a starred entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from reframer.batch.entry import ImportItem
from reframer.batch.importers.base import (
    bad_date,
    finish,
    malformed,
    safe_label,
)
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import json_head
from reframer.batch.textutil import (
    epoch_ms,
    get_zone,
    html_to_text,
    iso_from_epoch_ms,
    looks_like_html,
)

__all__ = ["read_journey_file", "sniff_journey"]

FORMAT = "journey"


def _entry(doc: object, file: str, stem: str) -> Iterator[ImportItem]:
    if not isinstance(doc, dict):
        yield malformed(file, None, "entry file is not a JSON object")
        return
    raw_id = doc.get("id")
    entry_id = (
        str(raw_id).strip() if isinstance(raw_id, (str, int)) and str(raw_id).strip() else stem
    )
    text = doc.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        yield malformed(file, safe_label(entry_id), "'text' is not a string")
        return
    if "date_journal" not in doc and "text" not in doc:
        yield malformed(
            file, safe_label(entry_id), "no 'date_journal' or 'text': not a Journey entry"
        )
        return
    zone_name = doc.get("timezone") if isinstance(doc.get("timezone"), str) else None
    ms = epoch_ms(doc.get("date_journal"))
    date = iso_from_epoch_ms(ms, get_zone(zone_name)) if ms is not None else None
    if date is None and doc.get("date_journal") is not None:
        yield bad_date(file, safe_label(entry_id))
    tags = doc.get("tags") if isinstance(doc.get("tags"), list) else []
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    body = html_to_text(text) if looks_like_html(text) else text
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=entry_id,
        date=date,
        timezone=zone_name,
        title=title,
        tags=tags or [],
        text=body,
        mood=doc.get("mood") if doc.get("mood") not in (None, "", -1) else None,
        starred=doc.get("favourite") is True,
        location=doc.get("address") if isinstance(doc.get("address"), str) else None,
    )


def sniff_journey(name: str, head: bytes) -> float:
    """One Journey entry per JSON file, with ``date_journal``."""
    text = json_head(head)
    return 0.95 if text is not None and '"date_journal"' in text else 0.0


@importer(
    "journey",
    help="Journey.Cloud export (folder or .zip of per-entry JSON)",
    detect=sniff_journey,
    suffixes={".json"},
    aliases=("journey-cloud",),
    example="Journey > Settings > Export > ZIP",
)
def read_journey_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entry of one Journey entry file."""
    yield from _entry(member.json(), member.file, member.stem)
