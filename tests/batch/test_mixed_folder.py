"""One `reframer batch` call over 57 fixture exports of every format, broken, mislabelled and
mixed-up files included: every entry is accounted for, every skip is named, inputs unchanged."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from reframer.batch.importers import FORMATS

from .helpers import MIXED


def _digests() -> dict[str, str]:
    return {
        str(p.relative_to(MIXED)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(MIXED.rglob("*"))
        if p.is_file()
    }


def test_fixture_folder_has_every_format() -> None:
    files = [p for p in MIXED.rglob("*") if p.is_file()]
    assert len(files) >= 40


def test_one_batch_call_accounts_for_every_entry(
    tmp_path: Path, run_batch_cli: Callable[..., Result]
) -> None:

    before = _digests()
    out = tmp_path / "out"
    result = run_batch_cli(str(MIXED), "-o", str(out))
    assert result.exit_code == 1, result.output  # something was skipped
    assert _digests() == before  # inputs unchanged
    head = result.output.splitlines()[0]
    assert head == (
        "Done: 62 entries read = 53 analysed + 2 empty + 7 skipped; "
        "6 files could not be read, 7 attachments ignored, 2 warnings."
    )
    records = [json.loads(line) for line in (out / "entries.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == 53  # every analysed entry (the 2 empty ones are counted, not written)
    by_format = Counter(r["source"].split(":", 1)[0] for r in records)
    assert set(by_format) == set(FORMATS)  # every registered format read at least one entry
    assert by_format == {
        "jrnl": 7,
        "csv": 6,
        "dayone": 5,
        "docx": 5,
        "jsonl": 4,
        "daily-notes": 4,
        "notion": 3,
        "daylio": 3,
        "joplin": 3,
        "keep": 3,
        "apple": 2,
        "enex": 2,
        "diarium": 2,
        "journey": 2,
        "text": 1,
        "diaro": 1,
    }
    skipped = [
        line.strip() for line in result.output.splitlines() if line.strip().startswith("- skipped:")
    ]
    assert len(skipped) == 13  # 7 entries + 6 files, each named with its reason
    for name, code in [
        ("broken.zip", "corrupt_zip"),
        ("broken/spreadsheet.numbers", "unsupported_format"),
        ("broken/unknown.xyz", "unsupported_format"),
        ("broken/bad.enex", "invalid_xml"),
        ("broken/corrupt.docx", "corrupt_file"),
        ("broken/truncated.json", "invalid_json"),
        ("broken/latin1.txt", "undecodable"),
        ("broken/malformed_entries.json (entry 2)", "malformed_entry"),
        ("broken/short_rows.csv (row 2)", "malformed_entry"),
    ]:
        assert any(name in line and f"[{code}]" in line for line in skipped), name
    assert sum("[duplicate_id]" in line for line in skipped) == 4
    html = (out / "report.html").read_text("utf-8")
    assert 'id="skipped"' in html and "corrupt.docx" in html  # the report names skips too
    assert "idiot" not in result.output  # no journal text on the terminal


def test_metadata_reaches_the_outputs(tmp_path: Path, run_batch_cli: Callable[..., Result]) -> None:
    out = tmp_path / "out"
    run_batch_cli(str(MIXED), "-o", str(out))
    recs = {
        r["id"]: r for r in map(json.loads, (out / "entries.jsonl").read_text("utf-8").splitlines())
    }
    assert (recs["D1A"]["starred"], recs["D1A"]["location"]) == (True, "Home")
    assert recs["dr1"]["mood"] == "2" and recs["dr1"]["location"] == "Office"
    assert recs["obsidian/2026-04-05.md"]["mood"] == "low"
    assert recs["daylio:2026-04-07T21:40:00"]["mood"] == "meh"
    assert recs["keep:Monday thoughts"]["starred"] is True
    text = (out / "entries.jsonl").read_text("utf-8") + (out / "sentences.csv").read_text("utf-8")
    for coordinate in ("51.5", "-0.1", "52.5", "13.4", "48.1", "11.5"):
        assert coordinate not in text  # place names only, never coordinates
    header = (out / "sentences.csv").read_text("utf-8").splitlines()[0]
    assert header.endswith("tags,mood,starred,location")
