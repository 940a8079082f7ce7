"""The request guard: everything decided before, and around, the app reads a request.

In order, for every HTTP request (pure ASGI, so it costs almost nothing):

1. **API key** (``/v1`` routes, when a key is set): checked from the headers alone; a wrong or
   missing key is answered 401 before a single body byte is read (and the connection is closed
   when a body was announced, so the client cannot keep it busy).
2. **Body size**: a declared ``Content-Length`` over the limit is 413 at once; streamed bodies are
   counted as they arrive.
3. **Upload slots**: at most ``max_uploads`` bodies are received at a time; one more is answered
   503 ``overloaded`` with ``Retry-After``.
4. **Body timeout**: the whole body must arrive within ``body_timeout_s`` (slowloris uploads are
   answered 408 and closed).
5. **Disconnects and the deadline**: while the app works, the connection is watched; when the
   client goes away the work is cancelled (its queued entries are dropped) and the request is
   counted as a disconnect (status label 499), never as a 500. Work still running after
   ``deadline_s`` is cancelled and answered 504 ``deadline_exceeded`` with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reframer.service.errors import error_bytes
from reframer.service.metrics import Metrics

__all__ = ["DISCONNECTED", "BodyLimitMiddleware", "send_error"]

DISCONNECTED = "reframer.disconnected"
"""Scope key set to where the client went away (``"body"`` or ``"processing"``)."""


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    *,
    close: bool = False,
    headers: dict[str, str] | None = None,
) -> None:
    body = error_bytes(code, message)
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if close:
        raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class _BodyTimeout(Exception):
    pass


class BodyLimitMiddleware:
    """The guard described in the module docstring (named for its first job, the body limit)."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        *,
        api_key: str | None = None,
        body_timeout_s: float | None = None,
        max_uploads: int | None = None,
        deadline_s: float | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.api_key = api_key.encode() if api_key else None
        self.body_timeout_s = body_timeout_s
        self.uploads = max_uploads
        self.deadline_s = deadline_s
        self.metrics = metrics

    def _authorized(self, scope: Scope) -> bool:
        if self.api_key is None or not str(scope.get("path", "")).startswith("/v1/"):
            return True
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, token = value.partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(
                    token.strip(), self.api_key
                )
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared: int | None = None
        chunked = False
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
            elif name == b"transfer-encoding":
                chunked = True
        has_body = chunked or bool(declared)
        if not self._authorized(scope):
            await send_error(
                send,
                401,
                "unauthorized",
                "a valid API key is required: send 'Authorization: Bearer <key>'",
                close=has_body,
                headers={"WWW-Authenticate": "Bearer"},
            )
            return
        limit = self.max_body_bytes
        if declared is not None and declared < 0:
            await send_error(send, 400, "invalid_request", "invalid Content-Length", close=True)
            return
        if declared is not None and declared > limit:
            too_large = f"the request body is over the limit of {limit:,} bytes"
            await send_error(send, 413, "body_too_large", too_large, close=True)
            return
        if has_body and self.uploads is not None and self.uploads <= 0:
            await send_error(
                send,
                503,
                "overloaded",
                "too many uploads in progress; retry shortly",
                close=True,
                headers={"Retry-After": "1"},
            )
            return
        if self.uploads is not None and has_body:
            self.uploads -= 1
        try:
            body = await self._read(scope, receive, send)
        finally:
            if self.uploads is not None and has_body:
                self.uploads += 1
        if body is None:
            return
        await self._run(scope, body, receive, send)

    async def _read(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or ``None`` when an answer was sent (or the client went away)."""
        limit = self.max_body_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout_s):
                while True:
                    message = await receive()
                    if message["type"] != "http.request":  # the client went away mid-body
                        scope[DISCONNECTED] = "body"
                        return None
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        too_large = f"the request body is over the limit of {limit:,} bytes"
                        await send_error(send, 413, "body_too_large", too_large, close=True)
                        return None
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(chunks)
        except TimeoutError:
            await send_error(
                send,
                408,
                "request_timeout",
                f"the request body did not arrive within {self.body_timeout_s:g} s",
                close=True,
            )
            return None

    async def _run(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        """Run the app with the body; cancel it when the client leaves or the deadline passes."""
        gone = asyncio.Event()
        state: dict[str, bool] = {"replayed": False, "started": False, "complete": False}

        async def replay() -> Message:
            if not state["replayed"]:
                state["replayed"] = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                state["complete"] = True
            await send(message)

        async def watch() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return

        work = asyncio.ensure_future(self.app(scope, replay, send_wrapper))
        watcher = asyncio.ensure_future(watch())
        try:
            done, _ = await asyncio.wait(
                {work, watcher}, timeout=self.deadline_s, return_when=asyncio.FIRST_COMPLETED
            )
            if work in done:
                return work.result()
            if watcher in done and not state["complete"]:
                scope[DISCONNECTED] = "processing"
                gone.set()
                await _cancel(work)
                return None
            if watcher in done:  # the answer was sent; let the app finish
                return await work
            await _cancel(work)  # the deadline passed
            if not state["started"]:
                await send_error(
                    send,
                    504,
                    "deadline_exceeded",
                    f"the request took longer than {self.deadline_s:g} s; retry later",
                    headers={"Retry-After": "5"},
                )
            return None
        finally:
            await _cancel(watcher)
            if not work.done():
                await _cancel(work)


async def _cancel(task: asyncio.Future[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
