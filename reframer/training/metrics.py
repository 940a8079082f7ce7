"""Classification metrics: precision/recall/F1, expected calibration error, confusion, slices."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["best_threshold", "binary_metrics", "expected_calibration_error", "fit_temperature"]


def binary_metrics(
    y_true: Sequence[int], y_pred: Sequence[int], scores: Sequence[float] | None = None
) -> dict[str, Any]:
    """Precision, recall, F1, accuracy, the confusion matrix and (with scores) ECE."""
    t = np.asarray(y_true, dtype=int)
    p = np.asarray(y_pred, dtype=int)
    tp = int(((t == 1) & (p == 1)).sum())
    fp = int(((t == 0) & (p == 1)).sum())
    fn = int(((t == 1) & (p == 0)).sum())
    tn = int(((t == 0) & (p == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out: dict[str, Any] = {
        "n": len(t),
        "positives": int(t.sum()),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round((tp + tn) / len(t), 4) if len(t) else 0.0,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }
    if scores is not None and len(t):
        out["ece"] = round(expected_calibration_error(t, np.asarray(scores, dtype=float)), 4)
    return out


def expected_calibration_error(y_true: np.ndarray, prob: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width bins over the predicted probability of the positive class."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (prob > lo) & (prob <= hi) if lo > 0 else (prob >= lo) & (prob <= hi)
        if mask.any():
            ece += mask.mean() * abs(prob[mask].mean() - y_true[mask].mean())
    return float(ece)


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the negative log-likelihood of sigmoid(logit / T)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 400)):
        p = 1.0 / (1.0 + np.exp(-np.clip(logits / t, -40, 40)))
        p = np.clip(p, 1e-7, 1 - 1e-7)
        nll = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 4)


def best_threshold(
    prob: np.ndarray, y: np.ndarray, *, beta: float = 1.0, neg_weight: float = 1.0
) -> float:
    """The probability threshold that maximises F-beta (ties: the middle of the best range).

    ``neg_weight`` counts each negative that many times: it moves the choice to the class balance
    expected in use (see ``deploy_prior`` in :mod:`reframer.training.train`).
    """
    candidates = np.linspace(0.05, 0.95, 91)
    scores = []
    for c in candidates:
        pred = prob >= c
        tp = float((pred & (y == 1)).sum())
        fp = float((pred & (y == 0)).sum()) * neg_weight
        fn = float((~pred & (y == 1)).sum())
        b2 = beta * beta
        denom = (1 + b2) * tp + b2 * fn + fp
        scores.append((1 + b2) * tp / denom if denom else 0.0)
    arr = np.asarray(scores)
    best = np.flatnonzero(arr >= arr.max() - 1e-9)
    return round(float(candidates[best[len(best) // 2]]), 4)


def per_slice(rows: Sequence[dict[str, Any]], preds: Sequence[int], key: str) -> dict[str, Any]:
    """Metrics per value of ``row[key]`` (e.g. kind or source)."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r.get(key) is not None:
            by[str(r[key])].append(i)
    return {
        name: binary_metrics([int(rows[i]["self_critical"]) for i in idx], [preds[i] for i in idx])
        for name, idx in sorted(by.items())
    }
