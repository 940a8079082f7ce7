"""How much do N corrections move one writer's errors? Trains a personal model the way
``reframer train --from-corrections`` does and scores it against the base model.

    python benchmarks/personal_model.py --corrections writer-corrections.jsonl \\
        --heldout writer-heldout.jsonl --n 25 --n 50 --n 100 --report personal.json

- ``--corrections``: ``reframer records export --what corrections`` output, or labelled rows
  (``text``, ``self_critical``, ``traps``) standing in for a writer's corrections (for example a
  slice of one writer's real-register sentences); the first N are used for each ``--n``.
- ``--heldout``: labelled sentences of the same writer, none of them among the corrections
  (checked: an overlap is refused).
- ``--base-model``: the model the writer has now (default: the shipped one); ``--base-data``:
  the data the personal copy is trained on besides the corrections (default data/dataset.jsonl).
- ``--control``: also train on the base data alone with the same seed, so that the change the
  corrections make is separated from the change retraining makes.

Reported for each model: self-critical errors on the held-out file (false positives, false
negatives, F1) and the crisis floors (recall on tests/data/crisis.jsonl, false-positive rate on
crisis_adjacent.jsonl): a personal model must not lower crisis recall. One training run takes
what ``reframer train`` takes (about 17 minutes on 2 CPU cores); ``--epochs`` shortens it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reframer.data import load_rows  # noqa: E402
from reframer.evaluate import evaluate_crisis, score_rows  # noqa: E402
from reframer.records.personal import (  # noqa: E402
    build_personal_data,
    load_corrections,
    text_key,
)


def errors(engine: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Self-critical errors on labelled rows, and the crisis floors."""
    scored = score_rows(engine, rows)
    y = [int(r["self_critical"]) for r in rows]
    pred = [s["pred"] for s in scored]
    fp = sum(p == 1 and t == 0 for p, t in zip(pred, y, strict=True))
    fn = sum(p == 0 and t == 1 for p, t in zip(pred, y, strict=True))
    tp = sum(p == 1 and t == 1 for p, t in zip(pred, y, strict=True))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    tests = ROOT / "tests" / "data"
    crisis = evaluate_crisis(
        engine, load_rows(tests / "crisis.jsonl"), load_rows(tests / "crisis_adjacent.jsonl")
    )
    return {
        "heldout_n": len(rows),
        "errors": fp + fn,
        "false_positives": fp,
        "false_negatives": fn,
        "f1": round(f1, 4),
        "crisis_recall": crisis["recall"],
        "crisis_adjacent_fpr": crisis["false_positive_rate"],
    }


def load_engine(model: Path | None) -> Any:
    from reframer.pipeline import Reframer

    return Reframer.load(model)


def train_copy(data: Path, out: Path, seed: int, epochs: int | None, version: str) -> float:
    from reframer.export import build_onnx
    from reframer.train import train

    started = time.monotonic()
    train(
        data, out, seed=seed, recipe={"epochs": epochs} if epochs else None, model_version=version
    )
    build_onnx(out, force=True)
    return round(time.monotonic() - started, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corrections", type=Path, required=True)
    ap.add_argument("--heldout", type=Path, required=True)
    ap.add_argument("--base-model", type=Path, default=None)
    ap.add_argument("--base-data", type=Path, default=ROOT / "data" / "dataset.jsonl")
    ap.add_argument("--n", type=int, action="append", help="corrections to use (repeatable)")
    ap.add_argument("--weight", type=float, default=4.0)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--control", action="store_true", help="also retrain on the base data alone")
    ap.add_argument("--work", type=Path, default=None, help="folder for data and models")
    ap.add_argument("--report", type=Path, default=None, help="write the report (JSON) here")
    ap.add_argument("--dry-run", action="store_true", help="score the base model only; no training")
    args = ap.parse_args(argv)

    corrections = load_corrections(args.corrections)
    heldout = [
        r for r in load_rows(args.heldout, require_label=False) if r["self_critical"] is not None
    ]
    overlap = {text_key(c.sentence) for c in corrections} & {text_key(r["text"]) for r in heldout}
    if overlap:
        print(f"error: {len(overlap)} held-out sentences are also corrections", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="personal-model-"))
    report: dict[str, Any] = {
        "corrections_available": len(corrections),
        "weight": args.weight,
        "seed": args.seed,
        "base": errors(load_engine(args.base_model), heldout),
        "personal": [],
    }
    print(json.dumps({"base": report["base"]}), flush=True)
    if not args.dry_run:
        if args.control:
            out = work / "control"
            secs = train_copy(args.base_data, out, args.seed, args.epochs, "control")
            report["control"] = {**errors(load_engine(out), heldout), "train_seconds": secs}
            print(json.dumps({"control": report["control"]}), flush=True)
        for n in args.n or [len(corrections)]:
            data = work / f"personal-{n}.jsonl"
            summary = build_personal_data(corrections[:n], args.base_data, data, weight=args.weight)
            out = work / f"personal-{n}"
            secs = train_copy(data, out, args.seed, args.epochs, f"personal-{n}")
            result = {
                "n": n,
                "rows": summary["corrections"],
                "skipped": summary["skipped"],
                **errors(load_engine(out), heldout),
                "train_seconds": secs,
            }
            result["crisis_floor_kept"] = result["crisis_recall"] >= report["base"]["crisis_recall"]
            report["personal"].append(result)
            print(json.dumps({"personal": result}), flush=True)
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
