"""Dynamic micro-batching: entries that arrive together share one engine call, fairly.

Each request puts its entries in a queue of its own and awaits a future per entry. One background
task builds each engine call by taking **one entry from each waiting request in turn**
(round-robin), up to ``max_batch_size`` entries and ``max_batch_chars`` characters (one entry
always fits), once the oldest has waited ``max_wait_s`` (or at once when a full batch is waiting),
and runs it through ``engine.iter_analyze`` in the worker thread, off the event loop. So a request
with 256 long entries gets one slot per engine call like everyone else: a one-sentence request
that arrives behind it waits for at most the engine call in progress, not for the whole batch.
While the engine works the next batch fills up, so the batches (and the throughput) grow with the
number of concurrent clients, and one client alone waits at most ``max_wait_s`` extra.

When a request is cancelled (its client disconnected, or its deadline passed) its entries that
have not reached the engine are dropped at once. The queue is bounded: more than ``max_queue``
waiting entries is answered 503 ``overloaded`` with ``Retry-After``.

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
_Key = tuple[int, int | None, str | None]
"""Entries batch together when their reframes, seed and situation are the same."""


@dataclass(slots=True, eq=False)
class _Job:
    text: str
    key: _Key
    future: asyncio.Future[Analysis]
    enqueued: float


@dataclass(slots=True, eq=False)
class _Request:
    jobs: deque[_Job]
    dropped: bool = False


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
        max_batch_chars: int = 4_000,
        metrics: Metrics | None = None,
    ) -> None:
        self._engine = engine
        self._executor = executor
        self._max_batch = max(1, max_batch_size)
        self._max_wait = max(0.0, max_wait_s)
        self._max_queue = max_queue
        self._max_chars = max(1, max_batch_chars)
        self._metrics = metrics or Metrics()
        self._active: deque[_Request] = deque()  # requests with entries waiting, in turn order
        self._waiting = 0
        self._wakeup = asyncio.Event()
        self._full = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    # -- client side ------------------------------------------------------------------------------
    async def submit(
        self, text: str, *, reframes: int, seed: int | None, situation: str | None = None
    ) -> Analysis:
        """Analyse one entry; raises what the engine raised for it."""
        request, (future,) = self._enqueue([text], (reframes, seed, situation))
        try:
            return await future
        except asyncio.CancelledError:
            self._drop(request)
            raise

    async def submit_many(
        self, texts: Sequence[str], *, reframes: int, seed: int | None
    ) -> list[Outcome]:
        """Analyse entries; each outcome is an :class:`Analysis` or the exception for that entry."""
        if not texts:
            return []
        request, futures = self._enqueue(texts, (reframes, seed, None))
        try:
            return list(await asyncio.gather(*futures, return_exceptions=True))
        except asyncio.CancelledError:
            self._drop(request)
            raise

    @property
    def waiting(self) -> int:
        """Entries waiting for the engine."""
        return self._waiting

    def _enqueue(
        self, texts: Sequence[str], key: _Key
    ) -> tuple[_Request, list[asyncio.Future[Analysis]]]:
        if self._closed or self._task is None:
            raise ApiError(503, "not_ready", "the service is not accepting work")
        if self._waiting + len(texts) > self._max_queue:
            raise ApiError(
                503, "overloaded", "too many entries waiting; retry shortly", {"Retry-After": "1"}
            )
        loop = asyncio.get_running_loop()
        now = loop.time()
        request = _Request(deque())
        futures: list[asyncio.Future[Analysis]] = []
        for text in texts:
            future: asyncio.Future[Analysis] = loop.create_future()
            request.jobs.append(_Job(text, key, future, now))
            futures.append(future)
        self._active.append(request)
        self._waiting += len(texts)
        self._metrics.queue_depth.set(self._waiting)
        self._wakeup.set()
        if self._waiting >= self._max_batch:
            self._full.set()
        return request, futures

    def _drop(self, request: _Request) -> None:
        """Forget a cancelled request's entries that have not reached the engine."""
        if request.dropped:
            return
        request.dropped = True
        left = len(request.jobs)
        for job in request.jobs:
            job.future.cancel()
        request.jobs.clear()
        self._waiting -= left
        self._metrics.cancelled.inc(left)
        self._metrics.queue_depth.set(self._waiting)

    def _take(self) -> list[_Job]:
        """The next engine call: one entry per request in turn, within the size budgets."""
        batch: list[_Job] = []
        chars = 0
        while self._active and len(batch) < self._max_batch:
            request = self._active.popleft()
            while request.jobs and request.jobs[0].future.done():  # cancelled one by one
                request.jobs.popleft()
                self._waiting -= 1
            if not request.jobs:
                continue
            job = request.jobs[0]
            if batch and chars + len(job.text) > self._max_chars:
                self._active.appendleft(request)  # first in line for the next call
                break
            request.jobs.popleft()
            self._waiting -= 1
            batch.append(job)
            chars += len(job.text)
            if request.jobs:
                self._active.append(request)
        self._metrics.queue_depth.set(self._waiting)
        return batch

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
        while self._active:
            for job in self._active.popleft().jobs:
                if not job.future.done():
                    job.future.set_exception(ApiError(503, "not_ready", "the service is stopping"))
        self._waiting = 0

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._waiting:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            oldest = min((r.jobs[0].enqueued for r in self._active if r.jobs), default=0.0)
            delay = oldest + self._max_wait - loop.time()
            if delay > 0 and self._waiting < self._max_batch:
                self._full.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):
                        await self._full.wait()
            elif len(self._active) == 1 and self._max_wait > 0:
                # one request holds all the waiting work (a big batch): give the clients whose
                # answers were just sent a moment to ask again before it takes the engine again
                self._wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._max_wait):
                        await self._wakeup.wait()
            batch = self._take()
            if batch:
                await self._process(batch)
            elif not self._active:  # only cancelled entries were left
                self._waiting = 0

    async def _process(self, batch: list[_Job]) -> None:
        groups: dict[_Key, list[_Job]] = {}
        for job in batch:
            groups.setdefault(job.key, []).append(job)
        loop = asyncio.get_running_loop()
        for key, jobs in groups.items():
            start = time.perf_counter()
            texts = [job.text for job in jobs]
            try:
                outcomes = await loop.run_in_executor(self._executor, self._infer, texts, key)
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
    def _call(self, texts: list[str], key: _Key) -> list[Analysis]:
        reframes, seed, situation = key
        extra = {"situation": situation} if situation else {}
        results = list(
            self._engine.iter_analyze(
                texts, reframes=reframes, seed=seed, batch_size=max(1, len(texts)), **extra
            )
        )
        if len(results) != len(texts):
            raise RuntimeError("the engine returned a different number of results")
        return results

    def _infer(self, texts: list[str], key: _Key) -> list[Outcome]:
        try:
            return list(self._call(texts, key))
        except Exception as exc:
            if len(texts) == 1:
                return [exc]
        outcomes: list[Outcome] = []
        for text in texts:  # isolate the entry that failed the batch
            try:
                outcomes.extend(self._call([text], key))
            except Exception as exc:
                outcomes.append(exc)
        return outcomes
