"""The scaling curve: sentences/s and peak RSS of the engine for 10 to 100,000 sentences.

    python benchmarks/scaling.py [--max 100000] [--model PATH] [--fake] [--out FILE]

For each size N (10, 100, 1,000, 10,000, 100,000, up to ``--max``) the parent writes N distinct
generated sentences (:func:`corpus.distinct_sentences`, grouped by :func:`corpus.iter_entries`
into one-line journal entries of about five sentences) to a file, then starts a fresh child
process that loads the engine (``Reframer.from_settings``), warms it up on other sentences,
records its RSS, and streams the file through ``Reframer.iter_analyze`` (rewrites included),
counting and discarding each result, as ``reframer analyze --format jsonl`` and batch mode do.
``analyze_many`` is not used: it returns a list holding every result.

Per N it reports wall and CPU seconds, sentences/s, the child's RSS after loading and its peak
RSS (``ru_maxrss``), sentences per CPU second (steadier than wall time on a busy machine),
and sentences/s relative to N = 1,000 (``vs_reference``: 0.9 or more at larger N
is linear or better; memory is flat when ``peak_rss_mb`` hardly grows from 1,000 to the largest
N). Figures go to ``benchmarks/results/scaling.json``; nothing is asserted. ``make bench`` runs
it up to 10,000 (``benchmarks/run.py --scaling-max``). ``--fake`` uses
``reframer.testing.FakeEngine`` (no model: the harness alone).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import corpus  # noqa: E402  (benchmarks/ is on sys.path)

__all__ = ["API", "SIZES", "run_scaling", "sizes_up_to", "worker"]

SIZES = (10, 100, 1_000, 10_000, 100_000)
API = "Reframer.iter_analyze (streamed, each result discarded), reframes=3"
MEAN_SENTENCES_PER_ENTRY = 5.0
WARMUP_SEED = corpus.SEED + 99  # warm-up sentences come from another stream


def sizes_up_to(largest: int) -> list[int]:
    """The sizes of :data:`SIZES` not above ``largest``."""
    return [n for n in SIZES if n <= largest]


def _rss_mb() -> dict[str, float]:
    """Peak RSS so far and current RSS of this process (MB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        now = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):  # pragma: no cover - not Linux
        now = float("nan")
    return {"peak": round(peak, 1), "now": round(now, 1)}


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _load_engine(model: str | None, fake: bool) -> Any:
    if fake:
        from reframer.testing import FakeEngine

        return FakeEngine(harsh=r"idiot|useless|stupid|failure|terrible|lazy")
    from reframer.pipeline import Reframer

    return Reframer.from_settings(model_path=model)


def worker(entries_path: Path, model: str | None, fake: bool) -> dict[str, Any]:
    """One size, in this (fresh) process: load, warm up, stream the entries file, measure."""
    t0 = time.perf_counter()
    engine = _load_engine(model, fake)
    warm = corpus.entries(corpus.sentences(60, seed=WARMUP_SEED), n_lines=12)
    for _ in engine.iter_analyze(warm):  # includes the lazy rewriter load
        pass
    load_s = time.perf_counter() - t0
    loaded = _rss_mb()
    counts = {"entries": 0, "sentences": 0, "self_critical": 0, "with_reframes": 0, "crisis": 0}
    with entries_path.open(encoding="utf-8") as fh:
        lines = (line.rstrip("\n") for line in fh)
        c0, t1 = _cpu_s(), time.perf_counter()
        for analysis in engine.iter_analyze(lines, reframes=3, seed=0):
            counts["entries"] += 1
            counts["crisis"] += analysis.support is not None
            for s in analysis.sentences:
                counts["sentences"] += 1
                counts["self_critical"] += s.self_critical
                counts["with_reframes"] += bool(s.reframes)
        wall, cpu = time.perf_counter() - t1, _cpu_s() - c0
    end = _rss_mb()
    return {
        **counts,
        "wall_s": round(wall, 5),
        "cpu_s": round(cpu, 4),
        "load_s": round(load_s, 3),
        "rss_loaded_mb": loaded["now"],
        "peak_rss_loaded_mb": loaded["peak"],
        "peak_rss_mb": end["peak"],
        "rss_end_mb": end["now"],
        "model_version": str(engine.model_version),
    }


def _write_entries(path: Path, n: int) -> dict[str, Any]:
    tally: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as fh:
        for entry in corpus.iter_entries(
            corpus.distinct_sentences(n, counts=tally), MEAN_SENTENCES_PER_ENTRY
        ):
            fh.write(entry + "\n")
    return tally


