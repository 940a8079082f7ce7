"""One call from input files to an output folder: read, ``map_batches(AnalyzeEntries)``, write.

>>> import ray                                                         # doctest: +SKIP
>>> from reframer.integrations.ray import analyse_files, init_private  # doctest: +SKIP
>>> init_private(num_cpus=4)                                           # doctest: +SKIP
>>> stats = analyse_files(["exports/"], "out/", workers=4)             # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ray
import ray.data

from reframer.batch.entry import ImportOptions
from reframer.integrations.ray.analyze import AnalyzeEntries, EngineFactory
from reframer.integrations.ray.io import InputFormat, JsonlResults, read_entries

__all__ = ["OutputFormat", "RunStats", "analyse_files", "init_private"]

OutputFormat = Literal["jsonl", "parquet"]

PRIVATE_ENV = {"RAY_USAGE_STATS_ENABLED": "0"}
"""Ray's anonymous usage report to ray.io is turned off for every run started here."""


def init_private(
    address: str | None = None,
    *,
    num_cpus: int | None = None,
    spill_dir: str | Path | None = None,
    log_to_driver: bool = False,
    runtime_env: dict[str, Any] | None = None,
) -> None:
    """``ray.init`` with the privacy defaults of docs/scale.md: no worker output forwarded to the
    driver, no dashboard, no usage stats, and objects spilled to ``spill_dir`` when given (it
    holds journal text: put it on an encrypted, access-controlled volume)."""
    for key, value in PRIVATE_ENV.items():
        os.environ.setdefault(key, value)
    kwargs: dict[str, Any] = {}
    if spill_dir is not None:
        kwargs["object_spilling_directory"] = str(spill_dir)
    ray.init(
        address=address,
        num_cpus=num_cpus,
        log_to_driver=log_to_driver,
        include_dashboard=False,
        runtime_env=runtime_env,
        **kwargs,
    )


_IO: dict[str, Any] = {"num_cpus": 0}
"""Read and write tasks: no CPU reservation (see :func:`analyse_files`)."""


@dataclass(frozen=True, slots=True)
class RunStats:
    """What a run did (counts only, never text)."""

    rows: int
    analysed: int
    errors: dict[str, int]
    elapsed_s: float
    out_dir: str
    counted: bool = True
    """False for a remote output (``s3://...``): its rows are not read back to count them."""

    @property
    def entries_per_s(self) -> float:
        """Rows per second of wall-clock time, reading and writing included."""
        return self.rows / self.elapsed_s if self.elapsed_s > 0 else 0.0


def analyse_files(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    input_format: InputFormat = "jsonl",
    output_format: OutputFormat = "jsonl",
    workers: int = 2,
    batch_size: int = 256,
    reframes: int = 3,
    model_path: str | Path | None = None,
    engine_factory: EngineFactory | None = None,
    options: ImportOptions | None = None,
    cpus_per_worker: float = 1.0,
) -> RunStats:
    """Analyse every entry of ``inputs`` on the connected Ray cluster (one engine per worker) and
    write one result row per entry into ``out_dir``; returns counts read back from the output.

    Each worker reserves ``cpus_per_worker`` CPUs; reading and writing reserve none (they are
    light), so that workers may take every CPU without starving the reads that feed them.
    """
    started = time.monotonic()
    out = str(out_dir)
    ds = read_entries(inputs, input_format, options, num_cpus=0).map_batches(
        AnalyzeEntries,
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=cpus_per_worker,
        fn_constructor_args=(engine_factory,),
        fn_constructor_kwargs={
            "model_path": model_path,
            "reframes": reframes,
            "batch_size": min(batch_size, 64),
        },
    )
    if output_format == "jsonl":
        ds.write_datasink(JsonlResults(out), ray_remote_args=_IO)
    else:
        ds.write_parquet(out, ray_remote_args=_IO)
    elapsed = time.monotonic() - started
    return _stats(out, output_format, elapsed)


_ERROR_MARK = ',"analysis":null,"error":{'
"""Only an error line has this: inside a JSON string every quote is escaped, so ``,"`` is
structure, never journal text."""


def _codes(out: Path, fmt: OutputFormat) -> tuple[int, Counter[str]]:
    """Rows and error codes in the written output (a Parquet column; JSONL error lines only)."""
    errors: Counter[str] = Counter()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        codes = pq.read_table(out, columns=["error_code"]).column("error_code").to_pylist()
        errors.update(c for c in codes if c is not None)
        return len(codes), errors
    rows = 0
    for part in sorted(out.glob("*.jsonl")):
        with part.open(encoding="utf-8") as fh:
            for line in fh:
                rows += 1
                if _ERROR_MARK in line:
                    errors[str(json.loads(line)["error"]["code"])] += 1
    return rows, errors


def _stats(out: str, fmt: OutputFormat, elapsed: float) -> RunStats:
    if "://" in out:
        return RunStats(0, 0, {}, elapsed, out, counted=False)
    rows, errors = _codes(Path(out), fmt)
    return RunStats(
        rows=rows,
        analysed=rows - sum(errors.values()),
        errors=dict(errors),
        elapsed_s=elapsed,
        out_dir=out,
    )
