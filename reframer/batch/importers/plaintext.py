"""Plain ``.txt`` and ``.md`` files: one entry per file.

The id is the file's path inside the input (``notes/2026-04-05.txt``); the date comes from the
file name when it has one (``2026-04-05``, ``2026_04_05``). Markdown files lose their YAML
frontmatter, and a leading ``# Heading`` becomes the title; otherwise the text is kept as written
(line ends normalised, runs of blank lines shortened).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from reframer.batch.entry import ImportItem
from reframer.batch.importers.base import finish, split_heading
from reframer.batch.importers.dailynotes import split_frontmatter
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import TEXT_SUFFIXES, is_binary
from reframer.batch.sources import suffix_of
from reframer.batch.textutil import date_from_name, parse_date

__all__ = ["read_text_file", "sniff_text"]

FORMAT = "text"
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})


def sniff_text(name: str, head: bytes) -> float:
    """Any ``.txt`` or ``.md`` file: the fallback when nothing more specific matches."""
    return 0.1 if suffix_of(name) in TEXT_SUFFIXES and not is_binary(head) else 0.0


@importer(
    "text",
    help="plain .txt or .md files, one entry per file",
    detect=sniff_text,
    suffixes=TEXT_SUFFIXES,
    aliases=("txt", "md", "markdown"),
    example="a folder of notes/2026-04-05.txt",
)
def read_text_file(member: Member) -> Iterator[ImportItem]:
    """Yield the entry of one text file."""
    name, text = member.name, member.text()
    title: str | None = None
    tags: list[str] = []
    fields: dict[str, list[str]] = {}
    date = date_from_name(PurePosixPath(name).name)
    if suffix_of(name) in MARKDOWN_SUFFIXES:
        fields, text = split_frontmatter(text)
        tags = fields.get("tags", [])
        if date is None and fields.get("date"):
            date = parse_date(fields["date"][0])
        title, text = split_heading(text)
        if fields.get("title"):
            title = fields["title"][0]
    yield from finish(
        file=member.file,
        fmt=FORMAT,
        entry_id=name,
        date=date,
        timezone=None,
        title=title,
        tags=tags,
        text=text,
        mood=next(iter(fields.get("mood") or []), None),
    )
