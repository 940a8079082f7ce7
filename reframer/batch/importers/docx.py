"""Word documents (``.docx``): read with the standard library (a docx is a zip of XML).

The text comes from ``word/document.xml``: one line per paragraph, tabs and line breaks kept.
When headings (paragraph style ``Heading 1`` ... or ``Title``) are dates (``Sunday, April 5,
2026``, ``5 April 2026``, ``2026-04-05``), each dated heading starts an entry, with the heading's
date, and the id ``<file>#<date>``; otherwise the whole document is one entry (dated from the
file name when it has a date, titled by its first heading). Text before the first dated heading is
its own undated entry. Nothing but the document's own text is read: no macros, no fields, no
embedded objects.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from reframer.batch.entry import IdAllocator, ImportItem, Problem
from reframer.batch.importers.base import finish
from reframer.batch.importers.longdate import parse_long_date
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import suffix_of
from reframer.batch.textutil import date_from_name

__all__ = ["paragraphs", "read_docx_file", "sniff_docx"]

FORMAT = "docx"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML = 200 * 1024 * 1024


def sniff_docx(name: str, head: bytes) -> float:
    """A zip holding ``word/document.xml``, or the ``.docx`` extension."""
    if head.startswith(b"PK\x03\x04") and b"word/" in head:
        return 0.9
    return 0.5 if suffix_of(name) == ".docx" else 0.0


def paragraphs(document_xml: bytes) -> Iterator[tuple[str | None, str]]:
    """``(style, text)`` for each paragraph of ``word/document.xml``, in order."""
    root = ET.fromstring(document_xml)
    for para in root.iter(f"{_W}p"):
        style_el = para.find(f"{_W}pPr/{_W}pStyle")
        style = style_el.get(f"{_W}val") if style_el is not None else None
        parts: list[str] = []
        for el in para.iter():
            if el.tag == f"{_W}t":
                parts.append(el.text or "")
            elif el.tag == f"{_W}tab":
                parts.append("\t")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        yield style, "".join(parts)


def _is_heading(style: str | None) -> bool:
    s = (style or "").lower().replace(" ", "")
    return s.startswith("heading") or s == "title"


def _document(data: bytes, file: str) -> bytes | Problem:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > _MAX_XML:
                return Problem(file, None, "too_large", "the document's text part is over 200 MB")
            return zf.read(info)
    except KeyError:
        return Problem(file, None, "malformed_file", "no word/document.xml: not a Word document")
    except (zipfile.BadZipFile, EOFError, ValueError):
        return Problem(file, None, "corrupt_file", "not a valid .docx (the zip is damaged)")


@importer(
    "docx",
    help="Word document (.docx): one entry per dated heading, else per file",
    detect=sniff_docx,
    suffixes={".docx"},
    aliases=("word",),
    example="a journal.docx with a Heading 1 such as 'Sunday, April 5, 2026' per day",
)
def read_docx_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entries of one Word document."""
    name, file = member.name, member.file
    xml = _document(member.data(), file)
    if isinstance(xml, Problem):
        yield xml
        return
    try:
        paras = list(paragraphs(xml))
    except ET.ParseError:
        yield Problem(file, None, "invalid_xml", "word/document.xml is not valid XML")
        return
    dated = [(i, parse_long_date(t)) for i, (s, t) in enumerate(paras) if _is_heading(s)]
    starts = [(i, d) for i, d in dated if d]
    if not starts:
        title = next((t for s, t in paras if _is_heading(s) and t.strip()), None)
        body = "\n".join(t for s, t in paras if not (_is_heading(s) and t == title))
        yield from finish(
            file=file,
            fmt=FORMAT,
            entry_id=name,
            date=date_from_name(PurePosixPath(name).name),
            timezone=None,
            title=title,
            tags=[],
            text=body,
        )
        return
    ids = IdAllocator()
    bounds = [(0, None), *starts] if starts[0][0] > 0 else starts
    for k, (begin, day) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(paras)
        lines = [t for _, t in paras[begin + (1 if day else 0) : end]]
        if day is None and not any(line.strip() for line in lines):
            continue
        yield from finish(
            file=file,
            fmt=FORMAT,
            entry_id=ids(f"{name}#{day or 'preamble'}"),
            date=day,
            timezone=None,
            title=paras[begin][1] if day else None,
            tags=[],
            text="\n".join(lines),
        )
