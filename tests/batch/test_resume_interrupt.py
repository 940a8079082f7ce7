"""``--resume`` and Ctrl-C: nothing analysed twice, valid outputs after an interrupt."""

from __future__ import annotations

import csv
import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import BatchInterrupted, run_batch
from reframer.batch.terminal import InterruptGuard
from reframer.errors import InputError
from reframer.schema import Analysis

from .helpers import (
    ALL_OUTPUTS,
    DATA,
    OUT_NAMES,
    InterruptingEngine,
    RecordingEngine,
    listed,
    read_jsonl,
)


def test_resume_skips_entries_already_done(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    run_batch([DATA / "jrnl" / "journal.txt"], out, ALL_OUTPUTS, fake_engine, progress=False)
    first = read_jsonl(out / "entries.jsonl")
    engine = RecordingEngine(fake_engine)
    summary = run_batch([DATA / "jrnl"], out, ALL_OUTPUTS, engine, resume=True, progress=False)
    assert summary.already_done == 4 and summary.carried_over == 4
    assert summary.analysed == 4  # the JSON export's non-empty entries
    assert not any("Morning pages." in t for t in engine.texts)
    records = read_jsonl(out / "entries.jsonl")
    assert records[:4] == first and len(records) == 8
    assert len({r["id"] for r in records}) == 8
    rows = list(csv.DictReader((out / "sentences.csv").open(encoding="utf-8", newline="")))
    assert {r["entry_id"] for r in rows} == {r["id"] for r in records}
    # nothing left to do: a third run analyses nothing and keeps everything
    again = RecordingEngine(fake_engine)
    summary = run_batch([DATA / "jrnl"], out, ALL_OUTPUTS, again, resume=True, progress=False)
    assert again.texts == [] and summary.analysed == 0 and summary.carried_over == 8
    assert read_jsonl(out / "entries.jsonl") == records


def test_resume_needs_jsonl(tmp_path: Path, fake_engine: Any) -> None:
    with pytest.raises(InputError, match="--resume needs the jsonl output"):
        run_batch([DATA / "jsonl"], tmp_path / "out", "csv", fake_engine, resume=True)


def test_ctrl_c_leaves_valid_outputs_and_resume_finishes(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    inputs = [DATA / "dayone", DATA / "jrnl", DATA / "diaro"]
    engine = InterruptingEngine(fake_engine, after=5)
    with pytest.raises(KeyboardInterrupt) as info:
        run_batch(inputs, out, ALL_OUTPUTS, engine, progress=False, batch_size=2)
    assert isinstance(info.value, BatchInterrupted)
    summary = info.value.summary
    assert summary.interrupted and summary.exit_code == 130 and summary.analysed == 5
    assert listed(out) == OUT_NAMES  # complete files, no temporaries
    records = read_jsonl(out / "entries.jsonl")
    assert len(records) == 5
    rows = list(csv.DictReader((out / "sentences.csv").open(encoding="utf-8", newline="")))
    assert {r["entry_id"] for r in rows} == {r["id"] for r in records}
    assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (out / "annotated.md").read_text(encoding="utf-8").count("\n## ") == 5

    done = RecordingEngine(fake_engine)
    summary = run_batch(inputs, out, ALL_OUTPUTS, done, resume=True, progress=False)
    full = run_batch(inputs, tmp_path / "full", "jsonl", fake_engine, progress=False)
    assert summary.already_done == 5 and summary.exit_code == 0
    assert len(done.texts) == full.analysed - 5
    assert sorted(r["id"] for r in read_jsonl(out / "entries.jsonl")) == sorted(
        r["id"] for r in read_jsonl(tmp_path / "full" / "entries.jsonl")
    )


def test_ctrl_c_keeps_previous_results_on_resume(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    run_batch([DATA / "jsonl"], out, ALL_OUTPUTS, fake_engine, progress=False)
    before = read_jsonl(out / "entries.jsonl")
    with pytest.raises(BatchInterrupted):
        run_batch(
            [DATA / "jsonl", DATA / "jrnl"],
            out,
            ALL_OUTPUTS,
            InterruptingEngine(fake_engine, after=0),
            resume=True,
            progress=False,
        )
    assert read_jsonl(out / "entries.jsonl") == before


def test_real_sigint_is_deferred_inside_a_write() -> None:
    previous = signal.getsignal(signal.SIGINT)
    steps: list[str] = []
    with InterruptGuard() as guard:
        with pytest.raises(KeyboardInterrupt), guard.critical():
            os.kill(os.getpid(), signal.SIGINT)
            steps.append("finished the write")  # reached: the interrupt waits for the end
        with pytest.raises(KeyboardInterrupt):  # outside a critical section: at once
            os.kill(os.getpid(), signal.SIGINT)
            steps.append("not reached")
    assert steps == ["finished the write"]
    assert signal.getsignal(signal.SIGINT) is previous


def test_real_sigint_during_a_run(tmp_path: Path, fake_engine: Any) -> None:
    class CtrlC(RecordingEngine):
        def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
            for n, result in enumerate(super().iter_analyze(texts, **kw)):
                if len(self.texts) > 4 and n == 1:
                    os.kill(os.getpid(), signal.SIGINT)
                yield result

    out = tmp_path / "out"
    with pytest.raises(BatchInterrupted) as info:
        run_batch(
            [DATA / "jrnl", DATA / "dayone"],
            out,
            ALL_OUTPUTS,
            CtrlC(fake_engine),
            progress=False,
            batch_size=3,
        )
    done = info.value.summary.analysed
    assert 0 < done < 12
    assert len(read_jsonl(out / "entries.jsonl")) == done
    rows = list(csv.DictReader((out / "sentences.csv").open(encoding="utf-8", newline="")))
    assert len({r["entry_id"] for r in rows}) == done
    assert listed(out) == OUT_NAMES
