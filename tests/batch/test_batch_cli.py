"""``reframer batch`` through typer's CliRunner: exit codes, options, messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from reframer.batch import cli as batch_cli

from .helpers import DATA, OUT_NAMES, InterruptingEngine, listed, read_jsonl


def test_cli_success(tmp_path: Path, run_batch_cli: Callable[..., Result]) -> None:
    out = tmp_path / "out"
    result = run_batch_cli(str(DATA / "dayone"), str(DATA / "text"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Done: 7 entries read = 6 analysed + 1 empty + 0 skipped." in result.output
    assert listed(out) == OUT_NAMES
    assert "idiot" not in result.output  # no journal text on the terminal


def test_cli_options(tmp_path: Path, run_batch_cli: Callable[..., Result]) -> None:
    out = tmp_path / "out"
    args = [str(DATA / "csv" / "journal.csv"), "-o", str(out), "--format", "jsonl"]
    columns = ["--text-col", "body", "--id-col", "entry_id"]
    chosen = ["--from", "csv", "--date-col", "written_at"]
    result = run_batch_cli(*args, *chosen, *columns)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in read_jsonl(out / "entries.jsonl")] == [
        "w-001",
        "w-002",
        "w-003",
        "w-004",
    ]
    again = run_batch_cli(*args, *columns, "--resume")
    assert again.exit_code == 2 and "resume_mismatch" in again.output  # other options
    assert "--date-col" in again.output and "--from" in again.output
    again = run_batch_cli(*args, *chosen, *columns, "--resume")
    assert again.exit_code == 0 and "4 already done" in again.output


def test_cli_exit_1_when_something_was_skipped(
    tmp_path: Path, run_batch_cli: Callable[..., Result]
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip at all")
    result = run_batch_cli(str(broken), str(DATA / "jsonl"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "broken.zip: not a valid zip archive; skipped [corrupt_zip]" in result.output
    assert "Skipped, by reason: corrupt_zip 1" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--from", "no-such-format"],
        ["--resume", "--format", "csv"],
    ],
)
def test_cli_usage_errors_exit_2(
    tmp_path: Path, run_batch_cli: Callable[..., Result], args: list[str]
) -> None:
    result = run_batch_cli(str(DATA / "jsonl"), "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == 2, result.output
    assert "Error: [" in result.output


def test_cli_unknown_format_and_missing_input_exit_2(
    tmp_path: Path, run_batch_cli: Callable[..., Result]
) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    result = run_batch_cli(str(pdf), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1 and "a.pdf: no journal format" in result.output
    result = run_batch_cli(str(pdf), "--from", "nonesuch", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "unsupported_format" in result.output
    assert "dayone" in result.output and "daylio" in result.output
    result = run_batch_cli(str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "no such file or folder" in result.output
    result = run_batch_cli(str(DATA / "obsidian"), "--out", str(DATA / "obsidian" / "out"))
    assert result.exit_code == 2 and "inside the input folder" in result.output
    result = run_batch_cli(str(DATA / "jsonl"))
    assert result.exit_code == 2  # --out is required (Typer's own usage error)


def test_cli_ctrl_c_exits_130(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_batch_cli: Callable[..., Result],
    fake_engine: Any,
) -> None:
    monkeypatch.setattr(
        batch_cli, "_engine_factory", lambda model: InterruptingEngine(fake_engine, after=1)
    )
    result = run_batch_cli(str(DATA / "jrnl"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 130
    assert "Interrupted: " in result.output and "--resume" in result.output
    assert len(read_jsonl(tmp_path / "out" / "entries.jsonl")) == 1


def test_cli_help_lists_options(run_batch_cli: Callable[..., Result]) -> None:
    result = run_batch_cli("--help")
    assert result.exit_code == 0
    for option in (
        "--out",
        "--format",
        "--from",
        "--text-col",
        "--date-col",
        "--id-col",
        "--resume",
        "--model",
    ):
        assert option in result.output
