"""Benchmark batch mode: a generated 3-year daily Day One export through ``run_batch``.

Usage (from the repository root)::

    .venv/bin/python benchmarks/batch_bench.py              # the real engine (Reframer.load())
    .venv/bin/python benchmarks/batch_bench.py --fake       # smoke check, no model needed

It writes a synthetic Day One ``Journal.json`` (one entry a day, realistic length, some
self-critical sentences, emoji, Markdown escapes and photo embeds) into a temporary folder, runs
``run_batch`` with every output, and reports entries/s, sentences/s and peak memory. Results go
to ``benchmarks/results/batch.json`` (``batch-fake.json`` with ``--fake``), or ``--output``.
The text is generated, never real journal text. This is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reframer.batch import run_batch  # noqa: E402
from reframer.batch.runner import Engine  # noqa: E402
from reframer.schema import Reframe  # noqa: E402
from reframer.testing import FakeEngine  # noqa: E402

NEUTRAL = [
    "Walked to the market before work and bought too many tomatoes.",
    "The team meeting ran long, but we agreed on the plan\\.",
    "Called Mum; she is finally over the cold.",
    "Read forty pages of the novel on the train 📚.",
    "It rained all afternoon, so I cooked a big pot of soup.",
    "Went for a 5k run — slow, but I did it\\!",
    "Spent the evening fixing the bike with Sam.",
    "Tried a new recipe (lentils, again) and it was fine.",
    "Quiet day. Laundry, emails, an early night.",
    "Lunch with Priya 🍜, we laughed about the old flat.",
]
CRITICAL = [
    "I'm such an idiot, I forgot the meeting again.",
    "Why am I always so lazy about the gym?",
    "I should have finished the report days ago; I'm useless.",
    "Everyone else has their life together and I'm a mess.",
    "I ruined the dinner, as usual.",
    "I'm a terrible friend for not calling back.",
]
EMBED = "![](dayone-moment://{:032X})"


def make_export(folder: Path, days: int, seed: int = 7) -> Path:
    """Write a Day One ``Journal.json`` with one entry a day; return its path."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, 20, 30, tzinfo=UTC)
    entries = []
    for day in range(days):
        parts = rng.sample(NEUTRAL, rng.randint(3, 6))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(CRITICAL).replace("'", "\\'"))
        if rng.random() < 0.1:
            parts.append("\n\n" + EMBED.format(rng.getrandbits(128)) + "\n\n")
        moment = start + timedelta(days=day, minutes=rng.randint(-120, 120))
        entries.append(
            {
                "uuid": f"{rng.getrandbits(128):032X}",
                "creationDate": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "timeZone": "Europe/London",
                "tags": rng.sample(["work", "family", "health", "friends"], rng.randint(0, 2)),
                "text": " ".join(parts) if rng.random() > 0.01 else "",
            }
        )
    path = folder / "Journal.json"
    path.write_text(
        json.dumps({"metadata": {"version": "1.0"}, "entries": entries}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def rss_mib() -> float | None:
    """Current resident memory (psutil), or None without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    return float(psutil.Process().memory_info().rss) / 2**20


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (getrusage)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fake", action="store_true", help="use a model-free fake engine")
    parser.add_argument("--years", type=float, default=3.0, help="years of daily entries")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--formats", default="jsonl,csv,md,html")
    parser.add_argument("--model", type=Path, default=None, help="model folder for the engine")
    parser.add_argument("--output", type=Path, default=None, help="where to write the JSON")
    args = parser.parse_args(argv)

    load_started = time.perf_counter()
    engine: Engine
    if args.fake:
        engine = FakeEngine(
            harsh=r"idiot|lazy|useless|mess|ruined|terrible",
            reframe=Reframe(text="I'm learning, one day at a time.", strategy="growth"),
            model_version="bench-fake",
        )
    else:
        from reframer import Reframer

        engine = Reframer.load(args.model)
    load_s = time.perf_counter() - load_started
    rss_loaded, peak_loaded = rss_mib(), peak_rss_mib()

    days = round(365.25 * args.years)
    with tempfile.TemporaryDirectory(prefix="reframer-bench-") as tmp:
        export = make_export(Path(tmp), days)
        started = time.perf_counter()
        summary = run_batch(
            [export],
            Path(tmp) / "out",
            args.formats,
            engine,
            batch_size=args.batch_size,
            progress=sys.stderr.isatty(),
        )
        elapsed = time.perf_counter() - started
        sizes = {p.name: p.stat().st_size for p in (Path(tmp) / "out").iterdir()}
    rss_run = rss_mib()

    result: dict[str, Any] = {
        "benchmark": "batch",
        "engine": "fake" if args.fake else "real",
        "model_version": getattr(engine, "model_version", None),
        "days": days,
        "entries_read": summary.entries_read,
        "analysed": summary.analysed,
        "empty": summary.empty,
        "skipped": summary.skipped,
        "sentences": summary.sentences,
        "self_critical": summary.self_critical,
        "elapsed_s": round(elapsed, 3),
        "entries_per_s": round(summary.analysed / elapsed, 1),
        "sentences_per_s": round(summary.sentences / elapsed, 1),
        "engine_load_s": round(load_s, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "peak_rss_after_load_mib": round(peak_loaded, 1),
        "rss_after_load_mib": None if rss_loaded is None else round(rss_loaded, 1),
        "rss_after_run_mib": None if rss_run is None else round(rss_run, 1),
        "output_bytes": sizes,
        "batch_size": args.batch_size,
        "formats": args.formats,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    default = "batch-fake.json" if args.fake else "batch.json"
    output = args.output or ROOT / "benchmarks" / "results" / default
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{summary.analysed} entries, {summary.sentences} sentences in {elapsed:.2f} s: "
        f"{result['entries_per_s']} entries/s, {result['sentences_per_s']} sentences/s, "
        f"peak RSS {result['peak_rss_mib']} MiB -> {output}"
    )
    return 0 if summary.skipped == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
