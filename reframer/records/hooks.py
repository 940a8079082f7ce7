"""The records of journal entries, for batch mode and its report: the lead wires
:func:`records_for_entries` into ``reframer batch`` (a record shown next to its entry).

A record belongs to an entry when it was saved with that ``entry_id`` (``reframer record
--entry-id``), or when its thought appears in the entry's text (compared case- and
space-insensitively), so a thought copied from an entry finds its way back without an id.
"""

from __future__ import annotations

from collections.abc import Sequence

from reframer.records.models import ThoughtRecord
from reframer.records.personal import text_key
from reframer.records.store import Store

__all__ = ["records_for_entries"]


def records_for_entries(
    store: Store | None, entries: Sequence[tuple[str, str]]
) -> dict[str, list[ThoughtRecord]]:
    """``{entry id: [records]}`` for ``(entry id, entry text)`` pairs; entries without records
    are left out, and so is everything when there is no store (``open_store()`` gave None)."""
    if store is None or not entries:
        return {}
    out: dict[str, list[ThoughtRecord]] = {}
    ids = [entry_id for entry_id, _ in entries]
    for record in store.records_for_entry_ids(ids):
        out.setdefault(str(record.entry_id), []).append(record)
    unlinked = [r for r in store.records() if r.entry_id is None]
    if unlinked:
        for entry_id, text in entries:
            body = text_key(text)
            for record in unlinked:
                if text_key(record.thought) in body:
                    out.setdefault(entry_id, []).append(record)
    return out
