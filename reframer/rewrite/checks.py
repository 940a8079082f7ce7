"""Checked slots and checked rewrites: constituents, seams and label echo.

* :func:`clean_slots` strips hedges from slot values and drops a value that is not a whole
  grammatical constituent of its sentence (a bare "if/every time" clause, a cut hyphenated
  compound, a phrase ending on a function word); it also fills ``role`` from the label.
* :func:`seam_problems` re-parses a filled rewrite and names what is broken.
* :func:`echo_terms` / :func:`echoes` find the harsh words of a sentence in a rewrite.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from reframer.rewrite.inflect import article
from reframer.rewrite.quality import harsh_words_in
from reframer.rewrite.slots import SLOT_FAMILIES, SLOT_NAMES, Slots

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "NOT_TOPICS",
    "ROLES",
    "clean_slots",
    "echo_terms",
    "echoes",
    "opening",
    "seam_problems",
    "tidy",
]

ROLES: Final = frozenset(
    "son daughter mom mum mother dad father parent friend partner boyfriend girlfriend husband "
    "wife sister brother sibling student employee teacher nurse manager coworker colleague "
    "writer artist musician player cook driver leader host person human being roommate "
    "grandson granddaughter aunt uncle boss worker athlete runner singer dancer".split()
)
"""Nouns a harsh label can judge the writer in ("terrible son"): the writer's role."""
_HEDGES: Final = re.compile(
    r"(?i)\b(?:kind of|sort of|kinda|sorta|probably|maybe|perhaps|literally|basically|"
    r"honestly|actually|just|really|totally|completely|seriously|pretty much|like,|"
    r"i guess|i think|i mean,?)\s+"
)
_BAD_START: Final = frozenset(
    "if when whenever because since although though unless that which who while as so and but "
    "or every each until whether".split()
)
_BAD_END: Final = frozenset(
    "a an the to of and or but if with for at in on my your because so when than that is am "
    "are was were very too such like about from by into be been being not much right etc amp".split()
)
_LABEL_FILLER: Final = frozenset({"a", "an", "the", "such", "so", "my", "too", "much", "of"})
_PRONOUNS: Final = frozenset(
    "i me my myself you it this that they them he him she her we us everything nothing".split()
)
NOT_TOPICS: Final = (
    ROLES
    | frozenset(
        "mom mum moms mums dad dads mother father parents sister sisters brother brothers kids kid "
        "children child son daughter coworkers colleagues boss friends family husband wife "
        "boyfriend girlfriend partner people everyone everybody age life self others guy girl "
        "teacher manager grandson granddaughter nan grandma grandpa rate point moment toddler baby "
        "teen teenager neighbour neighbor spouse fiance fiancee ex baby world earth planet universe "
        "middle stuff".split()
    )
    | frozenset(
        # no situation: swear words and abstract ends of idioms ("waste of skin", "in the end")
        "fuck fucking shit crap hell damn end conclusion ages truth level potential skin".split()
    )
)
_COMPOUND: Final = re.compile(r"\b([a-z]+)-([a-z]+)\b")
_CHECKED: Final = frozenset(
    {
        "event",
        "should",
        "prediction",
        "counterexample",
        "praise",
        "topic",
        "people",
        "comparison",
        "thought",
        "question",
    }
)
_ARTICLE_SKIP: Final = frozenset({"one", "once", "few", "lot", "little", "year", "moment", "bit"})
_ARTICLE: Final = re.compile(r"\b(a|an) ([A-Za-z]+)")


def _agree(m: re.Match[str]) -> str:
    """ "a"/"an" made to agree with the next word (a dropped adjective can break it)."""
    word = m.group(2)
    return m.group(0) if word.lower() in _ARTICLE_SKIP else f"{article(word)} {word}"


def _constituent(value: str, source: str, family: str = "event") -> bool:
    """Whether ``value`` can stand as a whole phrase cut from ``source`` (lowercase)."""
    words = value.lower().split()
    bad_start = _BAD_START - {"that"} if family == "topic" else _BAD_START
    if not words or words[0] in bad_start or words[-1] in _BAD_END:
        return False
    if value.count("'") % 2 and not re.search(r"\w'\w|s'(?:\s|$)", value):
        return False
    for edge, pattern in ((words[0], r"-{w}\b"), (words[-1], r"\b{w}-")):
        w = re.escape(edge.strip(",.;:!?"))
        if (
            w
            and re.search(pattern.format(w=w), source)
            and not re.search(rf"(?<![-\w]){w}(?![-\w])", source)
        ):
            return False  # only ever half of a hyphenated compound ("self-" / "-esteem")
    return not (value.count("(") != value.count(")") or '"' in value)


