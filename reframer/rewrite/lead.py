"""The first rewrite: slot confidence and the lead preference.

The first rewrite is the one a reader sees first (and the one a blind pairwise comparison
judges). Three judged rounds (540 pairs, two judges each, against the engine before issue #20)
showed what a reader keeps: the feeling validated in plain words ("Feeling worthless is
painful…", "I can feel ashamed and still look at the facts…"), the writer's own thought or
prediction named plainly, and a concrete event only when the slot really is the event. What
lost was a slot that took the wrong piece of the sentence ("Thinking about skin hurts", "With
ages, it feels like it always goes this way"), a regret frame for something that was no
mistake ("I regret belonging in my current life"), and loose "pressure"/"lesson" frames.

:func:`confident_topic`, :func:`confident_event` and :func:`confident_thought` decide whether a
slot value is a self-contained description of the situation; :func:`lead_bonus` is what the
selection adds to a frame's score when it competes for the first place only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from reframer.rewrite.quality import harsh_words_in

__all__ = [
    "LEAD",
    "base_id",
    "confident_event",
    "confident_thought",
    "confident_topic",
    "lead_bonus",
    "situation_topic",
    "vague_topic",
    "wrong_topic",
]

LEAD: Final[dict[str, float]] = {
    # won in the judged rounds (new-old votes): validate first, name it plainly
    "any-sc-label-feeling": 3.0,  # 108-10
    "er-ev-feeling-facts": 2.5,  # 13-1
    "er-sc-feeling": 2.0,  # 31-12
    "er-im-feeling": 2.0,  # 15-3
    "per-sc-event": 2.0,  # 16-2
    "per-im-guilt": 1.5,  # 10-2
    "ft-ev-prediction": 2.0,  # 11-3
    "ft-im-prediction": 1.0,  # 4-2
    "lab-sc-role": 2.0,  # 9-1
    "sh-sc-area": 1.5,  # 10-2
    "sh-sc-past": 1.5,  # 5-1
    "sh-im-past": 1.5,  # 4-0
    "any-sc-friend": 1.5,  # 8-2
    "mr-ev-people": 1.5,  # 9-3
    "mr-im-fear": 0.5,  # 6-2, then 13-15
    "mr-sc-belong": 0.0,  # 5-1, but names nothing of the sentence
    "aon-sc-event": 1.0,  # 6-0
    "lab-ev-other": 1.5,  # 25-16, 12-5 (rounds 4-5), 14-2 (6-7)
    "any-im-event-moment": -2.0,  # 4-0, then 9-26 in rounds 4-5: 'feels enormous' misreads a label
    "any-sc-thought-hear": 2.0,  # the old engine's plain thought frame won 59-27; here 61-28 (rounds 6-7)
    "sc-friend-generic": 1.0,  # 2-0 (rounds 4-5), 15-3 (6-7)
    "ev-event-action": 1.0,  # 13-3 (rounds 6-7)
    "ev-balanced": 1.0,  # 8-1 (rounds 6-7)
    "ev-middle-ground": 1.0,  # 2-0 (rounds 4-5), 6-0 (6-7)
    "any-im-person": 1.0,  # 14-6 (rounds 4-5), 12-5 (6-7); offsets part of the person penalty
    # lost: loose topic frames, regret and pressure frames, abstract lessons
    "any-gr-event-learn": -4.0,  # 5-25
    "any-sc-topic": -3.0,  # 4-13
    "any-sc-topic-patient": -3.0,  # 7-12
    "sh-im-do": -3.0,  # 3-13
    "ft-im-dark": -3.0,  # 2-10
    "cmp-im-point": -3.0,  # 0-6
    "any-gr-lesson": -3.0,  # 0-4
    "mr-st-people": -3.0,  # 1-7
    "any-im-thought-loosen": -3.0,  # 3-9, 2-0 (rounds 4-5), 0-5 (6-7)
    "ovg-ev-topic": -3.5,  # 10-15, 3-5 (rounds 4-5), 6-13 (6-7)
    "lab-gr-event": -2.0,  # 7-12
    "cmp-sc-topic-around": -2.0,  # 2-5
    "any-st-topic-weighs": -3.0,  # 1-3, 3-5 (rounds 4-5), 2-7 (6-7)
    "cmp-st-area": -2.0,  # 0-4
    "dp-im-topic": -1.0,  # 4-8
    "ft-ev-topic": 0.0,  # 4-8, 0-2 (rounds 4-5), 8-2 (6-7)
    "lab-sc-event": -1.0,  # 7-13
    "per-ev-topic": -1.0,  # 7-7
    "aon-ev-topic": -1.0,  # 5-6
    "any-gr-topic-teach": -2.0,  # 0-2
    "aon-im-shades": -1.0,  # 2-4
    "any-im-topic-view": -3.0,  # like "Right now {topic} feels like the whole story", 22-53
    "any-im-topic": -1.5,  # a topic frame of the same kind, not judged yet
    "gr-generic": -2.0,  # 1-6 (rounds 4-5)
    "ev-catastrophe-topic": -1.5,  # 2-6 (rounds 4-5)
    "ev-label-generic": -1.0,  # 2-4 (rounds 4-5)
    "sc-perfect": -1.0,  # 2-4 (rounds 4-5)
    "mr-gr-ask": -1.0,  # 2-4 (rounds 4-5)
    "sh-st-do": -1.0,  # 2-4 (rounds 4-5)
    "sh-im-pressure": -0.5,  # 4-6 (rounds 4-5)
    "gr-needs": -0.5,  # 3-5 (rounds 4-5)
    "sc-human": -2.0,  # 4-0 (rounds 4-5), 0-6 (6-7)
    "st-lesson": -1.0,  # 0-2 (rounds 4-5), 7-12 (6-7)
    "any-st-promise": -1.5,  # 3-3 (rounds 4-5), 2-7 (6-7)
}
"""Lead adjustment per frame: a bank frame by its id without ``bank.`` and the domain, a
template by its id. Tallies are (new-old) votes of two blind judges; rounds 4-5 were read only
after their figures were reported, and round 6 (fresh sentences) measures the result."""

_UNSURE_SLOT: Final = 3.0
"""Taken off a frame whose event, topic or thought is not a self-contained description."""
_EVENT_SLOTS: Final = frozenset({"event", "event_ing", "event_friend", "event_past"})
_TOPIC: Final = 1.5
"""Taken off every topic or person frame: those lost 44-83 in the judged rounds."""
_DOMAIN_SUFFIX: Final = re.compile(r"\.[a-z]+$")
_DETERMINERS: Final = frozenset(
    {"the", "my", "this", "that", "these", "those", "our", "his", "her", "their", "mom's"}
)
_VAGUE_NOUNS: Final = frozenset(
    """end fuck shit truth level potential ability feelings feeling ages age time times way ways
    thing things stuff part parts point conclusion life world planet situation everything
    anything nothing something place story words methods middle idea ideas fact facts reason
    reasons issue issues problem problems mind self lot kind sort day days year years moment
    moments people person everyone anyone someone one others other side state mood head heart
    start beginning rest whole case matter deal question answer sense way""".split()
)
"""Nouns too abstract to name a situation on their own ("the end", "my ability")."""
_BODY: Final = frozenset(
    """skin face body hair eyes eye nose teeth legs arms head hands stomach belly thighs fat
    weight height looks chin cheeks lips ears neck back butt hips chest mirror""".split()
)
"""A body part alone ("skin", "my face") is no situation: the feeling about it is."""
_SWEARS: Final = frozenset({"fuck", "shit", "hell", "crap", "fucking", "damn", "ass"})
_WEAK_VERBS: Final = frozenset(
    """am is are was were be been being have has had having get got gotten getting do did does
    doing done see saw seen seeing think thought thinking feel felt feeling know knew knowing
    belong belonged belonging seem seemed seeming try tried trying want wanted wanting need
    needed needing stop stopped stopping set setting realise realised realize realized go went
    going gone say said saying like liked love loved hate hated keep kept start started make
    made making come came let can could will would should must might""".split()
)
"""Head verbs that make a vague "event" ("had a down moment", "did it", "saw it in others")."""
_AUX: Final = re.compile(r"^(?:have|has|had)\s+(?!(?:a|an|the|my|no|some|to|it|this|that)\b)")
_PRONOUN_END: Final = frozenset({"it", "this", "that", "them", "so", "too", "again", "up"})
_FIRST_PERSON: Final = re.compile(r"(?i)\b(?:i|me|my|myself|mine)\b")
_NEGATIVE: Final = re.compile(
    r"(?i)\b(?:not|never|no|nobody|nothing|no one|cannot|can't|won't|nowhere|always|every|"
    r"hate|enough|wrong|fail\w*|ruin\w*|deserve|worse|worst|alone|hopeless|broken)\b"
)
_MAX_EVENT_WORDS: Final = 10


def _words(value: str) -> list[str]:
    return value.lower().replace("’", "'").split()


def vague_topic(value: str) -> bool:
    """Whether a topic is plainly the wrong piece of the sentence: an abstract head noun
    ("the end", "my ability"), a body part alone ("skin") or a number ("3 days")."""
    words = _words(value)
    if not words:
        return False
    head = words[-1].strip(".,!?")
    return head in _VAGUE_NOUNS or head in _BODY or any(ch.isdigit() for ch in value)


def wrong_topic(value: str) -> bool:
    """Whether a topic is no situation at all: a body part ("skin", "my face") or a swear word
    ("the fuck"). The feeling about it is what to name instead."""
    words = _words(value)
    return bool(words) and words[-1].strip(".,!?") in _BODY | _SWEARS


def confident_topic(value: str) -> bool:
    """Whether a topic names a specific situation: a determined noun phrase ("my wedding",
    "the team deadline") whose head is no abstract word ("the end") and no body part alone
    ("skin")."""
    words = _words(value)
    if len(words) < 2 or words[0] in {"a", "an"}:
        return False
    if vague_topic(value):
        return False
    return words[0] in _DETERMINERS or words[0].endswith("'s") or len(words) >= 3


_EVENT_NOUNS: Final = frozenset(
    """wedding birthday trip holiday vacation speech talk recital concert game match race
    audition date dinner lunch breakfast meal party event conversation argument fight call
    visit move competition tournament performance show gig exam interview appointment
    ceremony graduation funeral anniversary christmas thanksgiving weekend semester shift
    drive driving flight commute job task chore errand assignment deadline project launch
    presentation pitch review meeting lesson practice training session workout run
    relationship breakup marriage divorce pregnancy baby house apartment rent car""".split()
)
"""Nouns that name an occasion or a concrete part of life, beside the bank's domain words."""


