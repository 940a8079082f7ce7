"""The crisis rules' literal prefilter skips only expressions that cannot match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reframer.crisis import CrisisGate
from reframer.crisis import gate as gate_module
from reframer.crisis.patterns import RULES
from reframer.crisis.prefilter import required_literals

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\bkill(?:ing)?\s+myself\b", {"myself"}),
        (r"\b(?:pills|rope)\b", {"pills", "rope"}),
        (r"(?:a|b)c", {"c"}),  # the shortest alternative loses to a plain part
        (r"want(?:s|ed)? to die", {" to die"}),
        (r"(?:end it)+ now", {"end it"}),  # a repeated group beats a shorter run of literals
        (r"^(?!.*\bnot\b).*?(?P<hit>goodbye)", {"goodbye"}),  # a guard is not a requirement
    ],
)
def test_required_literals(pattern: str, needs: set[str]) -> None:
    found = required_literals(re.compile(pattern))
    assert found == needs  # the most selective part, never an optional one


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", r"(?:kill)?\s*", r"x*y?", r"(?i)die", r"[abc]+", r"(?:die|\w+)"],
)
def test_nothing_required(pattern: str) -> None:
    assert required_literals(re.compile(pattern)) is None


def test_every_match_contains_a_required_literal() -> None:
    hits = 0
    for rule, needs in gate_module._RULES_NEEDS:
        for line in (ROOT / "tests" / "data" / "crisis.jsonl").read_text().splitlines():
            norm = gate_module._normalized(json.loads(line)["text"])
            for match in rule.pattern.finditer(norm):
                hits += 1
                assert needs is None or any(s in match.group(0) for s in needs), rule.kind
    assert hits > 100


def _texts(*files: Path) -> list[str]:
    return [json.loads(line)["text"] for f in files if f.exists() for line in f.open()]


def _unfiltered(gate: CrisisGate, text: str) -> list[str]:
    saved = gate_module._RULES_NEEDS
    gate_module._RULES_NEEDS = tuple((rule, None) for rule in RULES)
    try:
        return gate._matches(text)
    finally:
        gate_module._RULES_NEEDS = saved


def test_same_verdicts_on_the_suites() -> None:
    gate = CrisisGate()
    data = ROOT / "tests" / "data"
    texts = _texts(data / "crisis.jsonl", data / "crisis_adjacent.jsonl", data / "challenge.jsonl")
    assert len(texts) > 500
    assert [gate._matches(t) for t in texts] == [_unfiltered(gate, t) for t in texts]
    assert sum(bool(gate._matches(t)) for t in texts) > 100


@pytest.mark.slow
def test_same_verdicts_on_every_labelled_sentence() -> None:
    texts = _texts(ROOT / "data" / "dataset.jsonl", ROOT / "data" / "real.jsonl")
    if not texts:
        pytest.skip("data/dataset.jsonl is built by `make setup`")
    gate = CrisisGate()
    assert [gate._matches(t) for t in texts] == [_unfiltered(gate, t) for t in texts]


def test_the_shipped_table_is_current() -> None:
    from reframer.crisis.prefilter import TABLE_FILE, render

    shipped = (ROOT / "reframer" / "data" / TABLE_FILE).read_text(encoding="utf-8")
    assert shipped == render(rule.pattern for rule in RULES), "run `make tables`"


def test_an_expression_the_table_lacks_is_analysed() -> None:
    from reframer.crisis.prefilter import needs_of

    edited = re.compile(r"\bnever (?:waking|wake) up again\b")  # no entry in the shipped table
    shipped = RULES[0].pattern
    assert needs_of([edited, shipped]) == (
        required_literals(edited),
        required_literals(shipped),
    )
    assert needs_of([edited])[0] == frozenset({"never wak"})  # the parser folds "wak"
