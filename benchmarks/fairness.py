"""Fairness under abuse: do well-behaved clients keep their latency while one client streams
maximal batches? One command, figures in a table, never fails on a number.

    python benchmarks/fairness.py [--clients 64] [--duration 10] [--abuse bodies|items]
                                  [--engine cost|real] [--ms-per-sentence 1.0]

It starts a server on a free 127.0.0.1 port (nothing else is contacted) and runs two phases of
the same length, back to back, in one run:

1. **baseline**: ``--clients`` closed-loop clients, each sending one-sentence entries to
   ``/v1/analyze`` on its own keep-alive connection;
2. **abuse**: the same clients plus one abusive client that sends maximal ``/v1/analyze/batch``
   requests, one after the other, for the whole phase: ``max_batch_items`` entries that together
   fill ``max_body_bytes`` (``--abuse bodies``, default) or ``max_batch_items`` one-sentence
   entries (``--abuse items``).

It reports the well-behaved clients' p50/p99 and errors in both phases, the ratio of the p99s
(target: under 10) and what the abusive client got (statuses). The load is bounded: a fixed
number of clients for a fixed time; every request has a client timeout.

``--engine cost`` (default) serves :class:`reframer.testing.FakeEngine` with a cost model, a
sleep of ``--ms-per-sentence`` per sentence per engine call (plus 1 ms per call), so the figures
measure the scheduling, not the model; ``--engine real`` runs ``reframer serve`` with the shipped
model. Results are printed and written to ``benchmarks/results/fairness.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import sentences  # noqa: E402
from benchmarks.load_test import RawClient, free_port, percentile, server_command  # noqa: E402

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def serve(port: int, ms_per_sentence: float) -> None:
    """The server side of ``--engine cost`` (run in a subprocess)."""
    from collections.abc import Iterable, Iterator

    import uvicorn

    from reframer.schema import Analysis
    from reframer.service.main import create_app, log_config
    from reframer.service.server import uvicorn_options
    from reframer.settings import Settings
    from reframer.testing import FakeEngine

    class CostEngine(FakeEngine):
        def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
            texts = list(texts)
            n = sum(len(_SENTENCE.findall(t)) for t in texts)
            time.sleep(0.001 + n * ms_per_sentence / 1000)
            return super().iter_analyze(texts, **kw)

    settings = Settings()
    app = create_app(settings, engine_factory=lambda s: CostEngine())
    options = uvicorn_options(settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=log_config("WARNING"), **options)


def abusive_batch(limits: dict[str, int], kind: str, pool: list[str]) -> dict[str, Any]:
    """The largest batch the limits allow: ``max_batch_items`` entries filling the body."""
    items = limits["max_batch_items"]
    if kind == "items":
        return {"items": [{"id": str(i), "text": pool[i % len(pool)]} for i in range(items)]}
    per_entry = min(limits["max_text_chars"], limits["max_body_bytes"] // items)
    text = ""
    i = 0
    while len(text) < per_entry:
        text += pool[i % len(pool)] + " "
        i += 1
    text = text[:per_entry]
    while True:
        payload = {"items": [{"id": str(k), "text": text} for k in range(items)]}
        if len(json.dumps(payload).encode()) <= limits["max_body_bytes"]:
            return payload
        text = text[: int(len(text) * 0.98)]


async def phase(
    port: int, pool: list[str], clients: int, duration: float, abuse: dict[str, Any] | None
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    abusive: Counter[str] = Counter()
    stop_at = time.perf_counter() + duration

    async def polite(offset: int) -> None:
        nonlocal errors
        raw = RawClient("127.0.0.1", port)
        i = offset
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                async with asyncio.timeout(60):
                    status = await raw.post_json("/v1/analyze", {"text": pool[i % len(pool)]})
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError, TimeoutError):
                status = 0
                await raw.close()
            latencies.append(time.perf_counter() - t0)
            errors += status != 200
            i += clients
        await raw.close()

    async def abuser() -> None:
        assert abuse is not None
        raw = RawClient("127.0.0.1", port)
        while time.perf_counter() < stop_at:
            try:
                async with asyncio.timeout(max(0.1, stop_at - time.perf_counter())):
                    abusive[str(await raw.post_json("/v1/analyze/batch", abuse))] += 1
            except TimeoutError:
                abusive["unfinished at the end of the phase"] += 1
                break
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                abusive["connection error"] += 1
                await raw.close()
        await raw.close()

    tasks = [polite(k) for k in range(clients)] + ([abuser()] if abuse is not None else [])
    await asyncio.gather(*tasks)
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "errors": errors,
        "abusive_answers": dict(abusive),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=64, help="well-behaved clients (1-256)")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per phase (1-120)")
    ap.add_argument("--abuse", choices=["bodies", "items"], default="bodies")
    ap.add_argument("--engine", choices=["cost", "real"], default="cost")
    ap.add_argument("--ms-per-sentence", type=float, default=1.0, help="cost model (--engine cost)")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "fairness.json")
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.ms_per_sentence)
        return 0
    clients = max(1, min(256, args.clients))
    duration = max(1.0, min(120.0, args.duration))

    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["REFRAMER_ACCESS_LOG"] = "false"
    env.pop("REFRAMER_API_KEY", None)
    if args.engine == "cost":
        cmd = [sys.executable, __file__, "--serve", str(port)]
        cmd += ["--ms-per-sentence", str(args.ms_per_sentence)]
    else:
        cmd = server_command(port, 1)
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        info = httpx.get(f"{base}/v1/info", timeout=5).json()
        pool = sentences()
        abuse = abusive_batch(info["limits"], args.abuse, pool)
        asyncio.run(phase(port, pool, clients, 1.0, None))  # warm-up, not reported
        baseline = asyncio.run(phase(port, pool, clients, duration, None))
        abused = asyncio.run(phase(port, pool, clients, duration, abuse))
        metrics = httpx.get(f"{base}/metrics", timeout=5).text
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    ratio = round(abused["p99_ms"] / baseline["p99_ms"], 2) if baseline["p99_ms"] else None
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "engine": args.engine,
        "ms_per_sentence": args.ms_per_sentence if args.engine == "cost" else None,
        "clients": clients,
        "duration_per_phase_s": duration,
        "abuse": {
            "kind": args.abuse,
            "entries": len(abuse["items"]),
            "chars_per_entry": len(abuse["items"][0]["text"]),
            "body_bytes": len(json.dumps(abuse).encode()),
        },
        "baseline": baseline,
        "with_abuser": abused,
        "p99_ratio": ratio,
        "meets_target": {
            "p99_ratio_under_10": ratio is not None and ratio < 10,
            "zero_errors": baseline["errors"] == 0 and abused["errors"] == 0,
        },
        "cancelled_entries": [
            line for line in metrics.splitlines() if line.startswith("reframer_cancelled_entries")
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
