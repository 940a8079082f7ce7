"""reframer.integrations.ray: rows and the map_batches class (pyarrow only), and, marked slow, a
local Ray cluster (10,000 generated entries) whose output equals ``reframer batch``'s for the same input, entry for entry.

Skipped cleanly without the extra (``pip install -e ".[ray]"``).
"""

from __future__ import annotations

import functools
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import Entry, run_batch
from reframer.batch.writers import JsonlWriter
from reframer.errors import InputError, ModelError
from reframer.testing import FakeEngine

pa = pytest.importorskip("pyarrow", reason="needs the ray extra: pip install -e '.[ray]'")

from reframer.integrations.ray.analyze import AnalyzeEntries, analyse_rows  # noqa: E402
from reframer.integrations.ray.rows import (  # noqa: E402
    ENTRY_SCHEMA,
    RESULT_SCHEMA,
    entry_row,
    result_line,
    success_row,
)

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400  # FakeEngine's max_chars in these tests: longer entries are rejected per entry


def make_entry(text: str, **kw: Any) -> Entry:
    base: dict[str, Any] = {
        "id": "e1",
        "date": "2024-03-01",
        "timezone": None,
        "source": "jsonl:x.jsonl",
        "title": None,
        "tags": (),
        "text": text,
    }
    return Entry(**(base | kw))


@pytest.mark.parametrize(
    "entry",
    [
        make_entry("Long day. I'm such an idiot."),
        make_entry('She said "fine" \\ ok.\nI want to die.', title="Über", tags=("a", "b")),
        make_entry("Emoji 🌧️ and\u2028separator, tab\there.", date=None, timezone="+02:00"),
        make_entry("Plain.", id="journal:7", title='"quoted"'),
    ],
)
def test_result_line_is_the_batch_writers_line(tmp_path: Path, entry: Entry) -> None:
    engine = FakeEngine()
    analysis = engine.analyze(entry.text)
    writer = JsonlWriter(tmp_path / "entries.jsonl")
    writer.write(entry, analysis)
    writer.commit()
    expected = (tmp_path / "entries.jsonl").read_text(encoding="utf-8")
    row = success_row(entry_row(entry), analysis)
    assert result_line(row) + "\n" == expected


def _row(text: str | None, rid: str = "r", **kw: Any) -> dict[str, Any]:
    return entry_row(make_entry("x", id=rid)) | {"text": text} | kw


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (_row("I am an idiot."), None),
        (_row("   \n "), "empty"),
        (_row(""), "empty"),
        (_row("x" * (LIMIT + 1)), "text_too_long"),
        (
            _row(None, problem_code="invalid_json", problem_reason="bad", problem_locator="line 3"),
            "invalid_json",
        ),
    ],
)
def test_every_row_gets_a_result_or_an_error(row: dict[str, Any], code: str | None) -> None:
    rows = [_row("Fine day.", "a"), row, _row("Another idiot move.", "b")]
    out = analyse_rows(FakeEngine(max_chars=LIMIT), rows)
    assert [r["id"] for r in out] == ["a", row["id"], "b"]  # one per row, in order
    assert [r["error_code"] for r in out] == [None, code, None]
    assert (out[1]["analysis"] is None) == (code is not None)
    assert out[0]["analysis"] is not None and out[2]["analysis"] is not None
    line = json.loads(result_line(out[1]))
    assert (line["error"]["code"] if "error" in line else None) == code


def test_a_rejected_entry_has_the_batch_reason() -> None:
    [row] = analyse_rows(FakeEngine(max_chars=10), [_row("x" * 11)])
    assert row["error_code"] == "text_too_long"
    assert row["error_reason"].startswith("not analysed: text has 11 characters")


class _Counting:
    calls = 0

    def __call__(self) -> FakeEngine:
        type(self).calls += 1
        return FakeEngine()


def test_the_callable_loads_its_engine_once_and_keeps_the_schema() -> None:
    fn = AnalyzeEntries(_Counting(), reframes=1)
    table = pa.Table.from_pylist([_row("I'm an idiot.", "a"), _row("", "b")], schema=ENTRY_SCHEMA)
    first, second = fn(table), fn(table)
    assert _Counting.calls == 1
    assert first.schema == RESULT_SCHEMA and first.num_rows == 2
    assert first.to_pylist() == second.to_pylist()
    analysis = json.loads(first.to_pylist()[0]["analysis"])
    assert [len(s["reframes"]) for s in analysis["sentences"]] == [1]


