"""Dynamic micro-batching: entries that arrive together share one engine call.

Each request puts its entries on a queue and awaits a future per entry. One background task takes
the waiting entries, up to ``max_batch_size`` of them, once the oldest has waited ``max_wait_s`` (or
at once when a full batch is waiting), and runs them through ``engine.iter_analyze`` in the worker
thread, off the event loop. While the engine works the next batch fills up, so the batches (and the
throughput) grow with the number of concurrent clients, and one client alone waits at most
``max_wait_s`` extra.

All engine calls go through one worker thread: the engine is not assumed to be thread-safe, and its
model runtime already uses the CPU cores for one batch. An entry whose batch fails is retried alone,
so one bad entry never fails the others; entries are validated before they are queued anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from reframer.schema import Analysis
from reframer.service.errors import ApiError
from reframer.service.metrics import Metrics

__all__ = ["MicroBatcher", "Outcome"]

Outcome = Analysis | BaseException
_Key = tuple[int, int | None]


@dataclass(slots=True, eq=False)
class _Job:
    text: str
    key: _Key
    future: asyncio.Future[Analysis]
    enqueued: float


class MicroBatcher:
    """Group concurrent entries into engine batches. ``start()`` in the loop, ``close()`` at exit."""

    def __init__(
        self,
        engine: Any,
        executor: Executor,
        *,
        max_batch_size: int = 64,
        max_wait_s: float = 0.002,
        max_queue: int = 4096,
        metrics: Metrics | None = None,
    ) -> None:
        self._engine = engine
        self._executor = executor
        self._max_batch = max(1, max_batch_size)
        self._max_wait = max(0.0, max_wait_s)
        self._max_queue = max_queue
        self._metrics = metrics or Metrics()
        self._pending: deque[_Job] = deque()
        self._wakeup = asyncio.Event()
        self._full = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    # -- client side ------------------------------------------------------------------------------
    async def submit(self, text: str, *, reframes: int, seed: int | None) -> Analysis:
        """Analyse one entry; raises what the engine raised for it."""
        (future,) = self._enqueue([text], (reframes, seed))
        return await future

    async def submit_many(
        self, texts: Sequence[str], *, reframes: int, seed: int | None
    ) -> list[Outcome]:
        """Analyse entries; each outcome is an :class:`Analysis` or the exception for that entry."""
        if not texts:
            return []
        futures = self._enqueue(texts, (reframes, seed))
        return list(await asyncio.gather(*futures, return_exceptions=True))

    def _enqueue(self, texts: Sequence[str], key: _Key) -> list[asyncio.Future[Analysis]]:
        if self._closed or self._task is None:
            raise ApiError(503, "not_ready", "the service is not accepting work")
        if len(self._pending) + len(texts) > self._max_queue:
            raise ApiError(
                503, "overloaded", "too many entries waiting; retry shortly", {"Retry-After": "1"}
            )
        loop = asyncio.get_running_loop()
        now = loop.time()
        futures: list[asyncio.Future[Analysis]] = []
        for text in texts:
            future: asyncio.Future[Analysis] = loop.create_future()
            self._pending.append(_Job(text, key, future, now))
            futures.append(future)
        self._metrics.queue_depth.set(len(self._pending))
        self._wakeup.set()
        if len(self._pending) >= self._max_batch:
            self._full.set()
        return futures

    # -- worker side ------------------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="micro-batcher")

    async def close(self) -> None:
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        while self._pending:
            job = self._pending.popleft()
            if not job.future.done():
                job.future.set_exception(ApiError(503, "not_ready", "the service is stopping"))

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._pending:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            delay = self._pending[0].enqueued + self._max_wait - loop.time()
            if delay > 0 and len(self._pending) < self._max_batch:
                self._full.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):
                        await self._full.wait()
            batch: list[_Job] = []
            while self._pending and len(batch) < self._max_batch:
                job = self._pending.popleft()
                if not job.future.done():  # done: its request was cancelled
                    batch.append(job)
            self._metrics.queue_depth.set(len(self._pending))
            await self._process(batch)

    async def _process(self, batch: list[_Job]) -> None:
        groups: dict[_Key, list[_Job]] = {}
        for job in batch:
            groups.setdefault(job.key, []).append(job)
        loop = asyncio.get_running_loop()
        for (reframes, seed), jobs in groups.items():
            start = time.perf_counter()
            texts = [job.text for job in jobs]
            try:
                outcomes = await loop.run_in_executor(
                    self._executor, self._infer, texts, reframes, seed
                )
            except Exception as exc:  # the executor itself failed (shut down)
                outcomes = [exc] * len(jobs)
            self._metrics.batch_size.observe(len(jobs))
            self._metrics.batch_seconds.observe(time.perf_counter() - start)
            for job, outcome in zip(jobs, outcomes, strict=True):
                if job.future.done():
                    continue
                if isinstance(outcome, BaseException):
                    job.future.set_exception(outcome)
                else:
                    job.future.set_result(outcome)

    # -- in the worker thread -----------------------------------------------------------------------
    def _call(self, texts: list[str], reframes: int, seed: int | None) -> list[Analysis]:
        results = list(
            self._engine.iter_analyze(
                texts, reframes=reframes, seed=seed, batch_size=max(1, len(texts))
            )
        )
        if len(results) != len(texts):
            raise RuntimeError("the engine returned a different number of results")
        return results

    def _infer(self, texts: list[str], reframes: int, seed: int | None) -> list[Outcome]:
        try:
            return list(self._call(texts, reframes, seed))
        except Exception as exc:
            if len(texts) == 1:
                return [exc]
        outcomes: list[Outcome] = []
        for text in texts:  # isolate the entry that failed the batch
            try:
                outcomes.extend(self._call([text], reframes, seed))
            except Exception as exc:
                outcomes.append(exc)
        return outcomes
