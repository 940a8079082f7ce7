"""Streaming output writers: JSONL, CSV and annotated Markdown.

Every writer writes to a temporary file beside its target (``.entries.jsonl.XXXX.part``, created
readable by the owner only) and moves it into place with ``os.replace`` in :meth:`commit`, so a
reader never sees a half-written output: either the previous file or the complete new one.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reframer.batch.entry import Entry
from reframer.batch.records_view import (
    RECORD_COLUMNS,
    SOURCE_NAMES,
    belief_text,
    csv_cells,
    record_dicts,
)
from reframer.schema import Analysis, SentenceResult, Support

if TYPE_CHECKING:
    from reframer.records.models import ThoughtRecord

__all__ = [
    "CSV_COLUMNS",
    "AtomicFile",
    "CsvWriter",
    "JsonlWriter",
    "MarkdownWriter",
    "OutputWriter",
    "entry_fields",
    "entry_record",
]

CSV_COLUMNS = (
    "entry_id",
    "date",
    "sentence",
    "start",
    "end",
    "self_critical",
    "score",
    "traps",
    "crisis",
    "reframes",
    "tags",
    "mood",
    "starred",
    "location",
)


class AtomicFile:
    """A text file written under a temporary name and renamed onto ``path`` on commit."""

    def __init__(self, path: Path, *, newline: str | None = None) -> None:
        self.path = path
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        self.tmp = Path(tmp)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline=newline)

    def commit(self) -> None:
        """Flush to disk and move the file into place (atomic on one file system)."""
        if self.fh.closed:
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.path)

    def sync(self) -> int:
        """Flush what was written to disk (``fsync``); the number of bytes now durable."""
        self.fh.flush()
        os.fsync(self.fh.fileno())
        return os.fstat(self.fh.fileno()).st_size

    def publish(self, size: int) -> None:
        """Move the first ``size`` bytes (a checkpoint) into place, dropping anything after them.

        Used when writing fails (a full disk): truncating frees space and a rename needs none.
        """
        if not self.fh.closed:
            with contextlib.suppress(OSError):  # the buffered tail is dropped anyway
                self.fh.close()
        os.truncate(self.tmp, size)
        fd = os.open(self.tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        """Drop the temporary file, leaving any previous output untouched."""
        if not self.fh.closed:
            with contextlib.suppress(OSError):  # a full disk fails the final flush
                self.fh.close()
        self.tmp.unlink(missing_ok=True)


class OutputWriter(Protocol):
    """What the runner needs from each output."""

    path: Path

    def write(
        self, entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord] = ()
    ) -> None:
        """Add one analysed entry (with the writer's saved records of it, if any)."""
        ...

    def commit(self) -> None:
        """Finish the file and move it into place."""
        ...

    def discard(self) -> None:
        """Abandon the file."""
        ...


def entry_fields(entry: Entry) -> dict[str, Any]:
    """An entry's fields as every output writes them, in order (no analysis)."""
    return {
        "id": entry.id,
        "date": entry.date,
        "timezone": entry.timezone,
        "source": entry.source,
        "title": entry.title,
        "tags": list(entry.tags),
        "mood": entry.mood,
        "starred": entry.starred,
        "location": entry.location,
        "text": entry.text,
    }


def entry_record(
    entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord] | None = None
) -> dict[str, Any]:
    """The JSONL record for one entry (``analysis`` is the output contract); with ``records``
    (``--records``), also ``"records"``: the writer's saved thought records of the entry."""
    out = entry_fields(entry) | {"analysis": analysis.model_dump(mode="json")}
    if records is not None:
        out["records"] = record_dicts(records)
    return out


class JsonlWriter(AtomicFile):
    """One JSON object per line per entry (with ``records`` when ``records`` is true)."""

    def __init__(self, path: Path, *, records: bool = False) -> None:
        super().__init__(path)
        self.records = records

    def write(
        self, entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord] = ()
    ) -> None:
        found = records if self.records else None
        line = json.dumps(
            entry_record(entry, analysis, found), ensure_ascii=False, separators=(",", ":")
        )
        self.fh.write(line + "\n")


class CsvWriter(AtomicFile):
    """One row per sentence, with the entry's id and date; with ``records``, also
    :data:`~reframer.batch.records_view.RECORD_COLUMNS` on the sentence row of each record."""

    def __init__(self, path: Path, *, records: bool = False) -> None:
        super().__init__(path, newline="")
        self.records = records
        self._csv = csv.writer(self.fh)
        self._csv.writerow(CSV_COLUMNS + (RECORD_COLUMNS if records else ()))

    def write(
        self, entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord] = ()
    ) -> None:
        extra = csv_cells(records, analysis.sentences) if self.records else None
        for i, s in enumerate(analysis.sentences):
            self._csv.writerow(
                [
                    entry.id,
                    entry.date or "",
                    s.text,
                    s.start,
                    s.end,
                    "true" if s.self_critical else "false",
                    f"{s.score:.4f}",
                    ";".join(s.traps),
                    "true" if s.crisis else "false",
                    " | ".join(r.text for r in s.reframes),
                    ";".join(entry.tags),
                    entry.mood or "",
                    "true" if entry.starred else "false",
                    entry.location or "",
                    *(extra[i] if extra else ()),
                ]
            )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LIST_MARK = re.compile(r"^([ \t]*)(?:([-+])|(\d+)([.)]))(?=[ \t]|$)", re.MULTILINE)


