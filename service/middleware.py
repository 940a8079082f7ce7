"""Pure ASGI middleware: metrics + access log + last-resort 500 (the request guard, with the body
limit, is in :mod:`service.guard`), and JSON answers for refused CORS preflights.

They work on the raw ASGI messages, so they add almost nothing per request and see every answer,
including those given before routing (401, 413) and those of unknown routes (404). A client that
goes away before its answer is counted as a disconnect (status label ``499``), never as a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reframer.service.errors import error_response
from reframer.service.guard import DISCONNECTED, BodyLimitMiddleware, send_error
from reframer.service.metrics import Metrics, method_label

__all__ = [
    "BodyLimitMiddleware",
    "JsonCORSMiddleware",
    "ObservabilityMiddleware",
    "route_label",
    "send_error",
]

CLIENT_CLOSED = 499
"""The status label of a request whose client went away before the answer (nginx's 499)."""

log = logging.getLogger("reframer.service")
access_log = logging.getLogger("reframer.service.access")


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
            if not state["started"] and scope.get(DISCONNECTED):
                state["status"] = CLIENT_CLOSED
        except asyncio.CancelledError:  # the server's shutdown grace period is over
            log.warning("request cancelled on %s %s: shutdown", method, route_label(scope))
            if not state["started"]:
                state["status"] = 503
                with contextlib.suppress(Exception):
                    await send_error(send, 503, "not_ready", "the server is shutting down")
        except Exception as exc:
            if scope.get(DISCONNECTED) or _is_disconnect(exc):
                state["status"] = CLIENT_CLOSED
                scope.setdefault(DISCONNECTED, "body")
                return
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
            if status == CLIENT_CLOSED:
                self.metrics.disconnects.labels(str(scope.get(DISCONNECTED, "body"))).inc()
            if self.access_log:
                access_log.info("%s %s %d %.1fms", method, route, status, seconds * 1000)


def _is_disconnect(exc: BaseException) -> bool:
    from starlette.requests import ClientDisconnect

    return isinstance(exc, ClientDisconnect)


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, answering a refused preflight in the one JSON error shape."""

    def preflight_response(self, request_headers: Any) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode("utf-8", "replace")
        headers = {k: v for k, v in response.headers.items() if k.lower() == "vary"}
        return error_response(response.status_code, "cors_refused", reason, headers)
