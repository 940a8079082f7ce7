"""Load test of the HTTP service: one command, figures in a table, never fails on a number.

    python benchmarks/load_test.py [--duration 8] [--clients 1,16,64] [--workers 1] [--client raw]

It starts the real service (``reframer serve`` in a subprocess, the real model) on a free loopback
port, waits for ``/readyz`` (httpx), then for each document size (one sentence; 20 sentences) and
each number of concurrent clients runs a closed-loop asyncio load generator for a fixed duration:
every client has its own keep-alive connection and sends its next request as soon as the previous
answer arrives. The default transport is a minimal HTTP/1.1 client on asyncio streams;
``--client httpx`` uses ``httpx.AsyncClient`` instead, which on a 2-core machine spends more CPU
per request than the server does (measured: ~80% of a core at 64 clients against the server's
~20%), so it measures the generator more than the service. It reports
requests/s, p50 and p99 latency and errors, and the server's peak RSS (psutil, sampled every 50 ms,
the server process plus its worker children). Results are printed and written to
``benchmarks/results/service.json``.

The documents come from the generated benchmark corpus (:mod:`benchmarks.corpus`), never from real
journals. The load generator runs on the same machine as the server and competes with it for CPU,
so the figures are a lower bound of what the service does on its own cores. Targets (compared,
not asserted): p50 <= 20 ms and p99 <= 100 ms for single sentences at 16 clients, zero errors at 64
clients, peak RSS <= 700 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import sentences  # noqa: E402

TARGETS = {
    "p50_ms_single_16": 20.0,
    "p99_ms_single_16": 100.0,
    "errors_64": 0,
    "peak_rss_mb": 700.0,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_command(port: int, workers: int) -> list[str]:
    script = Path(sys.executable).parent / "reframer"
    exe = [str(script)] if script.exists() else [shutil.which("reframer") or "reframer"]
    return [*exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]


class RssSampler(threading.Thread):
    """Peak resident memory of a process and its children, sampled in the background."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.stop = threading.Event()

    def sample(self) -> None:
        with contextlib.suppress(psutil.Error):
            procs = [self.proc, *self.proc.children(recursive=True)]
            total = 0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.every)


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            r = httpx.get(f"{base}/readyz", timeout=2)
            if r.status_code == 200:
                return dict(httpx.get(f"{base}/v1/info", timeout=5).json())
        time.sleep(0.2)
    raise RuntimeError(f"the server was not ready after {timeout:.0f} s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


class RawClient:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams, for the service's own answers
    (which always carry Content-Length). It costs about a tenth of the CPU of httpx per request,
    so on a small machine the generator does not take the cores the server is measured on."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, payload: Any) -> int:
        body = json.dumps(payload).encode()
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        await self.reader.readexactly(length)
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run_load(
    base: str, docs: list[str], clients: int, duration: float, kind: str = "raw"
) -> dict[str, Any]:
    """``clients`` closed-loop clients for ``duration`` seconds, each on its own connection."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + duration
    url = httpx.URL(base)

    async def one_client(offset: int) -> None:
        nonlocal errors
        i = offset
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        raw = RawClient(url.host, url.port or 80)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60.0) as client:
            while time.perf_counter() < stop_at:
                payload = {"text": docs[i % len(docs)]}
                i += clients
                t0 = time.perf_counter()
                try:
                    if kind == "raw":
                        ok = await raw.post_json("/v1/analyze", payload) == 200
                    else:
                        ok = (await client.post("/v1/analyze", json=payload)).status_code == 200
                except (
                    OSError,
                    ValueError,
                    IndexError,
                    asyncio.IncompleteReadError,
                    httpx.HTTPError,
                ):
                    ok = False
                    await raw.close()
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    errors += 1
        await raw.close()

    start = time.perf_counter()
    await asyncio.gather(*(one_client(k) for k in range(clients)))
    elapsed = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(ms, 50), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "errors": errors,
    }


def documents() -> dict[str, list[str]]:
    pool = sentences()
    twenty = [" ".join(pool[i : i + 20]) for i in range(0, len(pool) - 20, 20)]
    return {"1 sentence": pool, "20 sentences": twenty}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=8.0, help="seconds per scenario")
    ap.add_argument("--clients", default="1,16,64", help="concurrent clients, comma-separated")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="load generator transport: raw asyncio streams (light) or httpx.AsyncClient",
    )
    ap.add_argument("--ready-timeout", type=float, default=180.0)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "service.json")
    args = ap.parse_args()
    levels = [int(c) for c in args.clients.split(",") if c.strip()]

    load_before = os.getloadavg()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.setdefault("REFRAMER_MAX_QUEUE", "100000")
    # kept after the run (delete=False) so a failed start can be read; closed in `finally`
    log = tempfile.NamedTemporaryFile(prefix="reframer-serve-", suffix=".log", delete=False)  # noqa: SIM115
    started = time.perf_counter()
    proc = subprocess.Popen(
        server_command(port, args.workers), env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
    )
    sampler = RssSampler(proc.pid)
    sampler.start()
    results: list[dict[str, Any]] = []
    try:
        try:
            info = wait_ready(base, proc, args.ready_timeout)
        except RuntimeError:
            print(Path(log.name).read_text()[-3000:], file=sys.stderr)
            raise
        ready_s = time.perf_counter() - started
        print(f"server ready in {ready_s:.1f} s (pid {proc.pid}, model {info['model_version']})")
        docs = documents()
        asyncio.run(run_load(base, docs["1 sentence"], 16, min(2.0, args.duration), args.client))
        for doc_kind, pool in docs.items():
            for clients in levels:
                row = {"document": doc_kind, "clients": clients}
                row |= asyncio.run(run_load(base, pool, clients, args.duration, args.client))
                results.append(row)
                print(
                    f"  {doc_kind:>12}  {clients:>3} clients  {row['rps']:>8.1f} req/s  "
                    f"p50 {row['p50_ms']:>8.2f} ms  p99 {row['p99_ms']:>8.2f} ms  "
                    f"errors {row['errors']}",
                    flush=True,
                )
        metrics_text = httpx.get(f"{base}/metrics", timeout=5).text
    finally:
        sampler.sample()
        sampler.stop.set()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    peak_mb = round(sampler.peak / 2**20, 1)

    def find(kind: str, clients: int) -> dict[str, Any] | None:
        return next((r for r in results if r["document"] == kind and r["clients"] == clients), None)

    single16, any64 = find("1 sentence", 16), [r for r in results if r["clients"] == 64]
    checks = {
        "p50_ms_single_16": None
        if single16 is None
        else single16["p50_ms"] <= TARGETS["p50_ms_single_16"],
        "p99_ms_single_16": None
        if single16 is None
        else single16["p99_ms"] <= TARGETS["p99_ms_single_16"],
        "errors_64": None if not any64 else all(r["errors"] == 0 for r in any64),
        "peak_rss_mb": peak_mb <= TARGETS["peak_rss_mb"],
    }
    batches = [
        line for line in metrics_text.splitlines() if line.startswith("reframer_engine_batch_size_")
    ]
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "server": {
            "workers": args.workers,
            "model_version": info.get("model_version"),
            "runtime": info.get("runtime"),
            "ready_seconds": round(ready_s, 1),
            "batch_wait_ms": float(env.get("REFRAMER_BATCH_WAIT_MS", 2.0)),
            "batch_max_size": int(env.get("REFRAMER_BATCH_MAX_SIZE", 64)),
            "engine_batch_size_metric": batches,
        },
        "duration_per_scenario_s": args.duration,
        "load_generator": args.client,
        "scenarios": results,
        "peak_rss_mb": peak_mb,
        "targets": TARGETS,
        "meets_targets": checks,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")

    print()
    print(f"{'document':>12} {'clients':>7} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    for r in results:
        print(
            f"{r['document']:>12} {r['clients']:>7} {r['rps']:>9.1f} {r['p50_ms']:>9.2f} "
            f"{r['p99_ms']:>9.2f} {r['errors']:>7}"
        )
    print(f"server peak RSS: {peak_mb} MB")
    for name, target in TARGETS.items():
        verdict = {True: "meets", False: "MISSES", None: "n/a"}[checks[name]]
        print(f"target {name} <= {target}: {verdict}")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
