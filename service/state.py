"""What an app holds at run time (settings, metrics, engine, batcher) and the route dependencies.

The engine is loaded once per process, in the lifespan, by a background task: ``/healthz`` answers
at once, ``/readyz`` and the ``/v1`` routes answer 503 until the model is loaded and warmed up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Annotated, cast

from fastapi import Depends, FastAPI, Request

from reframer.errors import DecodeError, ReframerError, TextTooLongError
from reframer.protocols import Engine
from reframer.service.batcher import MicroBatcher
from reframer.service.errors import ApiError
from reframer.service.metrics import Metrics
from reframer.settings import Settings

__all__ = [
    "BatcherDep",
    "EngineDep",
    "EngineFactory",
    "ServiceState",
    "SettingsDep",
    "StateDep",
    "check_text",
    "default_engine_factory",
    "lifespan",
]

log = logging.getLogger("reframer.service")

EngineFactory = Callable[[Settings], Engine]

# Runs once after loading so that lazily loaded parts (the rewriter's parser) are ready before the
# first request. A fixed sentence: no journal text.
_WARM_UP = "I missed the bus again. I'm such an idiot."


def default_engine_factory(settings: Settings) -> Engine:
    from reframer.pipeline import Reframer

    return Reframer.from_settings(settings, max_chars=settings.max_text_chars)


class ServiceState:
    """Per-app state, stored as ``app.state.service``."""

    def __init__(self, settings: Settings, engine_factory: EngineFactory) -> None:
        self.settings = settings
        self.engine_factory = engine_factory
        self.metrics = Metrics()
        self.engine: Engine | None = None
        self.batcher: MicroBatcher | None = None
        self.failed = False
        self._executor: ThreadPoolExecutor | None = None

    @property
    def ready(self) -> bool:
        return self.engine is not None and self.batcher is not None

    async def load(self) -> None:
        """Load and warm up the engine in the worker thread, then start the batcher."""
        loop = asyncio.get_running_loop()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reframer-engine")
        try:
            engine = await loop.run_in_executor(self._executor, self._load_engine)
        except ReframerError as exc:  # messages name files and settings, never journal text
            self.failed = True
            log.error("the model failed to load: [%s] %s", exc.code, exc.message)
            return
        except Exception as exc:
            self.failed = True
            log.error("the model failed to load: %s", type(exc).__name__)
            return
        s = self.settings
        batcher = MicroBatcher(
            engine,
            self._executor,
            max_batch_size=s.batch_max_size,
            max_wait_s=s.batch_wait_ms / 1000.0,
            max_queue=s.max_queue,
            max_batch_chars=s.max_batch_chars,
            metrics=self.metrics,
        )
        batcher.start()
        self.batcher = batcher
        self.engine = engine
        self.metrics.ready.set(1)
        log.info("model %s loaded; ready", engine.model_version)

    def _load_engine(self) -> Engine:
        engine = self.engine_factory(self.settings)
        list(engine.iter_analyze([_WARM_UP], reframes=1, batch_size=1))
        return engine

    async def close(self) -> None:
        self.metrics.ready.set(0)
        batcher, self.batcher, self.engine = self.batcher, None, None
        if batcher is not None:
            await batcher.close()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = cast(ServiceState, app.state.service)
    loading = asyncio.create_task(state.load(), name="load-model")
    try:
        yield
    finally:
        loading.cancel()
        await asyncio.gather(loading, return_exceptions=True)
        await state.close()


def check_text(engine: Engine, text: str, max_chars: int) -> str:
    """Refuse an entry before it is queued: too long (413) or not encodable (422)."""
    if len(text) > max_chars:
        raise TextTooLongError(
            f"text has {len(text):,} characters; the limit is {max_chars:,}. "
            "Split it into several entries."
        )
    engine.validate(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DecodeError("text is not valid Unicode (it has unpaired surrogates)") from None
    return text


# -- dependencies ----------------------------------------------------------------------------------
def get_state(request: Request) -> ServiceState:
    return cast(ServiceState, request.app.state.service)


StateDep = Annotated[ServiceState, Depends(get_state)]


def get_settings(state: StateDep) -> Settings:
    return state.settings


def _not_ready(state: ServiceState) -> ApiError:
    why = "the model failed to load" if state.failed else "the model is still loading"
    return ApiError(503, "not_ready", why, {"Retry-After": "5"})


def get_engine(state: StateDep) -> Engine:
    if state.engine is None:
        raise _not_ready(state)
    return state.engine


def get_batcher(state: StateDep) -> MicroBatcher:
    if state.batcher is None:
        raise _not_ready(state)
    return state.batcher


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
BatcherDep = Annotated[MicroBatcher, Depends(get_batcher)]
