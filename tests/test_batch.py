"""Batch mode: importers (exact), outputs, resume, Ctrl-C, bad input, safety and the CLI.

Every test uses ``fake_engine`` (or a wrapper around it), never the real model.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from reframer.batch import BatchInterrupted, BatchSummary, Entry, ImportOptions, Problem, run_batch
from reframer.batch import cli as batch_cli
from reframer.batch.fingerprint import FINGERPRINT_FILE
from reframer.batch.importers import FORMATS, canonical_format
from reframer.batch.importers.detect import Job, plan_input
from reframer.batch.report import ReportBuilder
from reframer.batch.terminal import InterruptGuard
from reframer.batch.writers import CSV_COLUMNS
from reframer.errors import InputError, TextTooLongError, UnsupportedFormatError
from reframer.schema import Analysis

DATA = Path(__file__).parent / "data" / "journals"
ALL_OUTPUTS = "jsonl,csv,md,html"
OUT_NAMES = {"entries.jsonl", "sentences.csv", "annotated.md", "report.html"}


# ----------------------------------------------------------------------------------------------
# helpers


def load(
    path: Path, from_format: str | None = None, **opts: str
) -> tuple[list[Entry], list[Problem]]:
    """Import ``path`` as the runner does; return entries and problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    options = ImportOptions(**opts)
    for job in plan_input(path, from_format):
        if isinstance(job, Problem):
            problems.append(job)
            continue
        for item in job.read(options):
            (entries if isinstance(item, Entry) else problems).append(item)  # type: ignore[arg-type]
        job.container.close()
    return entries, problems


def listed(out: Path) -> set[str]:
    """The files in an output folder, less the run fingerprint (tested in tests/batch/)."""
    return {p.name for p in out.iterdir()} - {FINGERPRINT_FILE}


