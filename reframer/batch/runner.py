"""Run a batch: import entries, analyse them in chunks, stream them into every output.

Memory stays flat: importers stream, the engine sees one chunk of ``batch_size`` texts at a time,
each result is written as soon as it arrives, and the HTML report keeps only counters and small
samples. Ctrl-C is handled so that every output is complete and valid for the entries finished
before it (writes of one entry are never split across outputs), and then re-raised as
:class:`~reframer.batch.summary.BatchInterrupted`; ``--resume`` carries on from there. Against
``kill -9``, crashes and power loss the JSONL output is checkpointed as it grows
(:mod:`reframer.batch.checkpoint`); a write failure (a full disk) becomes an
:class:`~reframer.errors.OutputError` that keeps every checkpointed entry.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reframer.batch.checkpoint import (
    INDEX_NAME,
    Checkpointer,
    finish,
    lock_out_dir,
    recover,
    salvage,
    sweep,
)
from reframer.batch.entry import Entry, ImportOptions
from reframer.batch.fingerprint import check_resume, describe, record
from reframer.batch.importers.detect import FromSpec, Job, plan_inputs
from reframer.batch.outputs import OUTPUT_FILES, check_out_dir, open_writers, parse_formats
from reframer.batch.recorder import Engine, Recorder, WriteFailed, count_entries
from reframer.batch.summary import BatchInterrupted, BatchSummary
from reframer.batch.terminal import InterruptGuard, make_progress
from reframer.batch.writers import AtomicFile, OutputWriter
from reframer.errors import InputError, OutputError

if TYPE_CHECKING:
    from reframer.records.hooks import RecordIndex

__all__ = ["Engine", "run_batch"]


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    formats: str | Sequence[str],
    engine: Engine,
    *,
    from_format: FromSpec = None,
    text_col: str = "text",
    date_col: str = "date",
    id_col: str = "id",
    delimiter: str | None = None,
    resume: bool = False,
    force: bool = False,
    progress: bool = True,
    batch_size: int = 64,
    reframes: int = 3,
    checkpoint_every: int = 100,
    checkpoint_seconds: float = 30.0,
    records: RecordIndex | None = None,
) -> BatchSummary:
    """Analyse every entry of ``inputs`` and write ``formats`` into ``out_dir``.

    Raises InputError (bad arguments, missing input, ``--out`` over an input, ``--resume`` into
    a folder made from other inputs unless ``force``) and UnsupportedFormatError (an unknown
    ``--from``) before anything is written; raises BatchInterrupted on Ctrl-C after completing
    the outputs; raises OutputError when an output cannot be written (a full disk), keeping
    every entry of the last checkpoint (every ``checkpoint_every`` entries or
    ``checkpoint_seconds`` seconds). Unreadable files and per-entry problems are skipped and
    counted.

    ``records`` (``--records``: :class:`reframer.records.RecordIndex`, the writer's saved
    thought records) puts each entry's records next to it in every output.
    """
    started = time.monotonic()
    fmts = parse_formats(formats)
    if resume and "jsonl" not in fmts:
        raise InputError("--resume needs the jsonl output: it records which entries are done")
    paths_in = [Path(p) for p in inputs]
    if not paths_in:
        raise InputError("no input given: name journal files, folders or zips")
    out = Path(out_dir)
    paths = check_out_dir(paths_in, out, fmts)
    options = ImportOptions(
        text_col=text_col, date_col=date_col, id_col=id_col, delimiter=delimiter
    )
    plan = plan_inputs(paths_in, from_format)
    jobs = plan.jobs
    fingerprint = describe(paths_in, from_format, options)
    if resume:
        check_resume(out, fingerprint, force=force)
    summary = BatchSummary(outputs=dict(paths), attachments=plan.attachments)
    if records is not None:
        summary.records = 0
    for p in plan.problems:
        summary.add_problem(p)
    with contextlib.ExitStack() as stack:
        try:
            out.mkdir(parents=True, exist_ok=True, mode=0o700)
            stack.enter_context(lock_out_dir(out))
        except OSError as exc:
            for job in jobs:
                job.container.close()
            raise OutputError(
                f"cannot create or use --out {out}: {exc.strerror or type(exc).__name__}"
            ) from None
        run = _Setup(paths, resume, checkpoint_every, checkpoint_seconds, fingerprint, records)
        run.go(jobs, options, summary, engine, progress, batch_size, reframes, started)
    summary.elapsed_s = time.monotonic() - started
    return summary


class _Setup:
    """One run inside a locked ``--out``: recover, checkpoint, analyse, commit or salvage."""

    def __init__(
        self,
        paths: dict[str, Path],
        resume: bool,
        every: int,
        seconds: float,
        fingerprint: dict[str, object],
        records: RecordIndex | None = None,
    ) -> None:
        self.paths, self.resume, self.fingerprint = paths, resume, fingerprint
        self.records = records
        self.every, self.seconds = every, seconds
        self.out = next(iter(paths.values())).parent

    def previous(self) -> tuple[Path, int | None] | None:
        """What ``--resume`` carries over: a crashed run's checkpoint, else the JSONL output."""
        jsonl = self.paths.get("jsonl")
        if not self.resume or jsonl is None:
            return None
        found = recover(jsonl)
        if found is not None:
            return found.part, found.size
        return (jsonl, None) if jsonl.is_file() else None

    def start(self, writers: list[OutputWriter], ckpt: Checkpointer | None) -> None:
        """Make the carried-over entries durable, then sweep what earlier runs left."""
        if ckpt is not None:
            ckpt.commit()
        else:
            (self.out / INDEX_NAME).unlink(missing_ok=True)
        keep = [w.tmp for w in writers if isinstance(w, AtomicFile)]
        sweep(self.out, OUTPUT_FILES.values(), keep=keep)

    def go(
        self,
        jobs: Sequence[Job],
        options: ImportOptions,
        summary: BatchSummary,
        engine: Engine,
        progress: bool,
        batch_size: int,
        reframes: int,
        started: float,
    ) -> None:
        previous = self.previous()
        failure: OSError | None = None
        with InterruptGuard() as guard:
            with guard.critical():
                writers = open_writers(self.paths, summary, records=self.records is not None)
            jsonl = next((w for w in writers if w.path.suffix == ".jsonl"), None)
            ckpt = None
            if isinstance(jsonl, AtomicFile):
                ckpt = Checkpointer(jsonl, every=self.every, seconds=self.seconds)
            run = Recorder(
                engine, writers, summary, guard, batch_size, reframes, ckpt, self.records
            )
            ready = False
            try:
                try:
                    if previous is not None:
                        run.carry_over(*previous)
                    with guard.critical():
                        self.start(writers, ckpt)
                except OSError as exc:
                    raise WriteFailed(exc) from None
                ready = True
                with make_progress(progress, lambda: count_entries(jobs, options)) as advance:
                    run.advance = advance
                    chunk: list[Entry] = []
                    for entry in run.entries(jobs, options):
                        chunk.append(entry)
                        if len(chunk) >= batch_size:
                            run.analyse(chunk)
                            chunk = []
                    if chunk:
                        run.analyse(chunk)
            except WriteFailed as exc:
                failure = exc.error
            except KeyboardInterrupt as exc:
                summary.interrupted = True
                summary.elapsed_s = time.monotonic() - started
                raise BatchInterrupted(summary) from exc
            finally:
                with guard.critical(final=True):
                    for job in jobs:
                        job.container.close()
                    if failure is not None:
                        raise salvage(writers, ckpt, failure)
                    if ready:
                        finish(writers, ckpt)
                        record(self.out, self.fingerprint)  # what the outputs were made from
                    else:  # never replace an earlier run's outputs with a partial copy of them
                        for w in writers:
                            w.discard()
        if guard.pending:  # Ctrl-C while the outputs were being completed: they are complete
            summary.interrupted = True
            summary.elapsed_s = time.monotonic() - started
            raise BatchInterrupted(summary)
