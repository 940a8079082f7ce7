"""Joplin: its "Markdown + Front Matter" export, its raw export and JEX archives.

* **Markdown + Front Matter** (File > Export all > MD - Markdown + Front Matter): one ``.md`` per
  note in notebook folders, starting with ``title:``, ``created:``, ``updated:`` and ``tags:``
  (and ``latitude``/``longitude``, never read). Plain "MD - Markdown" exports have no front
  matter: they are read as text files.
* **JEX** (File > Export all > JEX): a tar archive of raw items, and the **RAW** export (a folder
  of the same items). A raw item is the note's title, a blank line, its body, a blank line and
  its metadata as ``key: value`` lines (``id``, ``created_time``, ``type_``...). Notes are
  ``type_: 1``; tags (``type_: 5``) and note-tag links (``type_: 6``) give each note its tags in
  a JEX (a RAW folder is read one file at a time, so its notes come without tags). The id is
  Joplin's note id.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator

from reframer.batch.entry import ImportItem, Problem
from reframer.batch.importers.base import finish
from reframer.batch.importers.dailynotes import split_frontmatter
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import head_text, notion_named, suffix_of
from reframer.batch.textutil import decode, parse_date

__all__ = ["parse_raw_item", "read_joplin_file", "sniff_joplin"]

FORMAT = "joplin"
_META = re.compile(r"^([a-z_]+):(?: (.*))?$")
_RAW_NAME = re.compile(r"(?:^|/)[0-9a-f]{32}\.md$")


def sniff_joplin(name: str, head: bytes) -> float:
    """A JEX archive, a raw item, or Markdown whose front matter has created and updated."""
    suffix = suffix_of(name)
    if suffix == ".jex" or (len(head) > 262 and head[257:262] == b"ustar" and b".md" in head[:100]):
        return 0.9
    if suffix != ".md" or notion_named(name):
        return 0.0
    text = head_text(head)
    if _RAW_NAME.search(name) and "\ntype_: " in text:
        return 0.9
    if text.startswith("---") and "\ncreated: " in text and "\nupdated: " in text:
        return 0.7
    return 0.0


def parse_raw_item(text: str) -> tuple[dict[str, str], str]:
    """A raw Joplin item: its metadata and its content (title line, blank line, body)."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    meta: dict[str, str] = {}
    i = len(lines)
    while i > 0 and (m := _META.match(lines[i - 1])):
        meta[m.group(1)] = m.group(2) or ""
        i -= 1
    return meta, "\n".join(lines[:i]).rstrip("\n")


def _note(file: str, meta: dict[str, str], content: str, tags: list[str]) -> Iterator[ImportItem]:
    title, _, body = content.partition("\n")
    created = meta.get("user_created_time") or meta.get("created_time") or ""
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=f"joplin:{meta.get('id', '')}",
        date=parse_date(created) if created else None,
        timezone="UTC" if created.endswith("Z") else None,
        title=title.strip() or None,
        tags=tags,
        text=body,
    )


def _jex(member: Member) -> Iterator[ImportItem]:
    notes: list[tuple[dict[str, str], str]] = []
    tag_names: dict[str, str] = {}
    links: list[tuple[str, str]] = []
    try:
        with member.open() as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for info in tar:
                if not info.isfile() or not info.name.endswith(".md"):
                    continue
                fh = tar.extractfile(info)
                if fh is None:
                    continue
                meta, content = parse_raw_item(decode(fh.read()))
                kind = meta.get("type_")
                if kind == "1":
                    notes.append((meta, content))
                elif kind == "5":
                    tag_names[meta.get("id", "")] = content.split("\n", 1)[0].strip()
                elif kind == "6":
                    links.append((meta.get("note_id", ""), meta.get("tag_id", "")))
    except tarfile.TarError:
        yield Problem(member.file, None, "corrupt_archive", "not a valid JEX (tar) archive")
        return
    for meta, content in notes:
        note_id = meta.get("id", "")
        tags = [tag_names.get(t, "") for n, t in links if n == note_id]
        yield from _note(member.file, meta, content, tags)


@importer(
    "joplin",
    help="Joplin export: JEX, RAW, or Markdown + Front Matter",
    detect=sniff_joplin,
    suffixes={".md", ".jex"},
    example="Joplin > File > Export all > JEX - Joplin Export File",
)
def read_joplin_file(member: Member) -> Iterator[ImportItem]:
    """Yield the notes of one JEX archive, raw item or front-matter Markdown note."""
    name, file = member.name, member.file
    if member.suffix != ".md":
        yield from _jex(member)
        return
    text = member.text()
    if _RAW_NAME.search(name):
        meta, content = parse_raw_item(text)
        if meta.get("type_", "1") == "1":
            yield from _note(file, meta, content, [])
        return
    fields, body = split_frontmatter(text)
    created = (fields.get("created") or [""])[0]
    yield from finish(
        file=file,
        fmt=FORMAT,
        entry_id=f"joplin:{name}",
        date=parse_date(created) if created else None,
        timezone=None,
        title=next(iter(fields.get("title") or []), None),
        tags=fields.get("tags", []),
        text=body,
    )