@lru_cache(maxsize=1)
def _situation_words() -> frozenset[str]:
    from reframer.rewrite.bank import default_bank

    return _EVENT_NOUNS | {w for d in default_bank().domains.values() for w in d.words}


def situation_topic(value: str) -> bool:
    """Whether a topic holds a word of a life domain's situations ("the exam", "my boss",
    "my drawing abilities"), the words the exemplar bank's domains are told by. A well-formed
    noun phrase without one ("the brass", "the purpose", "my lust") was judged a misreading as
    often as not: such a topic may fill a later rewrite, not lead."""
    known = _situation_words()
    for word in _words(value):
        word = word.strip(".,!?\"'").removesuffix("'s")
        forms = {word, word.removesuffix("s"), word.removesuffix("es")}
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
        if forms & known:
            return True
    return False


def confident_event(value: str) -> bool:
    """Whether an event is a concrete action the writer named: a verb phrase of 2 to 10 words
    whose verb is not a state or light verb ("had a down moment", "did it") and that is not
    negated or pronoun-only."""
    text = _AUX.sub("", " ".join(_words(value)))
    words = text.split()
    if not 2 <= len(words) <= _MAX_EVENT_WORDS or words[0] in _WEAK_VERBS:
        return False
    if {"not", "never", "no"} & set(words):
        return False
    return not (len(words) == 2 and words[1] in _PRONOUN_END)


