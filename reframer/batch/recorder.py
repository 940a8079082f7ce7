"""Recording a batch run: the entries still to analyse, the engine calls, and writing each result
to every output (never split by Ctrl-C), with a checkpoint now and then.

:class:`Recorder` is the working state of :func:`reframer.batch.runner.run_batch`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reframer.batch.checkpoint import Checkpointer
from reframer.batch.entry import Entry, ImportOptions, Problem
from reframer.batch.importers.detect import Job
from reframer.batch.outputs import read_previous
from reframer.batch.summary import BatchSummary
from reframer.batch.terminal import InterruptGuard
from reframer.batch.writers import OutputWriter
from reframer.errors import InputError
from reframer.schema import Analysis

if TYPE_CHECKING:
    from reframer.records.hooks import RecordIndex

__all__ = ["Engine", "Recorder", "WriteFailed", "count_entries"]


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


class WriteFailed(Exception):
    """An output could not be written (carries the OSError; never an engine failure)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(type(error).__name__)
        self.error = error


class Recorder:
    def __init__(
        self,
        engine: Engine,
        writers: list[OutputWriter],
        summary: BatchSummary,
        guard: InterruptGuard,
        batch_size: int,
        reframes: int,
        ckpt: Checkpointer | None = None,
        records: RecordIndex | None = None,
    ) -> None:
        self.engine, self.writers, self.summary = engine, writers, summary
        self.guard, self.batch_size, self.reframes = guard, batch_size, reframes
        self.ckpt, self.records = ckpt, records
        self.seen: set[str] = set()
        self.done: set[str] = set()
        self.advance: Callable[[], None] = lambda: None

    def record(self, entry: Entry, analysis: Analysis, *, new: bool = True) -> None:
        """Write one entry (and its saved records) to every output; never split by Ctrl-C."""
        found = None if self.records is None else self.records.for_entry(entry.id, entry.text)
        with self.guard.critical():
            try:
                for w in self.writers:  # without --records, writers are called as before
                    if found is None:
                        w.write(entry, analysis)
                    else:
                        w.write(entry, analysis, found)
                if self.ckpt is not None:
                    self.ckpt.note(new)
            except OSError as exc:
                raise WriteFailed(exc) from None
            s = self.summary
            s.analysed += new
            s.carried_over += not new
            s.sentences += len(analysis.sentences)
            s.self_critical += sum(x.self_critical for x in analysis.sentences)
            s.crisis_entries += analysis.crisis
            if s.records is not None and found is not None:
                s.records += len(found)
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


def count_entries(jobs: Sequence[Job], options: ImportOptions) -> int:
    total = 0
    for job in jobs:
        try:
            total += sum(isinstance(i, Entry) for i in job.read(options))
        except Exception:
            continue
    return total
