"""The routes: ``/v1/analyze``, ``/v1/analyze/batch``, ``/v1/info``, ``/v1/feedback`` (off unless
``REFRAMER_FEEDBACK_ENABLED``); ``/healthz``, ``/readyz``, ``/metrics``.

The API key is checked from the headers before any body byte is read, by the request guard
(:mod:`service.guard`); ``/v1`` routes also use :class:`GuardedRoute`, which checks it again and
then the content type (415) before FastAPI parses the body. Answers that carry journal text have
``Cache-Control: no-store`` and ``X-Content-Type-Options: nosniff``.
Responses are serialised by pydantic's JSON encoder directly (the models are already validated).
"""

from __future__ import annotations

import email.message
import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from starlette.responses import Response

from reframer.errors import ReframerError
from reframer.schema import Analysis
from reframer.service.batcher import Outcome
from reframer.service.errors import ERROR_RESPONSES, ApiError, reframer_error_status
from reframer.service.metrics import CONTENT_TYPE_LATEST
from reframer.service.schemas import (
    ANALYZE_EXAMPLES,
    BATCH_EXAMPLES,
    FEEDBACK_EXAMPLES,
    AnalyzeRequest,
    BatchItemError,
    BatchRequest,
    BatchResponse,
    BatchResult,
    ErrorDetail,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    Health,
    Info,
    Limits,
    Ready,
)
from reframer.service.state import (
    BatcherDep,
    EngineDep,
    ServiceState,
    SettingsDep,
    StateDep,
    check_text,
)
from reframer.settings import Settings

__all__ = ["ops_router", "v1_router"]

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
"""On every answer that carries journal text: never cached, never content-sniffed."""


def _json(model: Any, status: int = 200) -> Response:
    return Response(
        model.model_dump_json(),
        status_code=status,
        media_type="application/json",
        headers=PRIVATE_HEADERS,
    )


def check_api_key(request: Request, state: ServiceState) -> None:
    key = state.settings.api_key
    if key is None:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    expected = key.get_secret_value().encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected):
        raise ApiError(
            401,
            "unauthorized",
            "a valid API key is required: send 'Authorization: Bearer <key>'",
            {"WWW-Authenticate": "Bearer"},
        )


def check_json(request: Request) -> None:
    message = email.message.Message()
    message["content-type"] = request.headers.get("content-type", "")
    subtype = message.get_content_subtype()
    if message.get_content_maintype() != "application" or not (
        subtype == "json" or subtype.endswith("+json")
    ):
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")


class GuardedRoute(APIRoute):
    """Check the API key, then (for requests with a body) the content type, then run the route."""

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        wants_json = self.body_field is not None

        async def guarded(request: Request) -> Response:
            check_api_key(request, request.app.state.service)
            if wants_json:
                check_json(request)
            return await handler(request)

        return guarded


v1_router = APIRouter(prefix="/v1", route_class=GuardedRoute, tags=["analysis"])
ops_router = APIRouter(tags=["operations"])


@v1_router.post(
    "/analyze",
    response_model=Analysis,
    responses=ERROR_RESPONSES,
    summary="Analyse one journal entry",
)
async def analyze(
    body: Annotated[AnalyzeRequest, Body(openapi_examples=ANALYZE_EXAMPLES)],
    engine: EngineDep,
    batcher: BatcherDep,
    settings: SettingsDep,
) -> Response:
    """Self-critical sentences, thinking traps and rewrites; crisis entries get support instead."""
    text = check_text(engine, body.text, settings.max_text_chars)
    reframes = settings.reframes if body.options.reframes is None else body.options.reframes
    result = await batcher.submit(
        text, reframes=reframes, seed=body.options.seed, situation=body.situation
    )
    return _json(result)


def _item_error(item_id: str, exc: BaseException, state: ServiceState) -> BatchItemError:
    known = isinstance(exc, ReframerError) and reframer_error_status(exc) != 500
    if known or isinstance(exc, ApiError):
        assert isinstance(exc, ReframerError | ApiError)
        detail = ErrorDetail(code=exc.code, message=exc.message)
    else:  # an engine bug: its message may quote the entry, so it is not passed on
        detail = ErrorDetail(code="internal_error", message="the entry could not be analysed")
    state.metrics.entry_errors.labels(detail.code).inc()
    return BatchItemError(id=item_id, error=detail)


