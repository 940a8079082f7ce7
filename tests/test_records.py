"""Thought records and corrections: the store, `reframer record` / `records` / `correct`, the
personal training data, `train --from-corrections` wiring and `POST /v1/feedback`.

Every test points REFRAMER_DATA_DIR at its own tmp_path and uses FakeEngine (harsh: "idiot",
crisis: "want to die")."""

from __future__ import annotations

import csv
import json
import logging
import os
import sqlite3
import stat
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

import reframer.records.cli as records_cli
from reframer.cli import app
from reframer.errors import StoreError
from reframer.records import (
    SCHEMA_VERSION,
    Correction,
    Store,
    ThoughtRecord,
    build_personal_data,
    compute_stats,
    correction_rows,
    load_corrections,
    records_for_entries,
)
from reframer.records.store import FILE_NAME, MIGRATIONS
from reframer.testing import FakeEngine
from reframer.training.dataset import load_rows

THOUGHT = "I'm such an idiot for forgetting QUOKKA-5521."
OFFERED = "I made a mistake; that does not make me an idiot."
runner = CliRunner()


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("REFRAMER_DATA_DIR", str(folder))
    monkeypatch.setattr(records_cli, "_engine_factory", lambda model: FakeEngine())
    return folder


def invoke(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---- the store --------------------------------------------------------------------------------


def test_store_file_is_owner_only_and_versioned(tmp_path: Path) -> None:
    with Store(tmp_path / "new" / FILE_NAME) as store:
        assert store.version == SCHEMA_VERSION == 2
        assert mode(store.path) == 0o600
        assert mode(store.path.parent) == 0o700
        assert THOUGHT not in repr(store)


def test_migrates_a_v1_store_keeping_its_records(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute(
        "INSERT INTO records (created, situation, thought, belief_before, traps, reframe, "
        "reframe_source, strategy, belief_after, model_version) "
        "VALUES ('2026-01-05T10:00:00Z', 'work', ?, 70, '[\"labeling\"]', 'kinder', 'own', NULL, "
        "30, 'v1-model')",
        (THOUGHT,),
    )
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.version == 2
        [old] = store.records()
        assert (old.thought, old.belief_change, old.traps, old.entry_id) == (
            THOUGHT,
            40,
            ["labeling"],
            None,
        )
        store.add_correction(Correction(kind="not_self_critical", sentence="Fine day."))
        assert [c.kind for c in store.corrections()] == ["not_self_critical"]
        store.add_record(ThoughtRecord(thought="x", belief_before=1, entry_id="e1"))
        assert [r.id for r in store.records_for_entry_ids(["e1"])] == [2]


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda p: sqlite3.connect(p).execute("PRAGMA user_version = 99"), "store_error"),
        (lambda p: p.write_bytes(b"not a database at all, just some bytes" * 50), "store_error"),
    ],
)
def test_refuses_newer_or_foreign_files(tmp_path: Path, setup: Any, code: str) -> None:
    path = tmp_path / FILE_NAME
    setup(path)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.code == code


def test_deleted_text_does_not_stay_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with Store(path) as store:
        one = store.add_record(ThoughtRecord(thought="PANGOLIN-one", belief_before=5))
        store.add_record(ThoughtRecord(thought="PANGOLIN-two", belief_before=5))
        store.add_correction(Correction(kind="self_critical", sentence="PANGOLIN-three"))
        assert b"PANGOLIN-one" in path.read_bytes()
        store.delete_record(one.id or 0)
        assert b"PANGOLIN-one" not in path.read_bytes()  # secure_delete
        with pytest.raises(StoreError):
            store.delete_record(one.id or 0)
        assert store.delete_all() == (1, 1)
    assert b"PANGOLIN" not in path.read_bytes()
    with Store(tmp_path / "empty.sqlite3") as empty:  # vacuumed: as small as a new store
        assert path.stat().st_size == empty.path.stat().st_size


# ---- `reframer record` and `records ...` end to end ---------------------------------------------