def _md(text: str) -> str:
    """Journal text for Markdown, escaped so that it renders exactly as written (raw HTML,
    emphasis, links, headings and list markers in it stay literal)."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LIST_MARK.sub(
        lambda m: (
            f"{m.group(1)}\\{m.group(2)}"
            if m.group(2)
            else f"{m.group(1)}{m.group(3)}\\{m.group(4)}"
        ),
        text,
    )


def _md_inline(text: str) -> str:
    return _md(text).replace("\n", " ")


def _heading(entry: Entry) -> str:
    when = (entry.date or "undated")[:16].replace("T", " ")
    return f"## {when}" + (f" — {_md_inline(entry.title)}" if entry.title else "")


def _support_block(support: Support | None) -> list[str]:
    lines = ["> **This entry contains words about suicide or self-harm, so it is not rewritten.**"]
    if support is not None:
        lines.append(f"> {_md_inline(support.message)}")
        for r in support.resources:
            extra = f" — {_md_inline(r.description)}" if r.description else ""
            lines.append(f"> - **{_md_inline(r.name)}**: {_md_inline(r.contact)}{extra}")
    return [*lines, ""]


def _bold(segment: str) -> str:
    core = segment.strip()
    if not core:
        return segment
    lead = segment[: len(segment) - len(segment.lstrip())]
    trail = segment[len(segment.rstrip()) :]
    return f"{lead}**{_md_inline(core)}**{trail}"


def _mark(text: str, base: int, sentences: list[SentenceResult]) -> str:
    """The paragraph ``text`` (starting at offset ``base``) with self-critical sentences bold."""
    out, pos = [], 0
    for s in sentences:
        start, end = max(s.start - base, pos), min(s.end - base, len(text))
        if start >= end:
            continue
        out.append(_md(text[pos:start]))
        out.extend(_bold(seg) for seg in re.split(r"(\n)", text[start:end]))
        pos = end
    out.append(_md(text[pos:]))
    return "".join(out).replace("\n", "  \n")


def _record_block(record: ThoughtRecord, crisis: bool) -> list[str]:
    """A saved thought record, quoted under its entry. In an entry with crisis language the
    reframe is left out, as the entry's rewrites are (it is in the JSONL output)."""
    when = record.created[:10]
    lines = [f"> **Your thought record** (#{record.id}, saved {when})"]
    if record.situation.strip():
        lines.append(f"> *Situation:* {_md_inline(record.situation)}  ")
    lines.append(f"> *Thought:* “{_md_inline(record.thought)}”  ")
    if record.reframe and not crisis:
        how = SOURCE_NAMES.get(record.reframe_source or "", "")
        lines.append(f"> *Reframe you kept:* “{_md_inline(record.reframe)}” ({how})  ")
    lines.append(f"> *Belief:* {belief_text(record)}")
    return [*lines, ""]


class MarkdownWriter(AtomicFile):
    """The journal with self-critical sentences in bold and the rewrites quoted beneath; the
    writer's saved thought records (``--records``) follow their entry."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.fh.write(
            "# Annotated journal\n\nSelf-critical sentences are in **bold**; kinder "
            "ways to say them are quoted beneath each paragraph.\n\n"
        )

    def write(
        self, entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord] = ()
    ) -> None:
        about = f"*{_md_inline(entry.source)} · id {_md_inline(entry.id)}*"
        lines = [_heading(entry), "", about, ""]
        if analysis.crisis:
            lines += _support_block(analysis.support)
        flagged = [s for s in analysis.sentences if s.self_critical and not analysis.crisis]
        for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", entry.text):
            inside = sorted(
                (s for s in flagged if m.start() <= s.start < m.end()), key=lambda s: s.start
            )
            lines += [_mark(m.group(0), m.start(), inside), ""]
            for s in inside:
                traps = f" — *{', '.join(s.traps)}*" if s.traps else ""
                lines.append(f"> **Self-critical:** “{_md_inline(s.text)}”{traps}")
                lines += [f"> - {_md_inline(r.text)}" for r in s.reframes]
                lines.append("")
        for record in records:
            lines += _record_block(record, analysis.crisis)
        self.fh.write("\n".join(lines) + "\n")
