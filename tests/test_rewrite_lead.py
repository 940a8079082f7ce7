"""Tests of the first rewrite: slot confidence (sentence piece -> accepted or rejected) and the
lead preference learned from the judged blind rounds."""

from __future__ import annotations

from typing import Any

import pytest

from reframer.rewrite.checks import clean_slots
from reframer.rewrite.lead import (
    LEAD,
    confident_event,
    confident_thought,
    confident_topic,
    lead_bonus,
    situation_topic,
    vague_topic,
    wrong_topic,
)
from reframer.rewrite.slots import Slots


@pytest.mark.parametrize(
    ("topic", "accepted"),
    [
        ("my wedding", True),
        ("the parties", True),
        ("the babies", True),
        ("the team deadline", True),
        ("the presentation", True),
        ("couples therapy at the clinic", True),
        ("mom's birthday", True),
        ("the end", False),  # abstract head
        ("skin", False),  # a body part alone, and a single word
        ("my face", False),
        ("my ability", False),
        ("the truth", False),
        ("ages", False),
        ("a habit", False),  # indefinite: no specific situation
        ("chores", False),  # a bare single word
        ("3 days", False),
        ("", False),
    ],
)
def test_confident_topic(topic: str, accepted: bool) -> None:
    assert confident_topic(topic) is accepted


@pytest.mark.parametrize(
    ("topic", "vague", "wrong"),
    [
        ("the end", True, False),
        ("skin", True, True),
        ("the fuck", True, True),
        ("my face", True, True),
        ("my wedding", False, False),
        ("", False, False),
    ],
)
def test_vague_and_wrong_topics(topic: str, vague: bool, wrong: bool) -> None:
    assert vague_topic(topic) is vague
    assert wrong_topic(topic) is wrong


@pytest.mark.parametrize(
    ("event", "accepted"),
    [
        ("forgot mom's birthday", True),
        ("lost my wallet", True),
        ("yelled at my toddler at bedtime", True),
        ("have ruined relationships", True),  # "have" is an auxiliary here
        ("let my family down", False),  # "let" is a light verb
        ("had a down moment", False),  # "had" is the main verb
        ("did it", False),
        ("stopped", False),
        ("saw it in others", False),
        ("belonged in my current life", False),
        ("was amazing at the party", False),
        ("did not call her back", False),
        ("messed up my year every good chance I got I have wasted since then", False),
    ],
)
def test_confident_event(event: str, accepted: bool) -> None:
    assert confident_event(event) is accepted


@pytest.mark.parametrize(
    ("thought", "accepted"),
    [
        ("I never learn anything at all", True),
        ("no one wants to look at me", True),
        ("I am worse than everyone around me", True),
        ("my son is four", False),  # the first clause of a story
        ("the worse part of all", False),  # not about the writer
        ("I try to be nice and funny and friendly", False),
    ],
)
def test_confident_thought(thought: str, accepted: bool) -> None:
    assert confident_thought(thought) is accepted


def test_lead_table_favours_what_won_and_penalises_what_lost() -> None:
    assert LEAD["any-sc-label-feeling"] > 0
    assert LEAD["any-gr-event-learn"] < 0
    assert LEAD["any-sc-topic-patient"] < 0


@pytest.mark.parametrize(
    ("template_id", "requires", "values", "expected"),
    [
        ("bank.any-sc-label-feeling", {"label_feeling"}, {"label_feeling": "worthless"}, 3.0),
        ("bank.lab-gr-event.work", {"event_past"}, {"event": "lost my wallet"}, -2.0),
        ("bank.lab-gr-event.work", {"event_past"}, {"event": "did it"}, -5.0),
        ("bank.any-sc-topic-patient.general", {"topic"}, {"topic": "my wedding"}, -4.5),
        ("bank.any-sc-topic-patient.general", {"topic"}, {"topic": "skin"}, -7.5),
        ("bank.any-sc-topic-patient.general", {"topic"}, {"topic": "the brass"}, -6.0),
        ("my-own-template", set(), {}, 0.0),
    ],
)
def test_lead_bonus(
    template_id: str, requires: set[str], values: dict[str, str], expected: float
) -> None:
    assert lead_bonus(template_id, frozenset(requires), values) == pytest.approx(expected)


@pytest.mark.parametrize("topic", ["the fuck", "skin", "the end", "conclusion"])
def test_swear_words_and_idiom_ends_are_never_topics(topic: str) -> None:
    slots = clean_slots(Slots(topic=topic), f"I hate {topic} so much")
    assert slots.topic is None


@pytest.mark.parametrize(
    ("sentence", "traps", "names", "absent"),
    [
        # the label as a feeling, not the wrong piece of the sentence ("Thinking about skin")
        (
            "i've been feeling like a pure waste of skin for years.",
            ["labeling"],
            "Feeling like a pure waste is painful",
            "skin",
        ),
        ("I'm such an idiot.", ["labeling"], "Feeling like an idiot is painful", "regret"),
        # the situation named (the lead model prefers a gentle frame to "It feels certain that…")
        (
            "I'm going to fail this exam and everyone will see how stupid I am.",
            ["fortune_telling"],
            "this exam",
            "regret",
        ),
        # a concrete event named plainly, not regretted
        (
            "I'm so useless, I lost my wallet again.",
            ["labeling"],
            "wallet",
            "regret",
        ),
    ],
)
def test_first_rewrite(
    rewriter: Any, sentence: str, traps: list[str], names: str, absent: str
) -> None:
    out = rewriter.rewrite(sentence, traps=traps)
    assert len(out) >= 2
    first = out[0].text
    assert names in first
    assert absent not in first.lower()
    assert len(first.split()) <= 30


@pytest.mark.parametrize(
    "topic, expected",
    [
        ("the exam", True),
        ("my exams", True),
        ("my boss's office", True),
        ("my drawing abilities", True),
        ("my wedding", True),
        ("the brass", False),
        ("the purpose", False),
        ("my lust", False),
        ("brain power", False),
    ],
)
def test_a_situation_topic_holds_a_word_of_a_life_situation(topic: str, expected: bool) -> None:
    assert situation_topic(topic) is expected
