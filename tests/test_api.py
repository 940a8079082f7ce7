"""The public API is small, stable and importable without heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import reframer
from reframer import errors


def test_all_is_exact() -> None:
    assert sorted(reframer.__all__) == sorted(
        [
            "STRATEGIES",
            "TRAPS",
            "Analysis",
            "ConfigError",
            "DataError",
            "DecodeError",
            "InputError",
            "ModelError",
            "Notice",
            "Reframe",
            "Reframer",
            "ReframerError",
            "Resource",
            "ResourcesError",
            "SentenceResult",
            "Support",
            "TemplateError",
            "TextTooLongError",
            "UnsupportedFormatError",
            "__version__",
        ]
    )
    for name in reframer.__all__:
        assert hasattr(reframer, name), name


@pytest.mark.parametrize(
    ("cls", "parent", "code"),
    [
        (errors.InputError, errors.ReframerError, "invalid_input"),
        (errors.TextTooLongError, errors.InputError, "text_too_long"),
        (errors.DecodeError, errors.InputError, "undecodable_input"),
        (errors.UnsupportedFormatError, errors.InputError, "unsupported_format"),
        (errors.ModelError, errors.ReframerError, "model_error"),
        (errors.TemplateError, errors.ConfigError, "template_error"),
        (errors.ResourcesError, errors.ConfigError, "resources_error"),
        (errors.DataError, errors.ReframerError, "data_error"),
    ],
)
def test_error_tree(cls: type[errors.ReframerError], parent: type, code: str) -> None:
    assert issubclass(cls, parent)
    exc = cls("something went wrong")
    assert exc.code == code
    assert str(exc) == f"[{code}] something went wrong"


def test_import_is_light() -> None:
    """Importing the package and building the CLI pulls in no torch, transformers or spaCy."""
    code = (
        "import sys, reframer, reframer.cli;"
        "heavy = [m for m in ('torch', 'transformers', 'spacy', 'onnxruntime') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_classifier_package_is_small_and_light() -> None:
    """``reframer.classifier`` re-exports five names, loaded on first use: no torch on import."""
    code = (
        "import sys, reframer.classifier as c, reframer.classifier.runtime;"
        "heavy = [m for m in ('torch', 'transformers', 'onnxruntime') if m in sys.modules];"
        "print(','.join(heavy) or '-', c.Classifier.__module__, c.load_meta.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["-", "reframer.classifier.runtime", "reframer.classifier.model"]
    import reframer.classifier

    assert sorted(reframer.classifier.__all__) == [
        "Classifier",
        "ModelMeta",
        "Prediction",
        "default_model_path",
        "load_meta",
    ]
    with pytest.raises(AttributeError, match="build_onnx"):
        _ = reframer.classifier.build_onnx


def test_the_shipped_model_is_found_from_the_classifier_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``default_model_path`` looks two levels up from ``reframer/classifier/model.py``."""
    from reframer.classifier import default_model_path

    source = Path(__file__).resolve().parent.parent / "models" / "reframer-minilm"
    if not (source / "reframer.json").is_file():
        pytest.skip("no model in this checkout")
    monkeypatch.delenv("REFRAMER_MODEL_PATH", raising=False)
    assert default_model_path() == source


def test_the_cli_package_runs_the_console_script() -> None:
    from reframer.cli import app, commands, main

    assert (app, main) == (commands.app, commands.main)


@pytest.mark.parametrize(
    "old",
    ["model", "runtime", "export", "onnx_graph", "quantize", "precision", "ort_session", "cli_io"],
)
def test_moved_modules_left_no_shims(old: str) -> None:
    import importlib.util

    assert importlib.util.find_spec(f"reframer.{old}") is None


def test_trap_and_strategy_lists() -> None:
    assert len(reframer.TRAPS) == 11
    assert "labeling" in reframer.TRAPS
    assert list(reframer.STRATEGIES) == [
        "self-compassion",
        "evidence",
        "self-trust",
        "growth",
        "impermanence",
    ]


def test_fake_engine_keeps_the_contract() -> None:
    from reframer.testing import FakeEngine

    fake = FakeEngine(harsh=r"idiot|lazy", model_version="fake-x")
    text = "Long day. I'm so lazy.\nI'm an idiot."
    result = fake.analyze(text, reframes=1)
    assert [s.self_critical for s in result.sentences] == [False, True, True]
    assert all(text[s.start : s.end] == s.text for s in result.sentences)
    assert [len(s.reframes) for s in result.sentences] == [0, 1, 1]
    crisis = fake.analyze("I'm an idiot. I want to die.")
    assert crisis.crisis and crisis.support is not None
    assert not any(s.reframes for s in crisis.sentences)
    assert [a.model_version for a in fake.analyze_many(["a", "b"])] == ["fake-x", "fake-x"]
