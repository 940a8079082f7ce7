"""How uvicorn serves the app: a header timeout, JSON for malformed HTTP, graceful shutdown.

uvicorn limits how long an idle keep-alive connection stays open but not how long a client may
take to send its request headers, so a slowloris client can hold a connection (and delay
shutdown) by sending a header byte now and then. :class:`GuardedH11Protocol` (uvicorn's h11
protocol) closes a connection whose headers are not complete ``header_timeout_s`` seconds after
their first byte (or after the connection opened) with a JSON 408, answers malformed HTTP
with the service's JSON error shape instead of plain text, and on shutdown drops clients that are
still sending a body (503) instead of waiting for them. The body timeout, upload cap and
deadline are ASGI middleware (:mod:`service.guard`).

:func:`uvicorn_options` is what :func:`service.main.run` passes to ``uvicorn.run``; tests start a
real server with the same options.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from reframer.service.errors import error_bytes
from reframer.settings import Settings

__all__ = ["GuardedH11Protocol", "raw_error", "uvicorn_options"]

PROTOCOL = "reframer.service.server:GuardedH11Protocol"


@functools.lru_cache(maxsize=1)
def _header_timeout() -> float:
    return Settings().header_timeout_s


def raw_error(status: int, reason: str, code: str, message: str) -> bytes:
    """A complete HTTP/1.1 error answer in the JSON shape, closing the connection."""
    body = error_bytes(code, message)
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header timeout and JSON answers for malformed requests."""

    header_timeout_s: float | None = None
    """Seconds for the headers; ``None``: ``REFRAMER_HEADER_TIMEOUT_S`` (default 10)."""

    _header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._header_timer is None:
            timeout = self.header_timeout_s or _header_timeout()
            self._header_timer = self.loop.call_later(timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:  # the first bytes of a (next) request's headers
            self._arm()
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the headers are in
            self._disarm()

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info("closing a connection: request headers too slow")
            self.transport.write(
                raw_error(408, "Request Timeout", "request_timeout", "the headers came too slowly")
            )
            self.transport.close()

    def shutdown(self) -> None:
        """Graceful shutdown: a client still sending its body is answered 503 and dropped at once
        (it would otherwise hold the server for the whole grace period); others as uvicorn does."""
        cycle = self.cycle
        receiving = cycle is not None and not cycle.response_started
        if receiving and self.conn.their_state is h11.SEND_BODY:
            self._disarm()
            self.transport.write(
                raw_error(503, "Service Unavailable", "not_ready", "the server is shutting down")
            )
            self.transport.close()
            return
        super().shutdown()

    def send_400_response(self, msg: str) -> None:
        self._disarm()
        self.transport.write(
            raw_error(400, "Bad Request", "invalid_request", "malformed HTTP request")
        )
        self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config`` (besides app, host, port)."""
    return {
        "http": PROTOCOL,
        "timeout_graceful_shutdown": settings.shutdown_grace_s,
        "timeout_keep_alive": 5,
        "access_log": False,  # ours has the route template, never the raw path or query string
        "server_header": False,
    }
