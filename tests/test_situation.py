"""The optional ``situation``: the writer's own account of what happened, used to fill slots.

Checked through the rewrite engine, the Python API (a real :class:`reframer.Reframer` with a
stand-in classifier), the CLI (``--situation``) and the HTTP request model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reframer.errors import InputError
from reframer.rewrite import Rewriter
from reframer.service.main import create_app
from reframer.settings import Settings
from reframer.testing import FakeEngine

VERDICT = "I'm such an idiot."

# -- the rewrite engine ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "situation, slot, value",
    [
        ("I missed the team deadline", "event", "missed the team deadline"),
        ("I snapped at my sister at dinner.", "event", "snapped at my sister at dinner"),
        ("the job interview", "topic", "the job interview"),
        ("The piano recital", "topic", "the piano recital"),
    ],
)
def test_situation_fills_the_slot(
    rewriter: Rewriter, situation: str, slot: str, value: str
) -> None:
    slots = rewriter.slots_many([(VERDICT, ["labeling"], None)], situations=[situation])[0]
    assert slots.values()[slot] == value
    assert slots.event_from_context


@pytest.mark.parametrize(
    "situation, word",
    [
        ("I missed the team deadline", "deadline"),
        ("the job interview", "interview"),
        ("I snapped at my sister at dinner", "sister"),
    ],
)
def test_rewrites_name_the_situation(rewriter: Rewriter, situation: str, word: str) -> None:
    plain = rewriter.rewrite(VERDICT, traps=["labeling"])
    situated = rewriter.rewrite(VERDICT, traps=["labeling"], situation=situation)
    assert not any(word in r.text for r in plain)
    assert len(situated) >= 2
    assert sum(word in r.text for r in situated) >= 2


def test_the_sentence_keeps_its_own_event(rewriter: Rewriter) -> None:
    sentence = "I burned the dinner again, I'm hopeless."
    slots = rewriter.slots_many(
        [(sentence, ["labeling"], None)], situations=["I missed the team deadline"]
    )[0]
    assert slots.event == "burned the dinner"
    assert not slots.event_from_context


@pytest.mark.parametrize("situation", [None, "", "   "])
def test_no_situation_changes_nothing(rewriter: Rewriter, situation: str | None) -> None:
    assert rewriter.rewrite(VERDICT, traps=["labeling"], situation=situation) == rewriter.rewrite(
        VERDICT, traps=["labeling"]
    )


def test_situations_must_match_items(rewriter: Rewriter) -> None:
    with pytest.raises(ValueError, match="one entry per item"):
        rewriter.rewrite_many([(VERDICT, ["labeling"], None)], situations=["a", "b"])


# -- the Python API: a real Reframer with a stand-in classifier -----------------------------


@pytest.fixture(scope="module")
def reframer_engine(rewriter: Rewriter, stub_classifier: type[Any]) -> Any:
    from reframer import Reframer

    return Reframer(stub_classifier(), rewriter=rewriter)


def test_python_api_takes_a_situation(reframer_engine: Any) -> None:
    entry = f"Long day. {VERDICT}"
    plain = reframer_engine.analyze(entry)
    situated = reframer_engine.analyze(entry, situation="I missed the team deadline")
    assert [s.self_critical for s in situated.sentences] == [False, True]
    assert not any("deadline" in r.text for r in plain.sentences[1].reframes)
    assert any("deadline" in r.text for r in situated.sentences[1].reframes)
    many = reframer_engine.analyze_many([entry, VERDICT], situation="the job interview")
    assert all(any("interview" in r.text for r in a.sentences[-1].reframes) for a in many)


def test_python_api_rejects_a_long_situation_without_quoting_it(reframer_engine: Any) -> None:
    secret = "ZEBRA-7731 " * 60
    with pytest.raises(InputError) as info:
        reframer_engine.analyze(VERDICT, situation=secret)
    assert "ZEBRA" not in str(info.value)
    assert info.value.code == "invalid_input"


# -- the CLI ----------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture()
def cli_fake(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    from reframer.cli import commands

    fake = FakeEngine()
    monkeypatch.setattr(commands, "_engine", lambda *a, **k: fake)
    return fake


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--situation", "the job interview"], "About the job interview:"),
        ([], "I made a mistake"),
    ],
)
def test_cli_situation(cli_fake: FakeEngine, args: list[str], expected: str) -> None:
    from reframer.cli import app

    result = runner.invoke(app, ["analyze", "-f", "json", *args, VERDICT])
    assert result.exit_code == 0, result.output
    rewrite = json.loads(result.stdout)["sentences"][0]["reframes"][0]["text"]
    assert rewrite.startswith(expected)


def test_cli_situation_reaches_every_jsonl_entry(cli_fake: FakeEngine) -> None:
    from reframer.cli import app

    data = f"{VERDICT}\nAnother {VERDICT}\n"
    result = runner.invoke(app, ["analyze", "-f", "jsonl", "--situation", "the exam"], input=data)
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 2
    for line in lines:
        assert line["sentences"][-1]["reframes"][0]["text"].startswith("About the exam:")


# -- the HTTP service -------------------------------------------------------------------------


@pytest.fixture()
def client() -> Iterator[TestClient]:
    fake = FakeEngine()
    settings = Settings(api_key=None, cors_origins=[])
    with TestClient(create_app(settings, engine_factory=lambda s: fake)) as c:
        for _ in range(500):
            if c.get("/readyz").status_code == 200:
                break
        yield c


@pytest.mark.parametrize(
    "body, expected",
    [
        ({"text": VERDICT, "situation": "the job interview"}, "About the job interview:"),
        ({"text": VERDICT}, "I made a mistake"),
        ({"text": VERDICT, "situation": None}, "I made a mistake"),
    ],
)
def test_http_situation(client: TestClient, body: dict[str, Any], expected: str) -> None:
    response = client.post("/v1/analyze", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["sentences"][0]["reframes"][0]["text"].startswith(expected)


@pytest.mark.parametrize(
    "situation",
    [123, ["the exam"], "ZEBRA-7731 " * 60],
)
def test_http_rejects_a_bad_situation_without_echoing_it(
    client: TestClient, situation: Any
) -> None:
    response = client.post("/v1/analyze", json={"text": VERDICT, "situation": situation})
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid_request"
    assert "situation" in body["error"]["message"]
    assert not re.search("ZEBRA", response.text)


def test_http_schema_lists_situation_as_optional(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["AnalyzeRequest"]
    assert "situation" in schema["properties"]
    assert "situation" not in schema.get("required", [])
