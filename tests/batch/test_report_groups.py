"""The HTML report: self-talk by mood, tag and weekday, the real date range, trap names, skips."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from reframer.batch import Entry, Problem
from reframer.batch.report import ReportBuilder
from reframer.batch.report_html import render
from reframer.batch.summary import BatchSummary
from reframer.testing import FakeEngine


def _entry(i: int, date: str, mood: str | None, tags: tuple[str, ...], text: str) -> Entry:
    return Entry(f"e{i}", date, None, "csv:x.csv", None, tags, text, mood=mood)


def _report(tmp_path: Path) -> str:
    summary = BatchSummary()
    summary.add_problem(Problem("x/broken.docx", None, "corrupt_file", "not a valid .docx"))
    builder = ReportBuilder(tmp_path / "report.html", summary=summary)
    engine = FakeEngine()
    rows = [
        (1, "2026-04-08T09:00:00", "low", ("work",), "I'm an idiot. Long day."),  # Wednesday
        (2, "2026-04-15", "low", ("work",), "Such an idiot."),  # Wednesday
        (3, "2026-04-11", "good", ("home",), "Nice walk. Good food."),  # Saturday
        (4, "2026-04-12", "good", ("home", "work"), "Slept in."),  # Sunday
    ]
    for i, date, mood, tags, text in rows:
        builder.write(_entry(i, date, mood, tags, text), engine.analyze(text))
    return render(builder.stats, now=datetime(2026, 4, 20, tzinfo=UTC), summary=summary)


def test_small_multiples_by_mood_tag_and_weekday(tmp_path: Path) -> None:
    html = _report(tmp_path)
    section = html[html.index('id="groups"') :]
    for caption in ("By mood", "By tag", "By weekday"):
        assert f"<figcaption>{caption}</figcaption>" in section
    assert "low: 67% of 3 sentences self-critical (2 entries)" in section
    assert "good: 0% of 3 sentences self-critical (2 entries)" in section
    assert "work: 50% of 4 sentences self-critical (3 entries)" in section
    weekdays = re.findall(r"<title>(\w+day): ", section)
    assert weekdays == ["Wednesday", "Saturday", "Sunday"]  # calendar order
    assert "http" not in section.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_header_shows_the_real_date_range(tmp_path: Path) -> None:
    html = _report(tmp_path)
    assert "4 entries from 8 Apr 2026 to 15 Apr 2026." in html  # not the weeks' Mon..Sun


def test_trap_display_names_and_skips(tmp_path: Path) -> None:
    html = _report(tmp_path)
    assert "<dt>Labeling</dt>" in html and "<dt>labeling</dt>" not in html
    skipped = html[html.index('id="skipped"') :]
    assert "x/broken.docx: not a valid .docx [corrupt_file]" in skipped
