"""A batch run in its own process, for the kill -9 tests (not collected: no ``test_`` prefix).

    python tests/batch/crash_run.py INPUT OUT LOG [--resume]

It analyses ``INPUT`` with :class:`reframer.testing.FakeEngine`, slowed to ``DELAY`` seconds per
entry, in chunks of ``CHUNK`` entries, checkpointing every ``EVERY`` entries; it appends one byte
to ``LOG`` per entry the engine analyses, so the test can count the work done before a kill.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reframer.batch import run_batch
from reframer.schema import Analysis
from reframer.testing import FakeEngine

DELAY = 0.004
CHUNK = 4
EVERY = 10


class CountingEngine:
    def __init__(self, log: Path) -> None:
        self.inner = FakeEngine()
        self.fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        for text in texts:
            time.sleep(DELAY)
            result = self.inner.analyze(text, reframes=kw.get("reframes", 3))
            os.write(self.fd, b".")
            yield result


def main() -> None:
    src, out, log = (Path(a) for a in sys.argv[1:4])
    extra: dict[str, Any] = {}
    if "checkpoint_every" in inspect.signature(run_batch).parameters:
        extra = {"checkpoint_every": EVERY, "checkpoint_seconds": 60.0}
    run_batch(
        [src],
        out,
        "jsonl,csv,md,html",
        CountingEngine(log),
        resume="--resume" in sys.argv,
        progress=False,
        batch_size=CHUNK,
        **extra,
    )


if __name__ == "__main__":
    main()
