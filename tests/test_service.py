"""The HTTP service, with the fake engine (fast) and once with the real one (slow)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reframer.errors import ConfigError, ModelError
from reframer.schema import Analysis
from reframer.service.main import create_app
from reframer.settings import Settings

MARKER = "ZEBRA-MARKER-7731"
SELF_CRITICAL = "I forgot the meeting. I am such an idiot."


def make_settings(**overrides: Any) -> Settings:
    base: dict[str, Any] = {"api_key": None, "cors_origins": []}
    base.update(overrides)
    return Settings(**base)


def wait_ready(client: TestClient, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return
        time.sleep(0.005)
    raise AssertionError("the service did not become ready")


@contextmanager
def serve(engine: Any, **overrides: Any) -> Iterator[TestClient]:
    app = create_app(make_settings(**overrides), engine_factory=lambda s: engine)
    with TestClient(app) as client:
        wait_ready(client)
        yield client


@pytest.fixture()
def client(fake_engine: Any) -> Iterator[TestClient]:
    with serve(fake_engine) as c:
        yield c


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    return dict(body["error"])


class RecordingEngine:
    """The fake engine, slowed down a little, recording the size of every engine call."""

    def __init__(self, inner: Any, delay: float = 0.0, fail_on: str | None = None) -> None:
        self.inner = inner
        self.model_version = inner.model_version
        self.delay = delay
        self.fail_on = fail_on
        self.batches: list[int] = []

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        texts = list(texts)
        self.batches.append(len(texts))
        time.sleep(self.delay)
        if self.fail_on is not None and any(self.fail_on in t for t in texts):
            raise RuntimeError(f"engine bug while reading {texts!r}")  # quotes the text
        return self.inner.iter_analyze(texts, **kw)  # type: ignore[no-any-return]

    def validate(self, text: object) -> str:
        return self.inner.validate(text)  # type: ignore[no-any-return]

    def info(self) -> dict[str, Any]:
        return dict(self.inner.info())


# -- routes ----------------------------------------------------------------------------------------
def test_analyze_returns_the_contract(client: TestClient) -> None:
    r = client.post("/v1/analyze", json={"text": SELF_CRITICAL, "options": {"reframes": 1}})
    assert r.status_code == 200
    analysis = Analysis.model_validate(r.json())
    assert analysis.model_version == "fake-0"
    assert [s.self_critical for s in analysis.sentences] == [False, True]
    assert len(analysis.sentences[1].reframes) == 1
    assert SELF_CRITICAL[analysis.sentences[1].start : analysis.sentences[1].end] == (
        analysis.sentences[1].text
    )


def test_reframes_option_and_server_default(fake_engine: Any) -> None:
    with serve(fake_engine, reframes=0) as c:
        r = c.post("/v1/analyze", json={"text": SELF_CRITICAL})
        assert r.json()["sentences"][1]["reframes"] == []
        r = c.post("/v1/analyze", json={"text": SELF_CRITICAL, "options": {"reframes": 3}})
        assert len(r.json()["sentences"][1]["reframes"]) == 1  # the fake has one rewrite


def test_crisis_document_has_no_reframes(client: TestClient) -> None:
    text = "I failed again, I'm an idiot. I want to die."
    for r in (
        client.post("/v1/analyze", json={"text": text}),
        client.post("/v1/analyze/batch", json={"items": [{"id": "c", "text": text}]}),
    ):
        assert r.status_code == 200
        body = r.json()
        doc = body["results"][0] if "results" in body else body
        assert doc["crisis"] is True
        assert doc["support"]["resources"]
        assert all(s["reframes"] == [] for s in doc["sentences"])


def test_batch_isolates_item_errors(client: TestClient) -> None:
    items = [
        {"id": "e1", "text": SELF_CRITICAL},
        {"id": "e7", "text": "x" * 20_001},
        {"id": "e3", "text": "A calm day."},
        {"id": "e4", "text": "\ud800 broken"},
    ]
    raw = json.dumps({"items": items, "options": {"seed": 7}})  # ASCII: escapes the lone surrogate
    r = client.post(
        "/v1/analyze/batch", content=raw.encode(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 200
    body = r.json()
    assert [x["id"] for x in body["results"]] == ["e1", "e3"]
    assert body["results"][0]["sentences"][1]["self_critical"] is True
    assert {k for k in body["results"][0] if k != "id"} == set(Analysis.model_fields)
    errors = {e["id"]: e["error"]["code"] for e in body["errors"]}
    assert errors == {"e7": "text_too_long", "e4": "undecodable_input"}


def test_batch_empty_and_too_many_items(fake_engine: Any) -> None:
    with serve(fake_engine, max_batch_items=2) as c:
        assert c.post("/v1/analyze/batch", json={"items": []}).json() == {
            "results": [],
            "errors": [],
        }
        items = [{"id": str(i), "text": "hi"} for i in range(3)]
        r = c.post("/v1/analyze/batch", json={"items": items})
        assert "at most 2" in assert_error(r, 422, "too_many_items")["message"]


def test_engine_failure_is_isolated_and_generic(fake_engine: Any) -> None:
    engine = RecordingEngine(fake_engine, fail_on=MARKER)
    with serve(engine) as c:
        items = [{"id": "ok", "text": "Fine."}, {"id": "bad", "text": f"{MARKER} here."}]
        r = c.post("/v1/analyze/batch", json={"items": items})
        assert r.status_code == 200
        assert [x["id"] for x in r.json()["results"]] == ["ok"]
        assert r.json()["errors"] == [
            {
                "id": "bad",
                "error": {"code": "internal_error", "message": "the entry could not be analysed"},
            }
        ]
        r = c.post("/v1/analyze", json={"text": MARKER})
        assert assert_error(r, 500, "internal_error")["message"] == "internal server error"
        assert MARKER not in r.text


def test_info(client: TestClient) -> None:
    r = client.get("/v1/info")
    assert r.status_code == 200
    body = r.json()
    assert body["model_version"] == "fake-0"
    assert body["labels"] == ["self_critical"]
    assert body["limits"] == {
        "max_text_chars": 20_000,
        "max_body_bytes": 2_000_000,
        "max_batch_items": 256,
        "max_reframes": 3,
    }


def test_health_and_readiness_before_and_after_load(fake_engine: Any) -> None:
    release = threading.Event()

    def slow_factory(settings: Settings) -> Any:
        assert release.wait(10)
        return fake_engine

    app = create_app(make_settings(), engine_factory=slow_factory)
    assert TestClient(app).get("/readyz").status_code == 503  # no lifespan: nothing loaded
    with TestClient(app) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        assert_error(c.get("/readyz"), 503, "not_ready")
        assert_error(c.post("/v1/analyze", json={"text": "hi"}), 503, "not_ready")
        release.set()
        wait_ready(c)
        assert c.get("/readyz").json() == {"status": "ready", "model_version": "fake-0"}
        assert c.post("/v1/analyze", json={"text": "hi"}).status_code == 200


def test_readiness_when_loading_fails(caplog: pytest.LogCaptureFixture) -> None:
    def broken(settings: Settings) -> Any:
        raise ModelError("model folder not found: /nowhere")

    with TestClient(create_app(make_settings(), engine_factory=broken)) as c:
        for _ in range(200):
            if "failed" in c.get("/readyz").text:
                break
            time.sleep(0.005)
        assert "failed to load" in assert_error(c.get("/readyz"), 503, "not_ready")["message"]
        assert c.get("/healthz").status_code == 200
    assert "model_error" in caplog.text


# -- errors ----------------------------------------------------------------------------------------
def test_text_too_long_is_413(client: TestClient) -> None:
    r = client.post("/v1/analyze", json={"text": "a" * 20_001})
    assert "20,001" in assert_error(r, 413, "text_too_long")["message"]


def test_body_too_large_is_413_before_parsing(fake_engine: Any) -> None:
    with serve(fake_engine, max_body_bytes=2_048) as c:
        big = b'{"text": "' + b"a" * 4_000 + b'"}'
        r = c.post("/v1/analyze", content=big, headers={"content-type": "application/json"})
        assert_error(r, 413, "body_too_large")
        # no Content-Length (chunked): the streamed bytes are counted
        r = c.post(
            "/v1/analyze",
            content=iter([big[:1_500], big[1_500:]]),
            headers={"content-type": "application/json"},
        )
        assert_error(r, 413, "body_too_large")
        metrics = c.get("/metrics").text
        assert 'route="/v1/analyze",status="413"' in metrics


@pytest.mark.anyio()
async def test_body_limit_counts_streamed_chunks() -> None:
    from reframer.service.middleware import BodyLimitMiddleware

    called = False

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        nonlocal called
        called = True

    chunks = [{"type": "http.request", "body": b"x" * 700, "more_body": True}] * 3
    chunks.append({"type": "http.request", "body": b"", "more_body": False})
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return chunks.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/analyze", "headers": []}
    await BodyLimitMiddleware(inner, max_body_bytes=2_000)(scope, receive, send)
    assert not called
    assert sent[0]["status"] == 413


@pytest.fixture()
def anyio_backend() -> str:
    return "asyncio"


def test_wrong_content_type_is_415(client: TestClient) -> None:
    r = client.post("/v1/analyze", content=b"text=hi", headers={"content-type": "text/plain"})
    assert_error(r, 415, "unsupported_media_type")
    assert_error(
        client.post("/v1/analyze", content=b'{"text": "hi"}'), 415, "unsupported_media_type"
    )
    ok = client.post(
        "/v1/analyze",
        content=b'{"text": "hi"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": 5}, "text"),
        ({}, "text"),
        ({"text": "hi", "options": {"reframes": "three"}}, "options.reframes"),
        ({"text": "hi", "options": {"reframes": 9}}, "options.reframes"),
        ({"text": "hi", "options": []}, "options"),
        ([1, 2], "body"),
    ],
)
def test_wrong_types_are_422_naming_the_field(client: TestClient, payload: Any, field: str) -> None:
    message = assert_error(client.post("/v1/analyze", json=payload), 422, "invalid_request")[
        "message"
    ]
    assert message.startswith(f"{field}:")


def test_malformed_json_is_422(client: TestClient) -> None:
    for raw in (b'{"text": "unterminated', b"\xff\xfe\x00", b"[" * 100_000):
        r = client.post("/v1/analyze", content=raw, headers={"content-type": "application/json"})
        assert_error(r, 422, "invalid_request")
    bad_batch = {"items": [{"id": "a", "text": 1}]}
    msg = assert_error(client.post("/v1/analyze/batch", json=bad_batch), 422, "invalid_request")
    assert msg["message"].startswith("items.0.text:")


def test_unknown_route_404_and_wrong_method_405(client: TestClient) -> None:
    assert_error(client.get("/v1/nope"), 404, "not_found")
    assert_error(client.get("/v1/analyze/"), 404, "not_found")
    r = client.get("/v1/analyze")
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"
    assert_error(client.delete("/healthz"), 405, "method_not_allowed")


# -- security ----------------------------------------------------------------------------------------
def test_api_key_required_when_set(fake_engine: Any) -> None:
    with serve(fake_engine, api_key="s3cret-key") as c:
        r = c.post("/v1/analyze", json={"text": "hi"})
        assert_error(r, 401, "unauthorized")
        assert r.headers["www-authenticate"] == "Bearer"
        bad = {"authorization": "Bearer wrong"}
        assert_error(c.post("/v1/analyze", json={"text": "hi"}, headers=bad), 401, "unauthorized")
        assert_error(
            c.get("/v1/info", headers={"authorization": "s3cret-key"}), 401, "unauthorized"
        )
        # auth is checked before the body is even looked at
        r = c.post("/v1/analyze", content=b"{", headers={"content-type": "text/plain"})
        assert_error(r, 401, "unauthorized")
        good = {"authorization": "Bearer s3cret-key"}
        assert c.post("/v1/analyze", json={"text": "hi"}, headers=good).status_code == 200
        assert c.get("/v1/info", headers=good).status_code == 200
        assert c.get("/healthz").status_code == 200
        assert c.get("/readyz").status_code == 200
        schema = c.get("/openapi.json").json()
        assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_open_when_no_api_key(client: TestClient) -> None:
    assert client.get("/v1/info").status_code == 200
    assert "securitySchemes" not in client.get("/openapi.json").json().get("components", {})


def test_empty_api_key_is_refused() -> None:
    with pytest.raises(ConfigError):
        create_app(make_settings(api_key=""))


def test_cors_allow_list(fake_engine: Any) -> None:
    preflight = {
        "origin": "https://journal.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    with serve(fake_engine) as c:
        r = c.get("/healthz", headers={"origin": "https://journal.example"})
        assert "access-control-allow-origin" not in r.headers
    with serve(fake_engine, cors_origins=["https://journal.example"]) as c:
        r = c.options("/v1/analyze", headers=preflight)
        assert r.headers["access-control-allow-origin"] == "https://journal.example"
        r = c.options("/v1/analyze", headers={**preflight, "origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


# -- metrics, docs -------------------------------------------------------------------------------------
def test_metrics_count_requests_and_never_text(fake_engine: Any) -> None:
    with serve(fake_engine) as c, serve(fake_engine) as other:
        c.post("/v1/analyze", json={"text": f"{MARKER}. I am an idiot."})
        c.post("/v1/analyze", json={"text": MARKER * 2_000})
        c.get(f"/{MARKER}?q={MARKER}")
        r = c.get("/metrics")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain")
        text = r.text
        assert (
            'reframer_http_requests_total{method="POST",route="/v1/analyze",status="200"} 1.0'
            in text
        )
        assert 'route="/v1/analyze",status="413"} 1.0' in text
        assert 'route="<unmatched>",status="404"} 1.0' in text
        assert "reframer_http_request_duration_seconds_bucket" in text
        assert "reframer_engine_batch_size_bucket" in text
        assert "reframer_model_ready 1.0" in text
        assert MARKER not in text
        # a second app has its own registry
        assert 'route="/v1/analyze",status="200"' not in other.get("/metrics").text


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/v1/analyze", "/v1/analyze/batch"):
        op = schema["paths"][path]["post"]
        assert op["requestBody"]["content"]["application/json"]["examples"]
        for status in ("413", "415", "422", "503"):
            assert op["responses"][status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorResponse"
            }
    assert set(schema["paths"]) >= {"/v1/info", "/healthz", "/readyz", "/metrics"}
    assert schema["components"]["schemas"]["BatchRequest"]["properties"]["items"]["maxItems"] == 256
    assert "BatchResult" in schema["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# -- micro-batching ------------------------------------------------------------------------------------
def test_micro_batcher_groups_concurrent_requests(fake_engine: Any) -> None:
    engine = RecordingEngine(fake_engine, delay=0.02)
    with serve(engine, batch_wait_ms=20, batch_max_size=64) as c:
        engine.batches.clear()
        statuses: list[int] = []
        lock = threading.Lock()

        def worker(i: int) -> None:
            r = c.post("/v1/analyze", json={"text": f"Entry {i}. I am an idiot."})
            assert r.json()["sentences"][0]["text"] == f"Entry {i}."
            with lock:
                statuses.append(r.status_code)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses == [200] * 16
    assert sum(engine.batches) == 16
    assert max(engine.batches) > 1, engine.batches


def test_queue_limit_answers_503_overloaded(fake_engine: Any) -> None:
    with serve(fake_engine, max_queue=1) as c:
        items = [{"id": "a", "text": "hi"}, {"id": "b", "text": "ho"}]
        r = c.post("/v1/analyze/batch", json={"items": items})
        assert_error(r, 503, "overloaded")
        assert r.headers["retry-after"] == "1"


# -- privacy -----------------------------------------------------------------------------------------
def test_text_never_reaches_logs(
    fake_engine: Any, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "",
        "reframer",
        "service",
        "uvicorn",
        "uvicorn.error",
        "uvicorn.access",
        "fastapi",
    ):
        caplog.set_level(logging.DEBUG, logger=name)
    engine = RecordingEngine(fake_engine, fail_on=f"{MARKER}-boom")
    bodies: list[str] = []
    with serve(engine, max_body_bytes=4_096, max_text_chars=1_000) as c:
        text = f"I am an idiot, {MARKER}. {MARKER} again."
        calls = [
            c.post("/v1/analyze", json={"text": text}),
            c.post("/v1/analyze", json={"text": f"{MARKER} I want to die."}),
            c.post("/v1/analyze/batch", json={"items": [{"id": "a", "text": text}]}),
            c.post("/v1/analyze", json={"text": f"{MARKER}-boom"}),  # engine failure
            c.post("/v1/analyze/batch", json={"items": [{"id": "b", "text": f"{MARKER}-boom"}]}),
            c.post("/v1/analyze", json={"text": MARKER * 3_000}),  # body too large
            c.post("/v1/analyze", json={"text": MARKER * 100}),  # text too long
            c.post("/v1/analyze/batch", json={"items": [{"id": "c", "text": MARKER * 200}]}),
            c.post("/v1/analyze", json={"text": [MARKER]}),  # wrong type
            c.post("/v1/analyze", json={"text": "hi", MARKER: MARKER}),  # unknown field
            c.post(
                "/v1/analyze",
                content=f'{{"text": "{MARKER}'.encode(),
                headers={"content-type": "application/json"},
            ),  # malformed JSON
            c.post("/v1/analyze", content=MARKER.encode(), headers={"content-type": "text/plain"}),
            c.get(f"/v1/{MARKER}?text={MARKER}"),
        ]
        statuses = [r.status_code for r in calls]
        bodies = [r.text for r in calls[3:] if r.status_code >= 400 or "errors" in r.text]
        metrics = c.get("/metrics").text
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [500, 200, 413, 413, 200, 422, 422, 422, 415, 404]
    assert caplog.records, "expected some log records (access log)"
    assert any("POST /v1/analyze 200" in r.getMessage() for r in caplog.records)
    # every server-side record; the test client's own request log (httpx) quotes the URL it sent
    server = [r for r in caplog.records if not r.name.startswith("httpx")]
    assert all(MARKER not in logging.Formatter().format(r) for r in server)
    assert all(MARKER not in str(r.args) for r in server)
    out, err = capfd.readouterr()
    assert MARKER not in out + err
    assert MARKER not in metrics
    for body in bodies:
        assert MARKER not in body, body


# -- serving -------------------------------------------------------------------------------------------
def test_run_starts_uvicorn_with_the_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from reframer.service import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    main.run(host="127.0.0.1", port=8123, workers=3)
    assert seen["app"] == "reframer.service.main:app_factory"
    assert seen["factory"] is True
    assert (seen["host"], seen["port"], seen["workers"]) == ("127.0.0.1", 8123, 3)
    assert seen["access_log"] is False
    assert "reframer" in seen["log_config"]["loggers"]


@pytest.mark.slow
def test_real_engine_one_request(engine: Any) -> None:
    """The service is a faithful wrapper: the same answer as the library, in the contract."""
    text = "I forgot mom's birthday again. I'm such a terrible son."
    with serve(engine) as c:
        r = c.post("/v1/analyze", json={"text": text, "options": {"seed": 3}})
        assert r.status_code == 200
        analysis = Analysis.model_validate(r.json())
        assert analysis.model_version == engine.model_version
        assert [text[s.start : s.end] for s in analysis.sentences] == [
            "I forgot mom's birthday again.",
            "I'm such a terrible son.",
        ]
        assert analysis == engine.analyze(text, seed=3)
        assert c.get("/v1/info").json()["model_version"] == engine.model_version


def test_app_can_restart(fake_engine: Any) -> None:
    app = create_app(make_settings(), engine_factory=lambda s: fake_engine)
    for _ in range(2):
        with TestClient(app) as c:
            wait_ready(c)
            assert c.post("/v1/analyze", json={"text": "hi"}).status_code == 200
        assert TestClient(app).get("/readyz").status_code == 503
