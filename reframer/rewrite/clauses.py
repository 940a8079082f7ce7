"""Verb-phrase slots: the event in its four forms, plus helpers shared with rules.py.

Each finder works on one parsed sentence (a spaCy ``Span`` or ``Doc``) and returns a mapping of
slot name to phrase, or an empty mapping when the sentence does not contain that kind of clause.
Phrases never include the writer's subject; templates supply it ("I {event}").
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Span, Token

from reframer.rewrite.inflect import base_of_past, gerund, past, third_person
from reframer.rewrite.lexicon import (
    ABSOLUTES,
    DROP_ADVERBS,
    FEELINGS,
    FILLERS,
    FIRST_PERSON,
    HARSH_WORDS,
    MENTAL_VERBS,
    MISTAKE_VERBS,
    NEEDS_OBJECT,
    SOFT_HARSH,
    SPEECH_VERBS,
)
from reframer.rewrite.phrases import (
    implicit_first_person,
    is_first_person,
    join,
    lemma_of,
    subject_of,
    subtree_without,
    surface,
    to_third_person,
)

__all__ = [
    "CLAUSE_SKIP",
    "FILLER_ADVERBS",
    "MAX_PHRASE_WORDS",
    "Sentence",
    "find_event",
    "is_negated",
    "is_noise",
    "phrase_tokens",
    "words_of",
]

CLAUSE_SKIP: Final = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "csubj",
        "expl",
        "mark",
        "punct",
        "cc",
        "conj",
        "advcl",
        "intj",
        "discourse",
        "parataxis",
        "appos",
        "dep",
        "meta",
        "preconj",
    }
)
FILLER_ADVERBS: Final = frozenset(
    {
        "just",
        "really",
        "literally",
        "honestly",
        "basically",
        "actually",
        "seriously",
        "even",
        "probably",
        "definitely",
        "certainly",
        "totally",
        "like",
        "freaking",
        "fucking",
        "damn",
        "bloody",
        "somehow",
        "clearly",
        "obviously",
        "simply",
        "kinda",
        "sorta",
    }
)
_NOT_EVENT_MARKS: Final = frozenset(
    {"if", "unless", "until", "because", "since", "as", "cause", "cuz", "though", "although"}
)
_MINIMAL: Final = frozenset({"barely", "hardly", "scarcely"})
_NEG_ANY: Final = frozenset({"anything", "anyone", "anybody", "ever", "any"})
_LIGHT_VERBS: Final = frozenset({"do", "be", "have", "get", "go", "make"})
MAX_PHRASE_WORDS: Final = 12
Sentence = Span | Doc


def is_negated(tok: Token) -> bool:
    """Whether a verb has a negation ("not", "n't", "never")."""
    return any(c.dep_ == "neg" for c in tok.children)


def _has_absolute(tokens: list[Token], negated: bool) -> bool:
    """Whether the tokens contain an absolute ("always", "everything", "every time"...)."""
    for t in tokens:
        low = t.lower_
        if low == "time" and any(c.lower_ in {"every", "each"} for c in t.children):
            return True
        if low == "time" and any(c.lower_ == "all" for c in t.children):
            return True
        if low in ABSOLUTES and (low != "all" or t.dep_ in {"predet", "dobj", "nsubj"}):
            return True
        if negated and low in _NEG_ANY:
            return True
    return False


def is_noise(tok: Token, drop: frozenset[str]) -> bool:
    """Adverbs, fillers and punctuation that never belong in a slot phrase."""
    low = tok.lower_
    if tok.dep_ in {"advmod", "npadvmod", "neg"} and low in drop:
        return True
    return tok.dep_ in {"intj", "punct"} or (low in FILLERS and tok.pos_ in {"INTJ", "X"})


def _clause_extra(child: Token, verb: Token) -> bool:
    """A child of the verb that belongs to the clause, not to the verb phrase."""
    if child.dep_ in CLAUSE_SKIP or (child.dep_ == "aux" and child.tag_ == "MD"):
        return True
    if child.dep_ in {"relcl", "ccomp", "xcomp", "parataxis"} and any(
        c.dep_.startswith("nsubj") and c.lower_ in FIRST_PERSON for c in child.children
    ):
        return True  # a run-on clause of its own: "studied more im such a slacker"
    if child.dep_ in {"relcl", "ccomp"}:
        return child.i < verb.i or len(list(child.subtree)) > 6
    return child.dep_ == "advmod" and child.tag_ == "WRB"


def _absolute_modifier(tok: Token, negated: bool) -> bool:
    """A modifier that carries an absolute ("in front of everyone", "every time")."""
    if tok.dep_ not in {"prep", "npadvmod", "advmod", "agent"}:
        return False
    return _has_absolute(list(tok.subtree), negated)


def phrase_tokens(verb: Token, drop: frozenset[str], negated: bool) -> list[Token] | None:
    """The verb's subtree without subject, clause-level extras and absolute-bearing modifiers."""
    skip = {child.i for child in verb.children if _clause_extra(child, verb)}
    skip.update(
        t.i
        for t in verb.subtree
        if t.i != verb.i and (is_noise(t, drop) or _absolute_modifier(t, negated))
    )
    tokens = subtree_without(verb, skip)
    while len(tokens) > MAX_PHRASE_WORDS:
        trailing = [
            c
            for c in verb.rights
            if c.i not in skip
            and c.dep_ in {"prep", "npadvmod", "advmod", "advcl", "xcomp", "ccomp", "dobj"}
        ]
        if not trailing:
            return None
        skip.add(trailing[-1].i)
        tokens = subtree_without(verb, skip)
    return tokens


