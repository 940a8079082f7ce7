"""The CLI through Typer's CliRunner: formats, stdin, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reframer import Analysis
from reframer.cli import app

runner = CliRunner()
EXAMPLE = "I forgot mom's birthday again. I'm such a terrible son."


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "train", "evaluate", "optimize", "serve", "batch"):
        assert command in result.output


def test_usage_error_exit_code() -> None:
    result = runner.invoke(app, ["analyze", "--format", "yaml", "hi"])
    assert result.exit_code == 2


def test_missing_model_is_a_clear_runtime_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--model", str(tmp_path / "nope"), "hello"])
    assert result.exit_code == 1
    assert "model folder not found" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_json_is_exactly_the_contract() -> None:
    result = runner.invoke(app, ["analyze", "--format", "json", EXAMPLE])
    assert result.exit_code == 0, result.output
    parsed = Analysis.model_validate_json(result.stdout)
    assert [s.self_critical for s in parsed.sentences] == [False, True]
    assert any("birthday" in r.text for r in parsed.sentences[1].reframes)


@pytest.mark.slow
def test_reads_whole_stdin_as_one_document() -> None:
    result = runner.invoke(app, ["analyze", "-f", "json"], input="Line one.\nI'm such a loser.\n")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["sentences"]) == 2


@pytest.mark.slow
def test_jsonl_one_document_per_line_in_order() -> None:
    lines = [
        "I'm useless.",
        "",
        "My boss is an idiot.",
        "\xff\xfe bad bytes",
        "I never get anything right.",
    ]
    data = b"\n".join(x.encode("latin-1") if "\xff" in x else x.encode() for x in lines) + b"\n"
    result = runner.invoke(app, ["analyze", "--format", "jsonl"], input=data)
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["sentences"][0]["self_critical"] is True
    assert out[1]["sentences"] == []
    assert out[2]["sentences"][0]["self_critical"] is False
    assert out[3]["error"]["code"] == "undecodable_input" and out[3]["error"]["line"] == 4
    assert out[4]["sentences"][0]["self_critical"] is True
    assert result.exit_code == 1  # a line was skipped: reported, not lost


@pytest.mark.slow
def test_undecodable_stdin_is_a_clear_error() -> None:
    result = runner.invoke(app, ["analyze"], input=b"caf\xe9 au lait")
    assert result.exit_code == 1
    assert "not valid UTF-8" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_text_output_is_readable_and_plain_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    result = runner.invoke(app, ["analyze", EXAMPLE])
    assert result.exit_code == 0
    assert "terrible son" in result.stdout
    assert "→" in result.stdout
    assert "\x1b[" not in result.stdout


@pytest.mark.slow
def test_bad_template_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.toml"
    bad.write_text("this is = not [valid toml", encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--templates", str(bad), "I'm an idiot."])
    assert result.exit_code == 2
    assert "t.toml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "stdin", "code", "lines"),
    [
        (["--format", "json", "I'm such an idiot."], b"", 0, None),
        (["--format", "jsonl"], b"I'm such an idiot.\nok then\n", 0, 2),
        (["--format", "jsonl"], b"fine\n\xff\xfe\nalso fine\n", 1, 3),
    ],
)
def test_console_script_output_and_exit_codes(
    args: list[str], stdin: bytes, code: int, lines: int | None
) -> None:
    """The installed entry point (which skips interpreter teardown) flushes everything first."""
    import subprocess
    import sys

    cmd = [sys.executable, "-c", "from reframer.cli import main; main()", "analyze", *args]
    proc = subprocess.run(cmd, input=stdin, capture_output=True, timeout=300)
    assert proc.returncode == code, proc.stderr.decode()[-1000:]
    out = proc.stdout.decode()
    if lines is None:
        assert json.loads(out)["sentences"][0]["self_critical"] is True
    else:
        rows = [json.loads(x) for x in out.splitlines()]
        assert len(rows) == lines
        assert ("error" in rows[1]) is (code == 1)


@pytest.mark.parametrize(("enabled", "freeze"), [(True, True), (True, False), (False, True)])
def test_collector_paused_restores_the_collector(enabled: bool, freeze: bool) -> None:
    import gc

    from reframer.cli.io import collector_paused

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(RuntimeError), collector_paused(freeze=freeze):
            assert not gc.isenabled()
            kept = [[] for _ in range(10)]  # tracked objects, alive at the end
            raise RuntimeError("the collector comes back on errors too")
        assert gc.isenabled() is enabled
        assert (gc.get_freeze_count() > frozen) is freeze
        assert kept
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
