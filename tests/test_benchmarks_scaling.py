"""benchmarks/scaling.py (the scaling curve of `make bench`) and its corpus, without the model:
the harness runs with ``FakeEngine`` so it cannot rot; the real curve is a benchmark run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    """benchmarks/{corpus,scaling,run}.py, imported the way run.py imports its siblings."""
    monkeypatch.syspath_prepend(str(BENCH))
    import corpus
    import run
    import scaling

    return {"corpus": corpus, "scaling": scaling, "run": run}


@pytest.mark.parametrize(
    ("largest", "sizes"),
    [
        (0, []),
        (10, [10]),
        (10_000, [10, 100, 1_000, 10_000]),
        (100_000, [10, 100, 1_000, 10_000, 100_000]),
    ],
)
def test_sizes_up_to(bench: dict[str, ModuleType], largest: int, sizes: list[int]) -> None:
    assert bench["scaling"].sizes_up_to(largest) == sizes


def test_distinct_sentences_vary_repeats_and_are_prefixes(bench: dict[str, ModuleType]) -> None:
    corpus = bench["corpus"]
    raw = corpus.sentences(3_000)
    assert len(set(raw)) < len(raw)  # the plain stream repeats: the reason for the variation
    counts: dict[str, int] = {}
    made = list(corpus.distinct_sentences(3_000, counts=counts))
    assert len(made) == len(set(made)) == 3_000
    assert counts["varied"] == len(raw) - len(set(raw)) and counts["redrawn"] == 0
    assert list(corpus.distinct_sentences(500)) == made[:500]
    first_repeat = next(s for i, s in enumerate(raw) if s in raw[:i])
    assert any(v.endswith(", " + first_repeat) for v in made)  # "Honestly, I ..." and so on


@pytest.mark.parametrize("mean", [1.0, 5.0, 8.5])
def test_iter_entries_keeps_every_sentence_in_order(
    bench: dict[str, ModuleType], mean: float
) -> None:
    corpus = bench["corpus"]
    items = corpus.sentences(400)
    lines = list(corpus.iter_entries(iter(items), mean))
    assert " ".join(lines) == " ".join(items)
    assert abs(400 / len(lines) - mean) < 1.0
    assert corpus.entries(items, n_lines=80) == list(corpus.iter_entries(items, 5.0))


def test_worker_streams_the_file(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    path = tmp_path / "entries.txt"
    path.write_text("Long day. I'm such an idiot.\nNice walk!\nI want to die.\n", encoding="utf-8")
    got = bench["scaling"].worker(path, None, True)
    assert (got["entries"], got["sentences"], got["self_critical"], got["crisis"]) == (3, 4, 1, 1)
    assert got["with_reframes"] == 1 and got["model_version"] == "fake-0"
    assert got["rss_loaded_mb"] > 0 and got["peak_rss_loaded_mb"] <= got["peak_rss_mb"]


def test_run_scaling_fresh_child_per_size(bench: dict[str, ModuleType]) -> None:
    report = bench["scaling"].run_scaling([10, 100, 1_000], fake=True, quiet=True)
    assert report["api"].startswith("FakeEngine.iter_analyze") and report["reference_size"] == 1_000
    runs = report["runs"]
    assert list(runs) == ["10", "100", "1000"]
    for n, r in runs.items():
        assert "error" not in r, r
        assert r["input_sentences"] == int(n) and r["entries"] >= int(n) // 9
        assert r["sentences_per_s"] > 0 and r["cpu_s"] >= 0 and r["peak_rss_mb"] > 0
        assert r["sentences_per_cpu_s"] is None or r["sentences_per_cpu_s"] > 0
        assert r["rss_growth_mb"] == round(r["peak_rss_mb"] - r["peak_rss_loaded_mb"], 1)
    assert runs["1000"]["vs_reference"] == 1.0
    assert runs["10"]["vs_reference"] == round(
        runs["10"]["sentences_per_s"] / runs["1000"]["sentences_per_s"], 3
    )
    assert report["peak_rss_growth_1k_to_largest_mb"] is None  # nothing above 1,000 measured


def test_a_failing_child_is_reported_not_raised(
    bench: dict[str, ModuleType], tmp_path: Path
) -> None:
    report = bench["scaling"].run_scaling([10], str(tmp_path / "no-model"), quiet=True)
    assert "worker failed" in report["runs"]["10"]["error"]
    assert report["reference_size"] is None and report["peak_rss_growth_1k_to_largest_mb"] is None


@pytest.mark.parametrize(
    ("scaling_max", "quick", "sizes"),
    [
        (None, False, [10, 100, 1_000, 10_000]),
        (None, True, [10, 100, 1_000]),
        (100, False, [10, 100]),
        (0, False, None),
    ],
)
def test_make_bench_runs_the_curve(
    bench: dict[str, ModuleType],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    scaling_max: int | None,
    quick: bool,
    sizes: list[int] | None,
) -> None:
    calls: list[list[int]] = []
    real = bench["scaling"].run_scaling

    def fake_run(sizes: list[int], model: str | None) -> dict[str, Any]:
        calls.append(sizes)
        return real(sizes[:1], model, fake=True, quiet=True)  # type: ignore[no-any-return]

    monkeypatch.setattr(bench["scaling"], "run_scaling", fake_run)
    args = argparse.Namespace(scaling_max=scaling_max, quick=quick, model=None)
    out = tmp_path / "scaling.json"
    bench["run"].run_scaling_curve(args, out)
    assert calls == ([sizes] if sizes else [])
    assert out.is_file() == bool(sizes)
    if sizes:
        assert json.loads(out.read_text())["runs"]["10"]["input_sentences"] == 10
    assert "scaling" in sys.modules
