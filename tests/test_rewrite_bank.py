"""Issue #20: the exemplar bank, retrieval, checked slots, label echo, hold-back, evaluation.

The spaCy pipeline and the default rewriter come from ``tests/conftest.py`` (loaded once).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from reframer.cli import app
from reframer.errors import TemplateError
from reframer.labels import STRATEGIES, TRAPS
from reframer.rewrite import Rewriter, Slots
from reframer.rewrite.bank import BANK_MAX_WORDS, DOMAINS, default_bank, parse_bank
from reframer.rewrite.checks import clean_slots, echo_terms, echoes, opening, seam_problems
from reframer.rewrite.context import hold_back, linked
from reframer.rewrite.evaluation import evaluate_rewrites, items_from_files
from reframer.rewrite.similarity import LexicalSimilarity, VectorSimilarity
from reframer.rewrite.slots import extract_slots
from reframer.rewrite.templates import SAMPLE_SLOTS, fill, load_templates

LIFE_DOMAINS = [d for d in DOMAINS if d != "general"]

# --------------------------------------------------------------------------------------
# the bank
# --------------------------------------------------------------------------------------


def test_bank_size_and_coverage() -> None:
    bank = default_bank()
    assert len(bank.pairs) >= 1500
    assert len(LIFE_DOMAINS) == 12
    covered = {(trap, t.domain) for t in bank.templates for trap in t.traps}
    for trap in TRAPS:  # every trap has frames written for every life domain
        assert all((trap, d) in covered for d in LIFE_DOMAINS), trap
    thoughts = Counter(t.domain for t in bank.templates if t.thoughts)
    assert set(LIFE_DOMAINS) <= set(thoughts)
    assert {t.strategy for t in bank.templates} == set(STRATEGIES)


@pytest.mark.parametrize("template", list(default_bank().templates), ids=lambda t: t.id)
def test_bank_frames_are_short_and_fit_their_domain(template: Any) -> None:
    text = fill(template.text, SAMPLE_SLOTS)
    assert len(text.split()) <= BANK_MAX_WORDS
    assert "[" not in text and "]" not in text  # every [field] was expanded
    assert not re.search(r"(?i)\b(?:tonight|today|this morning|this evening)\b", text)


def test_self_trust_frames_stay() -> None:
    texts = [t.text for t in default_bank().templates if t.strategy == "self-trust"]
    assert any("promise" in t for t in texts)
    assert any("a little at a time" in t or "little more" in t for t in texts)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.replace("[domain.grief]", "[domain.mourning]"), "domains must be"),
        (lambda s: s.replace("[thoughts]", "[thoughts]\nnot_a_trap = ['x']"), "unknown trap"),
        (lambda s: s.replace('id = "lab-sc-event"', 'id = "lab-sc-event"\ncolour = 1'), "colour"),
        (lambda s: s.replace("[cares]. It was", "[mood]. It was"), "mood"),
        (
            lambda s: (
                s
                + "\n[[frame]]\nid='x'\nstrategy='growth'\ntraps=['any']\ntext='I can "
                + "go on " * 20
                + "'\n"
            ),
            "8-30",
        ),
    ],
)
def test_bank_validation(mutate: Any, message: str) -> None:
    source = Path("reframer/data/exemplars.toml").read_text(encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        parse_bank(mutate(source), "bank.toml")


# --------------------------------------------------------------------------------------
# similarity
# --------------------------------------------------------------------------------------


def test_lexical_similarity() -> None:
    sim = LexicalSimilarity([["forget", "birthday"], ["fail", "exam"], []])
    scores = sim.scores(["fail", "exam", "again"])
    assert scores.argmax() == 1 and scores[0] == 0.0 and scores[2] == 0.0
    assert 0 < scores[1] < 1  # "again" is not in any exemplar, but still counts
    assert sim.scores([]).sum() == 0


def test_vector_similarity_hook(nlp: Any) -> None:
    base = Rewriter.load(nlp)
    n = len(base.exemplar_thoughts)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    target = int(np.argmax([("exam" in t) for t in base.exemplar_thoughts]))
    rw = Rewriter(nlp, similarity=VectorSimilarity(vectors, base.similarity))
    with_vec = rw.rewrite("I feel awful.", traps=["labeling"], vector=list(vectors[target]))
    assert len(with_vec) >= 2
    assert rw.rewrite("I feel awful.", traps=["labeling"]) == base.rewrite(
        "I feel awful.", traps=["labeling"]
    )  # no vector: the lexical scores
    with pytest.raises(ValueError, match="8 values"):
        rw.rewrite("I feel awful.", traps=[], vector=[0.0, 1.0])
    with pytest.raises(ValueError, match="one entry per item"):
        rw.rewrite_many([("I feel awful.", [], None)], vectors=[])


# --------------------------------------------------------------------------------------
# checked slots and seams
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "sentence", "slot", "expected"),
    [
        (Slots(event="if I fail again"), "if I fail again I quit", "event", None),
        (Slots(topic="every time I speak"), "every time I speak", "topic", None),
        (Slots(topic="self"), "my self-esteem is gone", "topic", None),
        (Slots(topic="my self-esteem"), "my self-esteem is gone", "topic", "my self-esteem"),
        (
            Slots(event="kind of ruined the dinner"),
            "I kind of ruined the dinner",
            "event",
            "ruined the dinner",
        ),
        (Slots(event="ruined the"), "I ruined the", "event", None),
        (Slots(topic="my sister"), "my sister is better", "topic", None),
        (Slots(label="terrible son", label_quoted="a 'terrible son'"), "x", "role", "son"),
        (
            Slots(label="terrible son", label_quoted="a 'terrible son'"),
            "x",
            "label_feeling",
            "like a terrible son",
        ),
        (Slots(label="useless", label_quoted="'useless'"), "x", "label_feeling", "useless"),
    ],
)
def test_clean_slots(slots: Slots, sentence: str, slot: str, expected: str | None) -> None:
    assert getattr(clean_slots(slots, sentence), slot) == expected


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("I missed the deadline, and that hurts. I can ask for help.", False),
        ("I got the job, and it is hard for me to take that in.", False),
        ("I can trust the, and it hurts.", True),
        ("If I fail the exam.", True),
        ("I feel a idiot about it, and it hurts.", True),
    ],
)
def test_seam_problems(nlp: Any, text: str, broken: bool) -> None:
    assert bool(seam_problems(nlp(text))) is broken


# --------------------------------------------------------------------------------------
# hold-back and context
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("Oh sure, I'm the lazy one, said the guy who sleeps until noon.", True),
        ("My boss called me lazy in front of everyone.", True),
        ("She told me I was pathetic.", True),
        ("My coworker is so lazy and useless.", True),
        ("My husband said I'm terrible at saving and he's right, I'm irresponsible.", False),
        ("my sister says im a slob and tbh she has a point", False),
        ("I'm such an idiot.", False),
        ("My presentation was a disaster.", False),
        ("Everyone else my age has their life together.", False),
        ("the interviewer could tell I was a fraud", False),
        ("Maybe I just need to starve myself until I look okay.", True),  # self-harm: no rewrite
        ("I'm so stupid, I didn't consent and I still blame myself.", True),  # a disclosure
        ("I should have called grandma more before she died.", False),  # grief is answered
        ("Being underweight can't be that bad, right?", True),  # eating disorder: no rewrite
        ("I hate myself for purging again last night.", True),
        ("When I'm restricting I feel so gross and fat.", True),
        ("I'm so useless, I skipped my workout and ate cake.", False),  # not disordered eating
        ("I should stop drinking, I'm such a mess.", True),  # addiction: no rewrite
        ("I relapsed again, I'm pathetic.", True),
        ("I swear I will destroy, damage and kill anyone in my way.", True),  # a threat
        ("Everyone says I killed it at the presentation but I'm a rubbish speaker.", False),
        ("I kill every plant I'm responsible for, I'm hopeless.", False),
        ("I hate how I look so much I cancelled the photo shoot.", False),
        ("I hurt her feelings again, I'm a terrible friend.", False),  # guilt, answered
        ("I forgot to shoot him a text back, I'm useless.", False),
        ("I want to kill him for what he did.", True),
        ("Only this year I understood I was a victim of sexual abuse as a kid.", True),
        ("He used to gaslight me until every fight felt like my doing.", True),
        ("When I see that street I get flashbacks and can't think straight.", True),
        ("I'm basically a closet addict and nobody at work knows.", True),
        ("Some days I want to burn my house down and start over.", True),
        ("Some nights I think I can't go on, then morning comes anyway.", True),  # not restated
        ("I keep restricting my kids' screen time and I feel like a bad mom.", False),
        ("My dad was hospitalized and I didn't visit, I'm an awful son.", False),
        ("I'm so addicted to my phone, I'm so lazy.", False),
        ("I need to purge my closet, I'm such a slob.", False),
        ("I just got out of the psych ward and I still feel worthless.", True),
        ("I'm such a mess, I keep drinking too much coffee.", False),
        ("I said I'd stop drinking coffee after noon and I can't follow my own rules.", False),
    ],
)
def test_hold_back(nlp: Any, rewriter: Rewriter, sentence: str, held: bool) -> None:
    assert hold_back(nlp(sentence)) is held
    assert (rewriter.rewrite(sentence, traps=["labeling"]) == []) is held


@pytest.mark.parametrize(
    ("sentence", "counterexample"),
    [
        ("I never forced him, I did it all by myself.", None),  # no wrong to recall
        ("I never lied to her about anything.", None),
        ("I never thought someone could be so MEAN.", None),
        ("I never finish anything I start.", "finished something"),
        ("I always say the wrong thing.", "did not say the wrong thing"),
    ],
)
def test_no_counterexample_recalls_a_wrong(
    nlp: Any, sentence: str, counterexample: str | None
) -> None:
    """ "I never forced him" leaves out no exception: "a time I forced him" was judged harmful."""
    assert extract_slots(nlp(sentence)).counterexample == counterexample


@pytest.mark.parametrize(
    ("context", "sentence", "link"),
    [
        ("I missed the deadline at work.", "My partner deserves better than me.", False),
        ("I missed the deadline at work.", "I'm such an idiot.", True),
        ("I missed the deadline at work.", "So my boss must think I'm lazy.", True),
        ("I forgot mom's birthday again.", "I'm such a terrible son.", True),
    ],
)
def test_context_link(
    nlp: Any, rewriter: Rewriter, context: str, sentence: str, link: bool
) -> None:
    doc, ctx = nlp(sentence), nlp(context)
    d1, d2 = rewriter._domain(doc), rewriter._domain(ctx)
    assert linked(doc, ctx, sentence_domain=d1, context_domain=d2) is link
    texts = " ".join(
        r.text for r in rewriter.rewrite(sentence, traps=["labeling"], context=context)
    )
    if not link:
        assert "deadline" not in texts  # the unrelated event is not borrowed


# --------------------------------------------------------------------------------------
# what a rewrite set must be
# --------------------------------------------------------------------------------------

SENTENCES = [
    ("I'm such a failure.", ["labeling"]),
    ("I'm so bad at keeping friends.", ["labeling"]),
    ("I missed the deadline on the report, I'm so stupid.", ["labeling"]),
    ("I'm a terrible mother, I yelled at my toddler again.", ["labeling"]),
    ("I'm going to lose my job, I just know it.", ["fortune_telling"]),
    ("I feel unlovable.", ["emotional_reasoning"]),
    ("I ate the whole pizza, I'm disgusting.", ["labeling"]),
    ("I didn't visit grandpa before he died, I'm a horrible grandson.", ["labeling"]),
    ("I skipped the gym again, I have zero self-control.", ["overgeneralization"]),
]


@pytest.mark.parametrize(("sentence", "traps"), SENTENCES)
def test_rewrite_set_rules(rewriter: Rewriter, sentence: str, traps: list[str]) -> None:
    out = rewriter.rewrite(sentence, traps=traps)
    assert len(out) >= 2
    assert len({opening(r.text) for r in out}) == len(out)  # different openings
    assert len({r.strategy for r in out}) == len(out)
    terms = echo_terms(sentence, rewriter.slots_many([(sentence, traps, None)])[0].label)
    assert sum(echoes(r.text, terms) for r in out) <= 1  # at most one names the harsh word
    for r in out:
        assert len(r.text.split()) <= 35
        assert not re.search(r"'[^']*(?:failure|stupid|disgusting|terrible)[^']*'", r.text)
        assert not re.search(r"(?i)\b(?:tonight|today|this morning)\b", r.text)


@pytest.mark.parametrize(
    ("sentence", "slot", "expected"),
    [
        (
            "Locked myself out of the flat again, classic me.",
            "event",
            "locked myself out of the flat",
        ),
        ("Forgot the bins again, typical.", "topic", "the bins"),
        ("My mother gets anxious and it's because of me.", "person", "my mother"),
        ("if i were a real engineer id have caught that null check", "topic", "that null check"),
        ("My toddler cried all night and I lost it.", "topic", None),
    ],
)
def test_fallback_slots(rewriter: Rewriter, sentence: str, slot: str, expected: str | None) -> None:
    assert getattr(rewriter.slots_many([(sentence, [], None)])[0], slot) == expected


def test_no_next_time_for_grief(rewriter: Rewriter) -> None:
    out = rewriter.rewrite(
        "I didn't visit grandpa before he died at the funeral home.", traps=["should_statements"]
    )
    assert all("next time" not in r.text.lower() for r in out)


def test_seed_is_deterministic(rewriter: Rewriter) -> None:
    items = [(s, t, None) for s, t in SENTENCES]
    assert rewriter.rewrite_many(items, seed=5) == rewriter.rewrite_many(items, seed=5)


# --------------------------------------------------------------------------------------
# custom templates in the new format; evaluation and the CLI
# --------------------------------------------------------------------------------------

NEW_FORMAT = """
[[template]]
id = "my-exam"
strategy = "growth"
traps = ["any"]
domain = "study"
thoughts = ["I failed the exam and I'm so stupid"]
text = "Failing {topic} hurts. I can ask the tutor which topic to review first."
"""


def test_new_template_fields(nlp: Any, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(NEW_FORMAT, encoding="utf-8")
    t = load_templates(path)["my-exam"]
    assert t.domain == "study" and t.thoughts == ("I failed the exam and I'm so stupid",)
    rw = Rewriter.load(nlp, path, mode="replace")
    assert rw.exemplar_thoughts == t.thoughts
    bad = path.with_name("bad.toml")
    bad.write_text(NEW_FORMAT.replace('domain = "study"', "domain = 3"), encoding="utf-8")
    with pytest.raises(TemplateError, match="'domain'"):
        load_templates(bad)


def test_evaluate_rewrites(rewriter: Rewriter) -> None:
    items = [(s, t, None) for s, t in SENTENCES] + [
        ("My boss called me lazy in front of everyone.", ["labeling"], None)
    ]
    report = evaluate_rewrites(rewriter, items)
    assert report.sentences == len(items) and report.held_back == 1
    assert report.rewrites >= 2 * len(SENTENCES)
    assert report.two_distinct_rate == 1.0
    assert report.seam_error_rate == 0.0
    assert report.max_words <= 35 and report.mean_words <= 30
    assert set(report.strategy_mix) <= set(STRATEGIES)
    assert abs(sum(report.strategy_mix.values()) - 1) < 1e-9
    assert "seam errors" in report.summary()
    assert "examples" not in report.to_dict()


def test_cli_evaluate_rewrites(tmp_path: Path) -> None:
    data = tmp_path / "s.jsonl"
    rows = [{"text": s, "traps": t, "self_critical": 1} for s, t in SENTENCES[:3]]
    rows.append({"text": "What a lovely day.", "self_critical": 0})
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert len(items_from_files([data])) == 3
    result = CliRunner().invoke(app, ["evaluate", "--rewrites", "--data", str(data), "-f", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["sentences"] == 3 and out["two_distinct_rate"] == 1.0
    broken = tmp_path / "b.jsonl"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--rewrites", "--data", str(broken)])
    assert result.exit_code != 0 and "not valid JSON" in result.output
