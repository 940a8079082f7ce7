"""Bad input is reported and skipped, nothing else is lost, and inputs are never overwritten."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import Problem, run_batch
from reframer.batch.importers.detect import plan_input
from reframer.errors import InputError, TextTooLongError, UnsupportedFormatError
from reframer.schema import Analysis

from .helpers import (
    ALL_OUTPUTS,
    DATA,
    RecordingEngine,
    digest,
    load,
    read_jsonl,
    zip_folder,
)

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
