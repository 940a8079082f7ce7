"""The service under hostile clients: auth before the body, timeouts, upload slots, deadlines,
fair scheduling, disconnects, malformed HTTP, CORS refusals and graceful shutdown.

In-process cases drive the ASGI app directly (so a client can stall or vanish at an exact point);
the rest run a real uvicorn server on 127.0.0.1 (``tests/fault_server.py``) with raw sockets.
Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reframer.schema import Analysis
from reframer.service.main import create_app
from reframer.settings import Settings
from reframer.testing import FakeEngine

KEY = "s3cret-key"
ROOT = Path(__file__).resolve().parent.parent
SERVER = Path(__file__).with_name("fault_server.py")


def settings(**overrides: Any) -> Settings:
    base: dict[str, Any] = {"api_key": None, "cors_origins": [], "access_log": False}
    base.update(overrides)
    return Settings(**base)


class SlowEngine(FakeEngine):
    """The fake engine, ``delay`` seconds per engine call, recording each call's size."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay = delay
        self.calls: list[list[str]] = []

    def iter_analyze(self, texts: Iterable[str], **kw: Any) -> Iterator[Analysis]:
        texts = list(texts)
        self.calls.append(texts)
        time.sleep(self.delay)
        return super().iter_analyze(texts, **kw)


def metric(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        head, _, value = line.rpartition(" ")
        if head == (f"{name}{{{want}}}" if want else name):
            return float(value)
    return 0.0


# -- ASGI-level ------------------------------------------------------------------------------------
class Call:
    """One request driven by hand through the ASGI app."""

    def __init__(self, path: str = "/v1/analyze", headers: dict[str, str] | None = None) -> None:
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
        }
        self.incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sent: list[dict[str, Any]] = []
        self.reads = 0

    async def receive(self) -> dict[str, Any]:
        self.reads += 1
        return await self.incoming.get()

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int | None:
        return next((m["status"] for m in self.sent if m["type"] == "http.response.start"), None)

    def header(self, name: str) -> str | None:
        for m in self.sent:
            if m["type"] == "http.response.start":
                for k, v in m["headers"]:
                    if k.decode().lower() == name:
                        return str(v.decode())
        return None

    def json(self) -> Any:
        return json.loads(b"".join(m.get("body", b"") for m in self.sent if "body" in m))


def body_headers(body: bytes, **extra: str) -> dict[str, str]:
    return {"content-type": "application/json", "content-length": str(len(body)), **extra}


def run_app(app: Any, coro_fn: Any, timeout: float = 10.0) -> Any:
    """Run ``coro_fn()`` with the app's lifespan (the model loaded) in a fresh event loop."""

    async def main() -> Any:
        async with app.router.lifespan_context(app):
            state = app.state.service
            for _ in range(500):
                if state.ready:
                    break
                await asyncio.sleep(0.01)
            async with asyncio.timeout(timeout):
                return await coro_fn()

    return asyncio.run(main())


def test_auth_is_checked_before_any_body_byte_is_read() -> None:
    app = create_app(settings(api_key=KEY), engine_factory=lambda s: FakeEngine())

    async def go() -> Call:
        call = Call(headers=body_headers(b"x" * 1_000_000, authorization="Bearer wrong"))
        await app(call.scope, call.receive, call.send)
        return call

    call = run_app(app, go)
    assert call.status == 401 and call.reads == 0
    assert call.json()["error"]["code"] == "unauthorized"
    assert call.header("connection") == "close"


