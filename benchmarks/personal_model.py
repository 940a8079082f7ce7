"""How much do N corrections move one writer's errors? Trains a personal model the way
``reframer train --from-corrections`` does and scores it against the base model.

    python benchmarks/personal_model.py --corrections writer-corrections.jsonl \\
        --heldout writer-heldout.jsonl --n 25 --n 50 --n 100 --report personal.json
    python benchmarks/personal_model.py --real-forum depression --n 50 --n 200 --control \\
        --epochs 1 --report benchmarks/results/personal_model.json

- ``--real-forum F`` (instead of ``--corrections`` / ``--heldout``): one forum of the
  real-register corpus (``--real``, default data/real.jsonl) stands in for one writer: its
  ``train``-split sentences, shuffled with ``--sample-seed``, are the corrections, and its
  ``validation`` + ``test`` sentences are the held-out file (other posts: the corpus splits by
  post). The slices are written owner-only into ``--work``; the report holds counts only.

- ``--corrections``: ``reframer records export --what corrections`` output, or labelled rows
  (``text``, ``self_critical``, ``traps``) standing in for a writer's corrections (for example a
  slice of one writer's real-register sentences); the first N are used for each ``--n``.
- ``--heldout``: labelled sentences of the same writer, none of them among the corrections
  (checked: an overlap is refused).
- ``--base-model``: the model the writer has now (default: the shipped one); ``--base-data``:
  the data the personal copy is trained on besides the corrections (default data/dataset.jsonl).
- ``--base-train-rows K``: train every copy (control included) on a seeded sample of K base
  training rows and K/4 validation rows: minutes instead of the full run, but the corrections
  then weigh more against the base data than in ``reframer train --from-corrections``.
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

from reframer.records.personal import (  # noqa: E402
    build_personal_data,
    load_corrections,
    text_key,
)
from reframer.training.dataset import load_rows  # noqa: E402
from reframer.training.evaluate import evaluate_crisis, score_rows  # noqa: E402


def errors(engine: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Self-critical errors on labelled rows, and the crisis floors."""
    scored = score_rows(engine, rows)
    y = [int(r["self_critical"]) for r in rows]
    pred = [s["pred"] for s in scored]
    fp = sum(p == 1 and t == 0 for p, t in zip(pred, y, strict=True))
    fn = sum(p == 0 and t == 1 for p, t in zip(pred, y, strict=True))
    tp = sum(p == 1 and t == 1 for p, t in zip(pred, y, strict=True))
    risky = [s["crisis"] for r, s in zip(rows, scored, strict=True) if r.get("crisis") == 1]
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
        "heldout_crisis_n": len(risky),
        "heldout_crisis_recall": round(sum(risky) / len(risky), 4) if risky else None,
        "crisis_recall": crisis["recall"],
        "crisis_adjacent_fpr": crisis["false_positive_rate"],
    }


def load_engine(model: Path | None) -> Any:
    from reframer.pipeline import Reframer

    return Reframer.load(model)


def train_copy(data: Path, out: Path, seed: int, epochs: int | None, version: str) -> float:
    from reframer.classifier.export import build_onnx
    from reframer.training.train import train

    started = time.monotonic()
    train(
        data, out, seed=seed, recipe={"epochs": epochs} if epochs else None, model_version=version
    )
    build_onnx(out, force=True)
    return round(time.monotonic() - started, 1)


def real_slices(real: Path, forum: str, seed: int, work: Path) -> tuple[Path, Path, dict[str, Any]]:
    """One forum's sentences as one writer's corrections (train split, shuffled) and held-out
    file (validation + test), written owner-only into ``work``; returns their paths and counts."""
    import os
    import random

    rows = [r for r in load_rows(real, require_label=False) if r.get("kind") == forum]
    rows = [r for r in rows if r["self_critical"] is not None]
    if not rows:
        raise SystemExit(f"error: no labelled rows of forum {forum!r} in {real}")
    heldout = [r for r in rows if r.get("split") in ("validation", "test")]
    seen = {text_key(r["text"]) for r in heldout}
    train = [r for r in rows if r.get("split") == "train"]
    repeats = sum(text_key(r["text"]) in seen for r in train)
    train = [r for r in train if text_key(r["text"]) not in seen]  # e.g. 'Thank you.'
    random.Random(seed).shuffle(train)
    paths = []
    for name, part in (("corrections", train), ("heldout", heldout)):
        path = work / f"{forum}-{name}.jsonl"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in part)
        paths.append(path)
    about = {
        "forum": forum,
        "sample_seed": seed,
        "train_rows": len(train),
        "train_rows_dropped_as_in_heldout": repeats,
        "train_positives": sum(r["self_critical"] for r in train),
        "heldout_rows": len(heldout),
        "heldout_positives": sum(r["self_critical"] for r in heldout),
    }
    return paths[0], paths[1], about


