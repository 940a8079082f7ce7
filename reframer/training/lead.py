"""Fit the lead model (:mod:`reframer.rewrite.lead_model`) from blind judgements.

``data/judgements/lead.jsonl`` holds one judged sentence per line, as features only (never the
sentence or the rewrites): ``options`` (each a feature dict: a candidate of the engine, or the
rewrite of the engine before issue #20, whose features start with ``O:`` or ``old``),
``rankings`` (one per judge, option indices best first; a pairwise verdict is a ranking of
two) and ``source`` (which judged round). Every ordered pair in a ranking is one comparison,
and the weights maximise the Bradley-Terry likelihood with an L2 penalty (Newton's method,
numpy only, deterministic)::

    python -m reframer.training.lead            # refit reframer/data/lead_model.json
    make lead-model                             # the same

The features of the old engine's rewrites are fit too (they explain its side of each
comparison) but are not saved: the engine only ever scores its own candidates.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np

from reframer.errors import DataError
from reframer.jsonl import read_jsonl
from reframer.rewrite.lead_model import LeadModel

__all__ = ["DEFAULT_L2", "comparisons", "fit_lead_model", "load_judgements", "main"]

DEFAULT_L2: Final = 3.0
"""The L2 penalty: chosen by 5-fold cross-validation on the ranking round (see the docs)."""
_ROOT: Final = Path(__file__).resolve().parents[2]
_JUDGEMENTS: Final = _ROOT / "data" / "judgements" / "lead.jsonl"
_OUT: Final = _ROOT / "reframer" / "data" / "lead_model.json"
_ITERATIONS: Final = 50

Features = dict[str, float]
Judged = dict[str, object]


def load_judgements(path: str | Path = _JUDGEMENTS) -> list[Judged]:
    """The judged rows of ``path``, checked: every ranking lists indices of the row's options."""
    rows: list[Judged] = []
    for n, row in read_jsonl(path, kind="judgements file"):
        options = row.get("options") if isinstance(row, dict) else None
        rankings = row.get("rankings") if isinstance(row, dict) else None
        if not isinstance(options, list) or not isinstance(rankings, list):
            raise DataError(f"{path}: line {n}: needs 'options' and 'rankings' lists")
        if not all(isinstance(o, dict) and all(_number(v) for v in o.values()) for o in options):
            raise DataError(f"{path}: line {n}: each option must map features to finite numbers")
        for ranking in rankings:
            if not isinstance(ranking, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(options)
                for i in ranking
            ):
                raise DataError(f"{path}: line {n}: a ranking must list option indices")
        rows.append(row)
    return rows


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def comparisons(rows: Sequence[Judged]) -> list[tuple[Features, Features]]:
    """(preferred, other) for every ordered pair of every ranking."""
    out: list[tuple[Features, Features]] = []
    for row in rows:
        options: list[Features] = row["options"]  # type: ignore[assignment]
        for ranking in row["rankings"]:  # type: ignore[attr-defined]
            for a, first in enumerate(ranking):
                for second in ranking[a + 1 :]:
                    out.append((options[first], options[second]))
    return out


def fit_lead_model(
    pairs: Sequence[tuple[Features, Features]], *, l2: float = DEFAULT_L2
) -> dict[str, float]:
    """Bradley-Terry weights: ``sigmoid(w . (x_a - x_b))`` is the chance ``a`` is kept."""
    if not pairs:
        raise DataError("no comparisons to fit")
    if not (l2 > 0 and math.isfinite(l2)):
        raise DataError(f"the L2 penalty must be a positive number, got {l2}")
    vocab = sorted({k for a, b in pairs for k in (*a, *b)})
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(pairs), len(vocab)))
    for row, (a, b) in enumerate(pairs):
        for k, v in a.items():
            x[row, index[k]] += v
        for k, v in b.items():
            x[row, index[k]] -= v
    w = np.zeros(len(vocab))
    eye = np.eye(len(vocab))
    for _ in range(_ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - 1.0) + l2 * w
        hess = (x * (p * (1.0 - p))[:, None]).T @ x + l2 * eye
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return {k: float(v) for k, v in zip(vocab, w, strict=True)}


def _own(weights: dict[str, float]) -> dict[str, float]:
    """The weights of the engine's own features (the old engine's are left out)."""
    return {k: v for k, v in weights.items() if not (k.startswith(("O:", "old:")) or k == "old")}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the lead model from blind judgements.")
    parser.add_argument("--judgements", type=Path, default=_JUDGEMENTS)
    parser.add_argument("--out", type=Path, default=_OUT)
    parser.add_argument("--l2", type=float, default=DEFAULT_L2)
    args = parser.parse_args(argv)
    rows = load_judgements(args.judgements)
    pairs = comparisons(rows)
    weights = _own(fit_lead_model(pairs, l2=args.l2))
    sources = sorted({str(r.get("source", "?")) for r in rows})
    meta = {
        "fit": "Bradley-Terry, L2 penalty, reframer.training.lead",
        "l2": args.l2,
        "judged_sentences": len(rows),
        "comparisons": len(pairs),
        "sources": sources,
        "judgements": "data/judgements/lead.jsonl",
    }
    LeadModel(weights, meta).save(args.out)
    print(
        f"{len(weights)} weights from {len(pairs)} comparisons ({len(rows)} sentences) -> {args.out}"
    )


if __name__ == "__main__":
    main()