class _Leaky(FakeEngine):
    def iter_analyze(self, texts: Any, **kw: Any) -> Iterator[Any]:
        raise RuntimeError(f"tokenizer choked on {list(texts)!r}")


def test_an_engine_failure_fails_the_batch_without_quoting_it() -> None:
    fn = AnalyzeEntries(_Leaky)
    table = pa.Table.from_pylist([_row("SECRET-ENTRY-TEXT", "a")], schema=ENTRY_SCHEMA)
    with pytest.raises(ModelError) as info:
        fn(table)
    assert "SECRET" not in str(info.value)
    assert info.value.__suppress_context__ and info.value.__cause__ is None


def test_input_errors_of_the_engine_stay_per_entry() -> None:
    class Picky(FakeEngine):
        def validate(self, text: object) -> str:
            if isinstance(text, str) and "reject" in text:
                raise InputError("not this one")
            return super().validate(text)

    out = analyse_rows(Picky(), [_row("ok.", "a"), _row("reject me", "b"), _row("ok.", "c")])
    assert [r["error_code"] for r in out] == [None, "invalid_input", None]


# --------------------------------------------------------------------------- local Ray (slow)

SENTENCES = [
    "Walked to the market and bought tomatoes.",
    "I'm such an idiot, I forgot the meeting again.",
    'She said "fine" and left \\ whatever.',
    "Lunch with Priya 🍜, we laughed.",
    "Why am I such an idiot about money?",
    "Rain all day\u2028so soup.",
    "Sometimes I want to die.",
    "Über-long meeting; ça va.",
    "ZEBRA-MARKER-7731 is what I wrote.",
]


