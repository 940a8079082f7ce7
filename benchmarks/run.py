"""reframer's performance benchmark: one command, figures side by side, never fails on a number.

    python benchmarks/run.py [--model PATH] [--quick]

On a fixed generated corpus (:mod:`benchmarks.corpus`, 5,000 journal sentences) it measures

1. classification throughput (sentences/s) of the naive baseline (a stock ``transformers``
   text-classification pipeline, fp32, batch 32, input order; :mod:`benchmarks.baseline`), the
   torch fp32 reference (``Classifier.load(runtime="torch")``), the fast path
   (``Classifier.load(runtime="onnx", precision="fp32")``, ONNX Runtime on ``model.onnx``) and,
   when ``reframer optimize`` built it, the static int8 graph (``precision="int8"``,
   ``model.int8.onnx``), with ratios to the baseline and decision agreement with the torch
   reference;
2. end-to-end ``reframer analyze --format jsonl`` (the real CLI in a subprocess) on the corpus
   grouped into about 1,000 journal lines, from process start to exit, and without start-up;
3. single-sentence latency p50/p99 in process (``Classifier.predict([one])`` and
   ``Reframer.analyze(one)``);
4. CLI cold start for one thought (median of 5);
5. peak RSS of the in-process fast path and of the CLI runs.

Each in-process measurement runs in its own child process (so peak RSS belongs to that engine
alone). Results are printed as a table and written to ``benchmarks/results/perf.json``. The
targets are printed next to the figures for comparison; nothing is asserted. Other processes on
the machine make timings noisy: throughput is the best of the repeats, the load average is
recorded, and CPU seconds are reported next to wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import corpus  # noqa: E402  (benchmarks/ is on sys.path)

TARGETS = {
    "classification_speedup": 10.0,  # fast path ≥ 10× the naive baseline
    "e2e_sentences_per_s": 500.0,
    "single_p50_ms": 3.0,
    "cold_start_s": 1.5,
    "peak_rss_mb": 700.0,
}
COLD_TEXT = "I'm such an idiot."


# -- small helpers --------------------------------------------------------------------------------
def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def n_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def loadavg() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover
        return -1.0


def percentiles(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(x * 1000.0 for x in samples_s)

    def q(p: float) -> float:
        k = (len(ms) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(ms) - 1)
        return round(ms[lo] + (ms[hi] - ms[lo]) * (k - lo), 3)

    return {
        "p50_ms": q(0.5),
        "p90_ms": q(0.9),
        "p99_ms": q(0.99),
        "mean_ms": round(sum(ms) / len(ms), 3),
        "n": len(ms),
    }


def throughput(fn: Any, texts: list[str], repeats: int) -> tuple[dict[str, Any], Any]:
    """Run ``fn(texts)`` ``repeats`` times: sentences/s (best and median), CPU s per 1k sentences."""
    rates, cpus, result = [], [], None
    load0 = loadavg()
    for _ in range(repeats):
        c0, t0 = cpu_seconds(), time.perf_counter()
        result = fn(texts)
        dt = time.perf_counter() - t0
        rates.append(len(texts) / dt)
        cpus.append((cpu_seconds() - c0) / len(texts) * 1000.0)
    return {
        "sentences_per_s": round(max(rates), 1),
        "sentences_per_s_median": round(statistics.median(rates), 1),
        "runs": [round(r, 1) for r in rates],
        "cpu_s_per_1k": round(min(cpus), 3),
        "n": len(texts),
        "loadavg": [load0, loadavg()],
    }, result


def model_path(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    from reframer.classifier.model import default_model_path

    return default_model_path()


# -- workers: each runs in its own process ---------------------------------------------------------
def worker_baseline(args: argparse.Namespace, texts: list[str]) -> dict[str, Any]:
    import numpy as np
    from baseline import baseline_logits, make_pipeline

    t0 = time.perf_counter()
    pipe, labels = make_pipeline(args.model, batch_size=32)
    out: dict[str, Any] = {"load_s": round(time.perf_counter() - t0, 3)}
    baseline_logits(pipe, labels, texts[:64])  # warm-up
    out["classification"], logits = throughput(
        lambda x: baseline_logits(pipe, labels, x), texts, args.baseline_repeats
    )
    np.save(Path(args.outdir) / "baseline.npy", logits)
    if args.pad128:  # the fixed 128-token padding of the base tokenizer.json, as the issue feared
        sub = texts[: args.pad128]

        def padded(x: list[str]) -> Any:
            return pipe(
                x,
                top_k=None,
                function_to_apply="none",
                padding="max_length",
                max_length=128,
                truncation=True,
            )

        out["classification_pad128"], _ = throughput(padded, sub, 1)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


def worker_classifier(args: argparse.Namespace, texts: list[str]) -> dict[str, Any]:
    import numpy as np

    from reframer.classifier.runtime import Classifier

    name = args.worker  # onnx (float32), onnx_int8 or torch
    runtime = "torch" if name == "torch" else "onnx"
    precision = "int8" if name == "onnx_int8" else "fp32"
    t0 = time.perf_counter()
    clf = Classifier.load(args.model, runtime=runtime, precision=precision)  # type: ignore[arg-type]
    out: dict[str, Any] = {
        "load_s": round(time.perf_counter() - t0, 3),
        "runtime": clf.runtime,
        "precision": clf.precision,
    }
    clf.logits(texts[:256])  # warm-up
    repeats = args.repeats if runtime == "onnx" else args.torch_repeats
    out["classification"], logits = throughput(clf.logits, texts, repeats)
    np.save(Path(args.outdir) / f"{name}.npy", logits)
    out["rss_after_classification_mb"] = round(peak_rss_mb(), 1)

    # single-sentence latency: a different corpus sentence each call (realistic lengths)
    ones = texts[: args.latency_calls]
    for s in ones[:20]:
        clf.predict([s])
    samples, alone = [], []
    for s in ones:
        t = time.perf_counter()
        pred = clf.predict([s])[0]
        samples.append(time.perf_counter() - t)
        alone.append(pred.score)
    out["predict_one"] = percentiles(samples)
    # batch invariance: a sentence's calibrated score alone vs inside the length-bucketed batches
    batched, _, _ = clf.probabilities(logits[: len(ones)])
    gap = np.abs(np.asarray(alone) - batched)
    thr = clf.meta.threshold
    out["batch_invariance"] = {
        "n": len(ones),
        "max_abs_score_delta": float(gap.max()),
        "decision_flips": int(((np.asarray(alone) >= thr) != (batched >= thr)).sum()),
    }

    if name == "onnx":
        out["analyze_one"] = _analyze_latency(args, clf, ones)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


def _analyze_latency(args: argparse.Namespace, clf: Any, ones: list[str]) -> dict[str, Any]:
    """``Reframer.analyze(one_sentence)`` latency on the same engine (rewrites included)."""
    try:
        from reframer.pipeline import Reframer

        t0 = time.perf_counter()
        engine = Reframer(clf)  # the rest of Reframer.load, sharing this process's ORT session
        load_s = time.perf_counter() - t0
        for s in [COLD_TEXT, *ones[:30]]:  # warm-up, includes the lazy rewriter load
            engine.analyze(s)
        samples, flagged = [], 0
        for s in ones:
            t = time.perf_counter()
            a = engine.analyze(s)
            samples.append(time.perf_counter() - t)
            flagged += any(x.self_critical for x in a.sentences)
        return {
            **percentiles(samples),
            "engine_load_s": round(load_s, 3),
            "self_critical_share": round(flagged / len(ones), 3),
        }
    except Exception as exc:  # a benchmark reports, it does not fail
        return {"error": f"{type(exc).__name__}: {exc}"}


# -- CLI runs ---------------------------------------------------------------------------------------
def cli_command() -> list[str]:
    """The installed ``reframer`` console script, else the same entry point through Python."""
    script = Path(sys.executable).parent / "reframer"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from reframer.cli import main; sys.exit(main())"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_timed(
    cmd: list[str], stdin_path: Path | None, out_path: Path, *, first_byte: bool = False
) -> dict[str, Any]:
    """Run ``cmd``; wall time to exit (and to the first output byte), exit code, peak RSS."""
    err_path = out_path.with_suffix(".stderr")
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    with open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdin=stdin,
            stdout=subprocess.PIPE if first_byte else open(out_path, "wb"),  # noqa: SIM115
            stderr=err,
            env=child_env(),
            cwd=str(ROOT),
        )
        t_first = None
        if first_byte:
            assert proc.stdout is not None
            head = proc.stdout.read(1)
            t_first = time.perf_counter() - t0
            out_path.write_bytes(head + proc.stdout.read())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        stdin.close()  # type: ignore[union-attr]
    return {
        "wall_s": wall,
        "first_output_s": t_first,
        "rc": proc.returncode,
        "peak_rss_mb": round(usage.ru_maxrss / 1024.0, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "stderr_tail": err_path.read_text(errors="replace")[-600:],
    }


def bench_cold_start(model: Path, runs: int, tmp: Path) -> dict[str, Any]:
    cmd = [*cli_command(), "analyze", "--format", "json", "--model", str(model), COLD_TEXT]
    results = [run_timed(cmd, None, tmp / f"cold{i}.json", first_byte=True) for i in range(runs)]
    ok = [r for r in results if r["rc"] == 0]
    if not ok:
        return {
            "error": f"exit code {results[0]['rc']}: {results[0]['stderr_tail'].strip()[-300:]}"
        }
    return {
        "median_s": round(statistics.median(r["wall_s"] for r in ok), 3),
        "median_first_output_s": round(statistics.median(r["first_output_s"] for r in ok), 3),
        "runs_s": [round(r["wall_s"], 3) for r in ok],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
        "cpu_s_median": round(statistics.median(r["cpu_s"] for r in ok), 3),
    }


def bench_e2e(model: Path, lines: list[str], repeats: int, tmp: Path) -> dict[str, Any]:
    src = tmp / "entries.txt"
    src.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    cmd = [*cli_command(), "analyze", "--format", "jsonl", "--model", str(model)]
    runs = []
    for i in range(repeats):
        dst = tmp / f"e2e{i}.jsonl"
        r = run_timed(cmd, src, dst)
        if r["rc"] != 0:
            return {"error": f"exit code {r['rc']}: {r['stderr_tail'].strip()[-300:]}"}
        results = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines() if x]
        r["lines"] = len(results)
        r["sentences"] = sum(len(x.get("sentences", [])) for x in results)
        r["self_critical"] = sum(
            s["self_critical"] for x in results for s in x.get("sentences", [])
        )
        r["with_reframes"] = sum(
            bool(s["reframes"]) for x in results for s in x.get("sentences", [])
        )
        r["crisis_entries"] = sum(bool(x.get("crisis")) for x in results)
        runs.append(r)
    best = min(runs, key=lambda r: r["wall_s"])
    return {
        "wall_s": round(best["wall_s"], 3),
        "runs_s": [round(r["wall_s"], 3) for r in runs],
        "lines": best["lines"],
        "sentences": best["sentences"],
        "sentences_per_s": round(best["sentences"] / best["wall_s"], 1),
        "self_critical": best["self_critical"],
        "with_reframes": best["with_reframes"],
        "crisis_entries": best["crisis_entries"],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "cpu_s": best["cpu_s"],
    }


# -- orchestration ---------------------------------------------------------------------------------
def run_worker(name: str, args: argparse.Namespace, outdir: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--outdir", str(outdir)]
    for flag in (
        "model",
        "n",
        "repeats",
        "torch_repeats",
        "baseline_repeats",
        "latency_calls",
        "pad128",
    ):
        cmd += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
    print(f"  … {name}", flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=child_env(), cwd=str(ROOT))
    result_file = outdir / f"{name}.json"
    if proc.returncode != 0 or not result_file.is_file():
        return {
            "error": f"worker {name} failed (rc {proc.returncode}): {proc.stderr.strip()[-400:]}"
        }
    data: dict[str, Any] = json.loads(result_file.read_text())
    return data


def agreement(outdir: Path, name: str, meta: Any, ref_name: str = "torch") -> dict[str, Any] | None:
    """Decision agreement and calibrated-score gaps of ``name``'s logits vs a reference's."""
    import numpy as np

    a, ref = outdir / f"{name}.npy", outdir / f"{ref_name}.npy"
    if not (a.is_file() and ref.is_file()):
        return None
    la, lr = np.load(a), np.load(ref)
    n = min(len(la), len(lr))
    la, lr = la[:n], lr[:n]

    def score(x: Any) -> Any:
        return 1.0 / (1.0 + np.exp(-np.clip(x[:, 0] / meta.temperature, -40, 40)))

    sa, sr = score(la), score(lr)
    da, dr = sa >= meta.threshold, sr >= meta.threshold
    gap = np.abs(sa - sr)
    return {
        "n": int(n),
        "decision_agreement": round(float((da == dr).mean()), 5),
        "flagged_share_reference": round(float(dr.mean()), 4),
        "mean_abs_score_delta": round(float(gap.mean()), 5),
        "max_abs_score_delta": round(float(gap.max()), 5),
        "max_abs_logit_delta": round(float(np.abs(la - lr).max()), 5),
    }


def fmt(x: Any, spec: str = ".1f") -> str:
    return "—" if x is None else format(x, spec)


def print_table(r: dict[str, Any]) -> None:
    m = r["machine"]
    cls = r["classification"]
    base = cls.get("baseline", {}).get("sentences_per_s")
    rows: list[tuple[str, str, str, str]] = []

    def ratio(v: float | None) -> str:
        return f"{v / base:.1f}×" if v and base else "—"

    for key, label in (
        ("baseline", "naive baseline: HF pipeline fp32, batch 32"),
        ("baseline_pad128", "  (same, padded to 128 tokens)"),
        ("torch", "torch fp32 reference, length-bucketed"),
        ("onnx", "fast path: ONNX Runtime fp32, length-bucketed"),
        ("onnx_int8", "  the same, static int8 graph"),
    ):
        if key in cls:
            v = cls[key].get("sentences_per_s")
            tgt = f"≥{TARGETS['classification_speedup']:.0f}× baseline" if key == "onnx" else ""
            if key == "onnx_int8" and cls.get("onnx", {}).get("sentences_per_s") and v:
                tgt = f"{v / cls['onnx']['sentences_per_s']:.2f}× fp32"
            rows.append((label, fmt(v), ratio(v), tgt))
    e2e = r.get("e2e", {})
    rows.append(
        (
            "end-to-end CLI jsonl (sent/s), incl. start-up",
            fmt(e2e.get("sentences_per_s")),
            "",
            f"≥{TARGETS['e2e_sentences_per_s']:.0f}",
        )
    )
    rows.append(
        (
            "  excluding start-up (− cold start)",
            fmt(e2e.get("sentences_per_s_excl_startup")),
            "",
            "",
        )
    )
    lat = r.get("latency", {})
    for key, label in (
        ("predict_one", "Classifier.predict([one]) p50 / p99 ms"),
        ("analyze_one", "Reframer.analyze(one) p50 / p99 ms"),
    ):
        v = lat.get(key, {})
        val = (
            f"{fmt(v.get('p50_ms'), '.2f')} / {fmt(v.get('p99_ms'), '.2f')}"
            if "p50_ms" in v
            else v.get("error", "—")[:40]
        )
        rows.append((label, val, "", f"p50 ≤{TARGETS['single_p50_ms']:.0f}"))
    tv = lat.get("predict_one_torch", {})
    if "p50_ms" in tv:
        rows.append(
            (
                "  torch fp32 predict([one]) p50 / p99 ms",
                f"{tv['p50_ms']:.2f} / {tv['p99_ms']:.2f}",
                "",
                "",
            )
        )
    cold = r.get("cold_start", {})
    rows.append(
        (
            "CLI cold start, one thought (median, s)",
            fmt(cold.get("median_s"), ".2f") if "median_s" in cold else cold.get("error", "—")[:40],
            "",
            f"≤{TARGETS['cold_start_s']}",
        )
    )
    mem = r.get("memory", {})
    for key, label in (
        ("in_process_fast_path", "peak RSS in-process fast path (MB)"),
        ("cli_jsonl", "peak RSS CLI jsonl run (MB)"),
        ("cli_cold_start", "peak RSS CLI one thought (MB)"),
        ("baseline", "peak RSS naive baseline (MB)"),
    ):
        rows.append(
            (
                label,
                fmt(mem.get(key), ".0f"),
                "",
                f"≤{TARGETS['peak_rss_mb']:.0f}" if key != "baseline" else "",
            )
        )
    ag = r.get("agreement", {}).get("onnx_vs_torch")
    if ag:
        rows.append(
            (
                "fast-path decisions = torch fp32 decisions",
                f"{ag['decision_agreement'] * 100:.2f}%",
                "",
                "≥99%",
            )
        )
    q8 = r.get("agreement", {}).get("onnx_int8_vs_onnx")
    if q8:
        inv = cls.get("onnx_int8", {}).get("batch_invariance", {})
        rows.append(
            (
                "int8 decisions = fp32 decisions",
                f"{q8['decision_agreement'] * 100:.2f}%",
                "",
                f"alone vs batched max Δscore {inv.get('max_abs_score_delta', float('nan')):.1e}",
            )
        )
    w = max(len(x[0]) for x in rows)
    print()
    print(f"reframer performance — {m['cpu']} ({m['cpus']} CPUs), model {r['model']['version']}")
    print(
        f"corpus: {r['corpus']['n']} sentences, median {r['corpus']['median_words']} words; load average {m['loadavg_start']} → {m['loadavg_end']}"
    )
    print(f"{'':{w}}  {'value':>14}  {'vs base':>8}  target")
    for label, val, rat, tgt in rows:
        print(f"{label:{w}}  {val:>14}  {rat:>8}  {tgt}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    ap.add_argument("--quick", action="store_true", help="1,000 sentences, fewer repeats")
    ap.add_argument("--out", default=str(HERE / "results" / "perf.json"))
    ap.add_argument(
        "--classify-only",
        action="store_true",
        help="only the ONNX fp32 and int8 classifiers (no baseline, torch or CLI runs)",
    )
    ap.add_argument(
        "--scaling-max",
        type=int,
        default=None,
        help="largest N of the scaling curve (benchmarks/scaling.py; default 10,000, "
        "1,000 with --quick, 0 to skip; 100000 for the full curve)",
    )
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--outdir", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--torch-repeats", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--baseline-repeats", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--latency-calls", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--pad128", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    q = args.quick
    defaults = {
        "n": 1000 if q else corpus.N_SENTENCES,
        "repeats": 2 if q else 3,
        "torch_repeats": 1 if q else 2,
        "baseline_repeats": 1,
        "latency_calls": 100 if q else 300,
        "pad128": 0 if q else 256,
    }
    for k, v in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, v)

    texts = corpus.sentences(args.n)
    if args.worker:  # child process
        fn = worker_baseline if args.worker == "baseline" else worker_classifier
        result = fn(args, texts)
        (Path(args.outdir) / f"{args.worker}.json").write_text(json.dumps(result))
        return 0

    from reframer.classifier.model import ONNX_FILE, load_meta
    from reframer.classifier.precision import INT8_FILE, choose_precision, int8_cpu_flags

    model = model_path(args.model).resolve()
    args.model = str(model)
    meta = load_meta(model)
    report: dict[str, Any] = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": q,
        "machine": {
            "cpu": cpu_model(),
            "int8_flags": list(int8_cpu_flags()),
            "cpus": n_cpus(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_start": loadavg(),
        },
        "model": {
            "path": str(model),
            "version": meta.model_version,
            "threshold": meta.threshold,
            "onnx": (model / ONNX_FILE).is_file(),
            "int8": (model / INT8_FILE).is_file(),
            "precision_auto": choose_precision(model, meta.model_version, "auto")[0],
        },
        "corpus": {**corpus.stats(texts), "seed": corpus.SEED},
        "targets": TARGETS,
    }
    try:
        import importlib.metadata as md

        report["machine"]["packages"] = {
            p: md.version(p)
            for p in ("torch", "transformers", "onnxruntime", "tokenizers", "spacy")
        }
    except Exception:  # package metadata is optional
        pass
    print(
        f"benchmarking {model} on {report['machine']['cpu']} ({report['machine']['cpus']} CPUs), {len(texts)} sentences"
    )
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reframer-bench-") as tmpname:
        tmp = Path(tmpname)
        cls: dict[str, Any] = {}
        lat: dict[str, Any] = {}
        mem: dict[str, Any] = {}
        errors: dict[str, str] = {}
        workers = (
            ["onnx", "torch", "baseline"] if report["model"]["onnx"] else ["torch", "baseline"]
        )
        if report["model"]["int8"]:
            workers.insert(1, "onnx_int8")
        if args.classify_only:
            workers = [w for w in workers if w.startswith("onnx")]
        for name in workers:
            res = run_worker(name, args, tmp)
            if "error" in res:
                errors[name] = res["error"]
                print(f"    {res['error']}")
                continue
            cls[name] = {**res["classification"], "load_s": res["load_s"]}
            if "classification_pad128" in res:
                cls["baseline_pad128"] = res["classification_pad128"]
            if name == "onnx_int8":
                cls[name]["batch_invariance"] = res["batch_invariance"]
                lat["predict_one_int8"] = res["predict_one"]
            elif name == "onnx":
                lat["predict_one"] = res["predict_one"]
                cls[name]["batch_invariance"] = res["batch_invariance"]
                lat["analyze_one"] = res["analyze_one"]
                mem["in_process_fast_path"] = res["peak_rss_mb"]
                mem["in_process_classifier_only"] = res["rss_after_classification_mb"]
            elif name == "torch":
                lat["predict_one_torch"] = res["predict_one"]
                mem["in_process_torch"] = res["peak_rss_mb"]
            else:
                mem["baseline"] = res["peak_rss_mb"]
        base = cls.get("baseline", {}).get("sentences_per_s")
        for v in cls.values():
            if base and "sentences_per_s" in v:
                v["vs_baseline"] = round(v["sentences_per_s"] / base, 2)
        report["classification"] = cls
        report["latency"] = lat
        report["agreement"] = {
            k: v
            for k, v in (
                ("onnx_vs_torch", agreement(tmp, "onnx", meta)),
                ("onnx_int8_vs_onnx", agreement(tmp, "onnx_int8", meta, "onnx")),
                ("onnx_int8_vs_torch", agreement(tmp, "onnx_int8", meta)),
                ("baseline_vs_torch", agreement(tmp, "baseline", meta)),
            )
            if v
        }

        cold: dict[str, Any] = {}
        e2e: dict[str, Any] = {}
        if not args.classify_only:
            print("  … CLI cold start", flush=True)
            cold = bench_cold_start(model, 3 if q else 5, tmp)
            print("  … CLI end-to-end jsonl", flush=True)
            lines = corpus.entries(texts, n_lines=max(1, len(texts) // 5))
            e2e = bench_e2e(model, lines, 1 if q else 2, tmp)
        if "median_s" in cold and "wall_s" in e2e:
            net = e2e["wall_s"] - cold["median_s"]
            e2e["sentences_per_s_excl_startup"] = (
                round(e2e["sentences"] / net, 1) if net > 0 else None
            )
        report["cold_start"] = cold
        report["e2e"] = e2e
        mem["cli_jsonl"] = e2e.get("peak_rss_mb")
        mem["cli_cold_start"] = cold.get("peak_rss_mb")
        report["memory"] = mem
        for k, v in (
            ("cold_start", cold),
            ("e2e", e2e),
            ("analyze_one", lat.get("analyze_one", {})),
        ):
            if "error" in v:
                errors[k] = v["error"]
        report["errors"] = errors

    onnx = cls.get("onnx", {})
    report["targets_met"] = {
        "classification_speedup": bool(
            onnx.get("vs_baseline") and onnx["vs_baseline"] >= TARGETS["classification_speedup"]
        ),
        "e2e_sentences_per_s": bool(
            e2e.get("sentences_per_s") and e2e["sentences_per_s"] >= TARGETS["e2e_sentences_per_s"]
        ),
        "single_p50_ms": bool(
            lat.get("predict_one", {}).get("p50_ms", 1e9) <= TARGETS["single_p50_ms"]
        ),
        "cold_start_s": bool(cold.get("median_s", 1e9) <= TARGETS["cold_start_s"]),
        "peak_rss_mb": bool(
            mem.get("in_process_fast_path")
            and max(
                v
                for k, v in mem.items()
                if k in ("in_process_fast_path", "cli_jsonl", "cli_cold_start") and v
            )
            <= TARGETS["peak_rss_mb"]
        ),
    }
    report["machine"]["loadavg_end"] = loadavg()
    report["bench_wall_s"] = round(time.perf_counter() - t_start, 1)
    print_table(report)
    for k, v in errors.items():
        print(f"note: {k}: {v}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    if not args.classify_only:
        run_scaling_curve(args, out.parent / "scaling.json")
    return 0


def run_scaling_curve(args: argparse.Namespace, out: Path) -> None:
    """The scaling curve (:mod:`benchmarks.scaling`), each size in a fresh process."""
    import scaling

    largest = args.scaling_max if args.scaling_max is not None else 1_000 if args.quick else 10_000
    sizes = scaling.sizes_up_to(largest)
    if not sizes:
        return
    try:
        report = scaling.run_scaling(sizes, args.model)
    except Exception as exc:  # a benchmark reports, it does not fail
        print(f"note: scaling: {type(exc).__name__}: {exc}")
        return
    scaling.print_table(report)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except Exception:  # a benchmark never fails on a number; show what broke
        traceback.print_exc()
        sys.exit(1)
