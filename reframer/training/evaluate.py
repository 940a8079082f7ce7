"""Evaluation: ``reframer evaluate`` and the generated model card read these reports.

Every number is recomputed from data and the model: nothing is read back from the card.
Rows are scored through the engine as a user's entry would be (split into sentences; an entry
is self-critical when any of its sentences is, and its score is the highest sentence score).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reframer.labels import TRAPS
from reframer.training.dataset import load_rows
from reframer.training.metrics import binary_metrics, per_slice

__all__ = [
    "evaluate_challenge",
    "evaluate_crisis",
    "evaluate_real",
    "evaluate_rows",
    "score_rows",
    "trap_macro_f1",
    "trap_metrics",
]


def score_rows(engine: Any, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the engine on each row's text; one dict per row with prediction, score, traps, crisis."""
    out = []
    for result in engine.iter_analyze([r["text"] for r in rows], reframes=0):
        sents = result.sentences
        best = max(sents, key=lambda s: s.score) if sents else None
        traps = sorted({t for s in sents if s.self_critical for t in s.traps})
        out.append(
            {
                "pred": int(any(s.self_critical for s in sents)),
                "score": best.score if best else 0.0,
                "traps": traps,
                "crisis": int(result.crisis),
            }
        )
    return out


def evaluate_rows(
    engine: Any, rows: Sequence[dict[str, Any]], *, worst: int = 10
) -> dict[str, Any]:
    """Metrics for the labelled rows (rows with ``self_critical: null`` are left out)."""
    labelled = [r for r in rows if r.get("self_critical") is not None]
    scored = score_rows(engine, labelled)
    y = [int(r["self_critical"]) for r in labelled]
    pred = [s["pred"] for s in scored]
    report = binary_metrics(y, pred, [s["score"] for s in scored])
    report["skipped_unlabelled"] = len(rows) - len(labelled)
    for key in ("kind", "source"):
        if any(key in r for r in labelled):
            report[f"by_{key}"] = per_slice(labelled, pred, key)
    errors = [
        {"id": r.get("id"), "label": yi, "score": round(s["score"], 4), "text": r["text"]}
        for r, s, yi in zip(labelled, scored, y, strict=True)
        if s["pred"] != yi
    ]
    errors.sort(key=lambda e: abs(e["score"] - e["label"]), reverse=True)
    report["worst_errors"] = errors[:worst]
    if any(r.get("traps") for r in labelled):
        report["traps"] = trap_metrics(labelled, scored)
    return report


