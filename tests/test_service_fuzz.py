"""Property-based tests of the HTTP API from its own OpenAPI document (schemathesis).

Every operation gets its documented examples plus generated valid and invalid requests; every answer
must be documented (status, content type, schema) and none may be a 500. The fake engine keeps it
fast; the budget per operation is bounded.
"""

from __future__ import annotations

import time
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python.asgi import get_client

from reframer.service.main import create_app
from reframer.settings import Settings
from reframer.testing import FakeEngine


def _ready_app(engine: Any, **overrides: Any) -> Any:
    app = create_app(
        Settings(**{"api_key": None, "cors_origins": [], **overrides}),
        engine_factory=lambda s: engine,
    )
    with get_client(app) as client:  # starts the lifespan (the model loads in the background)
        deadline = time.monotonic() + 10
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "the service did not become ready"
            time.sleep(0.01)
    return app


# Module level (schemathesis' lazy fixture loader does not work with this pytest version); the
# engine is the same FakeEngine the ``fake_engine`` fixture returns.
schema = schemathesis.openapi.from_asgi("/openapi.json", _ready_app(FakeEngine()))
schema_with_key = schemathesis.openapi.from_asgi(
    "/openapi.json", _ready_app(FakeEngine(), api_key="fuzz-key")
)

_BOUNDED = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@schema.parametrize()
@_BOUNDED
def test_api_conforms_to_its_schema(case: Any) -> None:
    response = case.call_and_validate()
    assert response.status_code < 500


@schema_with_key.parametrize()
@_BOUNDED
def test_api_with_key_conforms_to_its_schema(case: Any) -> None:
    """With a key: requests without it must be refused (schemathesis' auth checks)."""
    response = case.call_and_validate(headers={"Authorization": "Bearer fuzz-key"})
    assert response.status_code < 500