def confident_thought(value: str) -> bool:
    """Whether a thought is the writer's self-critical thought: about the writer (a first-person
    word) and with a harsh, negated or absolute word, not just the first clause of a story
    ("my son is four")."""
    if not _FIRST_PERSON.search(value):
        return False
    return bool(harsh_words_in(value) or _NEGATIVE.search(value))


def base_id(template_id: str) -> str:
    """A frame's id without ``bank.`` and without its domain suffix (what :data:`LEAD` keys)."""
    if not template_id.startswith("bank."):
        return template_id
    base = template_id.removeprefix("bank.")
    return base if base.count(".") == 0 else _DOMAIN_SUFFIX.sub("", base)


def lead_bonus(template_id: str, requires: frozenset[str], values: dict[str, str]) -> float:
    """What a frame gains (or loses) when it competes for the first rewrite."""
    bonus = LEAD.get(base_id(template_id), 0.0)
    event = values.get("event")
    if event is not None and requires & _EVENT_SLOTS and not confident_event(event):
        bonus -= _UNSURE_SLOT
    if "topic" in requires:  # a noun phrase is often not the situation, even when well formed
        topic = values.get("topic", "")
        if not confident_topic(topic):
            bonus -= _TOPIC + _UNSURE_SLOT
        else:
            bonus -= _TOPIC if situation_topic(topic) else _TOPIC + _UNSURE_SLOT / 2
    if "person" in requires:
        bonus -= _TOPIC
    thought = values.get("thought")
    if thought is not None and "thought" in requires and not confident_thought(thought):
        bonus -= _UNSURE_SLOT / 2  # a thought is the writer's own words, even when mild
    return bonus
