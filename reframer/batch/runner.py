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
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from reframer.batch.checkpoint import (
    INDEX_NAME,
    Checkpointer,
    finish,
    lock_out_dir,
    recover,
    salvage,
    sweep,
)
from reframer.batch.entry import Entry, ImportOptions, Problem
from reframer.batch.importers import get_importer
from reframer.batch.importers.detect import Job, plan_input
from reframer.batch.outputs import (
    OUTPUT_FILES,
    check_out_dir,
    open_writers,
    parse_formats,
    read_previous,
)
from reframer.batch.summary import BatchInterrupted, BatchSummary
from reframer.batch.terminal import InterruptGuard, make_progress
from reframer.batch.writers import AtomicFile, OutputWriter
from reframer.errors import InputError, OutputError
from reframer.schema import Analysis

__all__ = ["Engine", "run_batch"]


class Engine(Protocol):
    """What batch mode needs from :class:`reframer.Reframer` (tests pass a fake)."""

    def iter_analyze(
        self,
        texts: Iterable[str],
        *,
        reframes: int = ...,
        seed: int | None = ...,
        batch_size: int = ...,
    ) -> Iterator[Analysis]:
        """Analyses of ``texts``, in order."""
        ...


class _WriteFailed(Exception):
    """An output could not be written (carries the OSError; never an engine failure)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(type(error).__name__)
        self.error = error


class _Run:
    def __init__(
        self,
        engine: Engine,
        writers: list[OutputWriter],
        summary: BatchSummary,
        guard: InterruptGuard,
        batch_size: int,
        reframes: int,
        ckpt: Checkpointer | None = None,
    ) -> None:
        self.engine, self.writers, self.summary = engine, writers, summary
        self.guard, self.batch_size, self.reframes = guard, batch_size, reframes
        self.ckpt = ckpt
        self.seen: set[str] = set()
        self.done: set[str] = set()
        self.advance: Callable[[], None] = lambda: None

    def record(self, entry: Entry, analysis: Analysis, *, new: bool = True) -> None:
        """Write one entry to every output; never split by Ctrl-C."""
        with self.guard.critical():
            try:
                for w in self.writers:
                    w.write(entry, analysis)
                if self.ckpt is not None:
                    self.ckpt.note(new)
            except OSError as exc:
                raise _WriteFailed(exc) from None
            s = self.summary
            s.analysed += new
            s.carried_over += not new
            s.sentences += len(analysis.sentences)
            s.self_critical += sum(x.self_critical for x in analysis.sentences)
            s.crisis_entries += analysis.crisis
        if new:
            self.advance()

    def carry_over(self, jsonl: Path, limit: int | None = None) -> None:
        """Copy an earlier run's entries (or a checkpoint's) into the new outputs (``--resume``)."""
        with self.guard.critical():
            for item in read_previous(jsonl, limit):
                if isinstance(item, Problem):
                    self.summary.add_problem(item)
                elif item[0].id not in self.done:
                    self.done.add(item[0].id)
                    self.record(*item, new=False)

    def entries(self, jobs: Sequence[Job], options: ImportOptions) -> Iterator[Entry]:
        """Entries still to analyse; counts and reports everything else."""
        s = self.summary
        for job in jobs:
            try:
                for item in get_importer(job.fmt)(job.container, job.members, options):
                    if isinstance(item, Problem):
                        s.add_problem(item)
                        continue
                    s.entries_read += 1
                    if item.id in self.seen:
                        s.add_problem(
                            Problem(
                                item.source.split(":", 1)[-1],
                                item.id,
                                "duplicate_id",
                                "another entry has the same id",
                            )
                        )
                        self.advance()
                    elif item.id in self.done:
                        s.already_done += 1
                        self.advance()
                    elif not item.text.strip():
                        s.empty += 1
                        self.advance()
                    else:
                        yield item
                    self.seen.add(item.id)
            except Exception as exc:  # one broken file must not stop the others
                s.add_problem(
                    Problem(
                        job.container.label,
                        None,
                        "import_failed",
                        f"could not be read ({type(exc).__name__})",
                    )
                )

    def analyse(self, chunk: list[Entry]) -> None:
        """Analyse a chunk; if the engine rejects an entry, retry one by one to isolate it."""
        done = 0
        try:
            results = self.engine.iter_analyze(
                [e.text for e in chunk], reframes=self.reframes, batch_size=self.batch_size
            )
            for entry, analysis in zip(chunk, results, strict=True):
                self.record(entry, analysis)
                done += 1
            return
        except InputError:  # an entry the engine rejects (too long ...); engine failures propagate
            pass
        for entry in chunk[done:]:
            try:
                analysis = next(
                    iter(self.engine.iter_analyze([entry.text], reframes=self.reframes))
                )
            except InputError as exc:
                self.summary.add_problem(
                    Problem(
                        entry.source.split(":", 1)[-1],
                        entry.id,
                        exc.code,
                        f"not analysed: {exc.message}",
                    )
                )
                self.advance()
                continue
            self.record(entry, analysis)


def _count(jobs: Sequence[Job], options: ImportOptions) -> int:
    total = 0
    for job in jobs:
        try:
            total += sum(
                isinstance(i, Entry)
                for i in get_importer(job.fmt)(job.container, job.members, options)
            )
        except Exception:
            continue
    return total


def _plan(inputs: Sequence[Path], from_format: str | None) -> tuple[list[Job], list[Problem]]:
    jobs: list[Job] = []
    problems: list[Problem] = []
    for path in inputs:
        for item in plan_input(path, from_format):
            (problems if isinstance(item, Problem) else jobs).append(item)  # type: ignore[arg-type]
    return jobs, problems


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    formats: str | Sequence[str],
    engine: Engine,
    *,
    from_format: str | None = None,
    text_col: str = "text",
    date_col: str = "date",
    id_col: str = "id",
    resume: bool = False,
    progress: bool = True,
    batch_size: int = 64,
    reframes: int = 3,
    checkpoint_every: int = 100,
    checkpoint_seconds: float = 30.0,
) -> BatchSummary:
    """Analyse every entry of ``inputs`` and write ``formats`` into ``out_dir``.

    Raises InputError (bad arguments, missing input, ``--out`` over an input) and
    UnsupportedFormatError before anything is written; raises BatchInterrupted on Ctrl-C after
    completing the outputs; raises OutputError when an output cannot be written (a full disk),
    keeping every entry of the last checkpoint (every ``checkpoint_every`` entries or
    ``checkpoint_seconds`` seconds). Per-file and per-entry problems are skipped and counted.
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
    jobs, problems = _plan(paths_in, from_format)
    summary = BatchSummary(outputs=dict(paths))
    for p in problems:
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
        options = ImportOptions(text_col=text_col, date_col=date_col, id_col=id_col)
        run = _Setup(paths, resume, checkpoint_every, checkpoint_seconds)
        run.go(jobs, options, summary, engine, progress, batch_size, reframes, started)
    summary.elapsed_s = time.monotonic() - started
    return summary


