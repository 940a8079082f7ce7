"""No training or documentation text is taken from the shared evaluation set.

``../shared/eval/`` holds real sentences for evaluation only. This test compares every authored
seed row, the test suites and the documentation with it and fails on text that looks copied or
paraphrased: a seed of six words or more that appears whole inside an evaluation sentence, any
shared run of eight words, or word-bigram overlap (Jaccard) of 0.5 or more. Common phrases ("I
don't know how to") are shorter than that. Failures name files and line numbers, never the
evaluation text. Skipped where the evaluation set is absent.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "dev_real.jsonl"
RUN = 8
MIN_WHOLE = 6
MAX_JACCARD = 0.5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


Index = dict[tuple[str, ...], set[int]]


def _index(texts: list[str]) -> tuple[list[list[str]], Index]:
    """Sentences as word lists, and an index from word trigrams to sentences."""
    words = [_words(t) for t in texts]
    index: Index = defaultdict(set)
    for i, w in enumerate(words):
        for g in _grams(w, 3):
            index[g].add(i)
    return words, index


@pytest.fixture(scope="module")
def evaluation() -> tuple[list[list[str]], Index]:
    """The evaluation sentences, indexed."""
    if not EVAL.is_file():
        pytest.skip(f"{EVAL} is absent")
    return _index(
        [json.loads(line)["text"] for line in EVAL.read_text("utf-8").splitlines() if line]
    )


def _texts(path: Path) -> list[tuple[int, str]]:
    """(line number, text): a JSON line's ``text`` field, or each sentence of a post's
    ``sentences``, else the raw line."""
    out = []
    for n, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
        texts = [line]
        if path.suffix == ".jsonl" and line.strip():
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                texts = [row["text"]]
            elif isinstance(row, dict) and isinstance(row.get("sentences"), list):
                texts = [s["text"] for s in row["sentences"] if isinstance(s.get("text"), str)]
        out += [(n, text) for text in texts]
    return out


def _looks_copied(
    words: list[str], evaluation: tuple[list[list[str]], Index], *, min_whole: int = MIN_WHOLE
) -> bool:
    ev_words, index = evaluation
    candidates = {i for g in _grams(words, 3) for i in index.get(g, ())}
    if not candidates:
        return False
    joined = f" {' '.join(words)} "
    runs = _grams(words, RUN)
    bigrams = set(itertools.pairwise(words))
    for i in candidates:
        w = ev_words[i]
        other_joined = f" {' '.join(w)} "
        if len(words) >= min_whole and joined in other_joined:
            return True
        if len(w) >= MIN_WHOLE and other_joined in joined:  # a whole evaluation sentence inside
            return True
        if runs & _grams(w, RUN):
            return True
        other = set(itertools.pairwise(w))
        if len(bigrams) >= 4 and len(bigrams & other) / len(bigrams | other) >= MAX_JACCARD:
            return True
    return False


_QUOTED = re.compile(r"[\"“]([^\"”]{8,200})[\"”]")


FILES = sorted(
    {
        *(ROOT / "data" / "seeds").glob("*.jsonl"),
        *(p for p in (ROOT / "tests" / "data").rglob("*") if p.is_file()),
        ROOT / "README.md",
        ROOT / "data" / "README.md",
        ROOT / "data" / "sample" / "journal.md",
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "notebooks").glob("*.ipynb"),
    }
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_copied_from_the_evaluation_set(
    path: Path, evaluation: tuple[list[list[str]], Index]
) -> None:
    copied = []
    for n, text in _texts(path):
        # quoted examples in prose are checked on their own, with a lower bar
        parts = [_words(q) for q in _QUOTED.findall(text)] if path.suffix != ".jsonl" else []
        if _looks_copied(_words(text), evaluation) or any(
            _looks_copied(q, evaluation, min_whole=5) for q in parts
        ):
            copied.append(n)
    assert not copied, f"{path.relative_to(ROOT)}: lines {copied[:20]} resemble evaluation text"


def test_the_check_catches_a_copy(evaluation: tuple[list[list[str]], Index]) -> None:
    # results are asserted as plain booleans so that a failure never prints evaluation text
    words = next(w for w in evaluation[0] if len(w) >= 12)
    excerpt = _looks_copied(words[2:11], evaluation)  # a nine-word excerpt
    short = _looks_copied(words[:6], evaluation)  # a whole short seed inside one sentence
    padded = _looks_copied(["so", "anyway", *words, "and", "that", "was", "that"], evaluation)
    unrelated = _looks_copied(
        _words("The zebra borrowed my purple umbrella on Tuesday"), evaluation
    )
    assert (excerpt, short, padded, unrelated) == (True, True, True, False), "check misfired"


SUITES = ("challenge.jsonl", "crisis.jsonl", "crisis_adjacent.jsonl")


@pytest.mark.parametrize(
    "path", sorted((ROOT / "data" / "seeds").glob("*.jsonl")), ids=lambda p: p.name
)
def test_training_seeds_stay_clear_of_the_test_suites(path: Path) -> None:
    """The challenge and crisis suites judge the model, so no seed may copy or closely
    paraphrase one of their rows (the same checks as above, against ``tests/data``)."""
    suites = _index(
        [
            json.loads(line)["text"]
            for name in SUITES
            for line in (ROOT / "tests" / "data" / name).read_text("utf-8").splitlines()
            if line.strip()
        ]
    )
    near = [n for n, text in _texts(path) if _looks_copied(_words(text), suites)]
    assert not near, f"{path.name}: lines {near[:20]} resemble test-suite rows"
