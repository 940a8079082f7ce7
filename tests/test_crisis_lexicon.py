"""The crisis gate's clinical layer (Suicide Risk Lexicon v1.0) and its two tiers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reframer.crisis import CrisisGate, normalize
from reframer.crisis.lexicon import SuicideRiskLexicon, _close, load_lexicon
from reframer.errors import DataError

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("suicide", "suicide", True),
        ("sucide", "suicide", True),  # a dropped letter in a long word
        ("overdoes", "overdose", False),  # two edits
        ("myslef", "myself", False),  # a swap is two edits; the gate's rewrites fix this one
        ("dying", "dyinh", False),  # short words match exactly
        ("hanging", "banging", True),
    ],
)
def test_edit_distance_one_on_long_words_only(a: str, b: str, close: bool) -> None:
    assert _close(a, b) is close


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("I wrote a sucide note last week", "crisis"),  # typo-tolerant
        ("i keep thinking about jumping off a bridge", "crisis"),
        ("I wish I could cease to exist", "concern"),
        ("everyone would be better off without me", "concern"),
        ("I cut myself again last night", "crisis"),
        ("i dont want to die", None),  # negation
        ("I would never kill myself", None),
        ("She wants to kill herself", None),  # someone else
        ("he said he wanted to end his own life", None),
        ("the company will cease to exist next year", None),  # names no one
    ],
)
def test_lexicon_hits_and_guards(text: str, tier: str | None) -> None:
    hits = load_lexicon().hits(normalize(text))
    found = {h.tier for h in hits}
    if tier is None:
        assert hits == []
    else:
        assert tier in found


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I want to kill myself.", "crisis"),
        ("Honestly I just want to disappear forever and never wake up.", "concern"),
        ("Everyone would be better off without me.", "concern"),
        ("This commute is killing me.", None),
        ("I'm dying to see that movie.", None),
        ("I bought a new kitchen knife today.", None),
    ],
)
def test_sentence_levels(text: str, level: str | None) -> None:
    assert CrisisGate().sentence_level(text) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a lethal means next to any risk signal makes the entry a crisis
        ("I wish I was dead. I have been saving my pills for weeks.", "crisis"),
        # a means alone is ordinary talk
        ("I went to the pharmacy for my pills. Then I walked over the bridge.", None),
        ("We built a rope swing by the bridge. It was fun.", None),
    ],
)
def test_document_level_means_need_a_risk_signal(text: str, level: str | None) -> None:
    assert CrisisGate().document_level(text) == level


def test_a_malformed_lexicon_is_refused() -> None:
    with pytest.raises(ValueError, match="constructs"):
        SuicideRiskLexicon({"source": "x"})


def test_the_shipped_lexicon_is_attributed_and_has_every_tier() -> None:
    data = json.loads((ROOT / "reframer" / "data" / "suicide_risk_lexicon.json").read_text())
    assert "Suicide Risk Lexicon v1.0" in data["source"] and "Apache-2.0" in data["source"]
    tiers = {c["tier"] for c in data["constructs"].values()}
    assert tiers == {"crisis", "concern", "means"}
    assert load_lexicon().size >= 150
    for construct in data["constructs"].values():  # short terms, never example sentences
        assert all(len(t["term"].split()) <= 8 for t in construct["terms"])


def test_the_lexicon_file_is_what_the_compiler_makes() -> None:
    from reframer.training.corpus import corpus_root

    try:
        corpus_root()
    except DataError:
        pytest.skip("construct-tracker is not installed")
    script = ROOT / "data" / "real" / "compile_lexicon.py"
    run = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