def clean_slots(slots: Slots, sentence: str) -> Slots:
    """``slots`` with hedges stripped, broken values dropped and ``role`` filled."""
    source = sentence.lower().replace("\u2019", "'")
    values: dict[str, str | None] = {}
    broken: set[str] = set()
    for name in SLOT_NAMES:
        value = getattr(slots, name)
        if not value or SLOT_FAMILIES[name] not in _CHECKED:
            continue
        cleaned = " ".join(_HEDGES.sub("", value + " ").split())
        for left, right in _COMPOUND.findall(source):  # keep hyphenated compounds whole
            cleaned = re.sub(
                rf"\b{re.escape(left)} {re.escape(right)}\b", f"{left}-{right}", cleaned
            )
        # "mixed up much" -> "mixed up", "… etc" -> "…"
        cleaned = re.sub(r"\b(up|out|off|over) much$|\s+etc$", r"\1", cleaned)
        cleaned = _ARTICLE.sub(_agree, cleaned)
        if not _constituent(cleaned, source, SLOT_FAMILIES[name]):
            broken.add(SLOT_FAMILIES[name])
        values[name] = cleaned
    for name in SLOT_NAMES:
        if SLOT_FAMILIES[name] in broken:
            values[name] = None
    if slots.label and not slots.role:
        head = slots.label.lower().split()[-1]
        values["role"] = head if head in ROLES else None
    if slots.label_quoted and not slots.label_feeling:
        bare = slots.label_quoted.replace("'", "")
        noun = bare.split()[0] in {"a", "an", "the"}
        values["label_feeling"] = f"like {bare}" if noun else bare
    topic = values.get("topic", slots.topic)
    if topic and (topic.lower() in _PRONOUNS or topic.lower().split()[-1] in NOT_TOPICS):
        values["topic"] = None  # a person or a vague word is not a situation
    return dataclasses.replace(slots, **values)  # type: ignore[arg-type]


def seam_problems(doc: Doc) -> list[str]:
    """What is broken in a re-parsed rewrite (empty when it reads as whole sentences)."""
    text = doc.text
    problems: list[str] = []
    for tok in doc:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        at_end = nxt is None or nxt.text in {".", ",", ";", "!", "?", ":"}
        if at_end and (
            tok.pos_ in {"CCONJ", "SCONJ"} or tok.lower_ in {"the", "a", "an", "my", "your"}
        ):
            problems.append(f"dangling: '{tok.text}' before a break")
    for m in _ARTICLE.finditer(text):
        word = m.group(2).lower()
        if word in _ARTICLE_SKIP:
            continue
        if m.group(1).lower() != article(word):
            problems.append(f"article: '{m.group(0)}'")
    if re.search(r"(?i)\b(?:I I|I am am|I is|I has|I does)\b", text):
        problems.append("agreement: first person")
    for sent in doc.sents:
        root = sent.root
        if any(c.dep_ == "mark" for c in root.children) and root.dep_ == "ROOT":
            problems.append("fragment: a subordinate clause with no main clause")
    return problems


def echo_terms(sentence: str, label: str | None) -> list[str]:
    """The harsh words of ``sentence`` and its label phrase, which a rewrite should not repeat."""
    terms = list(dict.fromkeys(harsh_words_in(sentence)))
    if label:
        words = [w for w in label.lower().split() if w not in ROLES and w not in _LABEL_FILLER]
        if words:
            terms.append(" ".join(words))
    return terms


def echoes(text: str, terms: Iterable[str]) -> bool:
    """Whether ``text`` repeats any of ``terms`` (whole words, any case)."""
    low = text.lower().replace("\u2019", "'")
    return any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", low) for t in terms if t)


def opening(text: str) -> str:
    """The first two words, lowercase: two rewrites of one sentence must not share them."""
    return " ".join(re.findall(r"[a-z']+", text.lower())[:2])


def tidy(text: str) -> str:
    """Normalise spacing and punctuation, capitalise sentence starts, end with punctuation."""
    out = " ".join(text.split())
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"([,;:])(?=[A-Za-z])", r"\1 ", out)
    out = re.sub(r"([,.;:!?])\1+", r"\1", out)
    out = re.sub(r"\bi\b(?!')", "I", out)
    out = re.sub(
        r"(^|[.!?]\s+)(['\"]?)([a-z])", lambda m: m.group(1) + m.group(2) + m.group(3).upper(), out
    )
    out = out.strip()
    if out and not re.search(r"[.!?]['\"]?$", out):
        out = out.rstrip(",;: ") + "."
    return out
