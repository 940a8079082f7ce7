"""Detection by content, the registry, --from per input, fallback in order of confidence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from reframer.batch import Entry, ImportOptions, Problem, run_batch
from reframer.batch.importers import ALIASES, FORMATS
from reframer.batch.importers.detect import Job, parse_from, plan_input, plan_inputs
from reframer.batch.importers.registry import candidates, formats, read_with_fallback
from reframer.batch.sources import DirContainer
from reframer.errors import UnsupportedFormatError

from .helpers import MIXED


def test_every_format_is_registered_once_with_sniffer_help_and_example() -> None:
    registered = formats()
    assert list(FORMATS) == list(registered)
    assert {"enex", "docx", "notion", "keep", "joplin", "diarium", "apple"} <= set(FORMATS)
    for fmt in registered.values():
        assert fmt.help and fmt.example and fmt.suffixes and callable(fmt.detect)
        assert fmt.detect("empty", b"") == 0.0  # nothing to go on: no claim
    assert ALIASES["evernote"] == "enex" and ALIASES["obsidian"] == "daily-notes"


@pytest.mark.parametrize(
    ("rel", "fmt"),
    [
        ("jrnl/my.journal", "jrnl"),  # any name
        ("mislabelled/entries.csv", "jrnl"),  # a jrnl journal saved as .csv
        ("mislabelled/daylio_saved_as.txt", "daylio"),
        ("mislabelled/word_without_extension", "docx"),
        ("mislabelled/notes.json", "jsonl"),
        ("evernote/My Notes.enex", "enex"),
        ("keep/Takeout/Keep/Shopping.json", "keep"),
        ("diarium/diarium_export.json", "diarium"),
        ("joplin/export.jex", "joplin"),
        ("joplin/Notebook/Weekend.md", "joplin"),
        ("apple/Entries/2026-04-05.html", "apple"),
        ("apple/Notes/evening.txt", "apple"),
        ("daylio/daylio_semicolon.csv", "daylio"),
        ("csv/semicolons.csv", "csv"),
        ("dayone/Journal.json", "dayone"),
        ("obsidian/2026-04-05.md", "daily-notes"),
        ("text/note.txt", "text"),
    ],
)
def test_detected_by_content(rel: str, fmt: str) -> None:
    (job,) = plan_input(MIXED / rel)
    assert isinstance(job, Job) and job.fmt == fmt


def test_candidates_are_ordered_by_confidence() -> None:
    head = b"[2026-04-05 21:15] Hello.\n"
    assert [f for f, _ in candidates("x.txt", head)] == ["jrnl", "text"]
    assert [f for f, _ in candidates("photo.jpg", b"\xff\xd8\xff\x00")] == []


def test_next_candidate_reads_what_the_first_cannot(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Just words.", encoding="utf-8")
    container = DirContainer(tmp_path, only=["a.txt"])
    items = list(read_with_fallback(["docx", "text"], container, "a.txt", ImportOptions()))
    assert [type(i) for i in items] == [Entry] and items[0].source == "text:a.txt"  # type: ignore[union-attr]
    items = list(read_with_fallback(["docx"], container, "a.txt", ImportOptions()))
    assert [i.code for i in items if isinstance(i, Problem)] == ["corrupt_file"]


def test_from_per_input_and_for_all() -> None:
    assert parse_from(["jrnl:my.journal", "csv"]) == ("csv", {"my.journal": "jrnl"})
    assert parse_from(None) == (None, {})
    with pytest.raises(UnsupportedFormatError, match="unknown format 'nope'"):
        parse_from(["nope:my.journal"])
    odd = MIXED / "text" / "note.txt"
    plan = plan_inputs([odd, MIXED / "jrnl" / "my.journal"], [f"jsonl:{odd}"])
    assert [j.fmt for j in plan.jobs] == ["jsonl", "jrnl"]


def test_unrecognised_file_next_to_good_inputs_never_aborts(
    tmp_path: Path, fake_engine: Any
) -> None:
    weird = tmp_path / "notes.weird"
    weird.write_text("no format at all", encoding="utf-8")
    summary = run_batch(
        [MIXED / "jrnl" / "my.journal", weird, MIXED / "word" / "journal.docx"],
        tmp_path / "out",
        "jsonl",
        fake_engine,
        progress=False,
    )
    assert summary.exit_code == 1 and summary.analysed == 4
    assert summary.files_skipped == 1 and summary.problems[0].file == "notes.weird"
    assert summary.entries_read == summary.analysed + summary.empty + summary.entries_skipped


def test_skipped_files_inside_folders_are_counted_and_listed(
    tmp_path: Path, fake_engine: Any
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "2026-04-05.md").write_text("A note.", encoding="utf-8")
    (folder / "table.ods").write_bytes(b"PK\x03\x04 spreadsheet")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    summary = run_batch([folder], tmp_path / "out", "jsonl", fake_engine, progress=False)
    assert (summary.files_skipped, summary.attachments, summary.analysed) == (1, 1, 1)
    assert summary.problems[0].describe().startswith("export/table.ods: no journal format")


def test_cli_from_per_input(tmp_path: Path, run_batch_cli: Callable[..., Result]) -> None:
    log = tmp_path / "diary.log"
    log.write_text("[2026-04-05 21:15] Hello there.\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("A plain note.", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch_cli(
        str(log), str(notes), "-o", str(out), "--from", f"jrnl:{log}", "-f", "jsonl"
    )
    assert result.exit_code == 0, result.output
    sources = [json.loads(x)["source"] for x in (out / "entries.jsonl").read_text().splitlines()]
    assert sources == ["jrnl:diary.log", "text:notes.txt"]
    bad = run_batch_cli(str(notes), "-o", str(out), "--from", f"jrnl:{log}")
    assert bad.exit_code == 2 and "not among the inputs" in bad.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--delimiter", "ab"], "--delimiter must be one character"),
        (["--country", "xx"], "no shipped support resources for country 'xx'"),
    ],
)
def test_cli_bad_options_exit_2(
    tmp_path: Path, run_batch_cli: Callable[..., Result], args: list[str], message: str
) -> None:
    result = run_batch_cli(str(MIXED / "csv"), "-o", str(tmp_path / "o"), *args)
    assert result.exit_code == 2 and message in result.output


def test_cli_semicolon_csv_with_delimiter_option(
    tmp_path: Path, run_batch_cli: Callable[..., Result]
) -> None:
    out = tmp_path / "out"
    result = run_batch_cli(
        str(MIXED / "csv" / "semicolons.csv"), "-o", str(out), "--delimiter", "semicolon"
    )
    assert result.exit_code == 0, result.output
    assert "2 entries read = 2 analysed" in result.output


def test_cli_undecodable_path_argument_is_a_clean_error(
    tmp_path: Path, run_batch_cli: Callable[..., Result]
) -> None:
    bad = str(tmp_path / "caf\udce9.txt")  # an invalid UTF-8 byte in a command-line argument
    result = run_batch_cli(bad, "-o", str(tmp_path / "o"))
    assert result.exit_code == 2 and result.exception is not None  # typer.Exit, no traceback
    assert isinstance(result.exception, SystemExit)
    assert "no such file or folder" in result.output and "caf?.txt" in result.output
