"""Merge two blind annotation passes and the adjudication into data/real/labels.jsonl.

    .venv/bin/python data/real/finalize.py --work /tmp/real --meta /tmp/real_meta

``--work`` holds the annotators' outputs (``labels_A/``, ``labels_B/``: one line per item, see
the annotation guide in data/README.md) and the adjudicator's ``adjudicated.jsonl``; ``--meta``
holds ``manifest.jsonl`` (written by sample.py: item and sentence id → key) and
``disagreements.json``. Only labels are written: each row is keyed by (src, row, start, end) and
keeps both annotators' labels (``a``, ``b``: self-critical, risk, traps) so agreement can be
recomputed from the repo (:func:`agreement`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

OUT = Path(__file__).resolve().parent / "labels.jsonl"


def _load(folder: Path) -> dict[str, dict[str, dict[str, object]]]:
    out: dict[str, dict[str, dict[str, object]]] = {}
    for f in sorted(folder.glob("batch_*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[row["item"]] = row
    return out


def kappa(x: Sequence[object], y: Sequence[object]) -> float:
    """Cohen's kappa of two label sequences."""
    n = len(x)
    po = sum(a == b for a, b in zip(x, y, strict=True)) / n
    cats = set(x) | set(y)
    pe = sum((list(x).count(c) / n) * (list(y).count(c) / n) for c in cats)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def agreement(rows: Sequence[dict[str, object]]) -> dict[str, float]:
    """Agreement of the two blind passes stored in the labels file."""
    a = [r["a"] for r in rows]
    b = [r["b"] for r in rows]
    return {
        "n": len(rows),
        "self_critical_kappa": round(kappa([x[0] for x in a], [x[0] for x in b]), 3),  # type: ignore[index]
        "risk_any_kappa": round(
            kappa([x[1] is not None for x in a], [x[1] is not None for x in b]),  # type: ignore[index]
            3,
        ),
        "risk_level_kappa": round(kappa([x[1] for x in a], [x[1] for x in b]), 3),  # type: ignore[index]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--meta", type=Path, required=True)
    args = parser.parse_args()
    manifest = [json.loads(x) for x in (args.meta / "manifest.jsonl").read_text().splitlines() if x]
    first, second = _load(args.work / "labels_A"), _load(args.work / "labels_B")
    disagreements = json.loads((args.meta / "disagreements.json").read_text())
    decided = [
        json.loads(x) for x in (args.work / "adjudicated.jsonl").read_text().splitlines() if x
    ]
    if len(decided) != len(disagreements):
        raise SystemExit("adjudication does not cover every disagreement")
    final = {d["key"]: v for d, v in zip(disagreements, decided, strict=True)}
    rows = []
    for m in manifest:
        n = str(m["n"])
        votes = []
        for ann in (first, second):
            item = ann[m["item"]]
            sc = item.get("sc", {})
            votes.append([int(n in sc), item.get("risk", {}).get(n), list(sc.get(n, []))])
        (a_sc, a_risk, a_traps), (_, _, b_traps) = votes
        if m["key"] in final:
            f = final[m["key"]]
            sc, risk, traps = int(f["self_critical"]), f["risk"], list(f["traps"])
        else:
            sc, risk = a_sc, a_risk
            common = [t for t in a_traps if t in b_traps]
            traps = common or list(dict.fromkeys([*a_traps[:1], *b_traps[:1]]))
        rows.append(
            {
                "src": m["src"],
                "row": m["row"],
                "start": m["start"],
                "end": m["end"],
                "self_critical": sc,
                "traps": traps[:3] if sc else [],
                "risk": risk,
                "pool": m["pool"],
                "forum": m["forum"],
                "split": m["split"],
                "a": votes[0],
                "b": votes[1],
            }
        )
    rows.sort(key=lambda r: (r["src"], r["row"], r["start"]))
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.name}: {len(rows)} labels; agreement {agreement(rows)}")


if __name__ == "__main__":
    main()