class _Setup:
    """One run inside a locked ``--out``: recover, checkpoint, analyse, commit or salvage."""

    def __init__(self, paths: dict[str, Path], resume: bool, every: int, seconds: float) -> None:
        self.paths, self.resume = paths, resume
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
                writers = open_writers(self.paths)
            jsonl = next((w for w in writers if w.path.suffix == ".jsonl"), None)
            ckpt = None
            if isinstance(jsonl, AtomicFile):
                ckpt = Checkpointer(jsonl, every=self.every, seconds=self.seconds)
            run = _Run(engine, writers, summary, guard, batch_size, reframes, ckpt)
            ready = False
            try:
                try:
                    if previous is not None:
                        run.carry_over(*previous)
                    with guard.critical():
                        self.start(writers, ckpt)
                except OSError as exc:
                    raise _WriteFailed(exc) from None
                ready = True
                with make_progress(progress, lambda: _count(jobs, options)) as advance:
                    run.advance = advance
                    chunk: list[Entry] = []
                    for entry in run.entries(jobs, options):
                        chunk.append(entry)
                        if len(chunk) >= batch_size:
                            run.analyse(chunk)
                            chunk = []
                    if chunk:
                        run.analyse(chunk)
            except _WriteFailed as exc:
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
                    else:  # never replace an earlier run's outputs with a partial copy of them
                        for w in writers:
                            w.discard()
        if guard.pending:  # Ctrl-C while the outputs were being completed: they are complete
            summary.interrupted = True
            summary.elapsed_s = time.monotonic() - started
            raise BatchInterrupted(summary)
