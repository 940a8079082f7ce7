"""Pure ASGI middleware: the body-size limit, and metrics + access log + last-resort 500.

Both work on the raw ASGI messages, so they add almost nothing per request and see every answer,
including those given before routing (413) and those of unknown routes (404).
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reframer.service.errors import error_bytes
from reframer.service.metrics import Metrics, method_label

__all__ = ["BodyLimitMiddleware", "ObservabilityMiddleware", "route_label"]

log = logging.getLogger("reframer.service")
access_log = logging.getLogger("reframer.service.access")


async def send_error(
    send: Send, status: int, code: str, message: str, *, close: bool = False
) -> None:
    body = error_bytes(code, message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class BodyLimitMiddleware:
    """Answer 413 for a body over ``max_body_bytes`` before anything parses it.

    A declared ``Content-Length`` over the limit is refused without reading the body; otherwise the
    body is read here (counting the bytes as they stream in, so chunked uploads are capped too) and
    handed on to the app in one piece.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        too_large = f"the request body is over the limit of {limit:,} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_error(send, 400, "invalid_request", "invalid Content-Length")
                    return
                if declared > limit:
                    await send_error(send, 413, "body_too_large", too_large, close=True)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await send_error(send, 413, "body_too_large", too_large, close=True)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def route_label(scope: Scope, known_paths: frozenset[str] = frozenset()) -> str:
    """The route template that served this request (or, for a request refused before routing, its
    path when that is one of the app's routes), else ``<unmatched>``: never an arbitrary path."""
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    path = scope.get("path")
    return path if path in known_paths else "<unmatched>"


class ObservabilityMiddleware:
    """Count and time every request, log one access line, and turn any escaped exception into 500.

    The access line has method, route template, status and duration only: never the query string,
    headers or body. Exceptions are logged by type name only (their text may quote the input), and
    are not re-raised, so the server never prints a traceback.
    """

    def __init__(
        self,
        app: ASGIApp,
        metrics: Metrics,
        known_paths: frozenset[str] = frozenset(),
        access_log: bool = True,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.known_paths = known_paths
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        method = method_label(scope["method"])
        state: dict[str, Any] = {"status": 500, "started": False}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
            await send(message)

        self.metrics.in_progress.inc()
        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            log.error(
                "unhandled %s on %s %s",
                type(exc).__name__,
                method,
                route_label(scope, self.known_paths),
            )
            if not state["started"]:
                state["status"] = 500
                with contextlib.suppress(Exception):  # the client may be gone already
                    await send_error(send, 500, "internal_error", "internal server error")
        finally:
            self.metrics.in_progress.dec()
            seconds = time.perf_counter() - start
            route = route_label(scope, self.known_paths)
            status = int(state["status"])
            self.metrics.observe_request(method, route, status, seconds)
            if self.access_log:
                access_log.info("%s %s %d %.1fms", method, route, status, seconds * 1000)