def test_record_option_form_end_to_end(data_dir: Path, tmp_path: Path) -> None:
    form = ["record", "--situation", "Team meeting", "--thought", THOUGHT, "--belief", "80"]
    res = invoke(*form, "--choose", "1", "--belief-after", "35", "--save")
    assert res.exit_code == 0, res.output
    own = ["--traps", "", "--own", "Everyone forgets things.", "--belief-after", "50"]
    res = invoke(*form, *own, input="y\n")  # --save not given: the answer comes from the input
    assert res.exit_code == 0, res.output
    assert "Saved record 2" in res.output
    store_file = data_dir / FILE_NAME
    assert mode(store_file) == 0o600
    with Store(store_file) as store:
        first, second = store.records()
    assert first.model_dump(exclude={"created"}) == {
        "id": 1,
        "situation": "Team meeting",
        "thought": THOUGHT,
        "belief_before": 80,
        "traps": ["labeling"],
        "reframe": OFFERED,
        "reframe_source": "offered",
        "strategy": "evidence",
        "belief_after": 35,
        "model_version": "fake-0",
        "entry_id": None,
    }
    assert (second.traps, second.reframe_source, second.belief_change) == ([], "own", 30)

    stats = json.loads(invoke("records", "stats", "--format", "json").output)
    assert (stats["records"], stats["mean_change"]) == (2, 37.5)
    assert stats["helped_most"][0]["reframe"] == OFFERED  # a drop of 45 beats 30
    assert stats["periods"][0]["traps"] == {"labeling": 1}

    text = invoke("records", "stats").output
    assert "2 records, 2 rated before and after" in text and "belief change -37.5" in text
    assert text.index(OFFERED) > text.index("Reframes that helped most")

    out = tmp_path / "export.jsonl"
    assert invoke("records", "export", str(out)).exit_code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(x["type"], x["id"]) for x in lines] == [("record", 1), ("record", 2)]
    assert mode(out) == 0o600
    table = tmp_path / "export.csv"
    assert invoke("records", "export", str(table), "--format", "csv").exit_code == 0
    rows = list(csv.DictReader(table.open()))
    assert [r["thought"] for r in rows] == [THOUGHT, THOUGHT] and rows[0]["traps"] == "labeling"

    shown = invoke("records", "show", "1")
    assert OFFERED in shown.output and "80 → 35" in shown.output
    res = invoke("records", "delete", "--all", input="y\n")
    assert res.exit_code == 0 and "Deleted 2 records" in res.output
    assert b"QUOKKA" not in store_file.read_bytes()
    assert "No records yet" in invoke("records", "list").output


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["records", "show", "7"], 1, "record_not_found"),
        (["records", "delete", "7"], 1, "record_not_found"),
        (["records", "delete"], 2, "give a record id, or --all"),
        (["records", "delete", "1", "--all"], 2, "give a record id, or --all"),
        (["records", "export", "--format", "csv", "--what", "corrections"], 0, "kind,sentence"),
        (["records", "stats"], 0, "No records yet"),
    ],
)
def test_records_commands_on_a_store_without_that_record(
    data_dir: Path, args: list[str], code: int, says: str
) -> None:
    assert (
        invoke(
            "record",
            "--thought",
            "Fine.",
            "--belief",
            "5",
            "--own",
            "ok",
            "--situation",
            "",
            "--traps",
            "",
            "--belief-after",
            "5",
            "--save",
        ).exit_code
        == 0
    )
    if args[1] == "stats":
        invoke("records", "delete", "--all", "--yes")
    res = invoke(*args)
    assert res.exit_code == code and says in res.output, res.output


