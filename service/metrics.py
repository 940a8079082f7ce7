"""Prometheus metrics, in a registry of the app's own (so apps and tests never share counters).

Labels are fixed, low-cardinality values only: HTTP method, the route *template* (``/v1/analyze``,
never the raw path or query), the status code, an error code. No metric ever carries text.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "method_label"]

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    """The HTTP method, or ``OTHER`` for anything unusual (labels stay a small, fixed set)."""
    return method if method in _METHODS else "OTHER"


_LATENCY_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)
_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


class Metrics:
    """The service's collectors, all registered in ``self.registry``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "reframer_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "reframer_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.in_progress = Gauge(
            "reframer_http_requests_in_progress", "HTTP requests being answered.", registry=r
        )
        self.batch_size = Histogram(
            "reframer_engine_batch_size",
            "Entries per engine call made by the micro-batcher.",
            buckets=_BATCH_BUCKETS,
            registry=r,
        )
        self.batch_seconds = Histogram(
            "reframer_engine_batch_duration_seconds",
            "Time of one engine call (one micro-batch).",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.queue_depth = Gauge(
            "reframer_queue_depth", "Entries waiting for the model.", registry=r
        )
        self.entry_errors = Counter(
            "reframer_entry_errors",
            "Entries that could not be analysed, by error code.",
            ["code"],
            registry=r,
        )
        self.ready = Gauge("reframer_model_ready", "1 once the model is loaded.", registry=r)
        self.disconnects = Counter(
            "reframer_client_disconnects",
            "Requests whose client went away before the answer, by stage (body, processing).",
            ["stage"],
            registry=r,
        )
        self.cancelled = Counter(
            "reframer_cancelled_entries",
            "Queued entries dropped because their client left or their deadline passed.",
            registry=r,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        method = method_label(method)
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> bytes:
        return bytes(generate_latest(self.registry))
