"""Noun-like slots: absolutes, the people whose judgement is imagined, the comparison target,
the topic and reported praise.

Like :mod:`reframer.rewrite.clauses`, each finder takes one parsed sentence and returns a
mapping of slot name to phrase (empty when absent).
"""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Doc, Span, Token

from reframer.rewrite.lexicon import (
    ABSOLUTE_PHRASES,
    ABSOLUTES,
    DROP_ADVERBS,
    FEELING_NOUNS,
    HARSH_WORDS,
    INTENSIFIER_ADJS,
    JUDGING_VERBS,
    NEGATIVE_QUANTIFIERS,
    SECOND_PERSON,
)
from reframer.rewrite.phrases import (
    implicit_first_person,
    is_first_person,
    join,
    lemma_of,
    subject_of,
    subtree_without,
    surface,
)

__all__ = [
    "find_absolute",
    "find_comparison",
    "find_people",
    "find_praise",
    "find_topic",
]

Sentence = Span | Doc
_OBJECT_FORM: Final = {"he": "him", "she": "her", "they": "them", "we": "us", "i": "me"}
_BE_JUDGING: Final = frozenset(
    {
        "disappointed",
        "annoyed",
        "sick",
        "tired",
        "embarrassed",
        "ashamed",
        "angry",
        "mad",
        "done",
        "fed",
        "upset",
        "frustrated",
    }
)
_GENERIC_NOUNS: Final = frozenset(
    {
        "thing",
        "things",
        "time",
        "times",
        "lot",
        "way",
        "person",
        "people",
        "one",
        "fault",
        "bit",
        "kind",
        "sort",
        "type",
        "part",
        "something",
        "anything",
        "everything",
        "nothing",
        "everyone",
        "anyone",
        "someone",
        "nobody",
        "reason",
        "point",
        "day",
        "middle",
        "end",
        "rest",
        "front",
        "top",
        "bottom",
        "side",
        "bunch",
        "shape",
        "excuse",
        "idea",
        "chance",
        "proof",
        "mind",
        "head",
        "minute",
        "hour",
        "week",
        "year",
        "years",
        "moment",
        "words",
        "word",
        "number",
        "amount",
        "deal",
        "matter",
        "fact",
        "question",
        "sense",
        "self",
        "feeling",
        "feelings",
        "news",
        "stuff",
        "luck",
        "life",
        "situation",
        "today",
        "tonight",
        # body words: a "small step" about a body part could read as diet advice
        "body",
        "thighs",
        "legs",
        "arms",
        "belly",
        "stomach",
        "face",
        "skin",
        "hair",
        "weight",
        "nose",
        "butt",
        "hips",
        "waist",
        "chin",
        "teeth",
        "size",
        "pounds",
        "kilos",
    }
)
_OPEN_PREPS: Final = frozenset({"at", "in", "about", "with", "for", "on", "during"})


def _words(tokens: list[Token], sa: bool) -> str:
    """The normalised phrase of tokens."""
    return join(surface(t, self_address=sa) for t in tokens)


def _writer_claim(tok: Token, sa: bool) -> bool:
    """Whether an absolute word is part of the writer's own claim about themself, not a
    literal detail ("built something from nothing", "in front of everyone")."""
    if tok.head.lower_ == "of" and tok.head.head.lower_ == "front":
        return False
    verb = (
        tok
        if tok.pos_ in {"VERB", "AUX"}
        else next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    )
    if verb is None:
        return True  # a fragment: "always.", "every single time"
    subj = subject_of(verb)
    if subj is None:
        return implicit_first_person(verb) or verb.dep_ == "ROOT"
    if is_first_person(subj, self_address=sa):
        return True
    if subj.i == tok.i or tok.i in {t.i for t in subj.subtree}:
        return any(is_first_person(t, self_address=sa) for t in verb.subtree)
    return False


