"""The fast path (ONNX Runtime) against the float32 torch reference, on the held-out test split.

Both runtimes load the shipped model folder; the test split of ``data/dataset.jsonl`` is scored by
each, and the calibrated self-critical decisions (the model's own temperature and threshold) must
agree on at least 99% of sentences, with small score differences on average. A sentence's score
must not depend on the sentences batched beside it. Skipped when the model has no ONNX file or
the dataset is absent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reframer.classifier.model import ONNX_FILE

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "data" / "dataset.jsonl"

MIN_AGREEMENT = 0.99
MAX_MEAN_SCORE_DELTA = 0.01
MAX_BATCH_SCORE_DELTA = 1e-3


@pytest.fixture(scope="module")
def model_dir(shipped_model: Callable[[str], Path]) -> Path:
    return shipped_model(ONNX_FILE)


@pytest.fixture(scope="module")
def test_texts() -> list[str]:
    if not DATASET.is_file():
        pytest.skip(f"{DATASET} is missing")
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    texts = [r["text"] for r in rows if r.get("split") == "test"]
    if not texts:
        pytest.skip("the dataset has no test split")
    return texts


@pytest.fixture(scope="module")
def runtimes(model_dir: Path) -> dict[str, Any]:
    from reframer.classifier.runtime import Classifier

    return {
        rt: Classifier.load(model_dir, runtime=rt, precision="fp32") for rt in ("onnx", "torch")
    }


@pytest.fixture(scope="module")
def scores(runtimes: dict[str, Any], test_texts: list[str]) -> dict[str, np.ndarray]:
    out = {}
    for name, clf in runtimes.items():
        assert clf.runtime == name
        score, crisis, _ = clf.probabilities(clf.logits(test_texts))
        out[name] = score
        out[f"{name}_crisis"] = crisis
    return out


def test_decisions_agree_with_torch_reference(
    runtimes: dict[str, Any], scores: dict[str, np.ndarray]
) -> None:
    threshold = runtimes["onnx"].meta.threshold
    fast, ref = scores["onnx"] >= threshold, scores["torch"] >= threshold
    agreement = float((fast == ref).mean())
    assert agreement >= MIN_AGREEMENT, (
        f"fast path agrees with torch fp32 on {agreement:.2%} of {len(ref)} test decisions"
    )


def test_crisis_decisions_agree_with_torch_reference(
    runtimes: dict[str, Any], scores: dict[str, np.ndarray]
) -> None:
    cut = runtimes["onnx"].meta.crisis_threshold
    fast, ref = scores["onnx_crisis"] >= cut, scores["torch_crisis"] >= cut
    assert float((fast == ref).mean()) >= MIN_AGREEMENT


def test_calibrated_scores_stay_close(scores: dict[str, np.ndarray]) -> None:
    delta = np.abs(scores["onnx"] - scores["torch"])
    assert float(delta.mean()) <= MAX_MEAN_SCORE_DELTA, (
        f"mean |Δ score| {delta.mean():.4f} (max {delta.max():.4f})"
    )


def test_scores_do_not_depend_on_batch_neighbours(
    runtimes: dict[str, Any], test_texts: list[str]
) -> None:
    clf = runtimes["onnx"]
    sample = test_texts[:: max(1, len(test_texts) // 40)][:40]
    batched, _, _ = clf.probabilities(clf.logits(sample))
    alone = np.array([clf.probabilities(clf.logits([t]))[0][0] for t in sample])
    assert float(np.abs(alone - batched).max()) <= MAX_BATCH_SCORE_DELTA
