"""The HTTP service: ``create_app()`` builds the FastAPI app, ``run()`` serves it with uvicorn.

``reframer serve --workers N`` runs ``run()``, which starts uvicorn with the import string
``reframer.service.main:app_factory`` (a factory, so every worker process builds its own app and loads its
own model from the ``REFRAMER_*`` environment). The service is stateless: scale it out with workers
or with replicas behind a load balancer.

Privacy: journal text never reaches a log line, an error message, a metric or the network. The
access log (ours, not uvicorn's, which is turned off) has method, route template, status and
duration only; FastAPI's built-in OpenTelemetry (which can record request bodies and validation
inputs) is turned off.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.middleware import Middleware

from reframer.errors import ConfigError
from reframer.service.errors import install_error_handlers
from reframer.service.middleware import (
    BodyLimitMiddleware,
    JsonCORSMiddleware,
    ObservabilityMiddleware,
)
from reframer.service.routes import ops_router, v1_router
from reframer.service.server import uvicorn_options
from reframer.service.state import EngineFactory, ServiceState, default_engine_factory, lifespan
from reframer.settings import Settings

__all__ = ["app_factory", "check_settings", "create_app", "run"]

_DESCRIPTION = """\
Find self-critical sentences in journal text and propose compassionate rewrites. Crisis language
is never reframed: it is flagged and answered with support resources instead.

Every error has the shape `{"error": {"code": "...", "message": "..."}}`; messages never contain
the submitted text. When the server has an API key, `/v1` routes need `Authorization: Bearer <key>`.
"""

_TELEMETRY_OFF: dict[str, Any] = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def _openapi(app: FastAPI, settings: Settings) -> Callable[[], dict[str, Any]]:
    """The generated document plus the configured limits and, with a key, the security scheme."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            schemas = doc.get("components", {}).get("schemas", {})
            items = schemas.get("BatchRequest", {}).get("properties", {}).get("items")
            if isinstance(items, dict):
                items["maxItems"] = settings.max_batch_items
            info = doc["info"]
            info["description"] += (
                f"\nLimits: {settings.max_text_chars:,} characters per entry, "
                f"{settings.max_batch_items} entries per batch, "
                f"{settings.max_body_bytes:,} bytes per request body.\n"
            )
            if settings.api_key is not None:
                doc.setdefault("components", {})["securitySchemes"] = {
                    "bearer": {"type": "http", "scheme": "bearer"}
                }
                for path, ops in doc.get("paths", {}).items():
                    if path.startswith("/v1/"):
                        for op in ops.values():
                            op["security"] = [{"bearer": []}]
            app.openapi_schema = doc
        return app.openapi_schema

    return build


def check_settings(settings: Settings) -> Settings:
    """Refuse settings the service cannot run with (raises :class:`ConfigError`)."""
    if settings.api_key is not None and not settings.api_key.get_secret_value().strip():
        raise ConfigError("REFRAMER_API_KEY is set but empty: unset it or give a real key")
    return settings


def create_app(
    settings: Settings | None = None,
    engine_factory: Callable[[Settings], Any] | None = None,
) -> FastAPI:
    """Build the app. The model is loaded by the lifespan (``engine_factory(settings)``)."""
    settings = check_settings(settings or Settings())
    factory: EngineFactory = engine_factory or default_engine_factory
    state = ServiceState(settings, factory)
    known_paths = frozenset(
        [getattr(r, "path", "") for r in (*v1_router.routes, *ops_router.routes)]
        + ["/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"]
    )
    middleware = [
        Middleware(
            ObservabilityMiddleware,
            metrics=state.metrics,
            known_paths=known_paths,
            access_log=settings.access_log,
        )
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                JsonCORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                max_age=600,
            )
        )
    key = settings.api_key.get_secret_value().strip() if settings.api_key else None
    middleware.append(
        Middleware(
            BodyLimitMiddleware,
            max_body_bytes=settings.max_body_bytes,
            api_key=key,
            body_timeout_s=settings.body_timeout_s,
            max_uploads=settings.max_uploads,
            deadline_s=settings.request_timeout_s,
        )
    )
    from reframer import __version__

    app = FastAPI(
        title="reframer",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        middleware=middleware,
        redirect_slashes=False,
        telemetry=_TELEMETRY_OFF,  # type: ignore[arg-type]
    )
    app.state.service = state
    install_error_handlers(app)
    app.include_router(v1_router)
    app.include_router(ops_router)
    app.openapi = _openapi(app, settings)  # type: ignore[method-assign]
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory reframer.service.main:app_factory``: settings from the environment."""
    return create_app()


def log_config(level: str = "INFO") -> dict[str, Any]:
    """uvicorn's logging set-up, plus the service's own loggers on stderr."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["reframer"] = {"handlers": ["default"], "level": level, "propagate": False}
    return config


def run(
    host: str = "127.0.0.1", port: int = 8000, workers: int = 1, settings: Settings | None = None
) -> None:
    """Serve with uvicorn (``reframer serve``). Request bodies are never logged.

    Raises :class:`ConfigError` for unusable settings before anything starts.
    """
    import uvicorn

    settings = check_settings(settings or Settings())
    uvicorn.run(
        "reframer.service.main:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=log_config(),
        **uvicorn_options(settings),
    )
