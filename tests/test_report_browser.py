"""The HTML report in real headless Chromium: charts render, nothing is logged to the console.

Skipped when ``/usr/bin/chromium`` is missing (``apt-get install chromium``). Chromium runs with
networking features off and a throw-away profile; the report itself forbids loading anything
(its Content-Security-Policy), so any attempt would also show up as a console message.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import run_batch

CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).parent / "data" / "journals"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs headless Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]

# Chromium logs page console output as `INFO:CONSOLE:12] "message", source: ...` (older builds:
# `CONSOLE(12)`); uncaught exceptions read "Uncaught ...".
CONSOLE = re.compile(r"CONSOLE[:(]\d*|Uncaught")


def chromium(page: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    """Load ``page`` and return Chromium's result: the DOM on stdout, its log on stderr."""
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture()
def report(tmp_path: Path, fake_engine: Any) -> Path:
    page = tmp_path / "inputs" / "markup.txt"
    page.parent.mkdir()
    page.write_text(
        "I'm such an idiot <script>alert(1)</script> <img src=x onerror=alert(2)> & <b>more</b>",
        encoding="utf-8",
    )
    run_batch(
        [DATA / "dayone", DATA / "jrnl", DATA / "diaro", DATA / "logseq", page],
        tmp_path / "out",
        "html",
        fake_engine,
        progress=False,
    )
    return tmp_path / "out" / "report.html"


def test_report_renders_charts_without_console_errors(report: Path, tmp_path: Path) -> None:
    result = chromium(report, tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    multiples = dom.count('<figure class="multiple card">')  # self-talk by mood, tag, weekday
    assert multiples >= 1 and "By weekday" in dom
    assert dom.count("<svg") == 4 + multiples, "four inline SVG charts and the small multiples"
    assert dom.count('class="bar"') >= 3 and 'class="line"' in dom
    for chart in ("chart-count", "chart-share", "chart-traps", "chart-words"):
        assert f'id="{chart}"' in dom
    assert dom.index('id="crisis"') < dom.index('id="summary"'), "crisis entries come first"
    # journal text stays text: no element was made from it
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; &amp; "
        "&lt;b&gt;more&lt;/b&gt;" in dom
    )
    assert "<img" not in dom and "<script" not in dom
    assert console_lines(result.stderr) == []


def test_console_check_catches_errors(tmp_path: Path) -> None:
    """Control: the check above would see a script error or a blocked network load."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><title>t</title><p>x</p><script>throw new Error('boom')</script>",
        encoding="utf-8",
    )
    result = chromium(bad, tmp_path / "profile")
    assert any("Uncaught" in line for line in console_lines(result.stderr)), result.stderr[-2000:]
