"""Safety and privacy across every interface, with the real engine (slow).

- A crisis document never carries a reframe: Python API, CLI, HTTP and batch.
- No network: non-loopback sockets are blocked while the CLI, the service and batch run.
- Journal text never reaches logs, including error paths.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reframer import Reframer
from reframer.cli import app as cli_app

pytestmark = pytest.mark.slow

CRISIS_ENTRY = (
    "Forgot the deadline again, I'm such an idiot. "
    "Honestly everyone would be better off without me."
)
MARKER = "ZEBRA-MARKER-7731"


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (
        host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/")
    )


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Fail any connection to a non-loopback address; record attempts."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            attempts.append(address)
            raise OSError(f"network disabled in tests: {address!r}")
        return real_connect(self, address)

    def guard_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            attempts.append(address)
            return 111
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard_ex)
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def _assert_crisis(doc: dict[str, Any]) -> None:
    assert doc["crisis"] is True
    assert doc["support"]["resources"]
    assert any("988" in r["contact"] for r in doc["support"]["resources"])
    assert all(s["reframes"] == [] for s in doc["sentences"])


def test_python_api(engine: Reframer) -> None:
    _assert_crisis(engine.analyze(CRISIS_ENTRY).model_dump())
    # the self-critical sentence alone does get rewrites
    assert engine.analyze("Forgot the deadline again, I'm such an idiot.").sentences[0].reframes


def test_cli(no_network: list[Any]) -> None:
    result = CliRunner().invoke(cli_app, ["analyze", "--format", "json", CRISIS_ENTRY])
    assert result.exit_code == 0
    _assert_crisis(json.loads(result.stdout))
    text = CliRunner().invoke(cli_app, ["analyze", CRISIS_ENTRY], env={"NO_COLOR": "1"})
    assert text.stdout.lstrip().startswith("╭")  # the support panel comes first
    assert "988" in text.stdout.split("\n\n")[0] or "988" in text.stdout[:1500]


def test_http(engine: Reframer, no_network: list[Any]) -> None:
    from reframer.service.main import create_app

    with TestClient(create_app(engine_factory=lambda _s: engine)) as client:
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        one = client.post("/v1/analyze", json={"text": CRISIS_ENTRY})
        assert one.status_code == 200
        _assert_crisis(one.json())
        many = client.post(
            "/v1/analyze/batch",
            json={
                "items": [{"id": "a", "text": CRISIS_ENTRY}, {"id": "b", "text": "I'm a failure."}]
            },
        )
        results = {r["id"]: r for r in many.json()["results"]}
        _assert_crisis(results["a"])
        assert results["b"]["sentences"][0]["reframes"]


def test_batch(tmp_path: Path, no_network: list[Any]) -> None:
    journal = tmp_path / "in" / "2026-04-05.md"
    journal.parent.mkdir()
    journal.write_text(CRISIS_ENTRY + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli_app, ["batch", str(journal.parent), "--out", str(out), "--format", "jsonl,html"]
    )
    assert result.exit_code == 0, result.output
    (line,) = (out / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    _assert_crisis(json.loads(line)["analysis"])


def test_text_never_reaches_logs(engine: Reframer, caplog: pytest.LogCaptureFixture) -> None:
    from reframer.errors import TextTooLongError

    caplog.set_level(logging.DEBUG)
    engine.analyze(f"I'm such an idiot, {MARKER}.")
    engine.analyze(f"everyone would be better off without me {MARKER}")
    with pytest.raises(TextTooLongError) as info:
        Reframer.load(max_chars=50).analyze(f"{MARKER} " * 20)
    assert MARKER not in str(info.value)
    assert MARKER not in caplog.text
