"""One error shape, ``{"error": {"code": ..., "message": ...}}``, for every non-2xx answer.

Messages are written here or come from :mod:`reframer.errors` (whose messages never contain journal
text); request-validation messages name the field but never echo the submitted value. Unexpected
exceptions are logged by type name only: their messages and tracebacks may quote the input.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from reframer.errors import InputError, ReframerError, TextTooLongError
from reframer.service.schemas import ErrorResponse

__all__ = [
    "ERROR_RESPONSES",
    "ApiError",
    "error_bytes",
    "error_response",
    "install_error_handlers",
]

log = logging.getLogger("reframer.service")

# Field names that may appear in validation messages; any other key a client sends is not echoed.
_FIELDS = frozenset(
    {"body", "text", "options", "reframes", "seed", "items", "id", "situation"}
    | {"kind", "sentence", "trap", "rewrite", "traps", "model_version"}
)

_HTTP_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    408: "request_timeout",
    503: "not_ready",
    504: "deadline_exceeded",
}


class ApiError(Exception):
    """An error answer raised by the service itself."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def error_bytes(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        error_bytes(code, message),
        status_code=status,
        media_type="application/json",
        headers=dict(headers or {}),
    )


def reframer_error_status(exc: ReframerError) -> int:
    if isinstance(exc, TextTooLongError):
        return 413
    if isinstance(exc, InputError):
        return 422
    return 500


def _location(loc: Sequence[Any]) -> str:
    parts = [str(p) if isinstance(p, int) or p in _FIELDS else "<field>" for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_message(errors: Sequence[Any]) -> str:
    """``options.reframes: Input should be less than or equal to 3`` (never the input value)."""
    if not errors:
        return "the request is not valid"
    first = errors[0]
    kind = first.get("type", "")
    if kind == "json_invalid":
        pos = first.get("loc", ("body", 0))[-1]
        return f"the body is not valid JSON (error near position {pos})"
    if kind == "extra_forbidden":
        msg = "unknown field"
    elif kind == "missing":
        msg = "field required"
    else:
        msg = str(first.get("msg", "invalid value"))
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"{_location(first.get('loc', ()))}: {msg}{more}"


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _reframer_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReframerError)
    status = reframer_error_status(exc)
    if status == 500:
        log.error("engine error [%s] on %s", exc.code, request.url.path)
        return error_response(500, "internal_error", "internal server error")
    return error_response(status, exc.code, exc.message)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_request", validation_message(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 400:  # FastAPI: a body it could not parse (not UTF-8, nested too deep, ...)
        return error_response(422, "invalid_request", "the body is not valid UTF-8 JSON")
    code = _HTTP_CODES.get(status, f"http_{status}")
    messages = {
        404: "no such route; see /docs",
        405: f"method {request.method} is not allowed on this route",
    }
    message = messages.get(status, str(exc.detail) if status < 500 else "server error")
    return error_response(status, code, message, exc.headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled %s on %s", type(exc).__name__, request.url.path)
    return error_response(500, "internal_error", "internal server error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(ReframerError, _reframer_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _doc("Missing or wrong API key (`Authorization: Bearer ...`), when a key is set."),
    408: _doc("The body did not arrive within body_timeout_s (`request_timeout`)."),
    413: _doc("Text over max_text_chars (`text_too_long`) or body over max_body_bytes."),
    415: _doc("Content-Type is not application/json."),
    422: _doc("Malformed JSON or a field of the wrong type or value (`invalid_request`)."),
    500: _doc("Unexpected server error (generic body, no details)."),
    503: _doc(
        "The model is not loaded yet (`not_ready`), or the queue or the upload slots are full "
        "(`overloaded`); see `Retry-After`."
    ),
    504: _doc("Not answered within request_timeout_s (`deadline_exceeded`); see `Retry-After`."),
}