def test_wrong_key_with_an_oversized_body_is_401_not_413() -> None:
    app = create_app(
        settings(api_key=KEY, max_body_bytes=2_048), engine_factory=lambda s: FakeEngine()
    )
    with TestClient(app) as c:
        big = b'{"text": "' + b"a" * 10_000 + b'"}'
        r = c.post("/v1/analyze", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "unauthorized"


def test_a_stalled_body_is_answered_408_within_the_body_timeout() -> None:
    app = create_app(settings(body_timeout_s=0.3), engine_factory=lambda s: FakeEngine())

    async def go() -> tuple[Call, float]:
        call = Call(headers=body_headers(b"x" * 100))
        call.incoming.put_nowait({"type": "http.request", "body": b'{"te', "more_body": True})
        start = time.monotonic()
        await app(call.scope, call.receive, call.send)
        return call, time.monotonic() - start

    call, took = run_app(app, go, timeout=5)
    assert call.status == 408 and call.json()["error"]["code"] == "request_timeout"
    assert call.header("connection") == "close"
    assert took < 2


def test_upload_slots_are_capped_with_503_and_retry_after() -> None:
    app = create_app(
        settings(max_uploads=2, body_timeout_s=5), engine_factory=lambda s: FakeEngine()
    )

    async def go() -> list[Call]:
        stalled = [Call(headers=body_headers(b"x" * 100)) for _ in range(2)]
        tasks = [asyncio.create_task(app(c.scope, c.receive, c.send)) for c in stalled]
        await asyncio.sleep(0.05)
        extra = Call(headers=body_headers(b"x" * 100))
        await app(extra.scope, extra.receive, extra.send)
        for c in stalled:
            c.incoming.put_nowait({"type": "http.disconnect"})
        await asyncio.gather(*tasks)
        return [*stalled, extra]

    calls = run_app(app, go, timeout=5)
    assert calls[-1].status == 503 and calls[-1].header("retry-after") == "1"
    assert calls[-1].json()["error"]["code"] == "overloaded"


def test_request_deadline_is_504_with_retry_after() -> None:
    engine = SlowEngine(delay=0.6)
    app = create_app(settings(request_timeout_s=0.2), engine_factory=lambda s: engine)
    with TestClient(app) as c:
        while c.get("/readyz").status_code != 200:
            time.sleep(0.01)
        r = c.post("/v1/analyze", json={"text": "I am an idiot."})
        assert r.status_code == 504, r.text
        assert r.json()["error"]["code"] == "deadline_exceeded"
        assert r.headers["retry-after"]
        assert 'status="504"' in c.get("/metrics").text


def test_a_client_leaving_mid_body_is_a_disconnect_not_a_500() -> None:
    app = create_app(settings(), engine_factory=lambda s: FakeEngine())

    async def go() -> str:
        call = Call(headers=body_headers(b"x" * 100))
        call.incoming.put_nowait({"type": "http.request", "body": b'{"te', "more_body": True})
        call.incoming.put_nowait({"type": "http.disconnect"})
        await app(call.scope, call.receive, call.send)
        assert call.status is None
        return str(app.state.service.metrics.render().decode())

    text = run_app(app, go)
    assert 'status="500"' not in text
    assert metric(text, "reframer_client_disconnects_total", stage="body") == 1
    assert (
        metric(
            text, "reframer_http_requests_total", method="POST", route="/v1/analyze", status="499"
        )
        == 1
    )


def test_work_of_a_disconnected_client_is_cancelled() -> None:
    engine = SlowEngine(delay=0.05)
    app = create_app(settings(batch_max_size=1), engine_factory=lambda s: engine)
    items = [{"id": str(i), "text": f"Entry {i}. I am an idiot."} for i in range(20)]
    body = json.dumps({"items": items}).encode()

    async def go() -> str:
        engine.calls.clear()
        call = Call("/v1/analyze/batch", headers=body_headers(body))
        call.incoming.put_nowait({"type": "http.request", "body": body, "more_body": False})
        task = asyncio.create_task(app(call.scope, call.receive, call.send))
        for _ in range(500):  # disconnect once the engine has started on the request
            if engine.calls:
                break
            await asyncio.sleep(0.01)
        call.incoming.put_nowait({"type": "http.disconnect"})
        await task
        await asyncio.sleep(0.2)  # anything still queued would run now
        assert call.status is None
        return str(app.state.service.metrics.render().decode())

    text = run_app(app, go)
    assert len(engine.calls) <= 5, len(engine.calls)
    assert metric(text, "reframer_cancelled_entries_total") >= 15
    assert metric(text, "reframer_client_disconnects_total", stage="processing") == 1
    assert 'status="500"' not in text


# -- fair scheduling -------------------------------------------------------------------------------
def batcher_run(engine: SlowEngine, **kw: Any) -> tuple[float, float, list[int]]:
    """A 40-entry request, then a one-liner 20 ms later: when each finished (seconds)."""
    from reframer.service.batcher import MicroBatcher

    async def main() -> tuple[float, float, list[int]]:
        executor = ThreadPoolExecutor(max_workers=1)
        batcher = MicroBatcher(engine, executor, max_wait_s=0.0, **kw)
        batcher.start()
        start = time.monotonic()
        done: dict[str, float] = {}

        async def big() -> None:
            await batcher.submit_many(
                [f"Long entry {i}." for i in range(40)], reframes=1, seed=None
            )
            done["big"] = time.monotonic() - start

        async def small() -> None:
            await asyncio.sleep(0.02)
            await batcher.submit("One line.", reframes=1, seed=None)
            done["small"] = time.monotonic() - start

        await asyncio.gather(big(), small())
        await batcher.close()
        executor.shutdown()
        return done["big"], done["small"], [len(c) for c in engine.calls]

    return asyncio.run(main())


def test_a_big_batch_cannot_starve_a_one_liner() -> None:
    engine = SlowEngine(delay=0.02)
    big, small, sizes = batcher_run(engine, max_batch_size=4)
    # round-robin: the one-liner rides in the next engine call, not after 10 calls of the big one
    assert small < 0.02 + 3 * 0.02 + 0.05, (small, sizes)
    assert small < big / 2


def test_engine_calls_respect_the_character_budget() -> None:
    engine = SlowEngine(delay=0.0)
    batcher_run(engine, max_batch_size=64, max_batch_chars=30)
    assert all(sum(len(t) for t in call) <= 30 or len(call) == 1 for call in engine.calls)


# -- minor -----------------------------------------------------------------------------------------
def test_refused_cors_preflight_has_the_json_error_shape() -> None:
    app = create_app(
        settings(cors_origins=["https://journal.example"]), engine_factory=lambda s: FakeEngine()
    )
    with TestClient(app) as c:
        r = c.options(
            "/v1/analyze",
            headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
        )
        assert r.status_code == 400
        assert r.headers["content-type"] == "application/json"
        assert r.json()["error"]["code"] == "cors_refused"
        assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/analyze", {"text": "I am such an idiot."}),
        ("/v1/analyze/batch", {"items": [{"id": "a", "text": "I am such an idiot."}]}),
    ],
)
def test_answers_with_journal_text_are_not_cached_or_sniffed(path: str, body: Any) -> None:
    app = create_app(settings(), engine_factory=lambda s: FakeEngine())
    with TestClient(app) as c:
        while c.get("/readyz").status_code != 200:
            time.sleep(0.01)
        r = c.post(path, json=body)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("env", "words"),
    [({"REFRAMER_API_KEY": ""}, "REFRAMER_API_KEY"), ({"REFRAMER_PORT": "nope"}, "REFRAMER_PORT")],
)
def test_serve_refuses_bad_settings_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], words: str
) -> None:
    import uvicorn

    from reframer.cli import app

    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: started.append(a))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert started == []