def _run_child(entries: Path, result: Path, model: str | None, fake: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(entries)]
    cmd += ["--result", str(result), *(["--model", model] if model else [])]
    cmd += ["--fake"] if fake else []
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT))
    if proc.returncode != 0 or not result.is_file():
        tail = proc.stderr.strip()
        last = tail.splitlines()[-1] if tail else "no output"
        return {
            "error": f"worker failed (rc {proc.returncode}): {last}",
            "stderr_tail": tail[-600:],
        }
    data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return data


def run_scaling(
    sizes: list[int], model: str | None = None, *, fake: bool = False, quiet: bool = False
) -> dict[str, Any]:
    """Measure every size in its own child process; the report (never raises on a figure)."""
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="reframer-scaling-") as tmpname:
        tmp = Path(tmpname)
        for n in sizes:
            if not quiet:
                print(f"  … scaling, {n:,} sentences", flush=True)
            path = tmp / f"entries-{n}.txt"
            tally = _write_entries(path, n)
            load0 = os.getloadavg()[0]
            res = _run_child(path, tmp / f"result-{n}.json", model, fake)
            res["loadavg"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
            res.update(input_sentences=n, varied_sentences=tally["varied"])
            if "wall_s" in res:
                res["sentences_per_s"] = round(n / res["wall_s"], 1) if res["wall_s"] else None
                res["sentences_per_cpu_s"] = round(n / res["cpu_s"], 1) if res["cpu_s"] else None
                res["rss_growth_mb"] = round(res["peak_rss_mb"] - res["peak_rss_loaded_mb"], 1)
            runs[str(n)] = res
    ok = {n: r for n, r in runs.items() if r.get("sentences_per_s")}
    ref = "1000" if "1000" in ok else next(iter(ok), None)
    base = ok[ref]["sentences_per_s"] if ref else None
    for r in ok.values():  # the slope: 0.9 or more at larger N is linear or better
        r["vs_reference"] = round(r["sentences_per_s"] / base, 3)
    largest = max((int(n) for n in ok), default=None)
    return {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "api": "FakeEngine.iter_analyze (no model)" if fake else API,
        "reference_size": int(ref) if ref else None,
        "corpus": {
            "seed": corpus.SEED,
            "generator": "corpus.distinct_sentences + corpus.iter_entries",
            "sentences_per_entry_mean": MEAN_SENTENCES_PER_ENTRY,
        },
        "runs": runs,
        "peak_rss_growth_1k_to_largest_mb": (
            round(ok[str(largest)]["peak_rss_mb"] - ok["1000"]["peak_rss_mb"], 1)
            if largest and largest > 1_000 and "1000" in ok
            else None
        ),
    }


def print_table(report: dict[str, Any]) -> None:
    ref = report["reference_size"]
    vs = f"vs {ref:,}" if ref else "vs ref"
    print(f"\nscaling curve ({report['api']}); load averages in the JSON")
    print(
        f"{'N':>8}  {'sent/s':>8}  {vs:>8}  {'wall s':>7}  {'CPU s':>7}  {'sent/CPU s':>10}  "
        "RSS loaded → peak MB"
    )
    for n, r in report["runs"].items():
        if "error" in r:
            print(f"{int(n):>8,}  {r['error'][:100]}")
            continue
        ratio = r.get("vs_reference", float("nan"))
        print(
            f"{int(n):>8,}  {r['sentences_per_s']:>8.1f}  {ratio:>8.2f}  {r['wall_s']:>7.2f}  "
            f"{r['cpu_s']:>7.2f}  {r['sentences_per_cpu_s'] or 0:>10.1f}  "
            f"{r['peak_rss_loaded_mb']:.0f} → {r['peak_rss_mb']:.0f}"
        )
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max", type=int, default=100_000, help="largest N (default 100,000)")
    ap.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    ap.add_argument("--fake", action="store_true", help="FakeEngine: the harness, no model")
    ap.add_argument("--out", default=None, help="JSON output (default benchmarks/results/)")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--result", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:  # child process: one size
        result = worker(Path(args.worker), args.model, args.fake)
        Path(args.result).write_text(json.dumps(result), encoding="utf-8")
        return 0
    report = run_scaling(sizes_up_to(args.max), args.model, fake=args.fake)
    print_table(report)
    name = "scaling-fake.json" if args.fake else "scaling.json"
    out = Path(args.out) if args.out else HERE / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
