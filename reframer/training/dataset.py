"""Labelled sentence files (JSON Lines) and leakage-free splits.

A row: ``{"text": str, "self_critical": 0|1, "traps": [trap ids], "crisis": 0|1}`` plus optional
``id``, ``kind``, ``source``, ``group`` and ``split`` ("train" | "validation" | "test").

Rows that share a ``group`` (a seed sentence and its augmented copies) always land in the same
split; near-duplicate texts are merged into one group first, so no near-duplicate crosses splits.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reframer.errors import DataError
from reframer.jsonl import read_jsonl
from reframer.labels import TRAPS

__all__ = ["SPLITS", "assign_splits", "file_sha256", "load_rows", "near_duplicate_groups"]

SPLITS = ("train", "validation", "test")
_TOKEN = re.compile(r"[a-z0-9']+")


def load_rows(path: str | Path, *, require_label: bool = True) -> list[dict[str, Any]]:
    """Read and validate a labelled JSONL file. Rows with ``self_critical: null`` are kept only
    when ``require_label`` is false (evaluation files may mark ambiguous rows that way). An
    optional finite positive ``weight`` (default 1) makes the row count in training as that many
    copies of it (see ``reframer.training.train._loss``); evaluation ignores it."""
    file = Path(path)
    rows: list[dict[str, Any]] = []
    for n, row in read_jsonl(file):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise DataError(f"{file}:{n}: each row needs a string 'text'")
        label = row.get("self_critical")
        if label is None and require_label:
            raise DataError(f"{file}:{n}: 'self_critical' must be 0 or 1")
        if label not in (None, 0, 1, True, False):
            raise DataError(f"{file}:{n}: 'self_critical' must be 0 or 1, got {label!r}")
        traps = row.get("traps") or []
        unknown = [t for t in traps if t not in TRAPS]
        if unknown:
            raise DataError(f"{file}:{n}: unknown trap(s) {unknown}; known: {', '.join(TRAPS)}")
        row["traps"] = list(traps)
        row["crisis"] = int(row.get("crisis") or 0)
        row["weight"] = _weight(row.get("weight", 1.0), f"{file}:{n}")
        row.setdefault("id", f"{file.stem}-{n}")
        rows.append(row)
    if not rows:
        raise DataError(f"{file}: no rows")
    return rows


def _weight(value: Any, where: str) -> float:
    """A row's training weight: a finite positive number (``true``, ``"2"``, ``Infinity`` and
    ``1e999`` are refused)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    weight = float(value) if ok and abs(value) < 1e300 else math.nan
    if not (math.isfinite(weight) and weight > 0):
        raise DataError(f"{where}: 'weight' must be a finite positive number, got {value!r}")
    return weight


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def near_duplicate_groups(texts: list[str], *, threshold: float = 0.8) -> list[int]:
    """Union-find over texts whose word-bigram sets overlap by Jaccard ≥ ``threshold``."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shingles: list[set[str]] = []
    for t in texts:
        tok = _tokens(t)
        shingles.append({" ".join(tok[i : i + 2]) for i in range(max(1, len(tok) - 1))})
    index: dict[str, list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        for s in sh:
            index[s].append(i)
    for i, sh in enumerate(shingles):
        counts: dict[int, int] = defaultdict(int)
        for s in sh:
            postings = index[s]
            if len(postings) > 200:  # very common bigram: not informative
                continue
            for j in postings:
                if j < i:
                    counts[j] += 1
        for j, inter in counts.items():
            union = len(sh) + len(shingles[j]) - inter
            if union and inter / union >= threshold:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(texts))]


def assign_splits(
    rows: list[dict[str, Any]], *, fractions: tuple[float, float] = (0.8, 0.1), seed: int = 13
) -> list[dict[str, Any]]:
    """Give each row a ``split`` by hashing its (near-duplicate-merged) group: deterministic."""
    groups = [str(r.get("group") or r["id"]) for r in rows]
    # merge groups whose texts are near-duplicates
    canon = near_duplicate_groups([r["text"] for r in rows])
    root_group: dict[int, str] = {}
    for g, c in zip(groups, canon, strict=True):
        root_group.setdefault(c, g)
    leader: dict[str, str] = {}
    for g, c in zip(groups, canon, strict=True):
        leader.setdefault(g, root_group[c])
    for row, g in zip(rows, groups, strict=True):
        key = leader[g]
        h = int(hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        row["split"] = (
            "train" if h < fractions[0] else "validation" if h < sum(fractions) else "test"
        )
    return rows


def file_sha256(paths: Iterable[str | Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        digest.update(Path(p).read_bytes())
    return digest.hexdigest()
