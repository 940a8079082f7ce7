"""Merge two blind annotation passes and the adjudication into data/real/labels.jsonl.

    .venv/bin/python data/real/finalize.py /tmp/real:/tmp/real_meta /tmp/real2:/tmp/real2_meta

Each argument is one labelling round, ``WORK:META``. ``WORK`` holds the annotators' outputs (``labels_A/``, ``labels_B/``: one line per item, see
the annotation guide in data/README.md) and the adjudicator's ``adjudicated.jsonl``; ``--meta``
holds ``manifest.jsonl`` (written by sample.py: item and sentence id → key) and
``disagreements.json`` of that round. Only labels are written: each row is keyed by (src, row, start, end) and
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
    parser.add_argument("rounds", nargs="+", help="WORK:META folders of each labelling round")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    for spec in args.rounds:
        work, _, meta = spec.partition(":")
        rows += _round(Path(work), Path(meta))
    rows.sort(key=lambda r: (str(r["src"]), int(str(r["row"])), int(str(r["start"]))))
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.name}: {len(rows)} labels; agreement {agreement(rows)}")


def _round(work: Path, meta: Path) -> list[dict[str, object]]:
    """The final labels of one round: agreed labels as they are, disagreements adjudicated."""
    manifest = [json.loads(x) for x in (meta / "manifest.jsonl").read_text().splitlines() if x]
    first, second = _load(work / "labels_A"), _load(work / "labels_B")
    disagreements = json.loads((meta / "disagreements.json").read_text())
    decided = [json.loads(x) for x in (work / "adjudicated.jsonl").read_text().splitlines() if x]
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
    return rows


if __name__ == "__main__":
    main()