def test_record_plain_prompts_edit_a_rewrite(data_dir: Path) -> None:
    answers = "At lunch\n" + THOUGHT + "\n90\n\n1\nI slipped up, and I can fix it.\n20\ny\n"
    res = invoke("record", input=answers)
    assert res.exit_code == 0, res.output
    assert "Rewrites you could keep" in res.output and OFFERED in res.output
    with Store(data_dir / FILE_NAME) as store:
        [rec] = store.records()
    assert (rec.reframe, rec.reframe_source, rec.belief_before, rec.belief_after) == (
        "I slipped up, and I can fix it.",
        "edited",
        90,
        20,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--no-save"],  # said no
        [],  # not asked to save, and the input ended: the default is no
    ],
)
def test_nothing_is_stored_unless_the_writer_saves(data_dir: Path, args: list[str]) -> None:
    res = invoke(
        "record",
        "--thought",
        THOUGHT,
        "--belief",
        "60",
        "--choose",
        "1",
        "--belief-after",
        "20",
        "--situation",
        "",
        *args,
        input="",
    )
    assert res.exit_code == 0, res.output
    assert "Nothing saved" in res.output
    assert invoke("records", "list").exit_code == 0
    assert not (data_dir / FILE_NAME).exists()


@pytest.mark.parametrize("where", ["--thought", "--situation"])
def test_risk_language_gets_support_and_no_rewrite(data_dir: Path, where: str) -> None:
    text = "I just want to die, I'm an idiot."
    other = "--situation" if where == "--thought" else "--thought"
    res = invoke("record", where, text, other, THOUGHT, "--belief", "90", "--save")
    assert res.exit_code == 0, res.output
    assert "That sounds really heavy." in res.output and "988" in res.output
    assert "Rewrites" not in res.output and OFFERED not in res.output
    assert not (data_dir / FILE_NAME).exists()


def test_missing_answer_off_a_terminal_names_the_option(data_dir: Path) -> None:
    res = invoke("record", "--situation", "x", input="")
    assert res.exit_code == 2
    assert "--thought" in res.output


def test_records_are_never_logged(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    invoke(
        "record",
        "--thought",
        THOUGHT,
        "--belief",
        "70",
        "--choose",
        "1",
        "--belief-after",
        "30",
        "--situation",
        "QUOKKA situation",
        "--save",
    )
    invoke("records", "list")
    invoke("records", "stats")
    assert "QUOKKA" not in caplog.text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_record_through_a_pty_uses_rich_prompts(data_dir: Path) -> None:
    import pty
    import select
    import subprocess

    script = (
        "import reframer.records.cli as rc; from reframer.testing import FakeEngine; "
        "rc._engine_factory = lambda m: FakeEngine(); from reframer.cli import app; "
        "app(['record'])"
    )
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "dumb", "COLUMNS": "200"},
        cwd=Path(__file__).parent.parent,
    )
    os.close(slave)
    answers = iter(["Bus", THOUGHT, "75", "", "1", "", "25", "y"])
    seen = b""
    prompts = [
        b"Situation",
        b"Thought",
        b"believe it",
        b"Traps",
        b"Choose",
        b"Edit",
        b"now",
        b"Save",
    ]
    while proc.poll() is None or select.select([master], [], [], 0)[0]:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        seen += chunk
        while prompts and prompts[0] in seen.split(b"\n")[-1]:
            prompts.pop(0)
            os.write(master, (next(answers) + "\n").encode())
    proc.wait(timeout=30)
    os.close(master)
    assert proc.returncode == 0, seen.decode(errors="replace")
    assert not prompts
    assert b"(labeling)" in seen  # rich shows a default in parentheses; plain prompts in [ ]
    with Store(data_dir / FILE_NAME) as store:
        [rec] = store.records()
    assert (rec.traps, rec.reframe) == (["labeling"], OFFERED)  # Enter kept the defaults
    assert (rec.situation, rec.belief_before, rec.belief_after, rec.reframe_source) == (
        "Bus",
        75,
        25,
        "offered",
    )


# ---- stats ---------------------------------------------------------------------------------------


def _rec(
    day: str, before: int, after: int | None, reframe: str | None = None, **kw: Any
) -> ThoughtRecord:
    return ThoughtRecord(
        created=f"{day}T09:00:00Z",
        thought="t",
        belief_before=before,
        belief_after=after,
        reframe=reframe,
        reframe_source="own" if reframe else None,
        **kw,
    )