def base_sample(base: Path, train_rows: int, seed: int, work: Path) -> Path:
    """A seeded sample of the base data for a shorter run: ``train_rows`` training rows and a
    quarter as many validation rows (which calibrate the threshold); no test rows."""
    import random

    rows = load_rows(base)
    rng = random.Random(seed)
    picked = []
    for split, k in (("train", train_rows), ("validation", max(5, train_rows // 4))):
        part = [r for r in rows if r.get("split") == split]
        picked += rng.sample(part, min(k, len(part)))
    path = work / f"base-sample-{train_rows}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corrections", type=Path, default=None)
    ap.add_argument("--heldout", type=Path, default=None)
    ap.add_argument("--real-forum", default=None, help="a forum of --real stands in for a writer")
    ap.add_argument("--real", type=Path, default=ROOT / "data" / "real.jsonl")
    ap.add_argument("--sample-seed", type=int, default=13)
    ap.add_argument("--base-model", type=Path, default=None)
    ap.add_argument("--base-data", type=Path, default=ROOT / "data" / "dataset.jsonl")
    ap.add_argument(
        "--base-train-rows",
        type=int,
        default=None,
        help="train on a seeded sample of this many base training rows (a shorter run)",
    )
    ap.add_argument("--n", type=int, action="append", help="corrections to use (repeatable)")
    ap.add_argument("--weight", type=float, default=4.0)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--control", action="store_true", help="also retrain on the base data alone")
    ap.add_argument("--work", type=Path, default=None, help="folder for data and models")
    ap.add_argument("--report", type=Path, default=None, help="write the report (JSON) here")
    ap.add_argument("--dry-run", action="store_true", help="score the base model only; no training")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="personal-model-"))
    work.mkdir(parents=True, exist_ok=True, mode=0o700)
    writer: dict[str, Any] | None = None
    if args.real_forum:
        args.corrections, args.heldout, writer = real_slices(
            args.real, args.real_forum, args.sample_seed, work
        )
    if args.corrections is None or args.heldout is None:
        ap.error("give --corrections and --heldout, or --real-forum")
    if args.base_train_rows:
        args.base_data = base_sample(args.base_data, args.base_train_rows, args.seed, work)

    corrections = load_corrections(args.corrections)
    heldout = [
        r for r in load_rows(args.heldout, require_label=False) if r["self_critical"] is not None
    ]
    overlap = {text_key(c.sentence) for c in corrections} & {text_key(r["text"]) for r in heldout}
    if overlap:
        print(f"error: {len(overlap)} held-out sentences are also corrections", file=sys.stderr)
        return 2
    report: dict[str, Any] = {
        "writer": writer,
        "epochs": args.epochs,
        "base_train_rows": args.base_train_rows,
        "corrections_available": len(corrections),
        "weight": args.weight,
        "seed": args.seed,
        "base": errors(load_engine(args.base_model), heldout),
        "personal": [],
    }
    print(json.dumps({"base": report["base"]}), flush=True)
    save(args.report, report)
    if not args.dry_run:
        if args.control:
            out = work / "control"
            secs = train_copy(args.base_data, out, args.seed, args.epochs, "control")
            report["control"] = {**errors(load_engine(out), heldout), "train_seconds": secs}
            print(json.dumps({"control": report["control"]}), flush=True)
            save(args.report, report)
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
            result["crisis_floor_kept"] = floor_kept(result, report["base"])
            if "control" in report:  # the corrections' own effect, retraining aside
                result["crisis_floor_kept_vs_control"] = floor_kept(result, report["control"])
            report["personal"].append(result)
            print(json.dumps({"personal": result}), flush=True)
            save(args.report, report)
    return 0


def floor_kept(model: dict[str, Any], base: dict[str, Any]) -> bool:
    """Crisis recall, on the authored suite and on the writer's held-out crisis sentences, is
    not below the base model's."""
    held, held_base = model["heldout_crisis_recall"], base["heldout_crisis_recall"]
    return bool(
        model["crisis_recall"] >= base["crisis_recall"]
        and (held_base is None or (held is not None and held >= held_base))
    )


def save(path: Path | None, report: dict[str, Any]) -> None:
    """Write the report so far (after every model: a long run keeps what it measured)."""
    if path is not None:
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
