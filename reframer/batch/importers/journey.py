"""Journey.Cloud export: a folder or zip with one JSON file per entry (plus its media files).

Each entry file holds ``id``, ``date_journal`` (epoch milliseconds), ``timezone`` (IANA name, in
recent exports), ``text`` (HTML in recent versions, plain text or Markdown in old ones) and
``tags``. HTML is turned into plain text with the standard library's ``html.parser``: paragraphs
and ``<br>`` become line breaks, entities are decoded, images and scripts are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from reframer.batch.entry import ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import (
    bad_date,
    finish,
    load_json,
    malformed,
    read_member,
    safe_label,
)
from reframer.batch.sources import Container
from reframer.batch.textutil import (
    epoch_ms,
    get_zone,
    html_to_text,
    iso_from_epoch_ms,
    looks_like_html,
)

__all__ = ["read_journey"]

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
    )


def read_journey(
    container: Container, members: Sequence[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """Yield one entry per Journey entry file in ``members``."""
    for name in members:
        file = container.display(name)
        data = read_member(container, name)
        doc = load_json(file, data) if isinstance(data, bytes) else data
        if isinstance(doc, Problem):
            yield doc
            continue
        yield from _entry(doc, file, PurePosixPath(name).stem)
