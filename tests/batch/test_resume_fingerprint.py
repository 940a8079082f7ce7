"""--resume cannot mix two journals: the output folder's fingerprint must match (or --force)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import run_batch
from reframer.batch.fingerprint import FINGERPRINT_FILE, ResumeMismatchError

from .helpers import MIXED


def _ids(out: Path) -> list[str]:
    return [json.loads(x)["id"] for x in (out / "entries.jsonl").read_text().splitlines()]


def test_resume_into_another_journals_folder_is_refused(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    run_batch([MIXED / "dayone"], out, "jsonl", fake_engine, progress=False)
    before = (out / "entries.jsonl").read_bytes()
    fingerprint = json.loads((out / FINGERPRINT_FILE).read_text())
    assert fingerprint["inputs"] == [str((MIXED / "dayone").resolve())]
    with pytest.raises(ResumeMismatchError) as info:
        run_batch([MIXED / "jrnl"], out, "jsonl", fake_engine, resume=True, progress=False)
    message = str(info.value)
    assert message.startswith("[resume_mismatch] --resume refused")
    assert "dayone" in message and "--force" in message
    assert (out / "entries.jsonl").read_bytes() == before  # nothing touched


def test_changed_options_are_refused_and_named(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    csv_file = MIXED / "csv" / "journal.csv"
    run_batch([csv_file], out, "jsonl", fake_engine, progress=False)
    with pytest.raises(ResumeMismatchError, match="options changed: --id-col"):
        run_batch([csv_file], out, "jsonl", fake_engine, id_col="date", resume=True, progress=False)


def test_force_and_matching_runs_resume(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    run_batch([MIXED / "dayone"], out, "jsonl", fake_engine, progress=False)
    again = run_batch([MIXED / "dayone"], out, "jsonl", fake_engine, resume=True, progress=False)
    assert again.already_done == 2 and again.analysed == 0
    forced = run_batch(
        [MIXED / "jsonl"], out, "jsonl", fake_engine, resume=True, force=True, progress=False
    )
    assert forced.analysed == 2 and set(_ids(out)) == {"D1A", "D1B", "j1", "j2"}


def test_more_inputs_that_still_hold_the_old_ones_resume(tmp_path: Path, fake_engine: Any) -> None:
    journal = tmp_path / "journal"
    shutil.copytree(MIXED / "jrnl", journal)
    out = tmp_path / "out"
    run_batch([journal / "journal.txt"], out, "jsonl", fake_engine, progress=False)
    grown = run_batch([journal], out, "jsonl", fake_engine, resume=True, progress=False)
    assert grown.already_done == 3 and grown.analysed == 2


def test_folder_without_fingerprint_resumes(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    run_batch([MIXED / "dayone"], out, "jsonl", fake_engine, progress=False)
    (out / FINGERPRINT_FILE).unlink()  # made by an older reframer
    again = run_batch([MIXED / "dayone"], out, "jsonl", fake_engine, resume=True, progress=False)
    assert again.already_done == 2 and (out / FINGERPRINT_FILE).exists()