def test_stats_over_time_and_what_helped() -> None:
    records = [
        _rec("2026-03-02", 80, 60, "A", traps=["labeling"]),
        _rec("2026-03-03", 90, 30, "B", traps=["labeling", "overgeneralization"]),
        _rec("2026-03-10", 70, 60, "a", traps=["comparison"]),
        _rec("2026-04-01", 50, None),
    ]
    votes = [Correction(kind="rewrite_helped", sentence="t", rewrite="B")]
    s = compute_stats(records, votes)
    assert [(p.period, p.records, p.mean_change) for p in s.periods] == [
        ("2026-W10", 2, 40.0),
        ("2026-W11", 1, 10.0),
        ("2026-W14", 1, None),
    ]
    assert s.periods[0].traps == {"labeling": 2, "overgeneralization": 1}
    assert [(h.reframe, h.uses, h.mean_change, h.helped_votes) for h in s.helped_most] == [
        ("B", 1, 60.0, 1),
        ("a", 2, 15.0, 0),
    ]  # "A" and "a" are one reframe
    assert (s.records, s.rated_twice, s.mean_change) == (4, 3, 30.0)
    assert [p.period for p in compute_stats(records, by="month").periods] == ["2026-03", "2026-04"]


# ---- corrections and personal training data --------------------------------------------------------


@pytest.mark.parametrize(
    ("corrections", "expected"),
    [
        ([("not_self_critical", "Pizza again.", None, [])], [("Pizza again.", 0, [])]),
        (
            [
                ("not_self_critical", "I'm lazy.", None, []),
                ("self_critical", "i'm  LAZY.", None, ["labeling"]),
            ],
            [("i'm  LAZY.", 1, ["labeling"])],  # the latest word wins; same sentence
        ),
        (
            [("trap_wrong", "I always fail.", "labeling", ["labeling", "overgeneralization"])],
            [("I always fail.", 1, ["overgeneralization"])],
        ),
        ([("self_critical", "I want to die, I'm useless.", None, [])], []),  # risk: never a row
        ([("rewrite_helped", "I'm lazy.", None, [])], []),  # votes do not train the classifier
    ],
)
def test_correction_rows(corrections: list[tuple[Any, ...]], expected: list[Any]) -> None:
    items = [
        Correction(
            kind=k, sentence=s, trap=t, traps=ts, rewrite="r" if k.startswith("rewrite") else None
        )
        for k, s, t, ts in corrections
    ]
    rows, _ = correction_rows(items, weight=3.0)
    assert [(r["text"], r["self_critical"], r["traps"]) for r in rows] == expected
    assert all(r["weight"] == 3.0 and r["split"] == "train" and r["crisis"] == 0 for r in rows)


def test_build_personal_data_mixes_and_replaces(tmp_path: Path) -> None:
    base = tmp_path / "base.jsonl"
    base.write_text(
        "".join(
            json.dumps({"text": t, "self_critical": y, "traps": [], "crisis": 0, "split": s}) + "\n"
            for t, y, s in [
                ("I'm lazy.", 1, "train"),
                ("Nice walk.", 0, "test"),
                ("Ok.", 0, "validation"),
            ]
        )
    )
    out = tmp_path / "mine" / "personal.jsonl"
    summary = build_personal_data(
        [Correction(kind="not_self_critical", sentence="I'm  lazy.")], base, out, weight=5.0
    )
    assert (summary["corrections"], summary["base_rows"], summary["base_rows_replaced"]) == (
        1,
        2,
        1,
    )
    assert mode(out) == 0o600
    rows = load_rows(out)  # a valid training file
    assert [(r["text"], r["self_critical"], r["weight"]) for r in rows] == [
        ("Nice walk.", 0, 1.0),
        ("Ok.", 0, 1.0),
        ("I'm  lazy.", 0, 5.0),
    ]


