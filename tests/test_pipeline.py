"""The engine end to end with the shipped model (slow: loads it once per session)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reframer import Analysis, Reframer, TextTooLongError
from reframer.errors import InputError

pytestmark = pytest.mark.slow

EXAMPLE = "I forgot mom's birthday again. I'm such a terrible son."


def test_core_example(engine: Reframer) -> None:
    result = engine.analyze(EXAMPLE)
    first, second = result.sentences
    assert not first.self_critical
    assert second.self_critical
    assert second.traps
    assert 2 <= len(second.reframes) <= 3
    assert any("birthday" in r.text.lower() for r in second.reframes)
    assert len({r.strategy for r in second.reframes}) == len(second.reframes)
    for s in result.sentences:
        assert EXAMPLE[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "critical"),
    [
        ("I'm such an idiot.", True),
        ("im the worst, as usual", True),
        ("I never finish anything I start.", True),
        ("They all think I'm annoying.", True),
        ("What is wrong with me?", True),
        ("My boss is an idiot.", False),
        ("I'm not stupid, I was tired.", False),
        ("I'm anxious about tomorrow.", False),
        ("Next time I'll set two alarms.", False),
        ("That movie was stupidly funny.", False),
        ("I'm grateful for my sister.", False),
    ],
)
def test_judgement(engine: Reframer, text: str, critical: bool) -> None:
    (sentence,) = engine.analyze(text).sentences
    assert sentence.self_critical is critical
    assert 0.0 <= sentence.score <= 1.0
    assert bool(sentence.reframes) is critical


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_text_is_an_empty_result(engine: Reframer, text: str) -> None:
    result = engine.analyze(text)
    assert result.sentences == [] and not result.crisis and result.notices == []


def test_non_english_is_reported_not_scored(engine: Reframer) -> None:
    result = engine.analyze("Soy un desastre, nunca hago nada bien y todos lo saben.")
    assert result.sentences == []
    assert [n.code for n in result.notices] == ["unsupported_language"]


def test_too_long_text_is_refused_clearly(engine: Reframer) -> None:
    with pytest.raises(TextTooLongError, match="limit"):
        engine.analyze("a" * (engine.max_chars + 1))


def test_one_megabyte_is_handled() -> None:
    line = "I walked to the station and then " + "waited in the rain and " * 20 + "went home.\n"
    text = line * (1_000_001 // len(line) + 1)
    assert len(text) > 1_000_000
    big = Reframer.load(max_chars=2_000_000)
    result = big.analyze(text, reframes=0)
    assert len(result.sentences) == text.count("\n")


def test_wrong_type_and_bad_options(engine: Reframer) -> None:
    with pytest.raises(InputError):
        engine.analyze(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="reframes"):
        engine.analyze("hi", reframes=7)


def test_analyze_many_matches_analyze_and_keeps_order(engine: Reframer) -> None:
    texts = [EXAMPLE, "", "My boss is an idiot.", "I'm useless at everything."] * 5
    many = engine.analyze_many(texts, batch_size=3)
    one_by_one = [engine.analyze(t) for t in texts]
    assert len(many) == len(texts)
    for a, b in zip(many, one_by_one, strict=True):
        # batching must not change results (float rounding aside)
        assert [s.text for s in a.sentences] == [s.text for s in b.sentences]
        assert [s.self_critical for s in a.sentences] == [s.self_critical for s in b.sentences]
        for x, y in zip(a.sentences, b.sentences, strict=True):
            assert abs(x.score - y.score) <= 2e-4
            assert x.reframes == y.reframes


def test_deterministic_and_seeded(engine: Reframer) -> None:
    a = engine.analyze(EXAMPLE)
    assert a == engine.analyze(EXAMPLE)
    seeds = {
        tuple(r.text for r in engine.analyze(EXAMPLE, seed=s).sentences[1].reframes)
        for s in range(6)
    }
    assert len(seeds) > 1


def test_reframes_option(engine: Reframer) -> None:
    assert engine.analyze(EXAMPLE, reframes=0).sentences[1].reframes == []
    assert len(engine.analyze(EXAMPLE, reframes=2).sentences[1].reframes) == 2


def test_contract_schema_round_trip(engine: Reframer) -> None:
    result = engine.analyze(EXAMPLE)
    assert Analysis.model_validate_json(result.model_dump_json()) == result
    schema = Analysis.model_json_schema()
    assert {"model_version", "crisis", "support", "sentences"} <= set(schema["properties"])
    sentence = schema["$defs"]["SentenceResult"]["properties"]
    assert {"text", "start", "end", "self_critical", "score", "traps", "crisis", "reframes"} <= set(
        sentence
    )
    assert "str index" in sentence["start"]["description"]


def test_info(engine: Reframer) -> None:
    info = engine.info()
    assert info["model_version"] == engine.model_version
    assert len(info["traps"]) == 11
    assert 0 < info["threshold"] < 1


def test_one_spacy_pipeline_serves_splitting_and_rewrites(engine: Reframer) -> None:
    engine.analyze("I'm such an idiot.")
    assert engine.rewriter.nlp is engine.segmenter.nlp
    assert "parser" in engine.segmenter.nlp.pipe_names


def test_fast_path_never_imports_torch(tmp_path: Path) -> None:
    """Loading and using the ONNX engine leaves PyTorch and spaCy's command line (weasel, httpx)
    unimported (cold start), and importing either afterwards still works (the guards around
    spaCy's import are lifted)."""
    from reframer.classifier.model import ONNX_FILE, default_model_path

    if not (default_model_path() / ONNX_FILE).is_file():
        pytest.skip("the shipped model has no ONNX file")
    code = (
        "import sys\n"
        "from reframer import Reframer\n"
        "r = Reframer.load()\n"
        "assert r.classifier.runtime == 'onnx'\n"
        'assert r.analyze("I\'m such an idiot.").sentences[0].self_critical\n'
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "assert 'weasel' not in sys.modules and 'httpx' not in sys.modules, 'spacy.cli imported'\n"
        "import spacy, spacy.cli\n"
        "assert callable(spacy.cli.info) and 'weasel' in sys.modules\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
        "import torch\n"
        "print(torch.ones(2).sum().item())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "2.0"
