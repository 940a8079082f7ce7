"""Draw the real-register sentences to label, and write blind annotation batches.

Run once per labelling round (the labels, not this script's output, are committed)::

    .venv/bin/python data/real/sample.py --out /tmp/real   # outside the repo: it holds post text

Pools (each post is drawn at most once; splits come from the post, see reframer.training.corpus):

* ``natural``: every sentence of random posts from all forums of both files. This is the only
  pool the test split uses for self-critical metrics, so the test keeps natural prevalence.
* ``crisis``: every sentence of random posts from the suicide-support forum and the risk-labelled
  posts of the veterans' set: the real-register crisis test (test-split posts) and training rows.
* ``enriched`` (train and validation posts only): first-person sentences with negative affect,
  half of them from the current model's uncertain band (an active-learning round), shown with
  up to three sentences of context on each side.

Posts longer than ``MAX_SENTENCES`` sentences are skipped in the whole-post pools (annotators
read a whole post); the data card states the share this leaves out.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

from reframer.segment import Segmenter
from reframer.training.corpus import Post, iter_posts, sentence_key

MAX_SENTENCES = 30
CONTEXT = 3
SEED = 20261206
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'd|me|my|myself)\b", re.IGNORECASE)
_NEGATIVE = re.compile(
    r"\b(hate|stupid|idiot|useless|worthless|failure|fail|failed|pathetic|ugly|fat|lazy|weak|"
    r"loser|disgust\w*|ashamed|shame|embarrass\w*|annoying|burden|fault|blame|sorry|should|"
    r"shouldn't|never|always|can't|cant|nobody|no one|everyone|mess|screw\w*|ruin\w*|wrong|"
    r"broken|pathetic|unlovable|unwanted|deserve|bad|terrible|awful|dumb|incompetent|"
    r"inadequate|not good enough|disappoint\w*|regret|guilt\w*|weird|freak|cringe)\b",
    re.IGNORECASE,
)
_CRISIS_FORUMS = ("suicidewatch",)


def _is_risk_post(post: Post, labels: dict[tuple[str, int], str]) -> bool:
    return post.forum.lower() in _CRISIS_FORUMS or labels.get((post.src, post.row)) == "1.0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--natural", type=int, default=340)
    parser.add_argument("--crisis-test", type=int, default=170)
    parser.add_argument("--crisis-train", type=int, default=70)
    parser.add_argument("--enriched", type=int, default=1800)
    parser.add_argument("--batch-sentences", type=int, default=260)
    parser.add_argument(
        "--round", type=int, default=1, help="labelling round (2+: new seed, new posts only)"
    )
    parser.add_argument(
        "--natural-split",
        default=None,
        help="draw the natural pool from posts of this split only (e.g. test, to grow it)",
    )
    args = parser.parse_args()
    rng = random.Random(SEED + args.round - 1)
    labelled: set[tuple[str, int]] = set()
    labels_file = Path(__file__).resolve().parent / "labels.jsonl"
    if args.round > 1 and labels_file.exists():
        for line in labels_file.read_text(encoding="utf-8").splitlines():
            label = json.loads(line)
            labelled.add((label["src"], label["row"]))

    import csv

    from reframer.training.corpus import SOURCES, corpus_root

    csv.field_size_limit(1 << 30)
    risk_label: dict[tuple[str, int], str] = {}
    for name in ("rally_train", "rally_test"):
        with (corpus_root() / SOURCES[name].path).open(newline="", encoding="utf-8") as fh:
            for row, record in enumerate(csv.DictReader(fh)):
                risk_label[(name, row)] = record.get("label", "")

    posts = list(iter_posts())
    seen: set[str] = set()
    unique: list[Post] = []
    for p in posts:  # identical posts in two files: keep the first
        norm = " ".join(p.text.split()).lower()
        if norm not in seen:
            seen.add(norm)
            unique.append(p)
    segmenter = Segmenter()
    spans = list(segmenter.split_many([p.text for p in unique]))
    print(f"{len(posts)} posts, {len(unique)} unique, {sum(map(len, spans))} sentences")
    short = [i for i, s in enumerate(spans) if 1 <= len(s) <= MAX_SENTENCES]
    print(f"posts of 1-{MAX_SENTENCES} sentences: {len(short)} ({len(short) / len(unique):.1%})")

    order = [i for i in short if (unique[i].src, unique[i].row) not in labelled]
    rng.shuffle(order)
    used: set[int] = set()
    items: list[dict[str, object]] = []

    def take(i: int, pool: str, targets: list[int] | None = None) -> None:
        used.add(i)
        items.append({"post": i, "pool": pool, "targets": targets})

    natural = [i for i in order if args.natural_split in (None, unique[i].split)]
    natural = natural[: args.natural]
    for i in natural:
        take(i, "natural")
    risky = [i for i in order if i not in used and _is_risk_post(unique[i], risk_label)]
    n_test = n_train = 0
    for i in risky:
        split = unique[i].split
        if split == "test" and n_test < args.crisis_test:
            take(i, "crisis")
            n_test += 1
        elif split != "test" and n_train < args.crisis_train:
            take(i, "crisis")
            n_train += 1

    candidates = [
        (i, j)
        for i in range(len(unique))
        if i not in used
        and unique[i].split != "test"
        and (unique[i].src, unique[i].row) not in labelled
        for j, s in enumerate(spans[i])
        if _FIRST_PERSON.search(s.text) and _NEGATIVE.search(s.text) and len(s.text) < 400
    ]
    print(f"enrichment candidates: {len(candidates)}")
    rng.shuffle(candidates)
    candidates = candidates[:20000]
    from reframer.classifier import Classifier

    clf = Classifier.load(Path("models/reframer-minilm"))
    scores = [
        p.score for p in clf.predict([spans[i][j].text for i, j in candidates], batch_size=128)
    ]
    band = [c for c, s in zip(candidates, scores, strict=True) if 0.15 <= s <= 0.85]
    rest = [c for c, s in zip(candidates, scores, strict=True) if not 0.15 <= s <= 0.85]
    chosen = band[: args.enriched // 2]
    chosen += rest[: args.enriched - len(chosen)]
    by_post: dict[int, list[int]] = {}
    for i, j in chosen:
        by_post.setdefault(i, []).append(j)
    for i, js in by_post.items():
        take(i, "enriched", sorted(js))

    # Batches of whole items, shuffled so that no annotator sees pools in order.
    rng.shuffle(items)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, object]] = []
    batch: list[str] = []
    count = 0
    n_batch = 0

    def flush() -> None:
        nonlocal batch, count, n_batch
        if batch:
            (args.out / f"batch_{n_batch:02d}.md").write_text("\n".join(batch), encoding="utf-8")
            n_batch += 1
            batch, count = [], 0

    for k, item in enumerate(items):
        i = int(str(item["post"]))
        post, sents = unique[i], spans[i]
        targets = item["targets"]
        assert targets is None or isinstance(targets, list)
        shown = range(len(sents))
        if targets is not None:
            lo, hi = max(0, min(targets) - CONTEXT), min(len(sents), max(targets) + CONTEXT + 1)
            shown = range(lo, hi)
        item_id = f"P{args.round}{k:04d}"
        lines = [f"## {item_id} (forum: {post.forum})"]
        numbered = 0
        for j in shown:
            s = sents[j]
            flat = " ".join(s.text.split())
            if targets is None or j in targets:
                numbered += 1
                lines.append(f"[{j}] {flat}")
                manifest.append(
                    {
                        "item": item_id,
                        "n": j,
                        "key": sentence_key(post.src, post.row, s.start, s.end),
                        "src": post.src,
                        "row": post.row,
                        "start": s.start,
                        "end": s.end,
                        "pool": item["pool"],
                        "forum": post.forum,
                        "split": post.split,
                    }
                )
            else:
                lines.append(f"    (context) {flat}")
        batch.append("\n".join(lines) + "\n")
        count += numbered
        if count >= args.batch_sentences:
            flush()
    flush()
    with (args.out / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for m in manifest:
            fh.write(json.dumps(m) + "\n")
    print(f"{len(manifest)} sentences to label in {n_batch} batches")
    print(Counter(str(m["pool"]) + "/" + str(m["split"]) for m in manifest))


if __name__ == "__main__":
    main()
