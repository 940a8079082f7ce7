"""Tests of the lead model: its features, its file, its fit from judgements, and its use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reframer.errors import DataError, TemplateError
from reframer.rewrite import Rewriter
from reframer.rewrite.lead_model import (
    FEATURES,
    PREFIXES,
    Candidate,
    LeadModel,
    default_lead_model,
    features,
)
from reframer.rewrite.quality import mentions_content
from reframer.rewrite.rules import indirect_question
from reframer.training.lead import (
    DEFAULT_L2,
    comparisons,
    fit_lead_model,
    load_judgements,
    main,
)

ROOT = Path(__file__).resolve().parents[1]


def _candidate(**changes: Any) -> Candidate:
    base: dict[str, Any] = {
        "frame": "sc-friend-generic",
        "strategy": "self-compassion",
        "families": frozenset(),
        "requires": frozenset(),
        "values": {},
        "any_trap": True,
        "trap_fit": False,
        "domain_frame": False,
        "names": False,
        "words": 22,
        "lead": 5.0,
        "echo": False,
        "loose": False,
        "sentence_words": 30,
        "sentence_harsh": True,
    }
    base.update(changes)
    return Candidate(**base)


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        (
            {},
            {"F:sc-friend-generic", "slotfree", "generic", "generic*long", "anytrap"},
            {"trapfit"},
        ),
        ({"names": True}, {"slotfree", "content"}, {"generic"}),
        (
            {
                "frame": "any-sc-thought-hear",
                "families": frozenset({"thought"}),
                "requires": frozenset({"thought"}),
                "values": {"thought": "I ruin everything"},
                "names": True,
            },
            {"fam:thought", "thought_conf", "thought_i"},
            {"slotfree", "generic", "thought*long"},
        ),
        (
            {
                "families": frozenset({"topic"}),
                "requires": frozenset({"topic"}),
                "values": {"topic": "the team deadline"},
                "any_trap": False,
                "trap_fit": True,
            },
            {"fam:topic", "topic_conf", "topic_sit", "trapfit"},
            {"anytrap", "topic_vague", "topic_one_word"},
        ),
        (
            {
                "families": frozenset({"topic"}),
                "requires": frozenset({"topic"}),
                "values": {"topic": "skin"},
                "names": True,
            },
            {"topic_vague", "topic_one_word"},
            {"topic_conf"},
        ),
        ({"sentence_self": False}, {"noself*slotfree"}, {"noself*slotted"}),
    ],
)
def test_features(changes: dict[str, Any], present: set[str], absent: set[str]) -> None:
    active = {k for k, v in features(_candidate(**changes)).items() if v}
    assert present <= active, present - active
    assert not absent & active


@pytest.mark.parametrize(
    ("thought", "confident"), [("I ruin everything", 1.0), ("my son is four", 0.0)]
)
def test_thought_confidence_is_a_feature(thought: str, confident: float) -> None:
    c = _candidate(families=frozenset({"thought"}), requires=frozenset({"thought"}))
    c = _candidate(
        families=c.families, requires=c.requires, values={"thought": thought}, names=True
    )
    assert features(c)["thought_conf"] == confident


def test_score_is_the_dot_product_and_unknown_features_count_zero() -> None:
    model = LeadModel({"F:sc-friend-generic": 2.0, "generic": -0.5, "lead": 1.0})
    # frame 2.0, generic -0.5, lead 5.0 / 5 = 1.0; every other feature has no weight
    assert model.score(_candidate()) == pytest.approx(2.5)
    assert LeadModel({}).score(_candidate()) == 0.0


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = LeadModel({"F:a": 1.23456, "content": -0.5, "zero": 0.0}, {"l2": 3.0})
    model.save(tmp_path / "m.json")
    back = LeadModel.load(tmp_path / "m.json")
    assert back.weights == {"F:a": 1.2346, "content": -0.5}  # rounded, zeros left out
    assert back.meta == {"l2": 3.0}


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not json",
        '{"weights": [1, 2]}',
        '{"meta": {}}',
        '{"weights": {"a": "x"}}',
        '{"weights": {"a": true}}',
        '{"weights": {"a": NaN}}',
        '{"weights": {"a": 1.0}, "meta": [1, 2]}',
    ],
)
def test_a_bad_model_file_is_a_template_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match="not a lead model file"):
        LeadModel.load(path)


def test_fit_recovers_a_clear_preference() -> None:
    a, b, c = {"F:a": 1.0}, {"F:b": 1.0}, {"F:c": 1.0}
    pairs = [(a, b)] * 20 + [(b, c)] * 20 + [(a, c)] * 20 + [(b, a)] * 2
    w = fit_lead_model(pairs, l2=1.0)
    assert w["F:a"] > w["F:b"] > w["F:c"]


def test_fit_needs_comparisons_and_a_positive_penalty() -> None:
    with pytest.raises(DataError, match="no comparisons"):
        fit_lead_model([])
    for l2 in (0.0, -1.0, float("nan")):
        with pytest.raises(DataError, match="positive"):
            fit_lead_model([({"F:a": 1.0}, {"F:b": 1.0})], l2=l2)


def test_comparisons_are_every_ordered_pair_of_a_ranking() -> None:
    row = {"options": [{"x": 1.0}, {"y": 1.0}, {"z": 1.0}], "rankings": [[2, 0, 1]]}
    pairs = comparisons([row])
    assert pairs == [({"z": 1.0}, {"x": 1.0}), ({"z": 1.0}, {"y": 1.0}), ({"x": 1.0}, {"y": 1.0})]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"options": [{"a": 1}], "rankings": [[0, 3]]}', "line 1: a ranking must list"),
        ('{"options": [1, 2], "rankings": [[0, 1]]}', "line 1: each option must map"),
        ('{"rankings": [[0, 1]]}', "line 1: needs 'options'"),
        ("[1, 2]", "line 1: needs 'options'"),
        ('{"options": [{"a": "x"}, {"b": 1}], "rankings": [[0, 1]]}', "finite numbers"),
        ('{"options": [{"a": NaN}, {"b": 1}], "rankings": [[0, 1]]}', "finite numbers"),
        ('{"options": [{"a": 1}, {"b": 1}], "rankings": [[true, 0]]}', "option indices"),
    ],
)
def test_bad_judgements_are_data_errors(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_judgements(path)


def test_every_judged_feature_is_one_the_engine_computes() -> None:
    """The judgements were extracted by :func:`features`; a renamed feature would silently
    lose its weight at run time."""
    names: set[str] = set()
    for row in load_judgements():
        for option in row["options"]:  # type: ignore[attr-defined]
            names.update(option)
    own = {n for n in names if not (n.startswith(("O:", "old:")) or n == "old")}
    unknown = {n for n in own if not n.startswith(PREFIXES) and n not in FEATURES}
    assert not unknown
    assert own >= FEATURES, FEATURES - own  # and every feature was seen in the judgements
    produced = set(features(_candidate())) | set(features(_candidate(sentence_self=False)))
    assert {n for n in produced if not n.startswith(PREFIXES)} <= FEATURES


@pytest.mark.parametrize("name", ["lead.jsonl", "measured.jsonl"])
def test_the_judgements_hold_no_text(name: str) -> None:
    """Features and verdicts only: no sentence or rewrite (third-party text) is committed."""
    load_judgements(ROOT / "data" / "judgements" / name)  # well formed
    for line in (ROOT / "data" / "judgements" / name).read_text().splitlines():
        row = json.loads(line)
        assert set(row) == {"options", "rankings", "source"}
        for option in row["options"]:
            assert all(isinstance(v, (int, float)) for v in option.values())
            assert all(" " not in k for k in option), "a feature name is never text"


def test_the_shipped_weights_are_the_fit_of_the_committed_judgements(tmp_path: Path) -> None:
    out = tmp_path / "lead_model.json"
    main(["--out", str(out)])
    refit = LeadModel.load(out)
    shipped = default_lead_model()
    assert refit.meta["l2"] == DEFAULT_L2
    assert refit.weights.keys() == shipped.weights.keys(), "run `make lead-model`"
    for k, v in shipped.weights.items():
        assert refit.weights[k] == pytest.approx(v, abs=2e-4), k


def test_the_engine_leads_with_what_the_model_prefers(nlp: Any) -> None:
    sentence = "I'm such an idiot, I forgot my sister's birthday again."
    plain = Rewriter(nlp, lead_model=LeadModel({}))
    keen = Rewriter(nlp, lead_model=LeadModel({"F:sc-friend-generic": 50.0}))
    generic = "If someone I love said this about themselves"
    assert not plain.rewrite(sentence, traps=["labeling"])[0].text.startswith(generic)
    assert keen.rewrite(sentence, traps=["labeling"])[0].text.startswith(generic)
    # a lead that names nothing of the sentence stays first; the others name the situation
    rest = keen.rewrite(sentence, traps=["labeling"])[1:]
    assert len(rest) >= 1
    assert all(mentions_content(r.text, sentence) for r in rest)


def test_without_the_model_the_hand_set_lead_decides(nlp: Any) -> None:
    sentence = "I'm such an idiot, I forgot my sister's birthday again."
    hand = Rewriter(nlp, use_lead_model=False)
    assert hand.lead_model is None
    keen = Rewriter(nlp, lead_model=LeadModel({"F:sc-friend-generic": 50.0}))
    assert (
        hand.rewrite(sentence, traps=["labeling"])[0]
        != keen.rewrite(sentence, traps=["labeling"])[0]
    )


@pytest.mark.parametrize(
    ("question", "indirect"),
    [
        ("why cannot I keep my space clean", "why I cannot keep my space clean"),
        ("Why am I not important", "why I am not important"),
        ("why do I forget EVERYTHING", "why I forget everything"),
        ("why did I say that", "why I said that"),
        ("why don't I ever finish anything", "why I do not ever finish anything"),
        ("what's wrong with me", "what is wrong with me"),
        ("am I a bad person", "whether I am a bad person"),
        ("why did I ever agree", None),  # no plain past to give
        ("did I ruin everything", "whether I ruined everything"),
        ("why do I, of all people, fail", None),
        ("why does nobody like me", None),  # not the writer's inversion
    ],
)
def test_indirect_question(question: str, indirect: str | None) -> None:
    assert indirect_question(question) == indirect


def test_a_question_is_named_inside_a_rewrite_never_quoted(nlp: Any) -> None:
    rewriter = Rewriter(nlp)
    out = rewriter.rewrite("Why can't I keep my space clean?", traps=["labeling"], n=3)
    texts = " ".join(r.text for r in out)
    assert "why I cannot keep my space clean" in texts
    assert "'why" not in texts.lower()


@pytest.mark.parametrize(
    ("sentence", "topic", "leads"),
    [
        ("I failed my exam again and I'm such a loser.", "about my exam", True),
        ("My wife asked why I lock myself in the bathroom when we fight.", "the bathroom", False),
    ],
)
def test_a_topic_leads_only_when_it_names_a_life_situation(
    nlp: Any, sentence: str, topic: str, leads: bool
) -> None:
    rewriter = Rewriter(nlp, lead_model=LeadModel({"F:any-im-topic": 2.0}))
    first = rewriter.rewrite(sentence, traps=["labeling"])[0].text
    assert (first.startswith("My feeling about") and topic in first) is leads, first


@pytest.mark.parametrize(
    ("rewrite", "sentence", "named"),
    [
        ("Feeling anxious is painful.", "My anxiety levels have skyrocketed.", True),
        ("Feeling lonely is painful.", "The loneliness at night is the worst.", True),
        ("Feeling anxious is painful.", "I went to the store and forgot the milk.", False),
    ],
)
def test_a_feeling_noun_is_named_by_its_adjective(rewrite: str, sentence: str, named: bool) -> None:
    assert mentions_content(rewrite, sentence) is named
