"""Refilling what :mod:`reframer.rewrite.doubt` drops: a clean value or a quoted thought.

:func:`drop_doubtful` removes the broken values of a sentence's slots and marks the loose ones
(they may be later rewrites, never the first). What was dropped is replaced, when the sentence
allows, by another noun phrase (:func:`other_topic`) or by the writer's own clause quoted as the
thought (:func:`other_thought`): "I want to be calm so badly, but I keep yelling at everyone" ->
"I keep yelling at everyone". A plain rewrite that quotes the writer beats a garbled one.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Final

from reframer.rewrite.checks import clean_slots
from reframer.rewrite.doubt import (
    ABSTRACT,
    BROKEN,
    DETERMINERS,
    LOOSE,
    NEGATIVE,
    Doubt,
    doubtful_counterexample,
    doubtful_event,
    doubtful_feeling,
    doubtful_prediction,
    doubtful_should,
    doubtful_thought,
    doubtful_topic,
    find_token,
    norm,
)
from reframer.rewrite.insults import INSULTS, is_insult, is_person, repair_label
from reframer.rewrite.phrases import is_first_person, join, subtree_without, surface
from reframer.rewrite.quality import harsh_words_in
from reframer.rewrite.rules import find_thought
from reframer.rewrite.slots import SLOT_FAMILIES, SLOT_NAMES, Slots, is_self_address

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["drop_doubtful", "other_thought", "other_topic"]

_PRONOUNS: Final = frozenset(
    "they them he him she her we us everyone everybody people nobody anyone anybody someone".split()
)
_FIRST_ONLY: Final = frozenset({"i", "me", "you", "your", "myself", "yourself"})
_NOBODY: Final = frozenset({"nobody", "nothing", "everyone", "everybody", "everything"})
_OTHER_CLAUSE: Final = frozenset(
    {"cc", "conj", "mark", "punct", "advcl", "parataxis", "discourse", "intj", "dep"}
)
_MAX_THOUGHT: Final = 14


def other_topic(doc: Doc | Span, avoid: set[str]) -> str | None:
    """Another topic when the chosen one is doubtful: a determined noun phrase of at most
    four words that passes :func:`doubtful_topic` ("my exam", not "the problem")."""
    for chunk in doc.noun_chunks:
        toks = [t for t in chunk if t.dep_ not in {"predet", "punct"}]
        words = [t.lower_ for t in toks]
        if not 2 <= len(words) <= 4 or words[0] not in DETERMINERS - {"her", "his"}:
            continue
        if chunk.root.pos_ != "NOUN" or set(words) & (avoid | INSULTS | _FIRST_ONLY):
            continue
        value = " ".join(words)
        if doubtful_topic(value, doc) is None:
            return value
    return None


def _with_subject(slots: Slots, doc: Doc | Span) -> Slots:
    """A thought from a sentence that dropped its "I" ("Still can't manage it")
    gets it back: "I still cannot manage it"."""
    value = slots.thought
    if not value or any(t.dep_ in {"nsubj", "nsubjpass", "expl"} for t in doc):
        return slots
    first = find_token(doc, value.split()[0], None, value.split()[1:])
    if first is None or first.pos_ not in {"ADV", "AUX", "VERB", "PART"}:
        return slots
    return dataclasses.replace(slots, thought=f"I {value}")


def other_thought(doc: Doc | Span, source: str) -> str | None:
    """A clause of the writer's that passes :func:`doubtful_thought`, the last self-critical
    one first ("I want to be calm, but I keep yelling" -> "I keep yelling")."""
    sa = is_self_address(doc)
    found: list[tuple[bool, int, str]] = []
    for verb in doc:
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or verb.dep_ not in {"ROOT", "conj", "ccomp"}:
            continue
        if not (is_first_person(subj, self_address=sa) or subj.lower_ in _NOBODY):
            continue
        skip = {c.i for c in verb.children if c.dep_ in _OTHER_CLAUSE or c.i < subj.left_edge.i}
        tokens = [t for t in subtree_without(verb, skip) if not t.is_punct]
        if not 3 <= len(tokens) <= _MAX_THOUGHT or tokens[0].i != subj.left_edge.i:
            continue
        value = clean_slots(
            Slots(thought=join([surface(t, self_address=sa) for t in tokens])), source
        )
        text = value.thought
        if text and doubtful_thought(text, doc) is None:
            critical = bool(harsh_words_in(text) or NEGATIVE.search(text))
            found.append((critical, verb.i, text))
    return max(found)[2] if found else None


def _thought_instead(slots: Slots, doc: Doc | Span, source: str) -> Slots:
    """When a value is dropped, the writer's thought (checked the same way) may be quoted
    instead: the extractors only look for it when there is no event or label."""
    if slots.thought or slots.question or not source:
        return slots
    found = find_thought(doc, self_address=is_self_address(doc)).get("thought")
    thought = clean_slots(Slots(thought=found), source).thought if found else None
    if thought is None or doubtful_thought(thought, doc) is not None:
        thought = other_thought(doc, source)
    return dataclasses.replace(slots, thought=thought) if thought else slots


def drop_doubtful(slots: Slots, doc: Doc | Span, source: str = "") -> Slots:
    """``slots`` without the broken values of the sentence ``doc`` (whole families), and with
    the loose ones marked in :attr:`Slots.loose` (they may not lead). ``source`` is the
    sentence's text: when the event is dropped, the thought is looked for in it."""
    slots = _with_subject(slots, doc)
    v = slots.values()
    verdicts: dict[str, Doubt] = {}
    own = not slots.event_from_context
    if own and "event" in v:
        verdicts["event"] = doubtful_event(v["event"], doc)
    if own and "topic" in v:
        verdicts["topic"] = doubtful_topic(v["topic"], doc)
    if "thought" in v:
        verdicts["thought"] = doubtful_thought(v["thought"], doc)
    if "prediction" in v:
        verdicts["prediction"] = doubtful_prediction(v["prediction"])
    if verdicts.get("thought") is not None:  # try another clause of the writer's
        found_thought = other_thought(doc, source)
        if found_thought is not None and found_thought != v["thought"]:
            verdicts["thought"] = None
            slots = dataclasses.replace(slots, thought=found_thought)
    if verdicts.get("topic") is not None:  # try another noun phrase of the sentence
        label = set((slots.label or "").lower().split())
        found = other_topic(doc, label | {norm(w) for w in v["topic"].split()})
        if found is not None:
            verdicts["topic"] = None
            slots = dataclasses.replace(slots, topic=found)
    broken = {f for f, d in verdicts.items() if d == BROKEN}
    loose = frozenset(f for f, d in verdicts.items() if d == LOOSE)
    if "feeling" in v and doubtful_feeling(v["feeling"], doc):
        broken.add("feeling")
    if "counterexample" in v and doubtful_counterexample(v["counterexample"]):
        broken.add("counterexample")
    if "should" in v and doubtful_should(v["should"], v.get("should_rule"), doc):
        broken.add("should")
    for name in ("people", "comparison"):  # "judged by Ive", "against the far side"
        head = v[name].lower().split()[-1] if name in v else ""
        person = bool(head) and (is_person(v[name]) or head in _PRONOUNS)
        if head and not person and (name == "people" or head in ABSTRACT):
            broken.add(name)
    drop: dict[str, object] = {n: None for n in SLOT_NAMES if SLOT_FAMILIES[n] in broken}
    if "person" in v and not is_person(v["person"]):
        drop["person"] = None
    if "label_feeling" in v and not is_insult(v["label_feeling"]):
        drop["label_feeling"] = repair_label(v["label_feeling"])
    if loose - broken:
        drop["loose"] = loose - broken
    out = dataclasses.replace(slots, **drop) if drop else slots  # type: ignore[arg-type]
    lost = bool(broken & {"event", "topic", "thought"}) or drop.get("label_feeling", "") is None
    lost = lost or bool(out.loose) or not (out.event or out.label_feeling or out.topic)
    return _thought_instead(out, doc, source) if lost else out
