"""Scale-out by the book: interchangeable replicas, the compose file and the image's recipe.

Docker cannot run here, so the compose file, the nginx config and the Dockerfile are checked
structurally; the replicas are two apps in one process behind a round-robin client.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reframer.settings import Settings
from reframer.testing import FakeEngine
from service.main import create_app

ROOT = Path(__file__).resolve().parent.parent

REQUESTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/v1/analyze", {"text": "I forgot the meeting. I am such an idiot."}),
    ("POST", "/v1/analyze", {"text": "Long day.\nI want to die."}),
    ("POST", "/v1/analyze", {"text": "Idiot, idiot.", "options": {"reframes": 1, "seed": 3}}),
    (
        "POST",
        "/v1/analyze/batch",
        {"items": [{"id": "a", "text": "Fine."}, {"id": "b", "text": "x" * 50}]},
    ),
    ("POST", "/v1/analyze", {"text": ""}),
    ("POST", "/v1/analyze", {"wrong": 1}),
    ("GET", "/v1/info", None),
    ("GET", "/readyz", None),
]


@pytest.fixture()
def replicas() -> Iterator[list[TestClient]]:
    """Two apps built the same way, each with its own engine (as two containers would be)."""
    settings = Settings(api_key=None, cors_origins=[], max_text_chars=40)
    with ExitStack() as stack:
        clients = [
            stack.enter_context(
                TestClient(create_app(settings, engine_factory=lambda s: FakeEngine()))
            )
            for _ in range(2)
        ]
        for c in clients:
            assert c.get("/readyz").status_code == 200
        yield clients


def _call(client: TestClient, method: str, path: str, body: dict[str, Any] | None) -> Any:
    r = client.request(method, path, json=body)
    return r.status_code, r.json()


def test_round_robin_over_two_replicas_answers_like_one(replicas: list[TestClient]) -> None:
    alone = [_call(replicas[0], *req) for req in REQUESTS * 3]
    for offset in (0, 1):  # start on either replica: every request lands on both over the runs
        robin = itertools.cycle(replicas[offset:] + replicas[:offset])
        spread = [_call(next(robin), *req) for req in REQUESTS * 3]
        assert spread == alone
    statuses = {status for status, _ in alone}
    assert {200, 422} <= statuses  # real answers and real errors, not one canned reply


def test_each_replica_gives_the_same_answer_to_the_same_request(
    replicas: list[TestClient],
) -> None:
    for req in REQUESTS:
        a, b = (_call(c, *req) for c in replicas)
        assert a == b, req[1]


# --------------------------------------------------------------------------- compose + nginx


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def test_compose_runs_two_hardened_replicas_of_the_image(compose: dict[str, Any]) -> None:
    app = compose["services"]["app"]
    assert app["build"] == "."
    assert app["deploy"]["replicas"] == 2
    assert "ports" not in app  # reached only through the proxy
    assert app["read_only"] is True and app["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in app["security_opt"]
    assert app["environment"]["REFRAMER_WORKERS"] == "1"
    for key in app["environment"]:  # real settings, so a typo is not silently ignored
        assert key.startswith("REFRAMER_") and key[9:].lower() in Settings.model_fields, key


def test_compose_proxy_is_an_official_image_waiting_for_healthy_replicas(
    compose: dict[str, Any],
) -> None:
    proxy = compose["services"]["proxy"]
    name, _, tag = proxy["image"].partition(":")
    assert name in {"nginx", "caddy"} and tag and tag != "latest"
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    assert proxy["ports"] == ["8080:8080"]
    mounts = [v.split(":") for v in proxy["volumes"]]
    assert all((ROOT / src).is_file() and mode == "ro" for src, _, mode in mounts)


def test_nginx_balances_over_the_app_and_never_logs_bodies_or_queries() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"upstream reframer \{\s*server app:8000\b", conf)
    assert "proxy_pass http://reframer;" in conf
    assert "listen 8080;" in conf
    formats = re.findall(r"log_format\s+\w+\s+'([^']*)'", conf)
    assert formats, "a log format of our own, not nginx's default (which has $request)"
    for banned in ("$request ", "$request_body", "$args", "$query_string", "$request_uri"):
        assert all(banned.strip() not in f.split() for f in formats), banned
    assert "client_max_body_size 2m;" in conf
    body_buffer = re.search(r"client_body_buffer_size (\d+)m;", conf)
    assert body_buffer and int(body_buffer.group(1)) >= 2  # bodies never spill to temp files


def test_the_image_runs_unprivileged_with_the_model_and_a_readiness_healthcheck() -> None:
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\S+)", docker, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert docker.index("reframer optimize") < docker.rindex("USER")  # model built in as root
    assert "COPY models/reframer-minilm" in docker
    health = re.search(r"^HEALTHCHECK .*(?:\n\s+.*)*", docker, re.MULTILINE)
    assert health and "/readyz" in health.group(0)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "**/*.jsonl" in ignored and "**/.env" in ignored  # no private data in the build context
