"""Run a batch: import entries, analyse them in chunks, stream them into every output.

Memory stays flat: importers stream, the engine sees one chunk of ``batch_size`` texts at a time,
each result is written as soon as it arrives, and the HTML report keeps only counters and small
samples. Ctrl-C is handled so that every output is complete and valid for the entries finished
before it (writes of one entry are never split across outputs), and then re-raised as
:class:`~reframer.batch.summary.BatchInterrupted`; ``--resume`` carries on from there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from reframer.batch.entry import Entry, ImportOptions, Problem
from reframer.batch.fingerprint import check_resume, describe, record
from reframer.batch.importers.detect import FromSpec, Job, plan_inputs
from reframer.batch.outputs import check_out_dir, open_writers, parse_formats, read_previous
from reframer.batch.summary import BatchInterrupted, BatchSummary
from reframer.batch.terminal import InterruptGuard, make_progress
from reframer.batch.writers import OutputWriter
from reframer.errors import InputError
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


class _Run:
    def __init__(
        self,
        engine: Engine,
        writers: list[OutputWriter],
        summary: BatchSummary,
        guard: InterruptGuard,
        batch_size: int,
        reframes: int,
    ) -> None:
        self.engine, self.writers, self.summary = engine, writers, summary
        self.guard, self.batch_size, self.reframes = guard, batch_size, reframes
        self.seen: set[str] = set()
        self.done: set[str] = set()
        self.advance: Callable[[], None] = lambda: None

    def record(self, entry: Entry, analysis: Analysis, *, new: bool = True) -> None:
        """Write one entry to every output; never split by Ctrl-C."""
        with self.guard.critical():
            for w in self.writers:
                w.write(entry, analysis)
            s = self.summary
            s.analysed += new
            s.carried_over += not new
            s.sentences += len(analysis.sentences)
            s.self_critical += sum(x.self_critical for x in analysis.sentences)
            s.crisis_entries += analysis.crisis
        if new:
            self.advance()

    def carry_over(self, jsonl: Path) -> None:
        """Copy an earlier run's entries into the new outputs (``--resume``)."""
        with self.guard.critical():
            for item in read_previous(jsonl):
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
                for item in job.read(options):
                    if isinstance(item, Problem):
                        s.add_import_problem(item)
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
            total += sum(isinstance(i, Entry) for i in job.read(options))
        except Exception:
            continue
    return total


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
) -> BatchSummary:
    """Analyse every entry of ``inputs`` and write ``formats`` into ``out_dir``.

    Raises InputError (bad arguments, missing input, ``--out`` over an input, ``--resume`` into
    a folder made from other inputs unless ``force``) and UnsupportedFormatError (an unknown
    ``--from``) before anything is written; raises BatchInterrupted on Ctrl-C after completing
    the outputs. Unreadable files and per-entry problems are skipped and counted instead.
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
    for p in plan.problems:
        summary.add_problem(p)
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    previous = paths.get("jsonl") if resume else None
    with InterruptGuard() as guard:
        with guard.critical():
            writers = open_writers(paths, summary)
        run = _Run(engine, writers, summary, guard, batch_size, reframes)
        ready = False
        try:
            if previous is not None and previous.exists():
                run.carry_over(previous)
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
        except KeyboardInterrupt as exc:
            summary.interrupted = True
            summary.elapsed_s = time.monotonic() - started
            raise BatchInterrupted(summary) from exc
        finally:
            with guard.critical(final=True):
                for job in jobs:
                    job.container.close()
                if ready:
                    _commit(writers)
                    record(out, fingerprint)  # what the committed outputs were made from
                else:  # never replace an earlier run's outputs with a partial copy of them
                    for w in writers:
                        w.discard()
    summary.elapsed_s = time.monotonic() - started
    if guard.pending:  # Ctrl-C while the outputs were being completed: they are complete
        summary.interrupted = True
        raise BatchInterrupted(summary)
    return summary


def _commit(writers: list[OutputWriter]) -> None:
    """Finish every output (the JSONL, which --resume trusts, last); raise the first failure."""
    failure: OSError | None = None
    for w in sorted(writers, key=lambda w: w.path.suffix == ".jsonl"):
        try:
            w.commit()
        except OSError as exc:
            w.discard()
            failure = failure or exc
    if failure is not None:
        raise failure