def by_id(entries: list[Entry]) -> dict[str, Entry]:
    return {e.id: e for e in entries}


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class RecordingEngine:
    """Delegates to the fake engine and records every batch of texts it was asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.model_version = inner.model_version
        self.calls: list[list[str]] = []

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        batch = list(texts)
        self.calls.append(batch)
        yield from self.inner.iter_analyze(batch, **kw)

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]


class InterruptingEngine(RecordingEngine):
    """Raises KeyboardInterrupt (as Ctrl-C would) after ``after`` analyses."""

    def __init__(self, inner: Any, after: int) -> None:
        super().__init__(inner)
        self.after = after
        self.done = 0

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        for analysis in super().iter_analyze(texts, **kw):
            if self.done == self.after:
                raise KeyboardInterrupt
            self.done += 1
            yield analysis


# ----------------------------------------------------------------------------------------------
# importers: exact results for every fixture


def test_dayone_export_folder() -> None:
    entries, problems = load(DATA / "dayone")
    assert problems == []
    assert len(entries) == 5
    e = by_id(entries)
    first = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A01"]
    assert first.date == "2026-04-05T21:15:02+01:00"  # UTC 20:15 in London summer time
    assert first.timezone == "Europe/London"
    assert first.title == "Mum's birthday"
    assert first.tags == ("family", "birthdays")
    assert first.source == "dayone:dayone/Journal.json"
    assert first.text == (
        "I forgot mum's birthday again. I'm such an idiot!\n\n"
        "Called her at 9pm - she laughed it off 😅."
    )
    second = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A02"]
    assert second.date == "2026-04-06T21:30:00-04:00"
    # escapes before ASCII punctuation go, a backslash before anything else stays
    assert second.text == (
        "Presented the Q2 plan (finally) \\— it went fine.\n"
        "Took notes in C:\\Journal\\2026 and wrote 5*3=15 on the board.\n"
        "Still café-level tired. \\é stays."
    )
    media_only = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A03"]
    assert media_only.text == "" and media_only.date == "2026-04-08T12:30:00+09:30"
    assert e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A04"].date == "2026-04-12T20:00:00+09:00"
    unknown_zone = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A05"]
    assert unknown_zone.date == "2026-04-13T08:45:10+00:00"  # kept in UTC
    assert unknown_zone.timezone == "Not/AZone"
    assert unknown_zone.text == (
        'Dinner with Priya 🍜🌶️ — she said I\'m "too hard on myself". '
        "Maybe? I still feel like an idiot about the deadline."
    )
    assert all("dayone-moment" not in x.text for x in entries)


def test_dayone_export_zip(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(DATA / "dayone", folder)
    (folder / "photos").mkdir()
    (folder / "photos" / "9e107d9d372bb6826bd81d3542a419d6.jpeg").write_bytes(b"\xff\xd8fake")
    archive = zip_folder(folder, tmp_path / "Export - Journal.zip")
    entries, problems = load(archive)
    assert problems == []
    assert [x.text for x in entries] == [x.text for x in load(DATA / "dayone")[0]]
    assert entries[0].source == "dayone:Export - Journal.zip/Journal.json"
    # the Journal.json on its own works too
    single, _ = load(DATA / "dayone" / "Journal.json")
    assert single[0].source == "dayone:Journal.json" and len(single) == 5


def test_jrnl_json_export() -> None:
    entries, problems = load(DATA / "jrnl" / "export.json")
    assert problems == []
    assert [x.id for x in entries] == [
        "jrnl:2026-04-01T08:42:00",
        "jrnl:2026-04-01T21:10:00",
        "jrnl:2026-04-01T21:10:00-2",
        "jrnl:2026-04-02T07:00:00",
        "jrnl:2026-04-03T19:05:00",
    ]
    assert entries[0].text == "Missed the train. I'm an idiot for leaving late. @work"
    assert entries[0].title == "Missed the train." and entries[0].tags == ("@work",)
    assert entries[1].text == "Quiet evening\nRead a book with the cat. Made tea ☕."
    assert entries[3].text == ""
    assert entries[4].text == (
        "Called mum. She's proud of me. I don't believe her, I'm such an "
        "idiot with money.\n\nStill — it was nice. @family"
    )
    assert all(x.timezone is None for x in entries)


def test_jrnl_text_journal() -> None:
    entries, problems = load(DATA / "jrnl" / "journal.txt")
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("jrnl:2026-04-03T08:05:00", "2026-04-03T08:05:00"),
        ("jrnl:2026-04-05T21:15:02", "2026-04-05T21:15:02"),  # %F %r: 09:15:02 PM
        ("jrnl:2026-04-05T21:15:40", "2026-04-05T21:15:40"),
        ("jrnl:2026-04-06T07:00:00", "2026-04-06T07:00:00"),
        ("jrnl:2026-04-06T10:30:00", "2026-04-06T10:30:00"),
    ]
    assert entries[0].text == (
        "Morning pages.\nCouldn't sleep again. I should have gone to bed earlier, I'm so lazy."
    )
    starred = entries[1]
    assert starred.title == "Spilled coffee on my laptop"  # the star marker is dropped
    assert starred.text == (
        "Spilled coffee on my laptop\nWhat an idiot. The keyboard still "
        "works though. @work #mistakes"
    )
    assert starred.tags == ("@work", "#mistakes")
    assert entries[3].text == ""
    assert entries[4].text == (
        'Ünïcödé test — naïve café, emoji 🙈, tabs\tand "quotes".\n'
        "Line two, with a [bracket] that is not a header."
    )


def test_journey_folder_and_zip(tmp_path: Path) -> None:
    entries, problems = load(DATA / "journey")
    assert problems == []
    assert len(entries) == 3  # the photo beside the entries is ignored
    first = entries[0]
    assert first.id == "1775420102000-3f6c2a9b1d4e5f60"
    assert first.date == "2026-04-06T04:15:02+08:00" and first.timezone == "Asia/Singapore"
    assert first.tags == ("work", "lunch")
    assert first.text == (
        "Team lunch was fun & loud 🎉\n\nThen I sent the wrong file to the "
        "client. What an idiot.\n\nTomorrow I'll fix it.\nOne step at a time."
    )
    assert entries[1].text == (
        "Old-style plain entry.\nNo HTML here, just *markdown* and a line break."
    )
    assert entries[1].date == "2026-04-06T22:15:02+02:00"
    assert entries[2].text == ""
    zipped, zproblems = load(zip_folder(DATA / "journey", tmp_path / "journey.zip"))
    assert zproblems == [] and [x.text for x in zipped] == [x.text for x in entries]


def test_diaro_backup_xml_and_zip(tmp_path: Path) -> None:
    entries, problems = load(DATA / "diaro" / "DiaroBackup.xml")
    assert problems == []
    assert [(x.id, x.date, x.timezone) for x in entries] == [
        ("e3b0c44298fc1c149afbf4c8996fb924", "2026-04-05T21:15:02+01:00", "+01:00"),
        ("a1f5c2d9e8b7a6f5e4d3c2b1a0f9e8d7", "2026-04-09T18:30:00-03:00", "-03:00"),
        ("b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2", "2026-04-11T03:00:00+05:30", "+05:30"),
    ]
    assert entries[0].title == "Interview day"
    assert entries[0].tags == ("work", "self-talk")
    assert entries[0].text == (
        "Blanked on the easiest question. I'm such an idiot & everyone "
        "saw it.\nAfterwards I walked by the river <3 and felt a bit "
        "better 🌊."
    )
    assert entries[1].title is None
    assert (
        entries[1].text == 'Quiet Friday. Cooked feijoada for friends — "best one yet", they said.'
    )
    assert entries[2].text == "" and entries[2].tags == ("self-talk",)
    zipped, _ = load(zip_folder(DATA / "diaro", tmp_path / "Diaro_20260412.zip"))
    assert [x.id for x in zipped] == [x.id for x in entries]


def test_obsidian_daily_notes() -> None:
    entries, problems = load(DATA / "obsidian")
    assert problems == []
    e = by_id(entries)
    assert set(e) == {"2026-04-05.md", "2026-04-06.md", "Ideas.md"}  # .obsidian/ is hidden
    day = e["2026-04-05.md"]
    assert day.date == "2026-04-05" and day.timezone is None
    assert day.tags == ("journal", "daily", "food")
    # frontmatter, headings, prompts, embeds and comments are gone; answers stay
    assert day.text == (
        "The sun through the kitchen window ☀️\nMy sister calling early\n\n"
        "Finish the slides\n\nI missed the gym again. I'm such an idiot about "
        "routines.\nStill, dinner at Casa Nostra was lovely #food"
    )
    assert e["2026-04-06.md"].text == ""  # a template never filled in
    assert e["Ideas.md"].date is None and e["Ideas.md"].title == "Ideas"
    assert e["Ideas.md"].text == "Write a letter to my future self. Learn the whole song on guitar."


def test_logseq_journals() -> None:
    entries, problems = load(DATA / "logseq")
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("journals/2026_04_05.md", "2026-04-05"),
        ("journals/2026_04_07.md", "2026-04-07"),
    ]
    assert entries[0].tags == ("reflection",)
    assert entries[0].text == (
        "Woke up late, skipped breakfast.\nFelt like an idiot in standup "
        "when I forgot the ticket number.\ncall the dentist\n\n"
        "Later: long walk with in mind. Walking helps."
    )
    assert entries[1].text == "Coffee with Ana 🙂"


def test_daylio_current_export() -> None:
    entries, problems = load(DATA / "daylio" / "daylio_export_2026_04_07.csv")
    assert problems == []
    assert [(x.id, x.title, x.tags) for x in entries] == [
        ("daylio:2026-04-07T21:40:00", "Long day", ("work", "reading")),
        ("daylio:2026-04-07T08:05:00", None, ("exercise",)),
        ("daylio:2026-04-06T21:15:00", "Ramen night", ("friends", "good meal")),
        ("daylio:2026-04-06T21:15:00-2", None, ()),
        ("daylio:2026-04-05T10:00:00", None, ()),
    ]
    assert entries[0].text == (
        "Stayed late again. I'm such an idiot for saying yes to "
        "everything.\nRead two chapters before bed 📚"
    )
    assert (
        entries[2].text
        == 'Ramen with Jo & Sam. Laughed until 11 🍜\n"Best broth in town," Jo said.'
    )
    assert entries[1].text == "" and entries[4].text == ""  # mood-only rows


def test_daylio_old_export() -> None:
    entries, problems = load(DATA / "daylio" / "daylio_export_2019.csv")
    assert problems == []
    assert [(x.date, x.text) for x in entries] == [
        ("2019-04-05T21:15:00", "I'm an idiot, left my wallet at the shop."),
        ("2019-04-04T18:30:00", "Nice dinner."),
        ("2019-04-04T07:10:00", ""),
    ]


def test_generic_csv_with_column_options() -> None:
    entries, problems = load(
        DATA / "csv" / "journal.csv", text_col="body", date_col="written_at", id_col="entry_id"
    )
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("w-001", "2026-04-01T07:30:00+02:00"),
        ("w-002", "2026-04-02T22:10:00"),
        ("w-003", "2026-04-03"),
        ("w-004", None),
        ("w-005", "2026-04-05"),
    ]
    assert entries[0].title == "Monday" and entries[0].tags == ("work", "sleep")
    assert entries[2].text == '"Quoted" start, commas, and a\nsecond line.'
    assert entries[4].text == ""


def test_generic_csv_missing_text_column_is_reported() -> None:
    entries, problems = load(DATA / "csv" / "journal.csv")  # default --text-col text
    assert entries == []
    assert [p.code for p in problems] == ["missing_column"]
    assert "--text-col" in problems[0].reason


def test_jsonl() -> None:
    entries, problems = load(DATA / "jsonl" / "journal.jsonl")
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("n1", "2026-04-01T08:00:00+00:00"),
        ("2", "2026-04-05T20:15:02+00:00"),
        ("journal:4", "2026-04-07"),
        ("n4", "2026-04-08"),
    ]  # no id: stem and line number
    assert entries[1].tags == ("de", "pangram")
    assert entries[1].text.endswith("großen Sylter Deich. 🥊")
    assert entries[2].title == "Untitled"


def test_plain_text_files() -> None:
    entries, problems = load(DATA / "text")
    assert problems == []
    e = by_id(entries)
    assert e["note.txt"].text == (
        "Dear me,\nYou were an idiot today, but you apologised.\n\nThat counts for something. 💛"
    )  # CRLF and blank runs tidied
    assert e["note.txt"].date is None
    letter = e["letter to myself.md"]
    assert letter.date == "2026-04-09" and letter.title == "A letter"
    assert letter.tags == ("letters",)
    assert letter.text == "You *always* mess things up, or so you say.\n\nBut look at this week."


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("dayone", "dayone"),
        ("dayone/Journal.json", "dayone"),
        ("jrnl/export.json", "jrnl"),
        ("jrnl/journal.txt", "jrnl"),
        ("journey", "journey"),
        ("diaro", "diaro"),
        ("obsidian", "daily-notes"),
        ("logseq", "daily-notes"),
        ("daylio/daylio_export_2019.csv", "daylio"),
        ("csv/journal.csv", "csv"),
        ("jsonl/journal.jsonl", "jsonl"),
        ("text/note.txt", "text"),
    ],
)
def test_detection(path: str, fmt: str) -> None:
    jobs = plan_input(DATA / path)
    assert [j.fmt for j in jobs if isinstance(j, Job)] == [fmt]


def test_from_overrides_detection(tmp_path: Path) -> None:
    odd = tmp_path / "diary.log"
    odd.write_text("[2026-04-05 21:15] Hello there.\n", encoding="utf-8")
    entries, _ = load(odd, "jrnl")
    assert [x.text for x in entries] == ["Hello there."]
    assert canonical_format("Obsidian") == "daily-notes" and canonical_format("logseq")
    assert set(FORMATS) >= {
        "dayone",
        "jrnl",
        "journey",
        "diaro",
        "daily-notes",
        "daylio",
        "csv",
        "jsonl",
        "text",
    }


# ----------------------------------------------------------------------------------------------
# outputs


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


# ----------------------------------------------------------------------------------------------
# resume and Ctrl-C


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


# ----------------------------------------------------------------------------------------------
# bad input: reported, skipped, nothing else lost


SECRET = "My secret sentence about being a total idiot"


def test_corrupt_inputs_are_skipped_and_reported(tmp_path: Path, fake_engine: Any) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip " + SECRET.encode())
    (bad / "Journal.json").write_text(
        '{"metadata": {}, "entries": [{"uuid": "A", "creationDate"'
        f': "2026-04-01T10:00:00Z", "text": "{SECRET}',
        "utf-8",
    )
    (bad / "journal.txt").write_bytes(
        b"[2026-04-01 09:00] Fine entry.\n\n[2026-04-02 09:00] "
        + SECRET.encode()
        + b" \xff\xfe broken bytes.\n\n[2026-02-30 10:00] Impossible date.\n\n"
        b"[2026-04-03 09:00] Another fine entry.\n"
    )
    malformed = {
        "metadata": {},
        "entries": [
            {"uuid": "OK1", "creationDate": "2026-04-01T10:00:00Z", "text": "All good here."},
            {"creationDate": "2026-04-01T11:00:00Z", "text": SECRET},
            {"uuid": "BAD2", "creationDate": "2026-04-01T12:00:00Z", "text": 42},
            {"uuid": "DATE3", "creationDate": "yesterday-ish", "text": "Kept, undated."},
            "not an object",
        ],
    }
    (tmp_path / "other.json").write_text(json.dumps({**malformed, "metadata": {"v": 1}}), "utf-8")
    (bad / "link.json").symlink_to(tmp_path / "missing-target.json")
    out = tmp_path / "out"
    summary = run_batch(
        [bad, tmp_path / "other.json", DATA / "jsonl"],
        out,
        ALL_OUTPUTS,
        fake_engine,
        progress=False,
    )
    assert summary.exit_code == 1
    assert summary.reasons == {
        "corrupt_zip": 1,
        "invalid_json": 1,
        "undecodable": 1,
        "malformed_entry": 4,
        "unreadable_file": 1,
    }
    described = [p.describe() for p in summary.problems]
    assert (
        "journal.txt (jrnl:2026-04-02T09:00:00): contains bytes that are not valid UTF-8 "
        "[undecodable]" in " | ".join(described)
    )
    assert any(d.startswith("bad/journal.txt (line 5)") for d in described)
    assert any("(entry 2): entry has no 'uuid'" in d for d in described)
    assert any("(BAD2): 'text' is not a string" in d for d in described)
    assert summary.warnings == 1  # DATE3 kept without its date
    assert all(SECRET not in d for d in described)
    assert all(SECRET not in line for line in summary.lines())
    ids = {r["id"] for r in read_jsonl(out / "entries.jsonl")}
    assert {"jrnl:2026-04-01T09:00:00", "jrnl:2026-04-03T09:00:00", "OK1", "DATE3", "n1"} <= ids
    assert summary.analysed == 7 and summary.empty == 1


def test_corrupt_member_inside_a_zip(tmp_path: Path, fake_engine: Any) -> None:
    folder = tmp_path / "journey"
    shutil.copytree(DATA / "journey", folder)
    archive = zip_folder(folder, tmp_path / "journey.zip")
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("1775506502000-a1b2c3d4e5f60718.json")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5] ^= 0xFF  # damage the compressed bytes of one entry
    archive.write_bytes(bytes(data))
    summary = run_batch([archive], tmp_path / "out", "jsonl", fake_engine, progress=False)
    assert summary.skipped == 1 and summary.problems[0].file.endswith("a1b2c3d4e5f60718.json")
    assert summary.analysed == 1


def test_broken_xml_keeps_entries_before_the_break(tmp_path: Path, fake_engine: Any) -> None:
    xml = (DATA / "diaro" / "DiaroBackup.xml").read_text(encoding="utf-8")
    cut = xml.index("<uid>b7c8d9e0")
    (tmp_path / "DiaroBackup.xml").write_text(xml[:cut] + "<broken></r>", encoding="utf-8")
    entries, problems = load(tmp_path / "DiaroBackup.xml")
    assert [x.id for x in entries] == [
        "e3b0c44298fc1c149afbf4c8996fb924",
        "a1f5c2d9e8b7a6f5e4d3c2b1a0f9e8d7",
    ]
    assert [p.code for p in problems] == ["invalid_xml"]


def test_engine_rejecting_one_entry_skips_only_that_entry(tmp_path: Path, fake_engine: Any) -> None:
    class PickyEngine(RecordingEngine):
        def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
            for text, result in zip(texts, super().iter_analyze(texts, **kw), strict=False):
                if "Epoch" in text:
                    raise TextTooLongError("text over the limit")
                yield result

    summary = run_batch(
        [DATA / "jsonl"], tmp_path / "out", "jsonl", PickyEngine(fake_engine), progress=False
    )
    assert summary.analysed == 2 and summary.reasons == {"text_too_long": 1}
    assert summary.problems[0].entry == "2"


def test_duplicate_ids_are_reported(tmp_path: Path, fake_engine: Any) -> None:
    summary = run_batch(
        [DATA / "dayone", DATA / "dayone" / "Journal.json"],
        tmp_path / "out",
        "jsonl",
        fake_engine,
        progress=False,
    )
    assert summary.reasons == {"duplicate_id": 5}
    assert summary.analysed == 4


def test_unreadable_input_is_skipped_not_fatal(tmp_path: Path, fake_engine: Any) -> None:
    pdf = tmp_path / "journal.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    summary = run_batch(
        [pdf, DATA / "jsonl"], tmp_path / "out", "jsonl", fake_engine, progress=False
    )
    assert summary.exit_code == 1 and summary.analysed == 3
    assert [p.describe() for p in summary.problems] == [
        "journal.pdf: no journal format reframer can read; skipped (name one with --from) "
        "[unsupported_format]"
    ]
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "a.png").write_bytes(b"\x89PNG")
    plan = plan_input(photos)
    assert [p.code for p in plan if isinstance(p, Problem)] == ["no_journal_files"]
    with pytest.raises(UnsupportedFormatError, match="unknown format 'nonesuch'"):
        plan_input(DATA / "jsonl", "nonesuch")


# ----------------------------------------------------------------------------------------------
# never over the inputs


def test_out_must_not_overwrite_inputs(tmp_path: Path, fake_engine: Any) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(DATA / "obsidian", notes)
    before = {p: digest(p) for p in notes.rglob("*") if p.is_file()}
    for out in (notes, notes / "reframer"):
        with pytest.raises(InputError, match="inside the input folder"):
            run_batch([notes], out, ALL_OUTPUTS, fake_engine, progress=False)
    previous = tmp_path / "prev"
    previous.mkdir()
    (previous / "entries.jsonl").write_text('{"id": "x", "text": "hello"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="would overwrite the input"):
        run_batch([previous / "entries.jsonl"], previous, "jsonl", fake_engine, from_format="jsonl")
    assert {p: digest(p) for p in notes.rglob("*") if p.is_file()} == before
    assert not (notes / "reframer").exists()


# ----------------------------------------------------------------------------------------------
# CLI


@pytest.fixture()
def cli_app(monkeypatch: pytest.MonkeyPatch, fake_engine: Any) -> typer.Typer:
    monkeypatch.setattr(batch_cli, "_engine_factory", lambda model: fake_engine)
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """reframer (test app)."""

    app.command("batch")(batch_cli.batch)
    return app


def test_cli_success(tmp_path: Path, cli_app: typer.Typer) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli_app, ["batch", str(DATA / "dayone"), str(DATA / "text"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Done: 7 entries read = 6 analysed + 1 empty + 0 skipped." in result.output
    assert listed(out) == OUT_NAMES
    assert "idiot" not in result.output  # no journal text on the terminal


def test_cli_options(tmp_path: Path, cli_app: typer.Typer) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli_app,
        [
            "batch",
            str(DATA / "csv" / "journal.csv"),
            "-o",
            str(out),
            "--format",
            "jsonl",
            "--from",
            "csv",
            "--text-col",
            "body",
            "--date-col",
            "written_at",
            "--id-col",
            "entry_id",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in read_jsonl(out / "entries.jsonl")] == [
        "w-001",
        "w-002",
        "w-003",
        "w-004",
    ]
    again = CliRunner().invoke(
        cli_app,
        [
            "batch",
            str(DATA / "csv" / "journal.csv"),
            "-o",
            str(out),
            "--format",
            "jsonl",
            "--text-col",
            "body",
            "--id-col",
            "entry_id",
            "--resume",
        ],
    )
    assert again.exit_code == 2 and "resume_mismatch" in again.output  # other options
    assert "--date-col" in again.output and "--from" in again.output
    again = CliRunner().invoke(
        cli_app,
        [
            "batch",
            str(DATA / "csv" / "journal.csv"),
            "-o",
            str(out),
            "--format",
            "jsonl",
            "--from",
            "csv",
            "--text-col",
            "body",
            "--date-col",
            "written_at",
            "--id-col",
            "entry_id",
            "--resume",
        ],
    )
    assert again.exit_code == 0 and "4 already done" in again.output


def test_cli_exit_1_when_something_was_skipped(tmp_path: Path, cli_app: typer.Typer) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip at all")
    result = CliRunner().invoke(
        cli_app, ["batch", str(broken), str(DATA / "jsonl"), "--out", str(tmp_path / "out")]
    )
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
def test_cli_usage_errors_exit_2(tmp_path: Path, cli_app: typer.Typer, args: list[str]) -> None:
    result = CliRunner().invoke(
        cli_app, ["batch", str(DATA / "jsonl"), "--out", str(tmp_path / "out"), *args]
    )
    assert result.exit_code == 2, result.output
    assert "Error: [" in result.output


def test_cli_unknown_format_and_missing_input_exit_2(tmp_path: Path, cli_app: typer.Typer) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    result = CliRunner().invoke(cli_app, ["batch", str(pdf), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "a.pdf: no journal format" in result.output
    result = CliRunner().invoke(
        cli_app, ["batch", str(pdf), "--from", "nonesuch", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2 and "unsupported_format" in result.output
    assert "dayone" in result.output and "daylio" in result.output
    result = CliRunner().invoke(
        cli_app, ["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2 and "no such file or folder" in result.output
    result = CliRunner().invoke(
        cli_app, ["batch", str(DATA / "obsidian"), "--out", str(DATA / "obsidian" / "out")]
    )
    assert result.exit_code == 2 and "inside the input folder" in result.output
    result = CliRunner().invoke(cli_app, ["batch", str(DATA / "jsonl")])
    assert result.exit_code == 2  # --out is required (Typer's own usage error)


def test_cli_ctrl_c_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_app: typer.Typer, fake_engine: Any
) -> None:
    monkeypatch.setattr(
        batch_cli, "_engine_factory", lambda model: InterruptingEngine(fake_engine, after=1)
    )
    result = CliRunner().invoke(
        cli_app, ["batch", str(DATA / "jrnl"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 130
    assert "Interrupted: " in result.output and "--resume" in result.output
    assert len(read_jsonl(tmp_path / "out" / "entries.jsonl")) == 1


def test_cli_help_lists_options(cli_app: typer.Typer) -> None:
    result = CliRunner().invoke(cli_app, ["batch", "--help"])
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


def test_utf16_and_from_on_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("id,date,text\n1,2026-04-01,Héllo wörld 🙂\n".encode("utf-16"))
    entries, problems = load(tmp_path / "a.csv")
    assert problems == [] and entries[0].text == "Héllo wörld 🙂"
    folder = tmp_path / "mixed"
    shutil.copytree(DATA / "jrnl", folder)
    entries, _ = load(folder, "text")  # --from text reads journal.txt as one plain entry
    assert [x.id for x in entries] == ["journal.txt"]
    note = tmp_path / "2026-04-05.md"
    note.write_bytes(b"---\r\ntags: [a]\r\n---\r\n## Prompt\r\nWritten on Windows.\r\n")
    entries, _ = load(note)
    assert [(x.tags, x.text) for x in entries] == [(("a",), "Written on Windows.")]
