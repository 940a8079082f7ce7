"""Plain helpers shared by the batch tests: the reference exports, importing a path as the runner
does, reading outputs, and engines that record or interrupt (wrapping ``fake_engine``)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reframer.batch import Entry, ImportOptions, Problem
from reframer.batch.fingerprint import FINGERPRINT_FILE
from reframer.batch.importers.detect import plan_input
from reframer.schema import Analysis

__all__ = [
    "ALL_OUTPUTS",
    "DATA",
    "MIXED",
    "OUT_NAMES",
    "InterruptingEngine",
    "RecordingEngine",
    "by_id",
    "digest",
    "listed",
    "load",
    "read_jsonl",
    "zip_folder",
]

DATA = Path(__file__).resolve().parents[1] / "data" / "journals"
MIXED = Path(__file__).resolve().parents[1] / "data" / "journals_mixed"
ALL_OUTPUTS = "jsonl,csv,md,html"

OUT_NAMES = {"entries.jsonl", "sentences.csv", "annotated.md", "report.html"}


def load(
    path: Path, from_format: str | None = None, **opts: str
) -> tuple[list[Entry], list[Problem]]:
    """Import ``path`` as the runner does; return entries and problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    options = ImportOptions(**opts)
    for job in plan_input(path, from_format):
        if isinstance(job, Problem):
            problems.append(job)
            continue
        for item in job.read(options):
            (entries if isinstance(item, Entry) else problems).append(item)  # type: ignore[arg-type]
        job.container.close()
    return entries, problems


def listed(out: Path) -> set[str]:
    """The files in an output folder, less the run fingerprint (tested in tests/batch/)."""
    return {p.name for p in out.iterdir()} - {FINGERPRINT_FILE}


def by_id(entries: list[Entry]) -> dict[str, Entry]:
    return {e.id: e for e in entries}


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class RecordingEngine:
    """Delegates to the fake engine and records every batch of texts it was asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.model_version = inner.model_version
        self.calls: list[list[str]] = []

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        batch = list(texts)
        self.calls.append(batch)
        yield from self.inner.iter_analyze(batch, **kw)

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]


class InterruptingEngine(RecordingEngine):
    """Raises KeyboardInterrupt (as Ctrl-C would) after ``after`` analyses."""

    def __init__(self, inner: Any, after: int) -> None:
        super().__init__(inner)
        self.after = after
        self.done = 0

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        for analysis in super().iter_analyze(texts, **kw):
            if self.done == self.after:
                raise KeyboardInterrupt
            self.done += 1
            yield analysis
