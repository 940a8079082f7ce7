"""Importers: one module per journal format, each a function yielding entries and problems.

Every importer has the signature ``(container, members, options) -> Iterator[Entry | Problem]``:
it reads the listed files of the container, yields one :class:`~reframer.batch.entry.Entry` per
journal entry and a :class:`~reframer.batch.entry.Problem` for whatever it has to skip.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import TypeAlias

from reframer.batch.entry import ImportItem, ImportOptions
from reframer.batch.sources import Container
from reframer.errors import UnsupportedFormatError

__all__ = ["ALIASES", "FORMATS", "Importer", "canonical_format", "get_importer", "supported_text"]

Importer: TypeAlias = Callable[[Container, Sequence[str], ImportOptions], Iterator[ImportItem]]

FORMATS: dict[str, str] = {
    "dayone": "Day One JSON export (the .zip or its Journal.json)",
    "jrnl": "jrnl JSON export (jrnl --format json) or plain-text journal file",
    "journey": "Journey.Cloud export (folder or .zip of per-entry JSON)",
    "diaro": "Diaro backup (DiaroBackup.xml or its .zip)",
    "daily-notes": "Obsidian or Logseq daily notes (folder of dated .md files)",
    "daylio": "Daylio CSV export",
    "csv": "generic CSV (--text-col, --date-col, --id-col)",
    "jsonl": "generic JSON Lines (--text-col, --date-col, --id-col)",
    "text": "plain .txt or .md files, one entry per file",
}
"""Format names accepted by ``--from``, with what they read."""

ALIASES: dict[str, str] = {
    "day-one": "dayone",
    "journey-cloud": "journey",
    "obsidian": "daily-notes",
    "logseq": "daily-notes",
    "dailynotes": "daily-notes",
    "ndjson": "jsonl",
    "txt": "text",
    "md": "text",
    "markdown": "text",
}

_MODULES: dict[str, tuple[str, str]] = {
    "dayone": ("dayone", "read_dayone"),
    "jrnl": ("jrnl", "read_jrnl"),
    "journey": ("journey", "read_journey"),
    "diaro": ("diaro", "read_diaro"),
    "daily-notes": ("dailynotes", "read_daily_notes"),
    "daylio": ("daylio", "read_daylio"),
    "csv": ("tabular", "read_csv"),
    "jsonl": ("tabular", "read_jsonl"),
    "text": ("plaintext", "read_text"),
}


def supported_text() -> str:
    """The supported formats, for error messages."""
    return ", ".join(f"{name} ({desc})" for name, desc in FORMATS.items())


def canonical_format(name: str) -> str:
    """The canonical format name for ``name`` or an alias; raises UnsupportedFormatError."""
    key = name.strip().lower().replace("_", "-")
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise UnsupportedFormatError(
            f"unknown format {name!r} for --from. Supported formats: {', '.join(FORMATS)} "
            f"(also accepted: {', '.join(ALIASES)})."
        )
    return key


def get_importer(fmt: str) -> Importer:
    """The importer function for a canonical format name."""
    module_name, func_name = _MODULES[canonical_format(fmt)]
    module = importlib.import_module(f"reframer.batch.importers.{module_name}")
    func: Importer = getattr(module, func_name)
    return func
