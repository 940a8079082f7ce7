"""The harsh label and the feeling word.

The label is the writer's harsh word or phrase about themself ("I'm such a terrible son" ->
"terrible son"). Templates only ever quote it ("calling myself a 'terrible son'"); the quality
gate rejects any rewrite that states it as a fact. The feeling is an emotion word ("ashamed").
"""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Doc, Span, Token

from reframer.rewrite.inflect import article
from reframer.rewrite.lexicon import (
    ABSOLUTES,
    DROP_ADVERBS,
    FEELING_NOUNS,
    FEELINGS,
    FILLERS,
    FIRST_PERSON,
    HARSH_WORDS,
    INTENSIFIER_ADJS,
)
from reframer.rewrite.phrases import (
    is_first_person,
    join,
    lemma_of,
    subject_of,
    subtree_without,
    surface,
)

__all__ = ["find_feeling", "find_label"]

Sentence = Span | Doc


def _inner(subj: Token) -> bool:
    """'something in me', 'everything about me': a subject that stands for the writer."""
    return subj.lower_ in {"something", "everything", "part"} and any(
        p.lower_ in {"in", "about", "of"} and any(o.lower_ in {"me", "myself"} for o in p.children)
        for p in subj.children
    )


def _words(tokens: list[Token], sa: bool) -> str:
    """The normalised phrase of tokens."""
    return join(surface(t, self_address=sa) for t in tokens)


_LABEL_DROP_DEPS: Final = frozenset(
    {"det", "predet", "punct", "relcl", "acl", "cc", "conj", "appos", "advcl", "mark", "nsubj"}
)
_FALLBACK_SKIP: Final = frozenset(
    {
        "mistake",
        "problem",
        "nothing",
        "nobody",
        "joke",
        "mess",
        "waste",
        "bad",
        "terrible",
        "awful",
        "horrible",
        "weak",
    }
)
_DEGREE: Final = frozenset(
    {
        "too",
        "so",
        "such",
        "very",
        "really",
        "completely",
        "totally",
        "utterly",
        "pretty",
        "incredibly",
        "hopelessly",
        "painfully",
    }
)
_FRAGMENT_DEPS: Final = frozenset(
    {
        "ROOT",
        "attr",
        "acomp",
        "appos",
        "npadvmod",
        "dep",
        "conj",
        "intj",
        "advcl",
        "amod",
        "oprd",
        "ccomp",
        "parataxis",
    }
)
_OF_HEADS: Final = frozenset(
    {"definition", "epitome", "picture", "example", "poster", "embodiment"}
)
_GENERIC_HEADS: Final = frozenset(
    {
        "type",
        "kind",
        "sort",
        "person",
        "one",
        "thing",
        "someone",
        "guy",
        "girl",
        "man",
        "woman",
        "people",
        "human",
    }
)
_ADJ_SUFFIXES: Final = ("less", "ful", "ous", "ive", "able", "ible", "ish", "ic")


def _label_child_dropped(child: Token, head: Token, negated: bool) -> bool:
    """Children of a label's head word that are not part of the label."""
    sub = list(child.subtree)
    if child.dep_ in _LABEL_DROP_DEPS:
        return child.lower_ != "the" and not (negated and child.lower_ in {"a", "an"})
    if child.tag_ in {"WRB", "WP", "WDT"}:
        return True
    if child.dep_ == "prep":
        return (
            head.pos_ != "ADJ"
            or child.lower_ not in {"at", "with"}
            or any(t.pos_ in {"VERB", "AUX"} or t.lower_ in FIRST_PERSON for t in sub)
        )
    if child.dep_ in {"xcomp", "ccomp"}:
        return head.pos_ != "ADJ" or len(sub) > 4
    return False


def _label_noise(tok: Token) -> bool:
    """Fillers and intensifiers inside a label ("complete", "so", "lol")."""
    if tok.lower_ in FILLERS:
        return True
    if tok.dep_ == "amod":
        return tok.lower_ in INTENSIFIER_ADJS
    return tok.dep_ in {"advmod", "npadvmod"} and tok.lower_ in DROP_ADVERBS - {"enough"}


def _label_tokens(head: Token, neg: list[Token]) -> list[Token]:
    """The label phrase around its head word, without determiners and intensifiers."""
    for child in head.children:  # "the definition of a screwup" -> "screwup"
        if head.lower_ in _OF_HEADS and child.lower_ == "of":
            objs = [o for o in child.children if o.dep_ == "pobj"]
            if objs:
                return _label_tokens(objs[0], [])
    skip = {c.i for c in head.children if _label_child_dropped(c, head, bool(neg))}
    skip.update(t.i for t in head.subtree if t.i != head.i and _label_noise(t))
    keep = sorted(neg + subtree_without(head, skip), key=lambda t: t.i)
    pos = next(k for k, t in enumerate(keep) if t.i == head.i)
    lo, hi = pos, pos
    negs = {n.i for n in neg}
    while lo > 0 and (keep[lo - 1].i == keep[lo].i - 1 or keep[lo - 1].i in negs):
        lo -= 1
    while hi + 1 < len(keep) and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    keep = keep[lo : hi + 1]  # a contiguous phrase around the head word
    return keep if len(keep) <= 7 else [t for t in keep if head.i - 2 <= t.i <= head.i]


