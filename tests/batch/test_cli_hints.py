"""`reframer analyze`: no traceback for an undecodable argument, a hint for a file name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reframer.cli import commands as cli


def test_undecodable_text_argument_is_a_clean_error() -> None:
    result = CliRunner().invoke(cli.app, ["analyze", "caf\udcff is bad"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "[undecodable_input]" in result.output


def test_a_file_name_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "journal.md"
    journal.write_text("I am such an idiot.", encoding="utf-8")
    monkeypatch.setattr(cli, "_engine", lambda *a, **k: (_ for _ in ()).throw(SystemExit(9)))
    result = CliRunner().invoke(cli.app, ["analyze", str(journal)])
    assert "is a file name; analyze reads text" in result.output
    assert f"reframer batch {journal}" in result.output
