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


def _check_folder(out_dir: Path) -> None:
    """Refuse an ``--out`` that is a file or lies under one (before anything is created)."""
    for folder in (out_dir, *out_dir.parents):
        try:
            if not folder.exists():
                continue
        except OSError as exc:
            raise InputError(f"--out {out_dir} cannot be used: {exc.strerror}") from None
        if not folder.is_dir():
            where = "is a file" if folder == out_dir else f"is under {folder}, which is a file"
            raise InputError(f"--out {out_dir} {where}; give a folder for the outputs")
        return


def check_out_dir(inputs: Sequence[Path], out_dir: Path, formats: Sequence[str]) -> dict[str, Path]:
    """The output paths, after refusing any that would overwrite (or later be read as) input, or
    that cannot be files (``--out`` under a file, a folder where an output should go)."""
    _check_folder(out_dir)
    out_real = out_dir.resolve()
    paths = {fmt: out_dir / OUTPUT_FILES[fmt] for fmt in formats}
    for path in paths.values():
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise InputError(
                f"{path} exists and is not a regular file; move it away or choose another --out"
            )
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


def open_writers(
    paths: dict[str, Path], summary: BatchSummary | None = None, *, records: bool = False
) -> list[OutputWriter]:
    """A writer per output (temporary files in the output folder until committed); the report
    also lists the run's skipped files from ``summary``. With ``records``, the JSONL and CSV
    outputs get their record fields (the Markdown and the report show records when given)."""
    writers: list[OutputWriter] = []
    try:
        for fmt, path in paths.items():
            if fmt == "html":
                writers.append(ReportBuilder(path, summary=summary))
            elif fmt == "jsonl":
                writers.append(JsonlWriter(path, records=records))
            elif fmt == "csv":
                writers.append(CsvWriter(path, records=records))
            else:
                writers.append(MarkdownWriter(path))
    except OSError as exc:
        for w in writers:
            w.discard()
        raise InputError(
            f"cannot write to {next(iter(paths.values())).parent}: "
            f"{exc.strerror or type(exc).__name__}"
        ) from exc
    return writers


def _lines(path: Path, limit: int | None) -> Iterator[str]:
    """The lines of ``path``; with ``limit``, only whole lines within its first ``limit`` bytes."""
    with path.open("rb") as fh:
        used = 0
        for raw in fh:
            used += len(raw)
            if limit is not None and (used > limit or not raw.endswith(b"\n")):
                return
            yield raw.decode("utf-8", errors="surrogateescape")


def read_previous(
    path: Path, limit: int | None = None
) -> Iterator[tuple[Entry, Analysis] | Problem]:
    """The entries of an earlier run's JSONL output (or of a checkpoint: its first ``limit``
    bytes); unreadable lines become warnings (those entries are simply analysed again)."""
    for n, line in enumerate(_lines(path, limit), 1):
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
