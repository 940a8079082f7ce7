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

from reframer.batch.entry import IdAllocator, ImportItem, Problem
from reframer.batch.importers.base import finish
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import suffix_of
from reframer.batch.textutil import html_to_text, iso

__all__ = ["read_enex_file", "sniff_enex"]

FORMAT = "enex"


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


def _notes(member: Member) -> Iterator[ET.Element | Problem]:
    try:
        for _, elem in member.xml_events("end"):
            if elem.tag == "note":
                yield elem
                elem.clear()
            elif elem.tag == "resource":
                elem.clear()  # attachments: never kept
    except ET.ParseError as exc:
        yield member.xml_problem(exc, "notes")


@importer(
    "enex",
    help="Evernote export (.enex)",
    detect=sniff_enex,
    suffixes={".enex"},
    aliases=("evernote",),
    example="Evernote > select notes > Export > ENEX",
)
def read_enex_file(member: Member) -> Iterator[ImportItem]:
    """Yield one entry per note of one ENEX file."""
    file, ids = member.file, IdAllocator()
    count = 0
    for note in _notes(member):
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
