"""Slots: the specific pieces of a self-critical sentence that templates can mention.

:func:`extract_slots` reads one parsed sentence (and optionally the parsed sentence before it)
and returns a :class:`Slots`. Every slot value is a phrase in the writer's own words, converted
to the first person and with contractions expanded, ready to be placed after "I" in a template.

=================  =====================================================================
slot               example ("I forgot mom's birthday again. I'm such a terrible son.")
=================  =====================================================================
event              "forgot mom's birthday"            (verb phrase, writer's tense)
event_ing          "forgetting mom's birthday"
event_friend       "forgot mom's birthday"            (third person: "a friend who ...")
event_past         "forgot mom's birthday"            (only when told in the past)
label              "terrible son"                     (quote it; never assert it)
label_quoted       "a 'terrible son'"
absolute           "always", "never", "every time", "nothing" ...
people             "everyone at work", "they"         (subject form)
people_obj         "everyone at work", "them"         (object form)
should             "called her" / "be more productive"
should_rule        "should have called her" / "have to be perfect"
should_ing         "calling her" / "being more productive"
should_past        "called her"                       (only for "should have ...")
should_do          "be more productive"               (only for present rules)
comparison         "my sister", "him"                 (object form)
feeling            "ashamed", "awful"
prediction         "I will fail this exam"            (a full clause)
topic              "my job", "the presentation"
counterexample     "finished something"               ("I never finish anything"; past tense)
thought            "nothing I do is ever good enough" (the whole clause; never with a label)
question           "why am I like this"               (a self-critical question, no "?")
question_indirect  "why I am like this"               (the question inside a sentence)
praise             "my mom says she is proud of me"   (praise the writer reports, a clause)
role               "son", "friend"                    (the role a label judges: "terrible son")
label_feeling      "like a terrible son", "useless"   (for "Feeling {label_feeling} ...", unquoted)
person             "my mother", "my partner"          (someone the sentence is about)
=================  =====================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Final

from spacy.tokens import Doc, Span

from reframer.rewrite.clauses import find_event
from reframer.rewrite.harsh import find_feeling, find_label
from reframer.rewrite.lexicon import FIRST_PERSON, SECOND_PERSON
from reframer.rewrite.nominals import (
    find_absolute,
    find_comparison,
    find_people,
    find_praise,
    find_topic,
)
from reframer.rewrite.rules import (
    find_counterexample,
    find_prediction,
    find_question,
    find_should,
    find_thought,
)

__all__ = [
    "SLOT_FAMILIES",
    "SLOT_NAMES",
    "Slots",
    "extract_slots",
    "is_self_address",
    "normalise_text",
    "split_trailing",
]

_TEXTING_FILLERS: Final = re.compile(
    r"(?i)(?<![\w'])(?:lol+|lmf?ao+|rofl|smh|fml|tbh|ngl|omg+|u+gh+|a+rgh+|(?:ha){2,}h?|jeez|welp|"
    r"idk|x+d+)(?![\w'])[,.!]*"
)
_TEXTING: Final[dict[str, str]] = {
    "bc": "because",
    "bcs": "because",
    "cuz": "because",
    "coz": "because",
    "rn": "right now",
    "rly": "really",
    "w/o": "without",
    "w/": "with",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "smth": "something",
    "nvm": "",
    "tho": "though",
    "thru": "through",
    "b4": "before",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "kinda": "kind of",
    "sorta": "sort of",
    "dunno": "don't know",
    "theyd": "they'd",
    "theyre": "they're",
    "weve": "we've",
    "theres": "there's",
    "youre": "you're",
    "shouldve": "should've",
    "wouldve": "would've",
    "couldve": "could've",
}
_TEXTING_WORDS: Final = re.compile(
    r"(?i)(?<![\w'])(" + "|".join(re.escape(k) for k in _TEXTING) + r")(?![\w'])"
)
_ELLIPSIS: Final = re.compile(r"\s*(?:\.{3,}|\u2026)\s*")
_ITS: Final = re.compile(
    r"(?i)\bits(?=\s+(?:my|a|an|the|so|not|going|been|just|really|too|all|over|fine|ok|"
    r"okay|hard|late|because|like|never|always|only|probably|definitely)\b)"
)
_ENTITIES: Final = {"amp": " and ", "quot": '"', "apos": "'", "lt": " ", "gt": " ", "nbsp": " "}
_ENTITY: Final = re.compile(r"(?i)&(amp|quot|apos|lt|gt|nbsp);")
_EMOJI: Final = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")


@dataclass(frozen=True, slots=True)
class Slots:
    """The filled slots of one sentence; ``None`` means the sentence has no such piece."""

    event: str | None = None
    event_ing: str | None = None
    event_friend: str | None = None
    event_past: str | None = None
    label: str | None = None
    label_quoted: str | None = None
    absolute: str | None = None
    people: str | None = None
    people_obj: str | None = None
    should: str | None = None
    should_rule: str | None = None
    should_ing: str | None = None
    should_past: str | None = None
    should_do: str | None = None
    comparison: str | None = None
    feeling: str | None = None
    prediction: str | None = None
    topic: str | None = None
    counterexample: str | None = None
    thought: str | None = None
    question: str | None = None
    question_indirect: str | None = None
    """The question as it reads inside a sentence: "why I forget everything"."""
    praise: str | None = None
    role: str | None = None
    label_feeling: str | None = None
    person: str | None = None
    event_from_context: bool = False
    """The event or topic came from the context or the situation, not the sentence."""
    loose: frozenset[str] = frozenset()
    """Slot families whose value is well formed but probably not the situation: a frame
    using one may be a later rewrite, never the first (:mod:`reframer.rewrite.doubt`)."""

    def values(self) -> dict[str, str]:
        """The filled slots as a name -> phrase mapping (empty values left out)."""
        out: dict[str, str] = {}
        for name in SLOT_NAMES:
            value = getattr(self, name)
            if value:
                out[name] = value
        return out


SLOT_NAMES: Final[tuple[str, ...]] = tuple(
    f.name for f in fields(Slots) if f.name not in {"event_from_context", "loose"}
)
"""Every slot a template may use, in a stable order."""

SLOT_FAMILIES: Final[dict[str, str]] = {name: name.split("_")[0] for name in SLOT_NAMES}
"""Slot name -> family ("event_ing" -> "event"); specificity counts families, not forms."""


def normalise_text(text: str) -> str:
    """Text as it is parsed for slots: texting fillers ("lol", "ugh", "smh") and emoji removed,
    curly apostrophes straightened, whitespace collapsed. The writer's words are otherwise kept."""
    out = _EMOJI.sub(" ", text.replace("\u2019", "'").replace("\u2018", "'"))
    out = _ENTITY.sub(lambda m: _ENTITIES[m.group(1).lower()], out)
    out = re.sub(r"(?<=[a-z])\((?=[A-Za-z])", " (", out)  # "mistake(I know" -> "mistake (I"
    out = _TEXTING_FILLERS.sub(" ", out)
    out = _TEXTING_WORDS.sub(lambda m: _TEXTING[m.group(1).lower()], out)
    out = _ITS.sub("it's", out)
    out = re.sub(r"\s+([,.!?])", r"\1", out)
    return " ".join(out.split()).strip(" ,")