def test_load_corrections_reads_exports_and_labelled_rows(data_dir: Path, tmp_path: Path) -> None:
    assert (
        invoke("correct", "I'm an idiot.", "--kind", "trap-wrong", "--trap", "labeling").exit_code
        == 0
    )
    assert invoke("correct", "Nice walk.", "--kind", "not-self-critical").exit_code == 0
    out = tmp_path / "c.jsonl"
    assert invoke("records", "export", str(out), "--what", "corrections").exit_code == 0
    got = load_corrections(out)
    assert [(c.kind, c.trap, c.traps, c.model_version) for c in got] == [
        ("trap_wrong", "labeling", ["labeling"], "fake-0"),
        ("not_self_critical", None, [], None),
    ]
    labelled = tmp_path / "l.jsonl"
    labelled.write_text(
        json.dumps({"text": "I'm bad.", "self_critical": 1, "traps": ["labeling"], "kind": "x"})
        + "\n"
    )
    assert [(c.kind, c.traps) for c in load_corrections(labelled)] == [
        ("self_critical", ["labeling"])
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "trap-wrong"], "names the trap"),
        (["--kind", "rewrite-helped"], "gives the rewrite"),
        (["--kind", "trap-wrong", "--trap", "nonsense"], "trap"),
    ],
)
def test_correct_refuses_incomplete_corrections(
    data_dir: Path, args: list[str], message: str
) -> None:
    res = invoke("correct", "QUOKKA sentence.", *args)
    assert res.exit_code == 2 and message in res.output and "QUOKKA" not in res.output
    assert not (data_dir / FILE_NAME).exists()