# -- a real server -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, delay: float = 0.0, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full = {**os.environ, "FAKE_DELAY": str(delay), "REFRAMER_ACCESS_LOG": "false", **env}
        full.pop("REFRAMER_API_KEY", None) if "REFRAMER_API_KEY" not in env else None
        self.proc = subprocess.Popen(
            [sys.executable, str(SERVER), str(self.port)],
            cwd=ROOT,
            env=full,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.proc.poll() is None, self.output()
            time.sleep(0.05)
        raise AssertionError("the server did not start")

    def output(self) -> str:
        if self.proc.poll() is None:
            return ""
        assert self.proc.stdout is not None
        return self.proc.stdout.read().decode(errors="replace")

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        return sock

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


def read_answer(sock: socket.socket, limit: float) -> tuple[bytes, float]:
    """What the server sends until it closes the connection (at most ``limit`` seconds)."""
    sock.settimeout(limit)
    start = time.monotonic()
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data, time.monotonic() - start


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    srv = Server(
        REFRAMER_API_KEY=KEY,
        REFRAMER_HEADER_TIMEOUT_S="1",
        REFRAMER_BODY_TIMEOUT_S="1",
    )
    try:
        yield srv
    finally:
        srv.stop()


def test_slow_headers_are_dropped_within_the_header_timeout(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\n")
        start = time.monotonic()
        answer = b""
        sock.settimeout(0.2)
        while time.monotonic() - start < 4:  # one header byte now and then, never the end
            try:
                sock.sendall(b"X")
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        took = time.monotonic() - start
    assert took < 3, took
    assert b"408" in answer.split(b"\r\n")[0], answer


def test_unauthenticated_stalled_upload_gets_401_at_once(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1900000\r\n\r\n"
        )
        answer, took = read_answer(sock, 4)
    assert answer.startswith(b"HTTP/1.1 401"), answer
    assert took < 1


def test_authenticated_stalled_upload_gets_408_within_the_body_timeout(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(
            f"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
            'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"te'.encode()
        )
        answer, took = read_answer(sock, 4)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b'"request_timeout"' in answer
    assert took < 2.5


def test_aborted_upload_counts_as_a_disconnect(server: Server) -> None:
    before = httpx.get(f"{server.url}/metrics").text
    with server.connect() as sock:
        sock.sendall(
            f"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
            'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"te'.encode()
        )
        time.sleep(0.1)
    time.sleep(0.3)
    after = httpx.get(f"{server.url}/metrics").text
    key = {"stage": "body"}
    assert metric(after, "reframer_client_disconnects_total", **key) == (
        metric(before, "reframer_client_disconnects_total", **key) + 1
    )
    assert 'status="500"' not in after


def test_malformed_http_gets_the_json_error_shape(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(b"GARBAGE \x00\x01 NOT-HTTP\r\n\r\n")
        answer, _ = read_answer(sock, 3)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer
    assert b"application/json" in head.lower()
    assert json.loads(body)["error"]["code"] == "invalid_request"


@pytest.mark.slow
@pytest.mark.parametrize(("delay", "grace", "status"), [(1.0, 3, 200), (4.0, 1, 503)])
def test_sigterm_with_in_flight_and_stalled_clients(delay: float, grace: int, status: int) -> None:
    """In-flight work finishes within the grace period (or is answered 503 when it is over);
    stalled clients never hold the server up; nothing prints a traceback."""
    srv = Server(
        delay=delay,
        REFRAMER_SHUTDOWN_GRACE_S=str(grace),
        REFRAMER_HEADER_TIMEOUT_S="30",
        REFRAMER_BODY_TIMEOUT_S="30",
    )
    try:
        stalled_upload = srv.connect()
        stalled_upload.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1900000\r\n\r\n{"
        )
        stalled_headers = srv.connect()
        stalled_headers.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\n")
        answer: dict[str, Any] = {}

        def in_flight() -> None:
            answer["r"] = httpx.post(f"{srv.url}/v1/analyze", json={"text": "hi."}, timeout=10)

        thread = threading.Thread(target=in_flight)
        thread.start()
        time.sleep(0.8)  # the request is with the engine (generous: CI machines can be busy)
        start = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        srv.proc.wait(15)
        took = time.monotonic() - start
        thread.join(10)
        dropped, _ = read_answer(stalled_upload, 1)
        stalled_upload.close()
        stalled_headers.close()
    finally:
        srv.stop()
    assert answer["r"].status_code == status
    assert took < min(delay, grace) + 1.5, took
    assert dropped.startswith(b"HTTP/1.1 503"), dropped
    assert "Traceback" not in srv.output()