def words_of(tokens: list[Token], sa: bool) -> list[str]:
    """The normalised words of tokens (see :func:`reframer.rewrite.phrases.surface`)."""
    return [surface(t, self_address=sa) for t in tokens]


def _third(words: list[str], finite: int | None, lemma: str) -> list[str]:
    """Third person singular of a first-person verb phrase, for 'a friend who ...'."""
    out = to_third_person(words)
    if finite is not None:
        w = out[finite]
        table = {"am": "is", "are": "is", "were": "was", "have": "has", "do": "does"}
        if w in table:
            out[finite] = table[w]
        elif w == lemma or w == lemma.lower():
            out[finite] = third_person(lemma)
    return out


def _build_event(verb: Token, sa: bool, *, from_gerund: bool = False) -> dict[str, str] | None:
    """The four event forms of a verb's phrase, or None when it is no usable event."""
    negated = is_negated(verb)
    if any(c.lower_ in ABSOLUTES | _MINIMAL for c in verb.children if c.dep_ in {"neg", "advmod"}):
        return None
    subj = subject_of(verb)
    if _has_absolute([c for c in verb.children if c.dep_ == "npadvmod"], negated):
        return None
    tokens = phrase_tokens(verb, DROP_ADVERBS - {"not", "n't"}, negated)
    if tokens and subj is not None and subj.head.i == verb.i:  # "During lunch, I had ..."
        early = {
            t.i
            for c in verb.children
            if c.i < subj.i and c.dep_ not in {"aux", "neg"}
            for t in c.subtree
        }
        tokens = [t for t in tokens if t.i not in early]
    if not tokens or _has_absolute(tokens, negated):
        return None
    harsh = {t.i for t in tokens if t.lower_ in HARSH_WORDS and t.lower_ not in SOFT_HARSH}
    if harsh:  # "I made a typo, what an idiot": keep the event, leave the verdict out
        cut = {
            t.i
            for c in verb.children
            if c.dep_ not in {"dobj", "attr", "acomp"} and any(x.i in harsh for x in c.subtree)
            for t in c.subtree
        }
        tokens = [t for t in tokens if t.i not in cut]
        if any(t.i in harsh for t in tokens):
            return None
    if any(t.tag_ in {"WP", "WDT", "WRB"} for t in tokens):
        return None
    lemma = lemma_of(verb)
    auxes = [t for t in verb.children if t.dep_ in {"aux", "auxpass"}]
    do_aux = [a for a in auxes if lemma_of(a) == "do"]
    if do_aux and not negated:  # "why did I say that" -> "said that"
        tokens = [t for t in tokens if t.i != do_aux[0].i]
    could = [a for a in auxes if a.lower_ == "could" and a.i not in {t.i for t in tokens}]
    tokens = sorted(tokens + could, key=lambda t: t.i)
    words = words_of(tokens, sa)
    vpos = next(k for k, t in enumerate(tokens) if t.i == verb.i)
    was_past = verb.tag_ == "VBD" or any(
        a.tag_ == "VBD" or a.lower_ in {"had", "'d", "could"} for a in auxes
    )
    if not auxes and verb.tag_ in {"VBP", "VB"} and base_of_past(verb.lower_):
        was_past = True  # a past form the tagger read as present ("I forgot" as VBP)
        lemma = base_of_past(verb.lower_) or lemma
    perfect = any(lemma_of(a) == "have" for a in auxes) and verb.tag_ == "VBN"
    progressive = verb.tag_ == "VBG" and any(lemma_of(a) == "be" for a in auxes)
    if not (was_past or perfect or progressive or from_gerund):
        return None  # a present habit or state, not something that happened
    if sum(1 for t in tokens if t.dep_ not in {"aux", "auxpass", "neg"}) <= 1 and (
        lemma in _LIGHT_VERBS or lemma in NEEDS_OBJECT
    ):
        return None
    own = {
        k
        for k, t in enumerate(tokens)
        if t.dep_ in {"aux", "auxpass", "neg"} and t.head.i == verb.i
    }
    pre = [words[k] for k in range(vpos) if k not in own]
    post = [words[k] for k in range(vpos + 1, len(words)) if k not in own]
    passive = [a for a in auxes if a.dep_ == "auxpass"]
    if passive:
        head = [gerund(lemma_of(passive[0])), verb.lower_]
    elif from_gerund:
        head = [verb.lower_]
    else:
        head = [gerund(lemma)]
    ing = (["not"] if negated else []) + pre + head + post
    finite = 0
    if from_gerund:  # "for forgetting her name" -> "forgot her name"; "not speaking up" ->
        # "did not speak up"; "not being able to" -> "was not able to", never "did not be"
        neg = ["was", "not"] if lemma == "be" else ["did", "not", lemma]
        words = [*pre, *(neg if negated else [past(lemma)]), *post]
        finite = len(pre)
    elif do_aux and not negated and do_aux[0].tag_ == "VBD":  # "why did I say that"
        words[vpos] = past(lemma)
    forms = {
        "event": join(words),
        "event_ing": join(ing),
        "event_friend": join(_third(words, finite, lemma)),
    }
    if was_past or perfect or from_gerund:
        forms["event_past"] = forms["event"]
    return forms


