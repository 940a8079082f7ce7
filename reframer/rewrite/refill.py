"""Refilling what :mod:`reframer.rewrite.doubt` drops: a clean value or a quoted thought.

:func:`drop_doubtful` removes the broken values of a sentence's slots and marks the loose ones
(they may be later rewrites, never the first). What was dropped is replaced, when the sentence
allows, by another noun phrase (:func:`other_topic`) or by the writer's own clause quoted as the
thought (:func:`other_thought`): "I want to be calm so badly, but I keep yelling at everyone" ->
"I keep yelling at everyone". A plain rewrite that quotes the writer beats a garbled one.
"""

from __future__ import annotations

import dataclasses
import re
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
    from spacy.tokens import Doc, Span, Token

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
_HYPOTHETICAL: Final = frozenset(
    "if unless whether though although as while whereas until before after once when whenever".split()
)
_NEEDS_COMPLEMENT: Final = frozenset(
    "feel mean want need hate love like make do get take find have know say tell think".split()
)
_COMPLEMENTS: Final = frozenset({"dobj", "ccomp", "xcomp", "acomp", "attr", "prep", "oprd"})


def other_topic(doc: Doc | Span, avoid: set[str]) -> tuple[str, Doubt] | None:
    """Another topic when the chosen one is doubtful: a determined noun phrase of at most
    four words that :func:`doubtful_topic` does not call broken ("my exam", not "the
    problem"), a clean one first; with its verdict."""
    loose: tuple[str, Doubt] | None = None
    for chunk in doc.noun_chunks:
        toks = [t for t in chunk if t.dep_ not in {"predet", "punct"}]
        words = [t.lower_ for t in toks]
        if not 2 <= len(words) <= 4 or words[0] not in DETERMINERS - {"her", "his"}:
            continue
        if chunk.root.pos_ != "NOUN" or set(words) & (avoid | INSULTS | _FIRST_ONLY):
            continue
        value = " ".join(words)
        verdict = doubtful_topic(value, doc)
        if verdict is None:
            return value, None
        if verdict == LOOSE and loose is None:
            loose = (value, LOOSE)
    return loose


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


def _plain_clause(verb: Token, subj: Token, tokens: list[Token]) -> bool:
    """Whether a clause can be quoted as the writer's thought: stated (no question, no "if",
    no "what/where" clause, no "me" as subject), whole (a verb that needs an object has one)
    and single (no second clause run on: "I do not deserve them they should go")."""
    if subj.lower_ in {"me", "myself"} or any(
        c.dep_ == "aux" and c.i < subj.i for c in verb.children
    ):
        return False  # "makes me seem …", "can I go back …"
    if any(
        c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL
        for a in [verb, *verb.ancestors]
        for c in a.children
    ):
        return False  # "if I were to tell them …", "if you think I am …"
    if any(t.tag_ in {"WP", "WRB", "WDT"} for t in verb.subtree if t.i < subj.i) or any(
        a.dep_ in {"relcl", "acl"} for a in [verb, *verb.ancestors]
    ):
        return False  # "where I stand …", "the stress I feel"
    if verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in verb.children):
        return False  # "I doing the best": a verb form with no subject agreement
    if verb.lemma_ in _NEEDS_COMPLEMENT and not any(c.dep_ in _COMPLEMENTS for c in verb.children):
        return False  # "I feel right now"
    return not any(
        t.dep_ in {"nsubj", "nsubjpass"}
        and t.i != subj.i
        and t.head.dep_ in {"ccomp", "parataxis"}
        and not any(c.dep_ == "mark" for c in t.head.children)
        for t in tokens
    )


def other_thought(doc: Doc | Span, source: str) -> tuple[str, Doubt] | None:
    """A clause of the writer's that passes :func:`doubtful_thought`, a plain one first, then
    the last self-critical one ("I want to be calm, but I keep yelling" -> "I keep yelling");
    with its verdict (loose when it is no plain clause: it may not lead)."""
    sa = is_self_address(doc)
    found: list[tuple[bool, bool, int, str]] = []
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
            found.append((_plain_clause(verb, subj, tokens), critical, verb.i, text))
    if not found:
        return None
    plain, _, _, text = max(found)
    return text, None if plain else LOOSE


def _thought_instead(slots: Slots, doc: Doc | Span, source: str) -> Slots:
    """When a value is dropped, the writer's thought (checked the same way) may be quoted
    instead: the extractors only look for it when there is no event or label."""
    if slots.thought or slots.question or not source:
        return slots
    found = find_thought(doc, self_address=is_self_address(doc)).get("thought")
    thought = clean_slots(Slots(thought=found), source).thought if found else None
    if thought is not None and doubtful_thought(thought, doc) is None:
        return dataclasses.replace(slots, thought=thought)
    other = other_thought(doc, source)
    if other is None:
        return slots
    loose = slots.loose | ({"thought"} if other[1] == LOOSE else set())
    return dataclasses.replace(slots, thought=other[0], loose=loose)


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
        other = other_thought(doc, source)
        if other is not None and other[0] != v["thought"]:
            verdicts["thought"] = other[1]
            slots = dataclasses.replace(slots, thought=other[0])
    if verdicts.get("topic") is not None:  # try another noun phrase of the sentence
        label = set((slots.label or "").lower().split())
        found = other_topic(doc, label | {norm(w) for w in v["topic"].split()})
        if found is not None and (found[1] is None or verdicts["topic"] == BROKEN):
            verdicts["topic"] = found[1]  # a loose one only instead of a broken one
            slots = dataclasses.replace(slots, topic=found[0])
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
    return _as_subject(_thought_instead(out, doc, source) if lost else out)


def _as_subject(slots: Slots) -> Slots:
    """A thought cut from "it makes me seem like a fool" starts "me seem": the writer would
    say "I seem like a fool"."""
    thought = slots.thought
    if thought and thought.split()[0].lower() == "me":
        return dataclasses.replace(slots, thought=re.sub(r"^\s*[Mm]e\b", "I", thought, count=1))
    return slots
