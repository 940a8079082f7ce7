"""Evernote export: ``.enex`` files (File > Export Notes, "ENEX format").

An ENEX file is XML, one ``<note>`` per note::

    <en-export export-date="20260406T080000Z" application="Evernote" version="10.105">
      <note><title>...</title><created>20260405T201502Z</created><tag>work</tag>
        <note-attributes><place-name>...</place-name><latitude>..</latitude></note-attributes>
        <content><![CDATA[<?xml ...?><!DOCTYPE en-note ...><en-note><div>...</div></en-note>]]>
        </content><resource>...</resource></note>
    </en-export>

The note's ENML content becomes plain text (blocks become lines; media, to-do boxes and
encrypted sections are dropped); ``<tag>`` elements become tags and ``place-name`` the location
(coordinates are never read). Dates are UTC. ENEX has no note ids: a note's id is
``enex:<created>`` (``-2`` ... for notes created in the same second). The file is parsed as a
stream, so attachments never sit in memory; nothing is fetched (the DTDs named are not loaded).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

from reframer.batch.entry import IdAllocator, ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import finish
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import suffix_of
from reframer.batch.sources import Container
from reframer.batch.textutil import BAD_MARK, html_to_text, iso, text_stream

__all__ = ["read_enex_file", "sniff_enex"]

FORMAT = "enex"
_CHUNK = 65_536
_SURROGATES = {c: BAD_MARK for c in range(0xDC80, 0xDD00)}


def _when(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return iso(datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC))
    except ValueError:
        return None


def sniff_enex(name: str, head: bytes) -> float:
    """``<en-export`` near the top, or the ``.enex`` extension."""
    if b"<en-export" in head:
        return 0.99
    return 0.5 if suffix_of(name) == ".enex" else 0.0


def _notes(container: Container, name: str, file: str) -> Iterator[ET.Element | Problem]:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    try:
        with container.open(name) as raw, text_stream(raw) as stream:
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk.translate(_SURROGATES))
                for event in parser.read_events():
                    elem = event[1] if len(event) == 2 else None
                    if isinstance(elem, ET.Element) and elem.tag == "note":
                        yield elem
                        elem.clear()
                    elif isinstance(elem, ET.Element) and elem.tag == "resource":
                        elem.clear()  # attachments: never kept
            parser.close()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        yield Problem(
            file,
            None,
            "invalid_xml",
            f"XML error at line {line}; the notes after it could not be read",
        )


@importer(
    "enex",
    help="Evernote export (.enex)",
    detect=sniff_enex,
    suffixes={".enex"},
    aliases=("evernote",),
    example="Evernote > select notes > Export > ENEX",
)
def read_enex_file(
    container: Container, name: str, file: str, options: ImportOptions
) -> Iterator[ImportItem]:
    """Yield one entry per note of one ENEX file."""
    ids = IdAllocator()
    count = 0
    for note in _notes(container, name, file):
        if isinstance(note, Problem):
            yield note
            continue
        count += 1
        created = _when(note.findtext("created"))
        content = note.findtext("content") or ""
        attrs = note.find("note-attributes")
        place = attrs.findtext("place-name") if attrs is not None else None
        yield from finish(
            file=file,
            fmt=FORMAT,
            entry_id=ids(f"enex:{created or f'note-{count}'}"),
            date=created,
            timezone="UTC" if created else None,
            title=note.findtext("title"),
            tags=[t.text or "" for t in note.findall("tag")],
            text=html_to_text(content),
            location=place,
        )