def split_trailing(text: str) -> tuple[str, str]:
    """Split a run-on diary line at an ellipsis: the last part is where the self-criticism
    usually is, the earlier parts act as context. ("Worked on the quilt... I'm a mess")."""
    parts = [p.strip() for p in _ELLIPSIS.split(text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or len(parts[-1].split()) < 3:
        return text, ""
    return parts[-1], ". ".join(parts[:-1])


def is_self_address(sent: Span | Doc) -> bool:
    """Self-talk in the second person: 'you' and no first-person word at all."""
    lows = {t.lower_ for t in sent}
    return not (lows & FIRST_PERSON) and bool(lows & (SECOND_PERSON - {"ya"}))


def _sentences(doc: Span | Doc) -> list[Span]:
    return list(doc.sents) if isinstance(doc, Doc) else [doc]


def _bare_noun_phrase(doc: Span | Doc) -> dict[str, str]:
    """A situation that is one short noun phrase ("the job interview") is the topic."""
    words = [t for t in doc if not t.is_punct]
    if not 1 <= len(words) <= 6 or words[-1].pos_ not in {"NOUN", "PROPN"}:
        return {}
    if any(t.pos_ in {"VERB", "AUX", "PRON"} and t.lower_ not in {"my", "our"} for t in words):
        return {}
    text = " ".join(t.text for t in words)
    return {"topic": text[0].lower() + text[1:] if words[0].pos_ != "PROPN" else text}


def extract_slots(
    doc: Span | Doc, context: Span | Doc | None = None, situation: Span | Doc | None = None
) -> Slots:
    """Fill the slots from a parsed sentence; take the event from ``context`` if the sentence
    has none ("I forgot mom's birthday again. I'm such a terrible son."). ``situation`` is
    the writer's own account of what happened ("I missed the team deadline", "the job
    interview"): when given, it fills the event and the topic first, before ``context``."""
    sa = is_self_address(doc)
    found: dict[str, str] = {}
    found.update(find_event(doc, self_address=sa))
    found.update(find_should(doc, self_address=sa))
    found.update(find_prediction(doc, self_address=sa))
    found.update(find_label(doc, self_address=sa))
    found.update(find_feeling(doc, self_address=sa))
    found.update(find_absolute(doc, self_address=sa))
    found.update(find_counterexample(doc, self_address=sa))
    found.update(find_question(doc, self_address=sa))
    if "label" not in found and "event" not in found and "question" not in found:
        found.update(find_thought(doc, self_address=sa))
    found.update(find_people(doc, self_address=sa))
    found.update(find_comparison(doc, self_address=sa))
    found.update(find_praise(doc, self_address=sa))
    from_context = False
    if situation is not None and "event" not in found:
        for sent in _sentences(situation):
            event = find_event(sent, self_address=is_self_address(sent))
            if event:
                found.update(event)
                from_context = True
                break
    if context is not None and "event" not in found:
        sents = list(context.sents) if isinstance(context, Doc) else [context]
        for sent in reversed(sents):
            csa = is_self_address(sent)
            event = find_event(sent, self_address=csa, mistakes_only=True)
            if event:
                found.update(event)
                from_context = True
                if "feeling" not in found:
                    found.update(find_feeling(sent, self_address=csa))
                break
    exclude = {
        w
        for key in ("label", "people", "comparison")
        if key in found
        for w in found[key].lower().split()
    }
    found.update(find_topic(doc, exclude=exclude, self_address=sa))
    if "topic" not in found and situation is not None:
        found.update(find_topic(situation, exclude=exclude, self_address=False))
        if "topic" not in found:
            found.update(_bare_noun_phrase(situation))
        from_context = from_context or "topic" in found
    if "topic" not in found and from_context and context is not None:
        found.update(find_topic(context, exclude=exclude, self_address=False))
    if found.get("label") and found.get("feeling") == found["label"]:
        del found["feeling"]
    return Slots(**found, event_from_context=from_context)  # type: ignore[arg-type]
