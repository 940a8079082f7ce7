"""Output files of a batch run: names, safety checks, opening the writers, reading a previous run.

Outputs never overwrite inputs: :func:`check_out_dir` refuses an ``--out`` folder that is an
input folder or inside one (the outputs would also be read as journal files next time), and any
output path that is an input file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import ValidationError

from reframer.batch.entry import Entry, Problem
from reframer.batch.report import ReportBuilder
from reframer.batch.summary import BatchSummary
from reframer.batch.writers import CsvWriter, JsonlWriter, MarkdownWriter, OutputWriter
from reframer.errors import InputError
from reframer.schema import Analysis

__all__ = [
    "OUTPUT_FILES",
    "check_out_dir",
    "open_writers",
    "parse_formats",
    "read_previous",
]

OUTPUT_FILES: dict[str, str] = {
    "jsonl": "entries.jsonl",
    "csv": "sentences.csv",
    "md": "annotated.md",
    "html": "report.html",
}
"""Output format name → file name inside ``--out``."""

_ALIASES = {"json": "jsonl", "markdown": "md", "report": "html"}


def parse_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    """``"jsonl,csv"`` or ``["jsonl", "csv"]`` → canonical names in a fixed order."""
    raw = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted: set[str] = set()
    for item in raw:
        name = item.strip().lower()
        if not name:
            continue
        name = _ALIASES.get(name, name)
        if name not in OUTPUT_FILES:
            raise InputError(
                f"unknown output format {item.strip()!r}; choose from {', '.join(OUTPUT_FILES)}"
            )
        wanted.add(name)
    if not wanted:
        raise InputError(f"no output format given; choose from {', '.join(OUTPUT_FILES)}")
    return tuple(name for name in OUTPUT_FILES if name in wanted)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out_dir(inputs: Sequence[Path], out_dir: Path, formats: Sequence[str]) -> dict[str, Path]:
    """The output paths, after refusing any that would overwrite (or later be read as) input."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file; give a folder for the outputs")
    out_real = out_dir.resolve()
    paths = {fmt: out_dir / OUTPUT_FILES[fmt] for fmt in formats}
    for src in inputs:
        real = src.resolve()
        if src.is_dir() and _inside(out_real, real):
            raise InputError(
                f"--out {out_dir} is inside the input folder {src}: the outputs could "
                "overwrite journal files and would be read as input next time; "
                "choose a folder outside it"
            )
        for path in paths.values():
            clash = path.resolve() == real or (
                path.exists() and src.exists() and path.samefile(src)
            )
            if clash:
                raise InputError(
                    f"--out {out_dir} would overwrite the input {src}; choose another folder"
                )
    return paths


def open_writers(paths: dict[str, Path], summary: BatchSummary | None = None) -> list[OutputWriter]:
    """A writer per output (temporary files in the output folder until committed); the report
    also lists the run's skipped files from ``summary``."""
    makers = {"jsonl": JsonlWriter, "csv": CsvWriter, "md": MarkdownWriter}
    writers: list[OutputWriter] = []
    try:
        for fmt, path in paths.items():
            writers.append(
                ReportBuilder(path, summary=summary) if fmt == "html" else makers[fmt](path)
            )
    except OSError as exc:
        for w in writers:
            w.discard()
        raise InputError(
            f"cannot write to {next(iter(paths.values())).parent}: "
            f"{exc.strerror or type(exc).__name__}"
        ) from exc
    return writers


def read_previous(path: Path) -> Iterator[tuple[Entry, Analysis] | Problem]:
    """The entries of an earlier run's JSONL output; unreadable lines become warnings (those
    entries are simply analysed again)."""
    with path.open(encoding="utf-8", errors="surrogateescape") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                entry = Entry(
                    id=str(rec["id"]),
                    date=rec.get("date"),
                    timezone=rec.get("timezone"),
                    source=str(rec.get("source", "")),
                    title=rec.get("title"),
                    tags=tuple(rec.get("tags") or ()),
                    text=str(rec["text"]),
                    mood=rec.get("mood"),
                    starred=rec.get("starred") is True,
                    location=rec.get("location"),
                )
                analysis = Analysis.model_validate(rec["analysis"])
            except (ValueError, KeyError, TypeError, AttributeError, ValidationError):
                yield Problem(
                    path.name,
                    f"line {n}",
                    "unreadable_previous",
                    "line of the previous output is not a valid record; its entry "
                    "will be analysed again",
                    severity="warning",
                )
                continue
            yield entry, analysis