def _reported(verb: Token, sa: bool) -> bool:
    """Whether the clause is someone else's words or thoughts ("my ex said I was ...")."""
    node = verb
    while node.dep_ in {"ccomp", "xcomp"} and node.head is not node:
        node = node.head
        subj = subject_of(node)
        if (
            lemma_of(node) in SPEECH_VERBS
            and subj is not None
            and not is_first_person(subj, self_address=sa)
        ):
            return True
    return False


def _is_event_verb(verb: Token, sa: bool) -> bool:
    """Whether a verb is something the writer did (not a label, rule, thought or forecast)."""
    subj = subject_of(verb)
    if subj is None:
        if not implicit_first_person(verb):
            return False
    elif not is_first_person(subj, self_address=sa) or _reported(verb, sa):
        return False
    lemma = lemma_of(verb)
    if lemma in MENTAL_VERBS or verb.dep_ in {"aux", "auxpass", "xcomp", "pcomp", "relcl", "acl"}:
        return False
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _NOT_EVENT_MARKS for c in verb.children
    ):
        return False  # a condition or a reason, not the event itself
    for child in verb.children:
        if (
            child.dep_ == "aux"
            and child.tag_ == "MD"
            and not (child.lower_ in {"could", "couldn't"} and is_negated(verb))
        ):
            return False
        if child.dep_ == "xcomp" and lemma in {"go", "have", "need", "suppose"}:
            return False
    if lemma == "be":
        comp = [c for c in verb.children if c.dep_ in {"attr", "acomp"}]
        perfect = verb.tag_ == "VBN" and any(lemma_of(a) == "have" for a in verb.children)
        if (verb.tag_ != "VBD" and not perfect) or not comp or is_negated(verb):
            return False
        word = comp[0].lower_
        return word not in HARSH_WORDS and word not in FEELINGS
    return verb.pos_ in {"VERB", "AUX"}


def _mistake(verb: Token) -> bool:
    """Whether a verb reads as a slip or a regret ("forgot", "missed", "didn't call")."""
    kids = {c.lower_ for c in verb.children}
    return lemma_of(verb) in MISTAKE_VERBS or is_negated(verb) or bool(kids & {"again", "late"})


def find_event(
    sent: Sentence, *, self_address: bool = False, mistakes_only: bool = False
) -> dict[str, str]:
    """The event the writer tells about: "I forgot mom's birthday again" -> "forgot mom's
    birthday" (plus -ing, third-person and past forms). With ``mistakes_only`` (for context
    sentences) only a slip or regret counts, not a neutral diary line."""
    verbs = [t for t in sent if t.pos_ in {"VERB", "AUX"}]
    verbs.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in verbs:
        if mistakes_only and not _mistake(verb):
            continue
        if subject_of(verb) is None and not _mistake(verb):
            continue  # diary style without 'I' is only trusted for clear slips
        if _is_event_verb(verb, self_address):
            forms = _build_event(verb, self_address)
            if forms:
                return forms
    for tok in sent:  # "I'm an idiot for forgetting her name" (not "I'm not weak for asking")
        if (
            tok.tag_ == "VBG"
            and tok.dep_ == "pcomp"
            and tok.head.lower_ == "for"
            and not any(c.dep_ == "neg" for a in tok.ancestors for c in a.children)
        ):
            forms = _build_event(tok, self_address, from_gerund=True)
            if forms:
                return forms
    return {}