def generate(path: Path, n: int, seed: int = 7) -> Counter[str]:
    """A JSONL export of ``n`` lines: entries of every shape batch mode distinguishes."""
    rng = random.Random(seed)
    kinds: Counter[str] = Counter()
    with path.open("w", encoding="utf-8", newline="") as fh:
        for i in range(n):
            roll = rng.random()
            text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
            rec: dict[str, Any] = {"id": f"u{i % 97}-{i}", "text": text}
            if roll < 0.02:
                fh.write('{"id": "broken", "text": \n')
                kinds["invalid_json"] += 1
                continue
            if roll < 0.04:
                rec["text"] = "   "
                kinds["empty"] += 1
            elif roll < 0.06:
                rec["text"] = "x" * (LIMIT + rng.randint(1, 50))
                kinds["text_too_long"] += 1
            elif roll < 0.07:
                rec.pop("text")
                kinds["malformed_entry"] += 1
            elif roll < 0.10:
                rec.pop("id")  # batch names it <stem>:<line>
            if rng.random() < 0.5:
                rec["date"] = rng.choice(["2024-05-01", "2024-05-01 08:30", 1714550400, "soon"])
            if rng.random() < 0.3:
                rec["tags"] = ["work", "sleep"][: rng.randint(0, 2)]
                rec["title"] = "Monday\r\nnotes"
            if rng.random() < 0.1 and "text" in rec:
                rec["text"] = rec["text"].replace(" ", "\r\n", 2)
            fh.write(json.dumps(rec, ensure_ascii=rng.random() < 0.5) + "\n")
            if rng.random() < 0.01:
                fh.write("\n")  # blank lines are skipped by both
    return kinds


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray = pytest.importorskip("ray", reason="needs the ray extra: pip install -e '.[ray]'")
    from reframer.integrations.ray.run import init_private

    init_private(num_cpus=2, runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
    yield
    ray.shutdown()


def _ray_lines(out: Path) -> list[dict[str, Any]]:
    lines = []
    for part in sorted(out.glob("*.jsonl")):
        lines += [json.loads(x) | {"_raw": x} for x in part.read_text("utf-8").split("\n")[:-1]]
    return lines


@pytest.mark.slow
def test_ray_output_equals_reframer_batch_entry_for_entry(
    tmp_path: Path, local_ray: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from reframer.integrations.ray import cli

    src = tmp_path / "export" / "entries.jsonl"
    src.parent.mkdir()
    kinds = generate(src, 10_000)
    assert all(kinds[k] > 10 for k in ("invalid_json", "empty", "text_too_long"))
    summary = run_batch(
        [src], tmp_path / "batch", "jsonl", FakeEngine(max_chars=LIMIT), progress=False
    )
    batch = {
        json.loads(line)["id"]: line
        for line in (tmp_path / "batch" / "entries.jsonl").read_text("utf-8").split("\n")[:-1]
    }

    monkeypatch.setattr(cli, "_engine_factory", functools.partial(FakeEngine, max_chars=LIMIT))
    result = CliRunner().invoke(
        cli.app, [str(src), "--out", str(tmp_path / "ray"), "--workers", "2"]
    )
    assert result.exit_code == 1, result.output  # error rows: exit 1, as batch's skips
    rows = _ray_lines(tmp_path / "ray")

    ok = {r["id"]: r["_raw"] for r in rows if r["analysis"] is not None}
    assert len(ok) == summary.analysed == len(batch) > 9000
    assert ok == batch  # the same JSON line for every analysed entry, byte for byte
    failed = Counter(
        (r["id"] or r["error"]["locator"], r["error"]["code"])
        for r in rows
        if r["analysis"] is None
    )
    empty_rows = sum(n for (_, code), n in failed.items() if code == "empty")
    assert empty_rows == summary.empty == kinds["empty"]
    # every skip of batch is an error row here, with the same code, for the same entry or line
    codes = Counter(code for _, code in failed.elements() if code != "empty")
    assert codes == summary.reasons
    kept = Counter((p.entry, p.code) for p in summary.problems if p.severity == "skipped")
    assert kept and all(failed[k] == n for k, n in kept.items())  # batch keeps the first 1,000
    assert len(rows) == summary.entries_read + summary.files_skipped  # every line is a row
    assert f"{len(rows)} entries, {len(ok)} analysed" in result.output
    assert "ZEBRA-MARKER" not in result.output and "idiot" not in result.output
    assert ok and any("ZEBRA-MARKER" in line for line in ok.values())
    session = Path(ray_session_dir())
    assert any((session / "logs").glob("worker-*.out"))  # workers' stdout lands there
    leaked = [
        p
        for p in (session / "logs").rglob("*")
        if p.is_file() and b"ZEBRA-MARKER" in p.read_bytes()
    ]
    assert leaked == []  # no journal text in any log of the cluster


def ray_session_dir() -> str:
    from ray._private import worker  # the session folder has no public accessor

    return str(worker._global_node.get_session_dir_path())


@pytest.mark.slow
def test_parquet_in_and_out_keep_the_contract(tmp_path: Path, local_ray: None) -> None:
    import pyarrow.parquet as pq

    from reframer.integrations.ray import analyse_files

    entries = [
        {"id": f"p{i}", "date": "2024-01-0" + str(1 + i % 9), "text": SENTENCES[i % 8], "n": i}
        for i in range(400)
    ] + [{"id": "blank", "date": None, "text": " ", "n": -1}]
    (tmp_path / "in").mkdir()
    pq.write_table(pa.Table.from_pylist(entries), tmp_path / "in" / "part-0.parquet")
    stats = analyse_files(
        [tmp_path / "in"],
        tmp_path / "out",
        input_format="parquet",
        output_format="parquet",
        workers=1,
        engine_factory=FakeEngine,
    )
    assert (stats.rows, stats.analysed, stats.errors) == (401, 400, {"empty": 1})
    table = pq.read_table(tmp_path / "out")
    assert table.schema.equals(RESULT_SCHEMA)
    by_id = {r["id"]: r for r in table.to_pylist()}
    engine = FakeEngine()
    for e in entries[:400]:
        got = by_id[e["id"]]
        assert got["source"] == "parquet:in/part-0.parquet"
        assert got["date"] == e["date"]
        assert json.loads(got["analysis"]) == engine.analyze(e["text"]).model_dump(mode="json")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("out_not_empty", "is not an empty folder"),
        ("out_inside_input", "is inside the input folder"),
        ("missing_input", "no such file or folder"),
    ],
)
def test_cli_refuses_bad_folders_before_starting_ray(
    tmp_path: Path, setup: str, message: str
) -> None:
    pytest.importorskip("ray")
    from typer.testing import CliRunner

    from reframer.integrations.ray import cli

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text('{"text": "hi"}\n', encoding="utf-8")
    out = {"out_not_empty": src, "out_inside_input": src / "out"}.get(setup, tmp_path / "out")
    inputs = [str(tmp_path / "nope")] if setup == "missing_input" else [str(src)]
    result = CliRunner().invoke(cli.app, [*inputs, "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.output
