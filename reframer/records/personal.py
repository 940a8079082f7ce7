"""Corrections → weighted training rows, mixed with the base data: the input of
``reframer train --from-corrections`` (and of ``benchmarks/personal_model.py``).

Per sentence (compared case- and space-insensitively) the latest of ``self_critical`` /
``not_self_critical`` sets the label; ``trap_wrong`` removes that trap from the traps reframer
found (and, alone, means the sentence is self-critical: traps are only shown on such sentences).
Rewrite votes do not change the classifier. A sentence the crisis patterns flag is never turned
into a row, so corrections cannot teach the model to miss risk language. Correction rows go to the
``train`` split with ``source: "correction"`` and the given ``weight``; base rows with the same
text are dropped (the writer's word wins).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reframer.errors import DataError
from reframer.jsonl import read_jsonl
from reframer.records.models import Correction
from reframer.training.dataset import assign_splits, load_rows

__all__ = ["build_personal_data", "correction_rows", "load_corrections", "text_key"]


def text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_crisis(text: str) -> bool:
    from reframer.crisis import CrisisGate

    return CrisisGate().sentence_is_crisis(text)


def correction_rows(
    corrections: Iterable[Correction], *, weight: float = 4.0
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Training rows from corrections, and counts of what was left out and why."""
    label: dict[str, int] = {}
    text: dict[str, str] = {}
    traps: dict[str, list[str]] = {}
    wrong: dict[str, set[str]] = {}
    skipped: Counter[str] = Counter()
    for c in corrections:
        key = text_key(c.sentence)
        if c.kind.startswith("rewrite_"):
            skipped["rewrite_vote"] += 1
            continue
        text[key] = c.sentence.strip()
        if c.traps:
            traps[key] = list(c.traps)
        if c.kind == "trap_wrong":
            wrong.setdefault(key, set()).add(str(c.trap))
            label.setdefault(key, 1)
        else:
            label[key] = 1 if c.kind == "self_critical" else 0
    rows = []
    for n, (key, y) in enumerate(label.items(), 1):
        if _is_crisis(text[key]):
            skipped["crisis_language"] += 1
            continue
        kept = [t for t in traps.get(key, []) if t not in wrong.get(key, set())] if y else []
        rows.append(
            {
                "id": f"correction-{n}",
                "text": text[key],
                "self_critical": y,
                "traps": kept,
                "crisis": 0,
                "weight": weight,
                "source": "correction",
                "split": "train",
            }
        )
    return rows, skipped


def load_corrections(path: str | Path) -> list[Correction]:
    """Corrections from a JSONL file: ``records export --what corrections`` lines (they have a
    ``sentence``), or labelled rows (``text``, ``self_critical``, ``traps``; other keys ignored),
    which become ``self_critical`` / ``not_self_critical`` corrections."""
    out: list[Correction] = []
    file = Path(path)
    for n, row in read_jsonl(file, kind="corrections file"):
        try:
            if "sentence" in row:  # an exported correction
                row.pop("type", None)
                out.append(Correction.model_validate(row))
            elif row.get("self_critical") in (0, 1) and isinstance(row.get("text"), str):
                kind = "self_critical" if row["self_critical"] else "not_self_critical"
                out.append(
                    Correction(kind=kind, sentence=row["text"], traps=row.get("traps") or [])
                )
            else:
                raise ValueError("neither a correction nor a labelled row")
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # no text in the message
            raise DataError(f"{file}:{n}: not a correction ({type(exc).__name__})") from None
    return out


def build_personal_data(
    corrections: Sequence[Correction], base: str | Path, out: str | Path, *, weight: float = 4.0
) -> dict[str, Any]:
    """Write the personal training file (owner-only: it holds the writer's sentences); returns
    a summary of counts."""
    rows, skipped = correction_rows(corrections, weight=weight)
    if not rows:
        raise DataError(
            "no corrections to learn from: save some with `reframer correct` "
            "(sentences marked self-critical / not self-critical, or a trap marked wrong)"
        )
    base_rows = load_rows(base)
    if any("split" not in r for r in base_rows):
        base_rows = assign_splits(base_rows)
    mine = {text_key(r["text"]) for r in rows}
    kept = [r for r in base_rows if text_key(r["text"]) not in mine]
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for r in [*kept, *rows]:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.chmod(target, 0o600)
    return {
        "corrections": len(rows),
        "base_rows": len(kept),
        "base_rows_replaced": len(base_rows) - len(kept),
        "skipped": dict(skipped),
        "weight": weight,
        "path": str(target),
    }
