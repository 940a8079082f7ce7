"""Obsidian and Logseq daily notes: a folder (or zip) of Markdown files with dates in their names.

``2026-04-05.md`` (Obsidian's default) and ``journals/2026_04_05.md`` (Logseq's) both work; the
date comes from the file name (or a ``date:`` frontmatter field). Notes without a date are kept,
undated. Frontmatter ``mood:``, ``starred:``/``favorite:`` and ``location:`` are carried through. Cleaning keeps only the writer's own words:

* YAML frontmatter (``---`` ... ``---``) and Logseq properties (``key:: value``) are removed;
  their ``tags`` become the entry's tags, as do inline ``#tags``;
* template prompt lines are removed: a line that is only a heading (``## Gratitude``) or only an
  emphasised prompt (``*What am I grateful for?*``, ``**Today I will**``), bullet or not;
* embeds (``![[photo.png]]``, ``![](img.png)``), comments (``%% ... %%``, ``<!-- -->``) and block
  references are removed; ``[[Page|alias]]`` and ``[text](url)`` keep their visible text;
* list markers, checkboxes and Logseq task words (``- ``, ``1. ``, ``- [ ] ``, ``TODO``) are
  dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from reframer.batch.entry import ImportItem
from reframer.batch.importers.base import finish
from reframer.batch.importers.member import Member
from reframer.batch.importers.registry import importer
from reframer.batch.importers.sniff import suffix_of
from reframer.batch.textutil import date_from_name, parse_date

__all__ = ["clean_markdown", "read_daily_note", "sniff_daily_note", "split_frontmatter"]

FORMAT = "daily-notes"

_FRONTMATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_PROPERTY = re.compile(r"^\s*(?:[-*+]\s+)?([A-Za-z][\w-]*)::[ \t]*(.*)$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])(?:\s+\[[ xX/-]\])?(?:\s+|$)")
_HEADING = re.compile(r"^#{1,6}(?:\s|$)")
_PROMPT = re.compile(r"^(?:\*{1,3}(?=\S)[^*]+(?<=\S)\*{1,3}|_{1,3}(?=\S)[^_]+(?<=\S)_{1,3})$")
_EMPHASIS = re.compile(
    r"(\*\*|__|==|~~)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"
)
_EMBED = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_COMMENTS = re.compile(r"%%.*?%%|<!--.*?-->", re.DOTALL)
_WIKILINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")
_BLOCK_REF = re.compile(r"\(\([0-9a-f-]{8,}\)\)")
_INLINE_TAG = re.compile(r"(?<![\w#&/])#([^\s#.,;:!?()\[\]{}\"']+)")
_KEY_VALUE = re.compile(r"^([A-Za-z][\w-]*):[ \t]*(.*)$")
_TASK = re.compile(r"^(?:TODO|DOING|DONE|LATER|NOW|WAITING|CANCELED|CANCELLED)\s+")
_SPACES = re.compile(r"[ \t]{2,}")


_LIST_KEYS = frozenset({"tags", "tag", "aliases"})


def _split_values(value: str) -> list[str]:
    value = value.strip().strip("[]")
    return [v.strip().strip("'\"").lstrip("#") for v in value.split(",") if v.strip()]


def _field(key: str, value: str) -> list[str]:
    value = value.strip()
    if not value:
        return []
    if key in _LIST_KEYS or value.startswith("["):
        return _split_values(value)
    return [value.strip("'\"")]


def _plain(m: re.Match[str]) -> str:
    return m.group(2) or m.group(3) or ""


def split_frontmatter(text: str) -> tuple[dict[str, list[str]], str]:
    """Remove YAML frontmatter; return its simple fields (``key: value`` or lists) and the rest."""
    m = _FRONTMATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, list[str]] = {}
    key = ""
    for line in (m.group(1) or "").split("\n"):
        kv = _KEY_VALUE.match(line)
        if kv:
            key = kv.group(1).lower()
            fields[key] = _field(key, kv.group(2))
        elif key and line.strip().startswith("- "):
            fields[key].append(line.strip()[2:].strip().strip("'\"").lstrip("#"))
    return fields, text[m.end() :]


def clean_markdown(text: str) -> tuple[str, list[str]]:
    """The writer's words from a daily note body (no frontmatter), and tags found on the way."""
    tags: list[str] = []
    text = _COMMENTS.sub("", text)
    kept: list[str] = []
    for line in text.split("\n"):
        prop = _PROPERTY.match(line)
        if prop:
            if prop.group(1).lower() in ("tags", "tag"):
                tags.extend(v.strip("[]") for v in _split_values(prop.group(2)))
            continue
        line = _EMBED.sub("", line)
        line = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), line)
        line = _LINK.sub(r"\1", _BLOCK_REF.sub("", line))
        bullet = _BULLET.match(line)
        body = _SPACES.sub(" ", _TASK.sub("", (line[bullet.end() :] if bullet else line).strip()))
        if not body:
            kept.append("")
            continue
        if _HEADING.match(body) or _PROMPT.match(body):
            continue
        tags.extend(t for t in _INLINE_TAG.findall(body) if not t.isdigit())
        kept.append(_EMPHASIS.sub(_plain, body))
    return "\n".join(kept), tags


_TRUE = frozenset({"true", "yes", "1", "x"})


def _first(fields: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if fields.get(key):
            return fields[key][0]
    return None


def sniff_daily_note(name: str, head: bytes) -> float:
    """A Markdown file with a date in its name (``2026-04-05.md``, ``2026_04_05.md``)."""
    if suffix_of(name) not in (".md", ".markdown"):
        return 0.0
    return 0.6 if date_from_name(PurePosixPath(name).name) else 0.0


@importer(
    "daily-notes",
    help="Obsidian or Logseq daily notes (folder of dated .md files)",
    detect=sniff_daily_note,
    suffixes={".md", ".markdown"},
    aliases=("obsidian", "logseq", "dailynotes"),
    example="the vault's daily-notes folder, or Logseq's journals/ folder",
)
def read_daily_note(member: Member) -> Iterator[ImportItem]:
    """Yield the entry of one Markdown note."""
    fields, body = split_frontmatter(member.text())
    text, tags = clean_markdown(body)
    path = PurePosixPath(member.name)
    date = date_from_name(path.name)
    if date is None and fields.get("date"):
        date = parse_date(fields["date"][0])
    title = fields["title"][0] if fields.get("title") else None
    if date is None and title is None:
        title = path.stem
    starred = (_first(fields, "starred", "favorite", "favourite") or "").lower() in _TRUE
    yield from finish(
        file=member.file,
        fmt=FORMAT,
        entry_id=member.name,
        date=date,
        timezone=None,
        title=title,
        tags=[*fields.get("tags", []), *tags],
        text=text,
        mood=_first(fields, "mood"),
        starred=starred,
        location=_first(fields, "location", "place"),
    )
