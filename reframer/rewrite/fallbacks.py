"""Second-chance slots for diary shorthand the main extractors leave empty.

* a subject-less event: "Paid a late fee on the card again, I'm a mess" -> "paid a late fee
  on the card" (the writer dropped "I");
* a topic from any determined noun phrase: "the clinic toilet", "my license".

Both are whole constituents of the sentence (a verb with its objects, a noun chunk) and are
checked again by :func:`reframer.rewrite.checks.clean_slots`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Final

from reframer.rewrite.checks import NOT_TOPICS
from reframer.rewrite.inflect import gerund
from reframer.rewrite.insults import PERSON_NOUNS
from reframer.rewrite.lexicon import FEELING_NOUNS, HARSH_WORDS
from reframer.rewrite.phrases import join, surface, to_third_person
from reframer.rewrite.slots import Slots

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["fill_gaps"]

_DROP_DEPS: Final = frozenset(
    {"conj", "cc", "punct", "advcl", "parataxis", "ccomp", "mark", "discourse", "intj", "nsubj"}
)
_DROP_WORDS: Final = frozenset(
    {
        "again",
        "just",
        "really",
        "totally",
        "literally",
        "honestly",
        "even",
        "so",
        "basically",
        "already",
        "ever",
        "once",
        "still",
        "classic",
        "typical",
    }
)
_VAGUE: Final = frozenset(
    {
        "thing",
        "things",
        "time",
        "times",
        "day",
        "days",
        "lot",
        "way",
        "bit",
        "stuff",
        "moment",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "life",
        "everything",
        "nothing",
        "anything",
        "something",
        "one",
        "person",
        "people",
        "self",
        "fault",
        "kind",
        "sort",
        "reason",
        "point",
        "part",
        "type",
        "idea",
    }
)
_PEOPLE_NOUNS: Final = PERSON_NOUNS - frozenset(
    {"people", "everyone", "everybody", "guy", "guys", "girl", "girls", "person", "human", "being"}
)
"""A person slot names someone ("my mother"), never "the earth" or "the end"."""
_DETERMINERS: Final = frozenset({"my", "the", "this", "that", "our", "these", "those", "your"})


def _event(doc: Doc | Span) -> dict[str, str]:
    """A past-tense verb phrase whose subject the writer dropped ("Forgot the keys again")."""
    for verb in doc:
        if verb.tag_ != "VBD" or verb.pos_ != "VERB" or verb.i - doc[0].i > 3:
            continue
        if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
            continue
        if verb.dep_ not in {"ROOT", "advcl", "ccomp"} and verb.i != doc[0].i:
            continue
        keep: list[Token] = [verb]
        for child in verb.children:
            if child.dep_ in _DROP_DEPS or child.lower_ in _DROP_WORDS:
                continue
            keep.extend(t for t in child.subtree if t.lower_ not in _DROP_WORDS)
        keep.sort(key=lambda t: t.i)
        if len(keep) < 2 or any(t.lower_ in HARSH_WORDS for t in keep) or len(keep) > 10:
            continue
        words = [surface(t) for t in keep]
        words[0] = words[0].lower()
        rest = words[1:]
        return {
            "event": join(words),
            "event_past": join(words),
            "event_ing": join([gerund(verb.lemma_.lower()), *rest]),
            "event_friend": join([words[0], *to_third_person(rest)]),
        }
    return {}


def _topic(doc: Doc | Span, exclude: set[str]) -> dict[str, str]:
    """The first determined noun phrase that names something specific."""
    for chunk in doc.noun_chunks:
        root = chunk.root
        low = root.lower_
        if (
            root.pos_ not in {"NOUN", "PROPN"}
            or low in _VAGUE
            or low in HARSH_WORDS
            or (root.like_num or low[:1].isdigit())
        ):
            continue
        if low in FEELING_NOUNS or low in exclude or low in NOT_TOPICS:
            continue
        toks = [t for t in chunk if t.dep_ not in {"predet", "punct"}]
        bare = root.tag_ == "NNS" or root.head.dep_ == "prep"
        if not toks or (toks[0].lower_ not in _DETERMINERS and not bare):
            continue
        if toks[0].pos_ == "DET" and toks[0].lower_ not in _DETERMINERS:
            continue
        if any(t.lower_ in HARSH_WORDS or t.lower_ in {"i", "me", "you"} for t in toks):
            continue
        words = [surface(t) for t in toks]
        words[0] = "my" if words[0].lower() == "your" else words[0].lower()
        if 1 <= len(words) <= 5 and (len(words) > 1 or len(low) > 3):
            return {"topic": join(words)}
    return {}


def _person(doc: Doc | Span) -> dict[str, str]:
    """The first person named with "my"/"the"/"our" ("my mother", "the kids")."""
    for chunk in doc.noun_chunks:
        toks = [t for t in chunk if t.dep_ not in {"predet", "punct"}]
        if len(toks) < 2 or toks[0].lower_ not in {"my", "our", "the"}:
            continue
        if chunk.root.lower_ in _PEOPLE_NOUNS and not any(t.lower_ in HARSH_WORDS for t in toks):
            return {"person": join([t.lower_ for t in toks])}
    return {}


def fill_gaps(slots: Slots, doc: Doc | Span) -> Slots:
    """``slots`` with an event and a topic added when the main extractors found none."""
    found: dict[str, str] = {}
    if not slots.event:
        found.update(_event(doc))
    if not slots.topic:
        exclude = set((slots.label or "").lower().split())
        found.update(_topic(doc, exclude))
    found.update(_person(doc))
    return dataclasses.replace(slots, **found) if found else slots  # type: ignore[arg-type]
