"""Batch outputs: every format exactly, subsets, bounded memory, progress on the terminal."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import BatchSummary, Entry, run_batch
from reframer.batch.report import ReportBuilder
from reframer.batch.writers import CSV_COLUMNS
from reframer.errors import InputError
from reframer.schema import Analysis

from .helpers import (
    ALL_OUTPUTS,
    DATA,
    OUT_NAMES,
    RecordingEngine,
    listed,
    read_jsonl,
)


@pytest.fixture()
def corpus(tmp_path: Path) -> list[Path]:
    """A few fixtures plus an entry with markup that must be escaped."""
    extra = tmp_path / "inputs" / "markup.txt"
    extra.parent.mkdir()
    extra.write_text("I'm such an idiot <script>alert('x')</script> & more.", encoding="utf-8")
    return [DATA / "dayone", DATA / "jrnl" / "journal.txt", DATA / "diaro", extra]


def test_all_outputs(tmp_path: Path, corpus: list[Path], fake_engine: Any) -> None:
    out = tmp_path / "out"
    summary = run_batch(corpus, out, ALL_OUTPUTS, fake_engine, progress=False)
    assert isinstance(summary, BatchSummary)
    assert summary.entries_read == 14 and summary.empty == 3 and summary.skipped == 0
    assert summary.analysed == 11 and summary.exit_code == 0
    assert listed(out) == OUT_NAMES  # no temporary files left
    for p in out.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600  # private journal data

    records = read_jsonl(out / "entries.jsonl")
    assert len(records) == 11
    assert list(records[0]) == [
        "id",
        "date",
        "timezone",
        "source",
        "title",
        "tags",
        "mood",
        "starred",
        "location",
        "text",
        "analysis",
    ]
    for rec in records:
        analysis = Analysis.model_validate(rec["analysis"])
        for s in analysis.sentences:
            assert rec["text"][s.start : s.end] == s.text
    crisis = [r for r in records if r["analysis"]["crisis"]]
    assert [r["id"] for r in crisis] == ["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A04"]

    with (out / "sentences.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == summary.sentences
    flagged = [r for r in rows if r["self_critical"] == "true"]
    assert len(flagged) == summary.self_critical == 5
    assert flagged[0] == {
        "entry_id": "0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A01",
        "date": "2026-04-05T21:15:02+01:00",
        "sentence": "I'm such an idiot!",
        "start": "31",
        "end": "49",
        "self_critical": "true",
        "score": "0.9000",
        "traps": "labeling",
        "crisis": "false",
        "reframes": "I made a mistake; that does not make me an idiot.",
        "tags": "family;birthdays",
        "mood": "",
        "starred": "false",
        "location": "",
    }
    assert any(r["crisis"] == "true" and r["reframes"] == "" for r in rows)

    md = (out / "annotated.md").read_text(encoding="utf-8")
    assert "I forgot mum's birthday again. **I'm such an idiot!**" in md
    assert (
        "> **Self-critical:** “I'm such an idiot!” — *labeling*\n"
        "> - I made a mistake; that does not make me an idiot." in md
    )
    assert "so it is not rewritten" in md and "> - **988**: 988" in md
    assert "<script>" not in md and "&lt;script&gt;" in md

    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 6  # 4 charts, and self-talk by tag and by weekday
    assert html.index('id="crisis"') < html.index('id="summary"') < html.index('id="chart-count"')
    assert "That sounds really heavy." in html and "<b>988</b>: 988" in html
    assert "<script" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "src=" not in html and "@import" not in html and "url(" not in html


def test_outputs_subset_and_formats_validation(tmp_path: Path, fake_engine: Any) -> None:
    out = tmp_path / "out"
    run_batch([DATA / "jsonl"], out, "csv, html", fake_engine, progress=False)
    assert listed(out) == {"sentences.csv", "report.html"}
    with pytest.raises(InputError, match="unknown output format 'pdf'"):
        run_batch([DATA / "jsonl"], out, "jsonl,pdf", fake_engine, progress=False)


def test_engine_is_fed_in_bounded_chunks(tmp_path: Path, fake_engine: Any) -> None:
    """Ten years of daily entries stream through in chunks; the report keeps bounded samples."""
    day_one = {
        "metadata": {"version": "1.0"},
        "entries": [
            {
                "uuid": f"U{i:05d}",
                "creationDate": f"{2016 + i // 365}-01-01T12:00:00Z",
                "timeZone": "UTC",
                "text": f"Day {i}. I'm an idiot number {i}. Fine.",
            }
            for i in range(3650)
        ],
    }
    src = tmp_path / "Journal.json"
    src.write_text(json.dumps(day_one), encoding="utf-8")
    engine = RecordingEngine(fake_engine)
    summary = run_batch(
        [src], tmp_path / "out", "jsonl,html", engine, progress=False, batch_size=32
    )
    assert summary.analysed == 3650
    assert max(len(c) for c in engine.calls) == 32
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert html.count('class="example card"') == 8


def test_report_builder_keeps_bounded_samples(tmp_path: Path, fake_engine: Any) -> None:
    builder = ReportBuilder(tmp_path / "r.html", max_examples=3, max_crisis=2)
    for i in range(50):
        entry = Entry(
            str(i),
            "2026-04-05",
            None,
            "text:x",
            None,
            (),
            f"I'm an idiot {i}. " + ("I want to die." if i % 10 == 0 else ""),
        )
        builder.write(entry, fake_engine.analyze(entry.text))
    assert len(builder.stats.examples) == 3
    assert builder.stats.crisis_entries == 5 and len(builder.stats.crisis) == 2
    builder.commit()
    assert "…and 3 more" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_no_progress_output_when_stderr_is_not_a_terminal(
    tmp_path: Path, fake_engine: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    run_batch([DATA / "jsonl"], tmp_path / "out", "jsonl", fake_engine, progress=True)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_progress_bar_on_a_terminal(
    tmp_path: Path, fake_engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    run_batch([DATA / "jrnl"], tmp_path / "out", "jsonl", fake_engine, progress=True)
    drawn = screen.getvalue()
    assert "10/10" in drawn and "entries/s" in drawn and "ETA" in drawn
    assert "idiot" not in drawn  # counts only, never journal text