@v1_router.post(
    "/analyze/batch",
    response_model=BatchResponse,
    responses=ERROR_RESPONSES,
    summary="Analyse many entries in one request",
)
async def analyze_batch(
    body: Annotated[BatchRequest, Body(openapi_examples=BATCH_EXAMPLES)],
    engine: EngineDep,
    batcher: BatcherDep,
    state: StateDep,
) -> Response:
    """Each entry succeeds or fails on its own: failures are listed in ``errors`` with their id."""
    settings = state.settings
    if len(body.items) > settings.max_batch_items:
        raise ApiError(
            422,
            "too_many_items",
            f"items: at most {settings.max_batch_items} entries per request, got {len(body.items)}",
        )
    outcomes: list[Outcome | None] = [None] * len(body.items)
    queued: list[int] = []
    for i, item in enumerate(body.items):
        try:
            check_text(engine, item.text, settings.max_text_chars)
            queued.append(i)
        except ReframerError as exc:
            outcomes[i] = exc
    reframes = settings.reframes if body.options.reframes is None else body.options.reframes
    done = await batcher.submit_many(
        [body.items[i].text for i in queued], reframes=reframes, seed=body.options.seed
    )
    for i, outcome in zip(queued, done, strict=True):
        outcomes[i] = outcome
    results: list[BatchResult] = []
    errors: list[BatchItemError] = []
    for item, slot in zip(body.items, outcomes, strict=True):
        if isinstance(slot, Analysis):
            results.append(BatchResult(id=item.id, **dict(slot)))
        elif slot is not None:
            errors.append(_item_error(item.id, slot, state))
    return _json(BatchResponse(results=results, errors=errors))


@v1_router.get("/info", response_model=Info, responses=ERROR_RESPONSES, summary="Model and limits")
async def info(engine: EngineDep, settings: SettingsDep) -> Info:
    """Model version, labels, thinking traps, rewrite strategies and the request limits."""
    limits = Limits(
        max_text_chars=settings.max_text_chars,
        max_body_bytes=settings.max_body_bytes,
        max_batch_items=settings.max_batch_items,
    )
    return Info.from_engine(dict(engine.info()), limits)


_FEEDBACK_RESPONSES: dict[int | str, dict[str, Any]] = {
    **{k: v for k, v in ERROR_RESPONSES.items() if k != 503},
    404: {
        "model": ErrorResponse,
        "description": "Feedback is off (`feedback_disabled`): set REFRAMER_FEEDBACK_ENABLED=true.",
    },
}


def _save_feedback(settings: Settings, body: FeedbackRequest) -> FeedbackResponse:
    from pydantic import ValidationError

    from reframer.records.models import Correction
    from reframer.records.store import open_store

    try:
        item = Correction.model_validate(body.model_dump())
    except ValidationError as exc:  # the reason only: never the submitted text
        raise ApiError(422, "invalid_request", exc.errors()[0]["msg"]) from None
    store = open_store(settings, create=True)
    assert store is not None
    with store:
        saved = store.add_correction(item)
    return FeedbackResponse(id=saved.id or 0, kind=saved.kind)


@v1_router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    responses=_FEEDBACK_RESPONSES,
    summary="Save a correction (off unless enabled)",
)
async def feedback(
    body: Annotated[FeedbackRequest, Body(openapi_examples=FEEDBACK_EXAMPLES)],
    settings: SettingsDep,
) -> Response:
    """Record that a sentence is / is not self-critical, a trap is wrong, or a rewrite helped or
    did not, in the records store on this machine. Answers 404 unless the server enables it."""
    if not settings.feedback_enabled:
        raise ApiError(
            404, "feedback_disabled", "feedback is off: the server sets REFRAMER_FEEDBACK_ENABLED"
        )
    if len(body.sentence) + len(body.rewrite or "") > settings.max_text_chars:
        limit = settings.max_text_chars
        raise ApiError(413, "text_too_long", f"sentence and rewrite: over {limit:,} characters")
    saved = await run_in_threadpool(_save_feedback, settings, body)
    return _json(saved, status=201)


@ops_router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """200 while the process is up (even while the model loads)."""
    return Health()


@ops_router.get(
    "/readyz",
    response_model=Ready,
    responses={503: ERROR_RESPONSES[503]},
    summary="Readiness",
)
async def readyz(state: StateDep) -> Ready:
    """200 once the model is loaded and warmed up; 503 before (or if loading failed)."""
    if not state.ready:
        why = "the model failed to load" if state.failed else "the model is still loading"
        raise ApiError(503, "not_ready", why, {"Retry-After": "5"})
    return Ready(model_version=str(getattr(state.engine, "model_version", "unknown")))


@ops_router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    summary="Prometheus metrics",
)
async def metrics(state: StateDep) -> Response:
    """Request counts by route and status, latency histograms, batch sizes. Never any text."""
    return Response(state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