def _label_forms(tokens: list[Token], head: Token, sa: bool) -> dict[str, str]:
    """The ``label`` and ``label_quoted`` slots ("terrible son", "a 'terrible son'")."""
    if head.lower_ in _OF_HEADS:
        objs = [
            o for c in head.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"
        ]
        head = objs[0] if objs else head
    text = _words(tokens, sa)
    if not text or any(w in FIRST_PERSON for w in text.lower().split()[-1:]):
        return {}
    adjective_like = " " not in text and text.endswith(_ADJ_SUFFIXES)
    if (
        head.pos_ in {"NOUN", "PROPN"}
        and head.tag_ != "NNS"
        and not adjective_like
        and not (re.match(r"(the|my|not|no)\b", text))
    ):
        quoted = f"{article(text)} '{text}'"
    else:
        quoted = f"'{text}'"
    return {"label": text, "label_quoted": quoted}


def _copula_label(verb: Token, neg: list[Token], sa: bool) -> dict[str, str] | None:
    """The label of "I am (not) X" / "I was X"; None when the complement is no label."""
    hedged = verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    for comp in verb.children:
        if comp.dep_ not in {"attr", "acomp"}:
            continue
        low = comp.lower_
        harsh = low in HARSH_WORDS or any(
            t.lower_ in HARSH_WORDS for t in comp.subtree if t.dep_ in {"amod", "compound"}
        )
        if (low in FEELINGS and low not in HARSH_WORDS) or (neg and harsh):
            return None
        if not harsh:
            if (verb.tag_ == "VBD" and not neg) or hedged or comp.pos_ == "PRON":
                return None
            if comp.lower_ in _GENERIC_HEADS and not any(c.dep_ == "amod" for c in comp.children):
                return None  # "I'm the type of person ...", "what kind of mother am I"
            if any(c.lower_ in ABSOLUTES for c in verb.children):
                return None
            degree = neg or any(c.lower_ in _DEGREE for c in comp.children)
            if comp.pos_ == "ADJ" and not degree:
                return None
        return _label_forms(_label_tokens(comp, neg), comp, sa)
    return None


def _clause_labels(verb: Token, sa: bool) -> dict[str, str] | None:
    """The label stated by one first-person clause ("I am X", "I feel X", "I feel like X")."""
    neg = [c for c in verb.children if c.dep_ == "neg"]
    lemma = lemma_of(verb)
    if lemma == "be":
        return _copula_label(verb, neg, sa)
    if lemma != "feel":
        return None
    for comp in verb.children:
        if (
            comp.dep_ == "acomp"
            and comp.lower_ not in FEELINGS
            and (not neg or comp.lower_ not in HARSH_WORDS)
        ):
            return _label_forms(_label_tokens(comp, neg), comp, sa)
        if not neg and comp.dep_ == "prep" and comp.lower_ == "like":
            for obj in comp.children:
                if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "ADJ"}:
                    return _label_forms(_label_tokens(obj, []), obj, sa)
    return None


def _reported(verb: Token, sa: bool) -> bool:
    """Whether a clause is someone else's words ("people say I'm too sensitive")."""
    node = verb
    while node.dep_ in {"ccomp", "conj"} and node.head is not node:
        node = node.head
        subj = subject_of(node)
        if subj is not None and not is_first_person(subj, self_address=sa):
            return True
    return False


def find_label(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """The harsh word or phrase: "I'm such a terrible son" -> label "terrible son",
    label_quoted "a 'terrible son'". It is for quoting, never for asserting. A harsh word
    the writer says themself wins over a milder or reported one."""
    found: list[tuple[int, int, dict[str, str]]] = []
    for verb in sent:
        subj = subject_of(verb)
        if subj is None or not (is_first_person(subj, self_address=self_address) or _inner(subj)):
            continue
        label = _clause_labels(verb, self_address)
        if label:
            harsh = any(w in HARSH_WORDS for w in label["label"].lower().split())
            rank = (0 if harsh else 2) + (1 if _reported(verb, self_address) else 0)
            found.append((rank, verb.i, label))
    for tok in sent:  # fragments: "Stupid me.", "Such an idiot!", "what a loser"
        low = tok.lower_
        if (
            low in HARSH_WORDS
            and low not in _FALLBACK_SKIP
            and tok.pos_ in {"NOUN", "ADJ"}
            and (
                tok.dep_ in _FRAGMENT_DEPS
                or (tok.dep_ == "pobj" and tok.head.lower_ in {"like", "as"})
            )
        ):
            subj = subject_of(tok.head) if tok.head is not tok else None
            if subj is not None and not is_first_person(subj, self_address=self_address):
                continue
            if any(c.dep_ == "neg" for c in tok.head.children):
                continue
            label = _label_forms(_label_tokens(tok, []), tok, self_address)
            if label:
                found.append((1, tok.i, label))
    return min(found, key=lambda f: f[:2])[2] if found else {}


def find_feeling(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """The feeling word if any: "I feel so ashamed" -> "ashamed"."""
    for tok in sent:
        low = tok.lower_
        if low in FEELINGS and tok.pos_ == "ADJ":
            head = tok.head
            if tok.dep_ == "acomp" and lemma_of(head) in {"feel", "be", "get", "become"}:
                subj = subject_of(head)
                if subj is not None and is_first_person(subj, self_address=self_address):
                    if lemma_of(head) == "be" and low in HARSH_WORDS:
                        continue
                    return {"feeling": low}
            elif tok.dep_ == "ROOT":
                return {"feeling": low}
        if (
            tok.pos_ == "NOUN"
            and lemma_of(tok) in FEELING_NOUNS
            and tok.dep_ != "attr"
            and (tok.lower_ not in HARSH_WORDS and tok.head.lower_ != "like")
        ):
            return {"feeling": FEELING_NOUNS[lemma_of(tok)]}
    return {}
