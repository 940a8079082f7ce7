"""The records of journal entries, for batch mode and its report (``reframer batch --records``).

A record belongs to an entry when it was saved with that ``entry_id`` (``reframer record
--entry-id``), or, for a record saved without one, when its thought appears in the entry's text
(compared case- and space-insensitively), so a thought copied from an entry finds its way back
without an id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reframer.records.models import ThoughtRecord
from reframer.records.personal import text_key
from reframer.records.store import Store

__all__ = ["RecordIndex", "records_for_entries"]


class RecordIndex:
    """The store's records, read once and kept in memory, looked up per entry.

    A writer's store holds hundreds of records, not millions: reading them once lets a batch run
    of any size (and ``--resume``) look up each entry without touching the file again.
    """

    def __init__(self, records: Iterable[ThoughtRecord]) -> None:
        self._linked: dict[str, list[ThoughtRecord]] = {}
        self._unlinked: list[tuple[str, ThoughtRecord]] = []
        for record in records:
            if record.entry_id is not None:
                self._linked.setdefault(record.entry_id, []).append(record)
            else:
                self._unlinked.append((text_key(record.thought), record))

    @classmethod
    def from_store(cls, store: Store | None) -> RecordIndex:
        """Every record of ``store`` (none when there is no store)."""
        return cls(store.records() if store is not None else ())

    def __len__(self) -> int:
        return sum(map(len, self._linked.values())) + len(self._unlinked)

    def __repr__(self) -> str:  # never the contents
        return f"RecordIndex({len(self)} records)"

    def for_entry(self, entry_id: str, text: str) -> list[ThoughtRecord]:
        """The records of one entry, oldest first: linked by id, then found in its text."""
        found = list(self._linked.get(entry_id, ()))
        if self._unlinked:
            body = text_key(text)
            found += [record for key, record in self._unlinked if key and key in body]
        return found


def records_for_entries(
    store: Store | None, entries: Sequence[tuple[str, str]]
) -> dict[str, list[ThoughtRecord]]:
    """``{entry id: [records]}`` for ``(entry id, entry text)`` pairs; entries without records
    are left out, and so is everything when there is no store (``open_store()`` gave None)."""
    if store is None or not entries:
        return {}
    index = RecordIndex.from_store(store)
    out = {entry_id: index.for_entry(entry_id, text) for entry_id, text in entries}
    return {entry_id: found for entry_id, found in out.items() if found}