def find_absolute(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """The first absolute word of the writer's own claim: always, never, everyone, nothing,
    every time..."""
    text = sent.text.lower().replace("\u2019", "'")
    base = sent[0].idx
    best: tuple[int, str] | None = None
    for phrase in ABSOLUTE_PHRASES:
        m = re.search(rf"\b{re.escape(phrase)}\b", text)
        if m is None:
            continue
        first = next((t for t in sent if t.idx - base >= m.start()), None)
        if (
            first is not None
            and _writer_claim(first, self_address)
            and (best is None or m.start() < best[0])
        ):
            best = (m.start(), phrase)
    negated = any(t.dep_ == "neg" for t in sent)
    for tok in sent:
        low = tok.lower_
        ok = low in ABSOLUTES and (low != "all" or tok.dep_ in {"dobj", "nsubj"})
        ok = ok or (negated and low in {"anything", "anyone", "anybody"})
        if ok and _writer_claim(tok, self_address):
            start = tok.idx - base
            if best is None or start < best[0]:
                best = (start, low)
            break
    return {"absolute": best[1]} if best else {}


def _np(tok: Token, sa: bool) -> str:
    """A noun phrase without appositions, relative clauses and intensifiers."""
    if tok.lower_ == "all":
        return ""
    drop = {"appos", "relcl", "acl", "punct", "cc", "conj", "predet"}
    skip = {
        t.i
        for t in tok.subtree
        if t.i != tok.i and (t.dep_ in drop or (t.dep_ == "advmod" and t.lower_ in DROP_ADVERBS))
    }
    return _words(subtree_without(tok, skip), sa)


def _object_form(phrase: str) -> str:
    """'they' -> 'them', 'she' -> 'her'; other phrases unchanged."""
    return _OBJECT_FORM.get(phrase.lower(), phrase)


def find_people(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """Whose judgement is imagined: "Everyone at work thinks I'm useless" -> "everyone at work"."""
    for verb in sent:
        lemma = lemma_of(verb)
        judging = lemma in JUDGING_VERBS or (
            lemma == "be"
            and any(c.dep_ == "acomp" and c.lower_ in _BE_JUDGING for c in verb.children)
        )
        if not judging:
            continue
        subj = subject_of(verb)
        if subj is None or is_first_person(subj, self_address=self_address):
            continue
        low = subj.lower_
        if low in NEGATIVE_QUANTIFIERS or low in {
            "it",
            "this",
            "that",
            "there",
            "what",
            "which",
            "who",
            "whom",
            "whoever",
            "we",
            "us",
        }:
            continue
        if any(c.lower_ == "no" for c in subj.children):
            continue
        if low in SECOND_PERSON and self_address:
            continue
        mentions_me = any(
            is_first_person(t, self_address=self_address)
            for t in verb.subtree
            if t.i not in {s.i for s in subj.subtree}
        )
        if not mentions_me:
            continue
        phrase = _np(subj, self_address)
        if phrase and len(phrase.split()) <= 6:
            return {"people": phrase, "people_obj": _object_form(phrase)}
    return {}


def find_comparison(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """Who the writer measures themself against: "my sister is better than me" -> "my sister"."""
    for tok in sent:
        low = tok.lower_
        target: Token | None = None
        if low in {"than", "like", "to", "with"} and tok.dep_ in {"prep", "advmod"}:
            if (
                low == "like"
                and not any(c.lower_ == "more" for c in tok.children)
                and not (
                    lemma_of(tok.head) == "be" and any(c.lower_ == "more" for c in tok.head.subtree)
                )
            ):
                continue
            if low in {"to", "with"} and tok.head.lower_ not in {
                "compared",
                "comparing",
                "compare",
                "next",
            }:
                continue
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if not objs:
                continue
            target = objs[0]
            if is_first_person(target, self_address=self_address):
                node = tok
                while node.pos_ not in {"VERB", "AUX"} and node.head is not node:
                    node = node.head
                target = subject_of(node)
        elif low in {"else", "other"} and tok.head.dep_.startswith("nsubj"):
            target = tok.head
        if target is None or is_first_person(target, self_address=self_address):
            continue
        if (
            target.pos_ == "PRON"
            and target.lower_ not in _OBJECT_FORM
            and not any(c.lower_ == "else" for c in target.children)
            and target.lower_ not in {"him", "her", "them", "others"}
        ):
            continue
        phrase = _np(target, self_address)
        if phrase and len(phrase.split()) <= 5 and phrase.lower() not in {"it", "that", "this"}:
            return {"comparison": _object_form(phrase)}
    return {}


_POSITIVE: Final = frozenset(
    {
        "grateful",
        "thankful",
        "happy",
        "glad",
        "proud",
        "love",
        "enjoy",
        "lucky",
        "excited",
        "appreciate",
        "like",
        "fun",
        "nice",
        "great",
    }
)


def _governor(tok: Token) -> Token | None:
    """The nearest verb above a token."""
    for anc in tok.ancestors:
        if anc.pos_ in {"VERB", "AUX"}:
            return anc
    return None


def _topic_score(root: Token, sa: bool) -> int:
    """How likely a noun is what the self-critical part of the sentence is about."""
    if any(a.dep_ in {"attr", "acomp"} and lemma_of(a.head) == "be" for a in root.ancestors):
        return -5  # inside the label: "immature for my age"
    score = 0
    gov = _governor(root)
    subj = subject_of(gov) if gov is not None else None
    if (
        root.dep_ in {"dobj", "pobj", "dative", "oprd"}
        and subj is not None
        and is_first_person(subj, self_address=sa)
    ):
        score += 2
    elif root.dep_ in {"nsubj", "nsubjpass"}:
        score += 1
    if any(t.lower_ in {"my", "our"} for t in root.subtree):
        score += 1
    clause = [gov, *gov.children] if gov is not None else []
    if any(t is not None and lemma_of(t) in _POSITIVE for t in clause):
        score -= 3
    top = root.sent.root
    main_subj = subject_of(top)
    for anc in [root, *root.ancestors]:
        if anc.head.i == top.i and anc.i != top.i:
            if (
                anc.dep_ in {"prep", "advcl", "npadvmod", "advmod"}
                and anc.i < top.i
                and (main_subj is None or anc.i < main_subj.i)
            ):
                score -= 3  # scene-setting: "At the gym earlier, ..."
            break
    return score


def find_topic(sent: Sentence, *, exclude: set[str], self_address: bool = False) -> dict[str, str]:
    """A noun phrase in the writer's words ("the presentation", "my job") for grounding: the
    best-placed noun chunk, preferring objects of the writer's own verbs."""
    best: tuple[int, int, str] | None = None
    for chunk in sent.noun_chunks:
        root = chunk.root
        low = root.lower_
        if root.pos_ not in {"NOUN", "PROPN"} or low in _GENERIC_NOUNS or low in HARSH_WORDS:
            continue
        if low in FEELING_NOUNS or low in ABSOLUTES or low in exclude:
            continue
        toks = [
            t
            for t in chunk
            if t.dep_ not in {"predet", "punct"}
            and t.lower_ not in INTENSIFIER_ADJS
            and t.lower_ not in DROP_ADVERBS
        ]
        if not toks or toks[0].lower_ in {"no", "any", "every", "each", "some", "which", "what"}:
            continue
        determined = any(t.dep_ in {"det", "poss"} for t in toks if t.i < root.i)
        if not determined and root.tag_ == "NN" and root.head.lower_ not in _OPEN_PREPS:
            continue  # a bare singular noun reads badly on its own ("with shape")
        phrase = _words(toks, self_address)
        if not phrase or len(phrase.split()) > 5:
            continue
        score = _topic_score(root, self_address)
        if score >= 1 and (best is None or (score, root.i) >= best[:2]):
            best = (score, root.i, phrase)
    return {"topic": best[2]} if best else {}


_PRAISE_VERBS: Final = frozenset(
    {
        "say",
        "tell",
        "think",
        "call",
        "praise",
        "compliment",
        "thank",
        "write",
        "mention",
        "insist",
        "reassure",
        "admire",
        "congratulate",
    }
)
_POSITIVE_WORDS: Final = frozenset(
    {
        "impressive",
        "impressed",
        "proud",
        "good",
        "great",
        "ready",
        "amazing",
        "talented",
        "smart",
        "beautiful",
        "progress",
        "well",
        "nice",
        "brilliant",
        "kind",
        "helpful",
        "strong",
        "capable",
        "funny",
        "pretty",
        "wonderful",
        "excellent",
        "awesome",
        "thanked",
        "love",
        "loved",
        "special",
        "incredible",
        "improved",
        "better",
        "best",
        "lovely",
        "gifted",
        "grateful",
        "thank",
        "thanks",
        "clever",
        "gorgeous",
        "perfect",
        "hardworking",
        "brave",
    }
)


def find_praise(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """Praise the writer reports and then discounts: "My mom says she's proud of me, but ..."
    -> "my mom says she is proud of me"."""
    for verb in sent:
        if lemma_of(verb) not in _PRAISE_VERBS or any(c.dep_ == "neg" for c in verb.children):
            continue
        subj = subject_of(verb)
        if subj is None or is_first_person(subj, self_address=self_address):
            continue
        if subj.lower_ in NEGATIVE_QUANTIFIERS or any(c.lower_ == "no" for c in subj.children):
            continue
        skip = {
            c.i
            for c in verb.children
            if c.dep_ in {"punct", "cc", "conj", "advcl", "parataxis", "mark", "intj"}
        }
        tokens = subtree_without(verb, skip)
        lows = {t.lower_ for t in tokens}
        if not lows & _POSITIVE_WORDS or any(t.dep_ == "neg" for t in tokens):
            continue
        if not any(is_first_person(t, self_address=self_address) for t in tokens):
            continue
        if tokens[0].i != subj.left_edge.i or len(tokens) > 14:
            continue
        return {"praise": _words(tokens, self_address)}
    return {}
