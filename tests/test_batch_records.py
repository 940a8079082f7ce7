"""`reframer batch --records`: the writer's saved thought records next to their entries in every
output (JSONL and CSV fields added, Markdown and the report show them), only when asked for,
never in the summary or logs. Stores live in tmp_path; the engine is FakeEngine."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reframer.batch import cli as batch_cli
from reframer.batch import run_batch
from reframer.batch.records_view import RECORD_COLUMNS
from reframer.batch.writers import CSV_COLUMNS
from reframer.cli import app
from reframer.records import RecordIndex, Store, ThoughtRecord
from reframer.records.store import FILE_NAME
from reframer.testing import FakeEngine

ENTRIES = [
    {
        "id": "e1",
        "date": "2026-03-02",
        "text": "Demo day. I'm such an idiot for QUOKKA-5521. Lunch.",
    },
    {"id": "e2", "date": "2026-03-03", "text": "Quiet day. I am  HOPELESS at PLATYPUS-3 again."},
    {"id": "e3", "date": "2026-03-04", "text": "I want to die. I'm an idiot about BILBY-2."},
    {"id": "e4", "date": "2026-03-05", "text": "Nothing to see here."},
]
SECRETS = ("WOMBAT-11", "ECHIDNA-7", "KOALA-9", "QUOKKA-5521", "PLATYPUS-3", "BILBY-2")
runner = CliRunner()


def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal" / "entries.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps(e) + "\n" for e in ENTRIES), encoding="utf-8")
    return path


def fill(store: Store) -> list[ThoughtRecord]:
    return [
        store.add_record(
            ThoughtRecord(
                situation="Demo crashed WOMBAT-11",
                thought="I'm such an idiot for QUOKKA-5521.",
                belief_before=85,
                traps=["labeling"],
                reframe="Demos crash for everyone ECHIDNA-7.",
                reframe_source="own",
                belief_after=40,
                entry_id="e1",
            )
        ),
        # no entry id: found by its thought in the entry's text (case and spacing ignored)
        store.add_record(ThoughtRecord(thought="i am hopeless at platypus-3", belief_before=70)),
        store.add_record(
            ThoughtRecord(
                thought="I'm an idiot about BILBY-2.",
                belief_before=60,
                reframe="KOALA-9 is a kinder view.",
                reframe_source="edited",
                belief_after=50,
                entry_id="e3",
            )
        ),
    ]


@pytest.fixture()
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "data" / FILE_NAME) as opened:
        fill(opened)
        yield opened


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_record_index_links_by_id_then_by_text(store: Store) -> None:
    index = RecordIndex.from_store(store)
    assert len(index) == 3 and "QUOKKA" not in repr(index)
    assert [r.belief_before for r in index.for_entry("e1", "unrelated")] == [85]
    assert [r.belief_before for r in index.for_entry("x", "So: I am hopeless at Platypus-3!")] == [
        70
    ]
    assert index.for_entry("e4", ENTRIES[3]["text"]) == []
    assert RecordIndex.from_store(None).for_entry("e1", "I am hopeless at platypus-3") == []


def test_every_output_shows_the_records_of_each_entry(tmp_path: Path, store: Store) -> None:
    out = tmp_path / "out"
    index = RecordIndex.from_store(store)
    summary = run_batch(
        [journal(tmp_path)], out, "jsonl,csv,md,html", FakeEngine(), progress=False, records=index
    )
    assert summary.records == 3 and "3 saved thought records shown" in "\n".join(summary.lines())
    assert not any(s in "\n".join(summary.lines()) for s in SECRETS)

    lines = {r["id"]: r for r in read_jsonl(out / "entries.jsonl")}
    assert list(lines["e1"])[-2:] == ["analysis", "records"]  # added after the contract
    e1 = lines["e1"]["records"]
    assert len(e1) == 1 and e1[0]["situation"] == "Demo crashed WOMBAT-11"
    assert (e1[0]["belief_before"], e1[0]["belief_after"], e1[0]["reframe_source"]) == (
        85,
        40,
        "own",
    )
    assert [r["belief_before"] for r in lines["e2"]["records"]] == [70]
    assert lines["e3"]["records"][0]["reframe"] == "KOALA-9 is a kinder view."  # data: all of it
    assert lines["e4"]["records"] == []

    rows = read_csv(out / "sentences.csv")
    assert tuple(rows[0]) == CSV_COLUMNS + RECORD_COLUMNS
    marked = {r["sentence"]: r for r in rows if r["record_ids"]}
    assert set(marked) == {
        "I'm such an idiot for QUOKKA-5521.",
        "I am  HOPELESS at PLATYPUS-3 again.",
        "I'm an idiot about BILBY-2.",
    }
    first = marked["I'm such an idiot for QUOKKA-5521."]
    assert (first["record_situations"], first["record_reframes"]) == (
        "Demo crashed WOMBAT-11",
        "Demos crash for everyone ECHIDNA-7.",
    )
    assert (first["belief_before"], first["belief_after"]) == ("85", "40")
    assert marked["I am  HOPELESS at PLATYPUS-3 again."]["belief_after"] == ""

    md = (out / "annotated.md").read_text(encoding="utf-8")
    e1_md = md[md.index("id e1") : md.index("id e2")]
    assert "> **Your thought record** (#1, saved " in e1_md
    assert "> *Situation:* Demo crashed WOMBAT-11  \n" in e1_md
    assert "> *Reframe you kept:* “Demos crash for everyone ECHIDNA-7.” (your own)" in e1_md
    assert "> *Belief:* 85 → 40" in e1_md
    e3_md = md[md.index("id e3") : md.index("id e4")]
    assert "I'm an idiot about BILBY-2." in e3_md and "KOALA-9" not in md  # crisis: no reframe
    assert "thought record" not in md[md.index("id e4") :]

    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="records"') :]
    assert "3 saved thought records from 3 entries; belief fell by 28 points on average" in section
    assert "Demos crash for everyone ECHIDNA-7." in section and "Belief 85 → 40" in section
    assert "KOALA-9" not in html and "Situation: Demo crashed WOMBAT-11" in section


def test_without_records_the_outputs_are_as_before(tmp_path: Path, store: Store) -> None:
    out = tmp_path / "out"
    summary = run_batch([journal(tmp_path)], out, "jsonl,csv,md,html", FakeEngine(), progress=False)
    assert summary.records is None and "thought record" not in "\n".join(summary.lines())
    assert all("records" not in r for r in read_jsonl(out / "entries.jsonl"))
    assert tuple(read_csv(out / "sentences.csv")[0]) == CSV_COLUMNS
    for name in ("annotated.md", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "WOMBAT-11" not in text and "thought record" not in text


def test_resume_gives_carried_over_entries_their_records(tmp_path: Path, store: Store) -> None:
    src, out = journal(tmp_path), tmp_path / "out"
    run_batch([src], out, "jsonl", FakeEngine(), progress=False)
    index = RecordIndex.from_store(store)
    summary = run_batch(
        [src], out, "jsonl", FakeEngine(), progress=False, resume=True, records=index
    )
    assert summary.already_done == 4 and summary.records == 3
    lines = {r["id"]: r for r in read_jsonl(out / "entries.jsonl")}
    assert [len(lines[i]["records"]) for i in ("e1", "e2", "e3", "e4")] == [1, 1, 1, 0]


@pytest.fixture()
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("REFRAMER_DATA_DIR", str(folder))
    monkeypatch.setattr(batch_cli, "_engine_factory", lambda model: FakeEngine())
    return folder


@pytest.mark.parametrize("flag", [True, False])
def test_cli_records_are_opt_in_and_never_logged(
    tmp_path: Path, cli_env: Path, flag: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with Store(cli_env / FILE_NAME) as opened:
        fill(opened)
    out = tmp_path / "out"
    args = ["batch", str(journal(tmp_path)), "--out", str(out), "--format", "jsonl,md"]
    with caplog.at_level(logging.DEBUG):
        res = runner.invoke(app, args + (["--records"] if flag else []))
    assert res.exit_code == 0, res.output
    assert ("3 saved thought records shown with their entries." in res.output) is flag
    assert ("WOMBAT-11" in (out / "annotated.md").read_text(encoding="utf-8")) is flag
    assert not any(s in res.output or s in caplog.text for s in SECRETS)


def test_cli_records_without_a_store(tmp_path: Path, cli_env: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["batch", str(journal(tmp_path)), "--out", str(out), "--format", "jsonl", "--records"]
    )
    assert res.exit_code == 0, res.output
    assert "no thought records saved yet" in res.output and not cli_env.exists()  # not created
    assert all(r["records"] == [] for r in read_jsonl(out / "entries.jsonl"))
