"""A real uvicorn server with the fake engine, for the fault tests (not collected: no ``test_``).

    python tests/fault_server.py PORT

Settings come from ``REFRAMER_*`` variables; ``FAKE_DELAY`` slows the engine (seconds per engine
call). It binds 127.0.0.1 only and serves with the same uvicorn options as ``reframer serve``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn

from reframer.schema import Analysis
from reframer.service.main import create_app, log_config
from reframer.settings import Settings
from reframer.testing import FakeEngine

DELAY = float(os.environ.get("FAKE_DELAY", "0"))


class SlowEngine(FakeEngine):
    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        texts = list(texts)
        if len(texts) == 1 and texts[0].startswith("I missed the bus again."):  # warm-up
            return super().iter_analyze(texts, **kw)
        time.sleep(DELAY)
        return super().iter_analyze(texts, **kw)


def options(settings: Settings) -> dict[str, Any]:
    try:
        from reframer.service.server import uvicorn_options
    except ImportError:  # the service before the fault-tolerance work
        return {"access_log": False}
    return uvicorn_options(settings)


def main() -> None:
    settings = Settings()
    app = create_app(settings, engine_factory=lambda s: SlowEngine())
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_config=log_config("WARNING"),
        **options(settings),
    )


if __name__ == "__main__":
    main()
