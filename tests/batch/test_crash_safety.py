"""Batch mode under faults: kill -9 then --resume, a full disk, bad --out folders, FIFOs.

Every case ends with no ``.part`` file in ``--out`` and, where work was done, outputs equal to
those of a run that was never interrupted. The engine is :class:`reframer.testing.FakeEngine`.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from reframer.batch import run_batch
from reframer.batch.checkpoint import INDEX_NAME, lock_out_dir
from reframer.batch.writers import AtomicFile, CsvWriter, JsonlWriter
from reframer.errors import InputError, OutputError
from reframer.schema import Analysis
from reframer.testing import FakeEngine

SCRIPT = Path(__file__).with_name("crash_run.py")
FORMATS = "jsonl,csv,md,html"
OUT_NAMES = ("entries.jsonl", "sentences.csv", "annotated.md", "report.html")
N = 120


def make_corpus(folder: Path, n: int = N) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n):
        harsh = "I am such an idiot." if i % 3 == 0 else "The walk was fine."
        day = f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}"
        lines.append(json.dumps({"id": f"e{i:04d}", "date": day, "text": f"Day {i}. {harsh}"}))
    (folder / "journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


_MADE_AT = re.compile(rb" on \d{1,2} \w+ \d{4} \d\d:\d\d UTC\.")


def outputs(out: Path) -> dict[str, bytes]:
    """The outputs' bytes (the report's footer says when it was made: that minute is masked)."""
    return {name: _MADE_AT.sub(b" on <time>.", (out / name).read_bytes()) for name in OUT_NAMES}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".part") or p.name == INDEX_NAME)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "in")


@pytest.fixture()
def reference(tmp_path: Path, corpus: Path) -> dict[str, bytes]:
    out = tmp_path / "reference"
    run_batch([corpus], out, FORMATS, FakeEngine(), progress=False, batch_size=4)
    return outputs(out)


# -- kill -9 ---------------------------------------------------------------------------------------
def run_script(corpus: Path, out: Path, log: Path, *resume: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), str(corpus), str(out), str(log), *resume],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_then_resume_redoes_at_most_one_checkpoint(
    tmp_path: Path, corpus: Path, reference: dict[str, bytes], seed: int
) -> None:
    out, log = tmp_path / "out", tmp_path / "work.log"
    first = run_script(corpus, out, log)
    # kill once the run is under way: after a random number of analysed entries
    target = random.Random(seed).randint(15, N - 15)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and first.poll() is None:
        if log.exists() and log.stat().st_size >= target:
            break
        time.sleep(0.002)
    assert first.poll() is None, "the run ended before it could be killed"
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    done_before = log.stat().st_size
    second = run_script(corpus, out, log, "--resume")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 0, err.decode()
    assert b"Traceback" not in err
    redone = log.stat().st_size - N
    assert redone <= 10 + 4, (done_before, redone)  # one checkpoint + the chunk in the engine
    assert outputs(out) == reference
    assert leftovers(out) == []


@pytest.mark.slow
def test_kill_9_twice_and_a_fresh_run_sweeps(tmp_path: Path, corpus: Path) -> None:
    out, log = tmp_path / "out", tmp_path / "work.log"
    for _ in range(2):
        run = run_script(corpus, out, log, "--resume")
        while run.poll() is None and (not log.exists() or log.stat().st_size < 30):
            time.sleep(0.002)
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        log.unlink()
    assert any(p.name.endswith(".part") for p in out.iterdir())
    run_batch([corpus], out, FORMATS, FakeEngine(), progress=False)  # no --resume: start afresh
    assert leftovers(out) == []


def test_leftover_part_files_are_swept(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stray = [out / ".entries.jsonl.abc123.part", out / ".report.html.x.part"]
    for p in stray:
        p.write_text("private journal text", encoding="utf-8")
    mine = out / ".notes.txt.part"  # not ours: left alone
    mine.write_text("x", encoding="utf-8")
    run_batch([corpus], out, FORMATS, FakeEngine(), progress=False)
    assert not any(p.exists() for p in stray)
    assert mine.exists()


# -- a full disk -----------------------------------------------------------------------------------
def fail_after(monkeypatch: pytest.MonkeyPatch, cls: type, n: int, err: int) -> None:
    calls = {"n": 0}
    original = cls.write

    def write(self: Any, entry: Any, analysis: Analysis) -> None:
        calls["n"] += 1
        if calls["n"] > n:
            raise OSError(err, os.strerror(err))
        original(self, entry, analysis)

    monkeypatch.setattr(cls, "write", write)


@pytest.mark.parametrize(("cls", "err"), [(JsonlWriter, errno.ENOSPC), (CsvWriter, errno.EIO)])
def test_write_failure_is_a_coded_error_keeping_the_checkpoint(
    tmp_path: Path,
    corpus: Path,
    reference: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    cls: type,
    err: int,
) -> None:
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        fail_after(m, cls, 57, err)
        with pytest.raises(OutputError) as caught:
            run_batch([corpus], out, FORMATS, FakeEngine(), progress=False, checkpoint_every=20)
    assert caught.value.code == "output_error"
    assert "--resume" in caught.value.message
    assert "idiot" not in caught.value.message
    assert leftovers(out) == []
    kept = (out / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(kept) == 40  # the two checkpoints before the failure
    assert [json.loads(line)["id"] for line in kept] == [f"e{i:04d}" for i in range(40)]
    run_batch([corpus], out, FORMATS, FakeEngine(), progress=False, batch_size=4, resume=True)
    assert outputs(out) == reference
    assert leftovers(out) == []


def test_full_disk_at_commit(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    original = AtomicFile.commit

    def commit(self: AtomicFile) -> None:
        if self.path.name == "sentences.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        original(self)

    monkeypatch.setattr(AtomicFile, "commit", commit)
    with pytest.raises(OutputError, match=r"sentences\.csv.*No space left"):
        run_batch([corpus], out, FORMATS, FakeEngine(), progress=False)
    assert len((out / "entries.jsonl").read_text().splitlines()) == N
    assert not (out / "sentences.csv").exists()
    assert leftovers(out) == []


def test_full_disk_through_the_cli_prints_no_traceback(
    tmp_path: Path,
    corpus: Path,
    run_batch_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fail_after(monkeypatch, JsonlWriter, 5, errno.ENOSPC)
    result = run_batch_cli(str(corpus), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2, result.output
    assert "[output_error]" in result.output and "No space left" in result.output
    assert isinstance(result.exception, SystemExit)
    assert leftovers(tmp_path / "o") == []


# -- bad --out folders, special files --------------------------------------------------------------
def bad_out(tmp_path: Path, kind: str) -> tuple[Path, str]:
    if kind == "under_a_file":
        (tmp_path / "afile").write_text("x")
        return tmp_path / "afile" / "sub", "which is a file"
    if kind == "is_a_file":
        (tmp_path / "afile").write_text("x")
        return tmp_path / "afile", "is a file"
    out = tmp_path / "out"
    (out / "entries.jsonl").mkdir(parents=True)
    return out, "not a regular file"


@pytest.mark.parametrize("kind", ["under_a_file", "is_a_file", "folder_in_place_of_output"])
def test_unusable_out_is_a_usage_error(
    tmp_path: Path, corpus: Path, run_batch_cli: Callable[..., Result], kind: str
) -> None:
    out, words = bad_out(tmp_path, kind)
    result = run_batch_cli(str(corpus), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    with pytest.raises(InputError):
        run_batch([corpus], out, FORMATS, FakeEngine(), progress=False)


def run_with_timeout(fn: Any, seconds: float = 20.0) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the run hung"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_sockets_are_skipped_and_reported(tmp_path: Path, corpus: Path) -> None:
    import socket

    os.mkfifo(corpus / "pipe.txt")
    os.mkfifo(corpus / "other.jsonl")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock.md"))
    try:
        summary = run_with_timeout(
            lambda: run_batch([corpus], tmp_path / "out", "jsonl", FakeEngine(), progress=False)
        )
        assert summary.analysed == N
        assert summary.reasons["not_a_file"] == 3
        assert any("pipe.txt" in p.describe() for p in summary.problems)
        single = run_with_timeout(
            lambda: run_batch(
                [corpus, corpus / "pipe.txt"],
                tmp_path / "o2",
                "jsonl",
                FakeEngine(),
                progress=False,
            )
        )
        assert single.reasons["not_a_file"] == 4
    finally:
        sock.close()


def test_a_second_run_on_the_same_out_is_refused(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with lock_out_dir(out), pytest.raises(InputError, match="another reframer batch run"):
        run_batch([corpus], out, FORMATS, FakeEngine(), progress=False)
    run_batch([corpus], out, FORMATS, FakeEngine(), progress=False)  # free again


def test_engine_failure_leaves_no_part_files(tmp_path: Path, corpus: Path) -> None:
    class Broken(FakeEngine):
        def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
            raise RuntimeError("engine bug")

    with pytest.raises(RuntimeError):
        run_batch([corpus], tmp_path / "out", FORMATS, Broken(), progress=False)
    assert leftovers(tmp_path / "out") == []
