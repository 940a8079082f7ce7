"""Build data/dataset.jsonl from the authored seed sets in data/seeds/ (deterministic).

    python data/build_dataset.py            # writes data/dataset.jsonl and data/COVERAGE.md
    python data/build_dataset.py --quiet    # the same, printing one line instead of the tables

The built file is not stored in git (``make setup`` and the test suite build it); the shipped
model records its sha256, and a test checks that this build reproduces it.

Steps (each row records what made it in ``source``):
1. ``seed``: every authored sentence in data/seeds/*.jsonl (the set name is the row's ``seed_set``).
   Post sets (rows with ``sentences``: a multi-sentence post labelled sentence by sentence) give
   one row per sentence, grouped by post. Multi-sentence rows of the hard-negative post sets
   (``SPLIT_SETS``) also give one ``post_sentence`` row per sentence, cut by reframer's own
   segmenter: the classifier scores single sentences, and every sentence of a post that is not
   self-critical is not self-critical either.
2. Splits are assigned to seeds first (near-duplicates merged into one group), so augmented
   copies and combinations never cross train / validation / test.
3. Augmentations, within a split, each keeping the seed's label:
   - ``texting``: lowercase, apostrophes and final punctuation dropped;
   - ``typo``: one adjacent-letter swap or dropped letter in a longer word;
   - ``emoji``: an emoji appended;
   - ``situation``: a neutral situation clause put first ("after the meeting today, ...");
   - ``run_on``: a neutral seed joined before another seed ("..., and ..."): the label is the
     second part's (judgement at the end of a long sentence).
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from reframer.labels import TRAPS  # noqa: E402
from reframer.training.dataset import assign_splits  # noqa: E402

SEED = 7
EMOJI = ["😩", "😔", "🙃", "😅", "😭", "🙄", "😑", "🫠", "😞", "💀"]
SITUATIONS = [
    "after the meeting today",
    "on the bus home",
    "while cleaning the kitchen tonight",
    "at my sister's place this weekend",
    "lying in bed at 2am",
    "after my shift",
    "during lunch",
    "walking the dog this morning",
    "after class",
    "scrolling my phone again",
    "right after the call with my manager",
    "at the gym earlier",
    "sitting in the car before work",
    "after dinner with my parents",
    "back from the dentist",
]
JOINERS = [", and ", " and honestly ", ", then ", " but ", "... ", " and "]
SPLIT_SETS = ("neg_g",)
RUN_ON_EVERY = 8  # one run-on row per this many short seeds in each split


def read_seed_file(path: Path) -> list[dict]:
    """Rows of one seed file; a post (``sentences``) becomes one row per sentence."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "sentences" not in row:
            row["id"] = row["group"] = f"{path.stem}-{n:04d}"
            rows.append(row)
            continue
        for k, sent in enumerate(row["sentences"], 1):
            rows.append(
                {
                    "text": sent["text"],
                    "self_critical": sent["self_critical"],
                    "traps": sent["traps"],
                    "crisis": 0,
                    "kind": row["kind"],
                    "id": f"{path.stem}-{n:04d}-{k:02d}",
                    "group": f"{path.stem}-{n:04d}",
                }
            )
    for row in rows:
        row["seed_set"] = path.stem
    return rows


def real_rows() -> list[dict]:
    """Rows of the real-register corpus: labels in data/real/labels.jsonl joined to their text,
    written to data/real.jsonl (not stored in git, like dataset.jsonl).

    The text comes from the installed construct-tracker data files (``make setup``), found by
    (source, row, span); the repo holds the labels only. Splits are the labels' own (per post).
    Without the installed corpus, nothing is written (evaluation then skips the real table).
    """
    from reframer.errors import DataError
    from reframer.training.corpus import join_labels, sentence_key

    path = HERE / "real" / "labels.jsonl"
    if not path.exists():
        return []
    try:
        from reframer.training.corpus import corpus_root

        corpus_root()
    except DataError as exc:
        print(f"skipped data/real.jsonl: {exc}", file=sys.stderr)
        return []
    labels = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = join_labels(labels)
    rows = []
    for label, text in zip(labels, texts, strict=True):
        risk = label["risk"]
        rows.append(
            {
                "id": sentence_key(label["src"], label["row"], label["start"], label["end"]),
                "text": text,
                "self_critical": label["self_critical"],
                "traps": label["traps"],
                "crisis": int(risk is not None),
                "risk": risk,
                "kind": label["forum"],
                "seed_set": f"real_{label['pool']}",
                "source": "real",
                "group": f"real:{label['src']}:{label['row']}",
                "split": label["split"],
            }
        )
    return rows


def post_sentences(rows: list[dict]) -> list[dict]:
    """One row per sentence of each multi-sentence, not self-critical row of ``SPLIT_SETS``."""
    from reframer.segment import Segmenter

    posts = [
        r
        for r in rows
        if r["seed_set"] in SPLIT_SETS and not r["self_critical"] and not r.get("crisis")
    ]
    out = []
    for r, spans in zip(posts, Segmenter().split_many(r["text"] for r in posts), strict=True):
        if len(spans) < 2:
            continue
        for k, span in enumerate(spans, 1):
            if len(span.text.split()) >= 3:
                out.append({**r, "text": span.text, "id": f"{r['id']}-s{k}"})
    return out