def test_train_from_corrections_builds_data_and_trains_a_personal_copy(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reframer.training.card
    import reframer.training.train

    calls: dict[str, Any] = {}

    def fake_train(data: Path, out: Path, **kw: Any) -> Any:
        calls["rows"] = load_rows(data)
        calls["out"], calls["version"] = Path(out), kw["model_version"]
        return SimpleNamespace(model_version=kw["model_version"], threshold=0.5, temperature=1.0)

    monkeypatch.setattr(reframer.training.train, "train", fake_train)
    monkeypatch.setattr(reframer.training.card, "write_card", lambda out, data: out / "README.md")
    assert invoke("train", "--from-corrections").exit_code == 1  # nothing to learn from yet
    invoke("correct", "I skipped the gym.", "--kind", "self-critical")
    base = tmp_path / "base.jsonl"
    base.write_text(
        "".join(
            json.dumps({"text": f"Line {i}.", "self_critical": i % 2}) + "\n" for i in range(30)
        )
    )
    res = invoke(
        "train",
        "--from-corrections",
        "--data",
        str(base),
        "--no-optimize",
        "--correction-weight",
        "6",
    )
    assert res.exit_code == 0, res.output
    mine = [r for r in calls["rows"] if r.get("source") == "correction"]
    assert [(r["text"], r["self_critical"], r["weight"]) for r in mine] == [
        ("I skipped the gym.", 1, 6.0)
    ]
    assert len(calls["rows"]) == 31 and all("split" in r for r in calls["rows"])
    assert calls["out"] == data_dir / "personal-model"
    assert calls["version"].startswith("reframer-minilm-personal-")
    assert f"--model {data_dir / 'personal-model'}" in res.output


# ---- batch hook ----------------------------------------------------------------------------------


def test_records_for_entries(tmp_path: Path) -> None:
    assert records_for_entries(None, [("e1", "text")]) == {}
    with Store(tmp_path / FILE_NAME) as store:
        linked = store.add_record(
            ThoughtRecord(thought="Other words.", belief_before=50, entry_id="e2")
        )
        copied = store.add_record(ThoughtRecord(thought="i  am an IDIOT.", belief_before=60))
        store.add_record(ThoughtRecord(thought="Unrelated.", belief_before=10))
        got = records_for_entries(
            store, [("e1", "Long day. I am an idiot. Bed."), ("e2", "x"), ("e3", "y")]
        )
    assert {k: [r.id for r in v] for k, v in got.items()} == {"e1": [copied.id], "e2": [linked.id]}


# ---- POST /v1/feedback ------------------------------------------------------------------------------


def _client(tmp_path: Path, **settings: Any) -> Any:
    from fastapi.testclient import TestClient

    from reframer.service.main import create_app
    from reframer.settings import Settings

    s = Settings(api_key=None, cors_origins=[], data_dir=tmp_path, **settings)
    return TestClient(create_app(s, engine_factory=lambda _: FakeEngine()))


def test_feedback_is_off_unless_enabled(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        res = client.post("/v1/feedback", json={"kind": "self_critical", "sentence": "I'm bad."})
    assert res.status_code == 404 and res.json()["error"]["code"] == "feedback_disabled"
    assert not (tmp_path / FILE_NAME).exists()


def test_feedback_saves_corrections(tmp_path: Path) -> None:
    with _client(tmp_path, feedback_enabled=True) as client:
        ok = client.post(
            "/v1/feedback",
            json={
                "kind": "trap_wrong",
                "sentence": "I always fail.",
                "trap": "labeling",
                "traps": ["labeling"],
            },
        )
        missing = client.post("/v1/feedback", json={"kind": "trap_wrong", "sentence": "QUOKKA."})
        unknown = client.post("/v1/feedback", json={"kind": "nope", "sentence": "QUOKKA."})
    assert ok.status_code == 201 and ok.json() == {"id": 1, "kind": "trap_wrong"}
    for bad in (missing, unknown):
        assert bad.status_code == 422 and "QUOKKA" not in bad.text
    with Store(tmp_path / FILE_NAME) as store:
        [saved] = store.corrections()
    assert (saved.sentence, saved.trap, saved.traps) == ("I always fail.", "labeling", ["labeling"])


# ---- benchmarks/personal_model.py (training replaced by a stub; the real run is the lead's) --------


def test_personal_model_benchmark_wiring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "personal_model", Path(__file__).parent.parent / "benchmarks" / "personal_model.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    trained: list[Path] = []
    monkeypatch.setattr(bench, "train_copy", lambda data, out, *a: trained.append(data) or 1.0)
    # the "personal" model flags one more sentence than the base: a held-out error fixed
    monkeypatch.setattr(
        bench,
        "load_engine",
        lambda model: FakeEngine(harsh="idiot|useless" if model else "idiot"),
    )
    rows = [("I'm an idiot.", 1), ("I'm useless at this.", 1), ("Nice walk.", 0)]
    heldout = tmp_path / "heldout.jsonl"
    heldout.write_text("".join(json.dumps({"text": t, "self_critical": y}) + "\n" for t, y in rows))
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(json.dumps({"text": "I'm useless.", "self_critical": 1}) + "\n")
    base = tmp_path / "base.jsonl"
    base.write_text(json.dumps({"text": "Fine.", "self_critical": 0, "split": "train"}) + "\n")
    report = tmp_path / "report.json"
    args = [
        "--corrections",
        str(corrections),
        "--heldout",
        str(heldout),
        "--base-data",
        str(base),
        "--work",
        str(tmp_path / "w"),
        "--report",
        str(report),
    ]
    assert bench.main(args) == 0
    got = json.loads(report.read_text())
    assert (got["base"]["errors"], got["base"]["false_negatives"]) == (1, 1)
    [personal] = got["personal"]
    assert (personal["n"], personal["errors"], personal["crisis_floor_kept"]) == (1, 0, True)
    assert [load_rows(p)[-1]["text"] for p in trained] == ["I'm useless."]
    overlap = tmp_path / "overlap.jsonl"
    overlap.write_text(json.dumps({"text": "Nice walk.", "self_critical": 0}) + "\n")
    assert bench.main([*args[:1], str(overlap), *args[2:]]) == 2
