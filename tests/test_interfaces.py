"""Every door into reframer (Python, CLI, HTTP, batch, spaCy component) is built one way
(``Reframer.from_settings``) and gives the same answers, crisis verdicts first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reframer.cli import app
from reframer.errors import InputError, ResourcesError
from reframer.schema import Analysis
from reframer.service.main import create_app
from reframer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SUITES = ("crisis.jsonl", "crisis_adjacent.jsonl", "challenge.jsonl")
runner = CliRunner()


def _suite_texts() -> list[str]:
    texts: list[str] = []
    for name in SUITES:
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                if "\n" not in text and text.strip():
                    texts.append(text)
    return texts


def test_a_bad_resources_setting_stops_every_door(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REFRAMER_RESOURCES", str(tmp_path / "missing.json"))
    assert runner.invoke(app, ["analyze", "I'm such an idiot."]).exit_code == 2
    journal = tmp_path / "journal.txt"
    journal.write_text("I'm such an idiot.\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(journal), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "missing.json" in result.output
    import spacy

    nlp = spacy.blank("en")
    with pytest.raises(ResourcesError):
        nlp.add_pipe("self_talk")
    with TestClient(create_app(Settings())) as client:
        for _ in range(200):  # the lifespan loads in the background; it fails fast here
            if client.get("/readyz").status_code == 503 and "failed" in client.get("/readyz").text:
                break
        body = client.get("/readyz").json()
        assert body["error"]["code"] == "not_ready"
        assert "failed" in body["error"]["message"]


def test_analyze_spans_validates_its_spans(fake_engine: Any) -> None:
    text = "One. Two."
    assert [s.text for s in fake_engine.analyze_spans(text, [(0, 4), (5, 9)]).sentences] == [
        "One.",
        "Two.",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("spans", [[(5, 2)], [(0, 4), (2, 6)], [(0, 99)]])
def test_the_engine_refuses_bad_spans(engine: Any, spans: list[tuple[int, int]]) -> None:
    with pytest.raises(InputError, match="span"):
        engine.analyze_spans("One. Two.", spans)


@pytest.mark.slow
def test_analyze_spans_equals_analyze_on_the_same_sentences(engine: Any) -> None:
    text = "I wrote the letters. Friday is the day. I'm such a failure at everything."
    whole = engine.analyze(text, seed=3)
    spans = [(s.start, s.end) for s in whole.sentences]
    assert engine.analyze_spans(text, spans, seed=3) == whole


@pytest.mark.slow
def test_every_interface_gives_the_same_answers_on_every_suite_row(
    engine: Any, tmp_path: Path
) -> None:
    texts = _suite_texts()
    assert len(texts) > 500
    expected = engine.analyze_many(texts)

    # CLI: one entry per line, the contract per line
    result = runner.invoke(app, ["analyze", "--format", "jsonl"], input="\n".join(texts) + "\n")
    assert result.exit_code == 0, result.output[-500:]
    cli = [Analysis.model_validate_json(line) for line in result.stdout.splitlines()]
    assert cli == expected

    # HTTP: the batch route
    with TestClient(create_app(Settings())) as client:
        for _ in range(600):
            if client.get("/readyz").status_code == 200:
                break
            import time

            time.sleep(0.1)
        http: list[Analysis] = []
        for start in range(0, len(texts), 200):
            items = [{"id": str(i), "text": t} for i, t in enumerate(texts[start : start + 200])]
            response = client.post("/v1/analyze/batch", json={"items": items})
            assert response.status_code == 200
            for r in response.json()["results"]:
                r.pop("id")
                http.append(Analysis.model_validate(r))
    assert http == expected

    # batch mode: a JSONL journal in, entries.jsonl out
    journal = tmp_path / "suite.jsonl"
    journal.write_text(
        "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["batch", str(journal), "--out", str(tmp_path / "out"), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output[-500:]
    lines = (tmp_path / "out" / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    batch = [Analysis.model_validate(json.loads(line)["analysis"]) for line in lines]
    assert [b.crisis for b in batch] == [e.crisis for e in expected]
    assert batch == expected

    # spaCy component: its own sentence boundaries, the engine's every other stage
    import spacy

    from reframer.segment import SPACY_MODEL

    nlp = spacy.load(SPACY_MODEL, exclude=["ner", "parser"])
    nlp.enable_pipe("senter")
    nlp.add_pipe("self_talk")
    for doc, want in zip(nlp.pipe(texts), expected, strict=True):
        assert doc._.crisis == want.crisis, doc.text
        assert doc._.safety_level == (want.safety.level if want.safety else None)
        flags = {s.text: s.self_critical for s in want.sentences}
        for sent in doc.sents:
            if sent.text in flags:
                assert sent._.self_critical == flags[sent.text]