def texting(text: str) -> str:
    t = text.lower().replace("’", "'").replace("'", "")
    return t.rstrip(".!?… ").strip()


def typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.6 else w[:j] + w[j + 1 :]
    return " ".join(words)


def situation(text: str, rng: random.Random) -> str:
    first = text[0].lower() + text[1:] if text[:2] not in ("I ", "I'") else text
    return f"{rng.choice(SITUATIONS).capitalize()}, {first}"


def main(quiet: bool = False) -> None:
    rng = random.Random(SEED)
    seeds = []
    for f in sorted((HERE / "seeds").glob("*.jsonl")):
        seeds += read_seed_file(f)
    seen: set[str] = set()
    unique = []
    for r in seeds:
        key = " ".join(r["text"].lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(r)
    assign_splits(unique, seed=SEED)
    rows = []
    for r in post_sentences(unique):
        key = " ".join(r["text"].lower().split())
        if key not in seen:
            seen.add(key)
            rows.append({**r, "source": "post_sentence"})
    for r in unique:
        rows.append({**r, "source": "seed"})
        # at most one augmented copy per seed: texting 18%, typo 12%, emoji 5%, situation 8%
        # (rates lowered in data v9 to keep `reframer train` inside 20 minutes; see the data card)
        aug = rng.random()
        if aug < 0.18:
            text, how = texting(r["text"]), "texting"
        elif aug < 0.30:
            text, how = typo(r["text"], rng), "typo"
        elif aug < 0.35:
            text, how = f"{r['text']} {rng.choice(EMOJI)}", "emoji"
        elif aug < 0.43 and not r.get("crisis"):
            text, how = situation(r["text"], rng), "situation"
        else:
            continue
        if text != r["text"] and len(text.split()) >= 2:
            rows.append({**r, "text": text, "source": how, "id": f"{r['id']}-{how}"})
    # run-on sentences: a neutral seed, then another seed, within one split
    for split in ("train", "validation", "test"):
        neutral = [
            r
            for r in unique
            if r["split"] == split
            and not r["self_critical"]
            and not r.get("crisis")
            and len(r["text"].split()) <= 18
        ]
        others = [
            r
            for r in unique
            if r["split"] == split and not r.get("crisis") and len(r["text"].split()) <= 18
        ]
        for k in range(len(others) // RUN_ON_EVERY):
            a, b = rng.choice(neutral), rng.choice(others)
            if a is b:
                continue
            left = a["text"].rstrip(".!?… ")
            right = (
                b["text"][0].lower() + b["text"][1:]
                if b["text"][:2] not in ("I ", "I'")
                else b["text"]
            )
            rows.append(
                {
                    "id": f"runon-{split}-{k:04d}",
                    "text": left + rng.choice(JOINERS) + right,
                    "self_critical": b["self_critical"],
                    "traps": b["traps"],
                    "crisis": 0,
                    "kind": b["kind"],
                    "seed_set": b["seed_set"],
                    "group": b["group"],
                    "split": split,
                    "source": "run_on",
                }
            )
    rng.shuffle(rows)
    keys = [
        "id",
        "text",
        "self_critical",
        "traps",
        "crisis",
        "kind",
        "seed_set",
        "source",
        "group",
        "split",
    ]
    with (HERE / "dataset.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: r.get(k) for k in keys}, ensure_ascii=False) + "\n")
    report = write_coverage(rows)
    print(f"wrote data/dataset.jsonl: {len(rows)} rows" if quiet else report)
    real = real_rows()
    if real:
        with (HERE / "real.jsonl").open("w", encoding="utf-8") as fh:
            for r in real:
                row = {k: r.get(k) for k in keys} | {"risk": r["risk"]}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote data/real.jsonl: {len(real)} rows (real-register corpus, joined locally)")


def write_coverage(rows: list[dict]) -> str:
    pos = [r for r in rows if r["self_critical"]]
    lines = [
        "# Coverage of data/dataset.jsonl (generated by build_dataset.py)",
        "",
        f"- rows: {len(rows)}; self-critical: {len(pos)}; not self-critical: {len(rows) - len(pos)} "
        f"({(len(rows) - len(pos)) / len(rows):.0%}); crisis: {sum(r['crisis'] for r in rows)}",
        "",
        "| split | rows | self-critical |",
        "|---|---|---|",
    ]
    for s in ("train", "validation", "test"):
        part = [r for r in rows if r["split"] == s]
        lines.append(f"| {s} | {len(part)} | {sum(r['self_critical'] for r in part)} |")
    lines += ["", "| seed set | kind | label | rows |", "|---|---|---|---|"]
    for (seed_set, kind, label), n in sorted(
        Counter((r["seed_set"], r["kind"], r["self_critical"]) for r in rows).items()
    ):
        lines.append(f"| {seed_set} | {kind} | {label} | {n} |")
    lines += ["", "| source (how made) | rows |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(Counter(r["source"] for r in rows).items())]
    train = [r for r in rows if r["split"] == "train"]
    lines += ["", "| trap | training rows | all rows |", "|---|---|---|"]
    for t in TRAPS:
        lines.append(
            f"| {t} | {sum(t in r['traps'] for r in train)} | {sum(t in r['traps'] for r in rows)} |"
        )
    (HERE / "COVERAGE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "\n".join(lines)


if __name__ == "__main__":
    main(quiet="--quiet" in sys.argv[1:])
