"""Importers: one module per journal format, each registered once in :mod:`.registry`.

A format module decorates its per-file reader with
:func:`~reframer.batch.importers.registry.importer`, giving its name, its content sniffer and its
help line; the format list (``--from``, ``--help``, error messages, docs) comes from there.
Readers yield :class:`~reframer.batch.entry.Entry` records and a
:class:`~reframer.batch.entry.Problem` for whatever they have to skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeAlias

from reframer.batch.entry import ImportItem, ImportOptions

# Registration order is the tie-break order when two sniffers are equally sure.
from reframer.batch.importers import (  # noqa: F401  (imported to register their formats)
    apple,
    dailynotes,
    daylio,
    dayone,
    diarium,
    diaro,
    docx,
    enex,
    joplin,
    journey,
    jrnl,
    keep,
    notion,
    plaintext,
    tabular,
)
from reframer.batch.importers.registry import canonical_format, formats, read_files
from reframer.batch.sources import Container

__all__ = ["ALIASES", "FORMATS", "Importer", "canonical_format", "get_importer", "supported_text"]

Importer: TypeAlias = Callable[[Container, Sequence[str], ImportOptions], Iterator[ImportItem]]

FORMATS: dict[str, str] = {name: fmt.help for name, fmt in formats().items()}
"""Format names accepted by ``--from``, with what they read."""

ALIASES: dict[str, str] = {a: name for name, fmt in formats().items() for a in fmt.aliases}
"""Other names accepted by ``--from``."""


def supported_text() -> str:
    """The supported formats, for error messages."""
    return ", ".join(f"{name} ({desc})" for name, desc in FORMATS.items())


def get_importer(fmt: str) -> Importer:
    """A reader of many files for a format name or alias (the shared per-file loop)."""
    name = canonical_format(fmt)

    def read(
        container: Container, members: Sequence[str], options: ImportOptions
    ) -> Iterator[ImportItem]:
        return read_files(name, container, members, options)

    return read
