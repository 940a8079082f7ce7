"""Doubtful slot fills: a piece of the sentence that would read as garbled English in a frame
is dropped (broken) or kept out of the first rewrite (loose); a label must be an insult and a
person a person. Every sentence here was written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from reframer.rewrite.doubt import (
    BROKEN,
    LOOSE,
    doubtful_counterexample,
    doubtful_event,
    doubtful_feeling,
    doubtful_prediction,
    doubtful_should,
    doubtful_thought,
    doubtful_topic,
)
from reframer.rewrite.insults import is_insult, is_person, repair_label
from reframer.rewrite.refill import other_thought


@pytest.mark.parametrize(
    ("sentence", "event", "verdict"),
    [
        ("I forgot to call my sister back again.", "forgot", BROKEN),  # lost its complement
        ("I forgot to call my sister back again.", "forgot to call my sister back", None),
        ("What did I do at the party last night?", "did at the party", BROKEN),  # lost "what"
        ("I was yelled at by my manager today.", "was yelled at by my manager today", BROKEN),
        ("I used to paint every single day.", "used to paint every single day", BROKEN),
        (
            "I wasted the morning-- it helped nobody.",
            "wasted the morning-- it helped nobody",
            BROKEN,
        ),
        ("I left the oven on, I burned the whole roast.", "left the oven on", None),
        ("I was saving money but then I spent it on junk.", "was saving money", LOOSE),
        ("I never felt like I fitted in at the office.", "fitted in at the office", LOOSE),
        ("I dropped the tray of glasses at the party.", "dropped the tray of glasses", None),
    ],
)
def test_event(nlp: Any, sentence: str, event: str, verdict: str | None) -> None:
    assert doubtful_event(event, nlp(sentence)) == verdict


@pytest.mark.parametrize(
    ("sentence", "topic", "verdict"),
    [
        ("I don't know why this is the case.", "the case", BROKEN),  # a predicate
        ("I am sorry for the childish, silly message.", "the childish", BROKEN),
        ("I sent 4 awkward texts to him.", "4 awkward texts", BROKEN),
        ("I failed the quiz and my coworkers laughed.", "my coworkers", BROKEN),  # a person
        ("I keep thinking about the interview.", "the interview", None),
        ("I hated being part of that choir.", "that choir", LOOSE),  # inside "part of"
        ("I really need a break from everything.", "a break", LOOSE),  # indefinite
        ("I am stuck in my head all day.", "my head", LOOSE),  # an idiom's end
    ],
)
def test_topic(nlp: Any, sentence: str, topic: str, verdict: str | None) -> None:
    assert doubtful_topic(topic, nlp(sentence)) == verdict


@pytest.mark.parametrize(
    ("sentence", "thought", "verdict"),
    [
        ("Still can't get my act together.", "still cannot get my act together", BROKEN),
        ("The worst part of all, is that I let them down.", "the worst part of all", BROKEN),
        ("This is so dumb and I hate.", "this is so dumb and I hate", BROKEN),
        (
            "I try to be patient with the kids, but I always snap at them.",
            "I try to be patient with the kids",
            LOOSE,  # the criticism is after "but"
        ),
        ("I never finish anything I start.", "I never finish anything I start", None),
        ("It makes me cry alone a lot.", "me cry alone a lot", None),  # said as "I cry alone"
        ("I miss them all day long.", "them all day long", BROKEN),  # no clause
        ("I cannot my chest is tight.", "I cannot my chest is tight", BROKEN),  # run together
        ("I know I will be proven right this time.", "I will be proven right this", BROKEN),
        ("I can't handle this.", "I cannot handle this", None),  # "this" is the object
        ("I couldnt my chest is tight.", "I couldnt my chest is tight", BROKEN),  # texting
        ("That exam was awful and I knew that.", "I knew that", None),  # the thought's "that"
        ("I did it against my will this time.", "I did it against my will this time", None),
    ],
)
def test_thought(nlp: Any, sentence: str, thought: str, verdict: str | None) -> None:
    assert doubtful_thought(thought, nlp(sentence)) == verdict


@pytest.mark.parametrize(
    ("value", "insult"),
    [
        ("like a failure", True),
        ("useless", True),
        ("like a terrible mother", True),
        ("like the biggest loser", True),
        ("not good enough", True),
        ("worse", False),  # a comparison, no name
        ("sorry", False),
        ("happy", False),
        ("lazy unloved", False),  # two bare adjectives
        ("weak Work is hard", False),  # a clause pasted on
        ("like a worst fool", False),  # "a" before a superlative
        ("total klutz falling", False),
        ("like a person", False),  # a person noun with no insult
    ],
)
def test_is_insult(value: str, insult: bool) -> None:
    assert is_insult(value) is insult


@pytest.mark.parametrize(
    ("value", "repaired"),
    [
        ("like a worst fool", "like the worst fool"),
        ("like a garbage", "like garbage"),
        ("lazy unloved", "lazy"),
        ("weak Work is hard", "weak"),
        ("total klutz falling", None),  # "Feeling total klutz" would still be garbled
        ("worse", None),
        ("like a failure", "like a failure"),
    ],
)
def test_repair_label(value: str, repaired: str | None) -> None:
    assert repair_label(value) == repaired


@pytest.mark.parametrize(
    ("value", "person"),
    [("my mother", True), ("the kids", True), ("the earth", False), ("the end", False)],
)
def test_is_person(value: str, person: bool) -> None:
    assert is_person(value) is person


@pytest.mark.parametrize(
    ("value", "doubtful"),
    [("did something wrong", True), ("blamed someone", True), ("finished something", False)],
)
def test_counterexample(value: str, doubtful: bool) -> None:
    assert doubtful_counterexample(value) is doubtful


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("I will fail this exam", None),
        ("I am going to lose my job", None),
        ("I will read a book", LOOSE),  # a plan, not a fear
        ("I will not cope I will give up", BROKEN),  # two clauses run together
    ],
)
def test_prediction(value: str, verdict: str | None) -> None:
    assert doubtful_prediction(value) == verdict


@pytest.mark.parametrize(
    ("sentence", "feeling", "doubtful"),
    [("At least I am not depressed.", "depressed", True), ("I feel so ashamed.", "ashamed", False)],
)
def test_feeling(nlp: Any, sentence: str, feeling: str, doubtful: bool) -> None:
    assert doubtful_feeling(feeling, nlp(sentence)) is doubtful


@pytest.mark.parametrize(
    ("sentence", "should", "rule", "doubtful"),
    [
        ("I skip the small steps I should be taking.", "be taking", "should be taking", True),
        ("I had a fight and said things I should not have.", "not have", "should not have", True),
        ("I should call my dad more often.", "call my dad more often", "should call my dad", False),
    ],
)
def test_should(nlp: Any, sentence: str, should: str, rule: str, doubtful: bool) -> None:
    assert doubtful_should(should, rule, nlp(sentence)) is doubtful


@pytest.mark.parametrize(
    ("sentence", "slot", "value"),
    [
        ("What the hell is wrong with me?", "person", None),  # not "the hell"
        ("I am the dumbest loser on the planet.", "person", None),  # not "the planet"
        ("I am the dumbest loser on the planet.", "label_feeling", "like the dumbest loser"),
        (
            "I want to be calm so badly, but I keep yelling at everyone.",
            "thought",
            "I keep yelling at everyone",  # the writer's own clause, not the concession
        ),
        ("Still can't get my act together.", "thought", "I still cannot get my act together"),
        (
            "I feel like I'm failing my friends &amp; my family.",
            "event",
            "am failing my friends and my family",
        ),
    ],
)
def test_engine_slots(rewriter: Any, sentence: str, slot: str, value: str | None) -> None:
    (slots,) = rewriter.slots_many([(sentence, ["labeling"], None)])
    assert getattr(slots, slot) == value


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("What the hell is wrong with me?", "the hell"),
        ("I forgot to lock the car and now it is gone, I'm an idiot.", "friend forgot,"),
        ("I feel like I'm failing my friends &amp; my family.", "&"),
    ],
)
def test_first_rewrite_has_no_garbled_fill(rewriter: Any, sentence: str, absent: str) -> None:
    rewrites = rewriter.rewrite(sentence, traps=["labeling"])
    assert rewrites
    assert absent not in rewrites[0].text


def test_loose_fill_never_leads(rewriter: Any) -> None:
    """A loose topic ("a break") may be a later rewrite, never the first."""
    (slots,) = rewriter.slots_many([("I really need a break, I'm so lazy.", ["labeling"], None)])
    rewrites = rewriter.rewrite("I really need a break, I'm so lazy.", traps=["labeling"])
    assert "topic" in slots.loose or slots.topic != "a break"
    assert "a break" not in rewrites[0].text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "I want to be calm so badly, but I keep yelling at everyone.",
            ("I keep yelling at everyone", None),
        ),
        (
            "Can I ever go back to school after this?",
            ("I ever go back to school after this", LOOSE),
        ),
        ("I know where I stand with the new boss.", ("I stand with the new boss", LOOSE)),
        ("It makes me seem like a fool.", ("me seem like a fool", LOOSE)),
    ],
)
def test_other_thought(nlp: Any, sentence: str, expected: tuple[str, str | None]) -> None:
    """A clause quoted as the thought is loose (never first) unless it is a plain statement."""
    assert other_thought(nlp(sentence), sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "thought", "said"),
    [
        ("It makes me seem like a fool.", "me seem like a fool", "I seem like a fool"),
        (
            "Work makes me hate myself every day.",
            "me hate myself every day",
            "I hate myself every day",
        ),
    ],
)
def test_a_thought_cut_after_makes_me_is_said_by_the_writer(
    nlp: Any, sentence: str, thought: str, said: str
) -> None:
    from reframer.rewrite.refill import drop_doubtful
    from reframer.rewrite.slots import Slots

    assert drop_doubtful(Slots(thought=thought), nlp(sentence), sentence).thought == said