def trap_metrics(
    rows: Sequence[dict[str, Any]], scored: Sequence[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per-trap precision/recall/F1 on the rows labelled self-critical."""
    out = {}
    pos = [(r, s) for r, s in zip(rows, scored, strict=True) if int(r["self_critical"]) == 1]
    for trap in TRAPS:
        y = [int(trap in r.get("traps", [])) for r, _ in pos]
        p = [int(trap in s["traps"]) for _, s in pos]
        m = binary_metrics(y, p)
        out[trap] = {k: m[k] for k in ("precision", "recall", "f1", "positives")}
    return out


def trap_macro_f1(traps: dict[str, dict[str, Any]]) -> float:
    """Mean F1 over the traps that have at least one positive."""
    scores = [v["f1"] for v in traps.values() if v["positives"]]
    return round(float(np.mean(scores)), 4) if scores else 0.0


def evaluate_real(
    engine: Any, rows: Sequence[dict[str, Any]], posts: dict[str, str] | None = None
) -> dict[str, Any]:
    """The real-register test split (``source: real``): sentences, posts and the crisis gate.

    * ``sentences``: self-critical metrics on the natural pool (every sentence of random posts,
      so natural prevalence), per forum; traps over every self-critical test sentence.
    * ``posts``: a post is self-critical when any of its sentences is (natural pool).
    * ``crisis``: each sentence alone as an entry: recall on sentences labelled crisis or
      concern, false alarms on the other sentences of crisis-forum posts (crisis-adjacent) and
      on ordinary sentences (natural pool).
    * ``crisis_entries`` (when ``posts`` maps each ``group`` to its post text): whole posts as
      entries, the way a journal entry is analysed: recall on posts with a risk sentence, false
      alarms on the others, and risk sentences whose entry still got a rewrite.
    """
    natural = [r for r in rows if r.get("seed_set") == "real_natural"]
    report: dict[str, Any] = {"sentences": evaluate_rows(engine, natural, worst=0)}
    report["sentences"].pop("by_source", None)
    critical = [r for r in rows if int(r["self_critical"]) == 1]
    trap_report = trap_metrics(critical, score_rows(engine, critical))
    report["traps"] = trap_report
    report["trap_macro_f1"] = trap_macro_f1(trap_report)
    scored = score_rows(engine, natural)
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r, s in zip(natural, scored, strict=True):
        groups[str(r["group"])].append((int(r["self_critical"]), s["pred"]))
    y = [int(any(a for a, _ in v)) for v in groups.values()]
    p = [int(any(b for _, b in v)) for v in groups.values()]
    report["posts"] = binary_metrics(y, p)
    risky = [r for r in rows if r.get("risk")]
    calm = [r for r in rows if not r.get("risk")]
    adjacent = [r for r in calm if r.get("seed_set") == "real_crisis"]
    ordinary = [r for r in calm if r.get("seed_set") == "real_natural"]
    gate = evaluate_crisis(engine, risky, adjacent)
    flags = _flags(engine, ordinary)
    gate["ordinary_n"] = len(ordinary)
    gate["ordinary_false_positive_rate"] = round(float(np.mean(flags)), 4) if flags else 0.0
    hits = _flags(engine, risky)
    gate["recall_by_level"] = {
        level: round(
            float(np.mean([h for r, h in zip(risky, hits, strict=True) if r["risk"] == level])), 4
        )
        for level in ("crisis", "concern")
        if any(r["risk"] == level for r in risky)
    }
    report["crisis"] = gate
    if posts:
        report["crisis_entries"] = _entry_gate(engine, rows, posts)
    return report


def _flags(engine: Any, rows: Sequence[dict[str, Any]]) -> list[bool]:
    return [a.crisis for a in engine.iter_analyze([r["text"] for r in rows], reframes=0)]


def _entry_gate(
    engine: Any, rows: Sequence[dict[str, Any]], posts: dict[str, str]
) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if str(r["group"]) in posts:
            groups[str(r["group"])].append(r)
    keys = sorted(groups)
    results = dict(
        zip(keys, engine.iter_analyze([posts[k] for k in keys], reframes=3), strict=True)
    )
    risky = [k for k in keys if any(r.get("risk") for r in groups[k])]
    calm = [k for k in keys if k not in risky]
    natural_calm = [k for k in calm if groups[k][0].get("seed_set") == "real_natural"]
    crisis_calm = [k for k in calm if groups[k][0].get("seed_set") == "real_crisis"]
    rewritten = sum(
        1
        for k in risky
        for r in groups[k]
        if r.get("risk") and any(s.reframes for s in results[k].sentences)
    )
    return {
        "risk_entries": len(risky),
        "recall": round(float(np.mean([results[k].crisis for k in risky])), 4) if risky else 0.0,
        "risk_sentences": sum(1 for k in risky for r in groups[k] if r.get("risk")),
        "risk_sentences_in_rewritten_entries": rewritten,
        "calm_entries_natural": len(natural_calm),
        "false_alarm_rate_natural": round(
            float(np.mean([results[k].crisis for k in natural_calm])), 4
        )
        if natural_calm
        else 0.0,
        "calm_entries_crisis_forums": len(crisis_calm),
        "false_alarm_rate_crisis_forums": round(
            float(np.mean([results[k].crisis for k in crisis_calm])), 4
        )
        if crisis_calm
        else 0.0,
    }


def evaluate_crisis(
    engine: Any, crisis: Sequence[dict[str, Any]], adjacent: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """Recall on crisis sentences and false-positive rate on crisis-adjacent ones."""
    hit = [r.crisis for r in engine.iter_analyze([r["text"] for r in crisis], reframes=0)]
    false = [r.crisis for r in engine.iter_analyze([r["text"] for r in adjacent], reframes=0)]
    return {
        "crisis_n": len(crisis),
        "recall": round(float(np.mean(hit)), 4) if hit else 0.0,
        "missed": [r["text"] for r, h in zip(crisis, hit, strict=True) if not h][:20],
        "adjacent_n": len(adjacent),
        "false_positive_rate": round(float(np.mean(false)), 4) if false else 0.0,
        "false_positives": [r["text"] for r, f in zip(adjacent, false, strict=True) if f][:20],
    }


def evaluate_challenge(engine: Any, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Pass rate over the challenge suite, overall and per phenomenon."""
    scored = score_rows(engine, rows)
    by: dict[str, list[bool]] = defaultdict(list)
    failures = []
    for r, s in zip(rows, scored, strict=True):
        ok = s["pred"] == int(r["self_critical"])
        by[str(r.get("phenomenon", "all"))].append(ok)
        if not ok:
            failures.append(
                {"id": r.get("id"), "label": int(r["self_critical"]), "text": r["text"]}
            )
    total = [ok for v in by.values() for ok in v]
    return {
        "n": len(total),
        "pass_rate": round(float(np.mean(total)), 4) if total else 0.0,
        "by_phenomenon": {
            k: {"n": len(v), "pass_rate": round(float(np.mean(v)), 4)}
            for k, v in sorted(by.items())
        },
        "failures": failures,
    }


def load_eval_file(path: str | Path) -> list[dict[str, Any]]:
    """Load a labelled file for evaluation (ambiguous rows with ``self_critical: null`` allowed)."""
    return load_rows(path, require_label=False)
