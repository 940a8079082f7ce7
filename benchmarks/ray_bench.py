"""Benchmark the Ray integration against single-process batch mode, in one run.

Usage (from the repository root, with ``pip install -e ".[ray]"``)::

    .venv/bin/python benchmarks/ray_bench.py --fake --n 4000     # smoke check, no model
    .venv/bin/python benchmarks/ray_bench.py --n 20000           # the real engine

It writes a generated JSONL export of ``--n`` entries (sharded into ``--shards`` files, text
generated, never real) and times, on this machine: ``run_batch`` (one process, JSONL output),
then ``reframer-ray``'s pipeline on a local Ray (``--num-cpus``, default 2) with 1 and 2 workers.
Ray's start-up (about 5 s) is timed apart; each Ray figure includes reading, analysing, writing and
each worker's engine load. Results, with entries/s and the ratios to batch, go to
``benchmarks/results/ray.json`` (``ray-fake.json`` with ``--fake``), or ``--output``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reframer.batch import run_batch  # noqa: E402
from reframer.testing import FakeEngine  # noqa: E402

SENTENCES = [
    "Walked to the market before work and bought too many tomatoes.",
    "I'm such an idiot, I forgot the meeting again.",
    "Called Mum; she is finally over the cold.",
    "Why am I always so lazy about the gym?",
    "Read forty pages of the novel on the train 📚.",
    "I should have finished the report days ago; I'm useless.",
    "It rained all afternoon, so I cooked a big pot of soup.",
    "Lunch with Priya 🍜, we laughed about the old flat.",
]


def generate(folder: Path, n: int, shards: int, seed: int = 11) -> int:
    """``n`` entries of 2-12 sentences in ``shards`` JSONL files; returns the sentence count."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    handles = [(folder / f"part-{k:03d}.jsonl").open("w", encoding="utf-8") for k in range(shards)]
    sentences = 0
    for i in range(n):
        k = rng.randint(2, 12)
        sentences += k
        rec = {"id": f"e{i}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}
        rec["text"] = " ".join(rng.choice(SENTENCES) for _ in range(k))
        handles[i % shards].write(json.dumps(rec, ensure_ascii=False) + "\n")
    for h in handles:
        h.close()
    return sentences


def bench_batch(src: Path, out: Path, fake: bool) -> dict[str, Any]:
    if fake:
        engine: Any = FakeEngine()
    else:
        from reframer import Reframer

        engine = Reframer.from_settings()
    started = time.monotonic()
    summary = run_batch([src], out, "jsonl", engine, progress=False)
    elapsed = time.monotonic() - started
    return {"entries": summary.analysed, "seconds": round(elapsed, 2)}


def bench_ray(src: Path, out: Path, workers: int, fake: bool) -> dict[str, Any]:
    from reframer.integrations.ray import analyse_files

    factory = FakeEngine if fake else None
    stats = analyse_files([src], out, workers=workers, engine_factory=factory)
    return {"entries": stats.analysed, "seconds": round(stats.elapsed_s, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=4000, help="entries to generate")
    ap.add_argument("--shards", type=int, default=8, help="input files")
    ap.add_argument("--num-cpus", type=int, default=2, help="CPUs of the local Ray")
    ap.add_argument("--fake", action="store_true", help="FakeEngine instead of the model")
    ap.add_argument("--output", type=Path, default=None)
    args = ap.parse_args()
    import ray

    from reframer.integrations.ray import init_private

    output = args.output or ROOT / "benchmarks" / "results" / (
        "ray-fake.json" if args.fake else "ray.json"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sentences = generate(work / "in", args.n, args.shards)
        runs: dict[str, dict[str, Any]] = {"batch": bench_batch(work / "in", work / "b", args.fake)}
        t0 = time.monotonic()
        init_private(num_cpus=args.num_cpus, runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
        ray_start = time.monotonic() - t0
        try:
            for w in (1, 2):
                runs[f"ray_{w}_workers"] = bench_ray(work / "in", work / f"r{w}", w, args.fake)
        finally:
            ray.shutdown()
    base = runs["batch"]["entries"] / runs["batch"]["seconds"]
    for run in runs.values():
        run["entries_per_s"] = round(run["entries"] / run["seconds"], 1)
        run["vs_batch"] = round(run["entries_per_s"] / base, 2)
    result = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "engine": "FakeEngine" if args.fake else "shipped model",
        "entries": args.n,
        "sentences": sentences,
        "shards": args.shards,
        "ray_num_cpus": args.num_cpus,
        "ray_start_s": round(ray_start, 2),
        "runs": runs,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "ray": ray.__version__,
            "loadavg": [round(x, 2) for x in os.getloadavg()],
        },
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for name, run in runs.items():
        print(f"{name:>14}: {run['entries_per_s']:>8} entries/s  ({run['vs_batch']}x batch)")
    print(f"Ray start {result['ray_start_s']} s; results -> {output}")


if __name__ == "__main__":
    main()
