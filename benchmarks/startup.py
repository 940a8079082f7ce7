"""Start-up time of ``reframer analyze`` from process start: wall and CPU, interleaved runs.

Runs the CLI of this checkout (and, with ``--baseline``, of another checkout, alternating with it,
so both see the same machine load) and prints medians. CPU is user + system of the child process,
the steadier figure on a shared machine. Bytecode is cached outside the checkouts (as in an
installed package), one warm-up run each first.

    python benchmarks/startup.py --runs 11 --baseline ../main
    python benchmarks/startup.py --runs 5 -- --help
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = "import sys; from reframer.cli import main; sys.argv[0] = 'reframer'; sys.exit(main())"
DEFAULT_ARGS = ["analyze", "I'm such an idiot, I failed the exam again."]


def _run(root: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CODE, *args], cwd=root, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{root}: exit {done.returncode}\n{done.stderr[-2000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout to run alternately")
    parser.add_argument("args", nargs="*", help="CLI arguments (default: analyze one thought)")
    opts = parser.parse_args()
    roots = {"this": ROOT} | ({"baseline": opts.baseline.resolve()} if opts.baseline else {})
    args = opts.args or DEFAULT_ARGS
    cache = Path(tempfile.mkdtemp(prefix="reframer-startup-"))
    envs = {}
    for name in roots:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(cache / name)
        envs[name] = env
        _run(roots[name], args, env)  # warm-up: bytecode and the ONNX Runtime cache
    rows: dict[str, list[tuple[float, float, str]]] = {name: [] for name in roots}
    loads = []
    for i in range(opts.runs):
        for name in list(roots)[:: 1 if i % 2 == 0 else -1]:
            loads.append(os.getloadavg()[0])
            rows[name].append(_run(roots[name], args, envs[name]))
    for name, got in rows.items():
        wall = [w for w, _, _ in got]
        cpu = [c for _, c, _ in got]
        print(
            f"{name:9s} wall median {statistics.median(wall):.3f} s "
            f"({min(wall):.3f}-{max(wall):.3f}), CPU median {statistics.median(cpu):.3f} s "
            f"({min(cpu):.3f}-{max(cpu):.3f})"
        )
    same = len({out for got in rows.values() for _, _, out in got}) == 1
    print(
        f"runs {opts.runs} each; load average {min(loads):.2f}-{max(loads):.2f}; same output: {same}"
    )


if __name__ == "__main__":
    main()
