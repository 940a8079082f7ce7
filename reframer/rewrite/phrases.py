"""Turn spaCy tokens back into clean phrases for slots.

This is where grammatical person and spelling are normalised: contractions are expanded
("I'm" -> "I am", "didn't" -> "did not", texting "dont" -> "do not"), a lowercase "i" becomes
"I", self-talk in the second person ("you idiot, why did you say that") is turned into the first
person, and shouted words are lowered. The writer's own nouns are kept as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from spacy.tokens import Token

from reframer.rewrite.lexicon import FIRST_PERSON

__all__ = [
    "THIRD_PERSON",
    "implicit_first_person",
    "is_first_person",
    "join",
    "lemma_of",
    "subject_of",
    "subtree_without",
    "surface",
    "to_third_person",
]

_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_ATTACH: Final = frozenset({".", ",", "!", "?", ";", ":", ")", "'s", "'", "%"})
_MODAL_FULL: Final[dict[str, str]] = {"ca": "can", "wo": "will", "sha": "shall", "gon": "going"}
_DANGLING: Final = frozenset({"and", "but", "or", "so", "because", "then", ","})
_YOU_OBJECT: Final = frozenset({"dobj", "pobj", "iobj", "dative", "obj"})

THIRD_PERSON: Final[dict[str, str]] = {
    "I": "they",
    "me": "them",
    "my": "their",
    "mine": "theirs",
    "myself": "themselves",
}
"""First-person words and their third-person (singular 'they') counterparts."""


_LEMMA_FIX: Final[dict[str, str]] = {
    "m": "be",
    "'m": "be",
    "im": "be",
    "re": "be",
    "'re": "be",
    "ve": "have",
    "'ve": "have",
    "hates": "hate",
    "hated": "hate",
    "hating": "hate",
    "of": "have",
}


def lemma_of(tok: Token) -> str:
    """The lowercase lemma, corrected for texting forms and known lemmatiser slips."""
    low = tok.lower_.translate(_APOSTROPHES)
    if low in _LEMMA_FIX and (low != "of" or tok.dep_ == "aux"):
        return _LEMMA_FIX[low]
    return tok.lemma_.lower()


def _next_tag(tok: Token) -> str:
    """The tag of the next token ("" at the end of the document)."""
    return tok.nbor().tag_ if tok.i + 1 < len(tok.doc) else ""


def _you_is_subject(tok: Token) -> bool:
    """Whether a finite 'are'/'were' belongs to a 'you' subject (self-talk)."""
    head = tok.head if tok.dep_ in {"aux", "auxpass"} else tok
    return any(c.lower_ in {"you", "u"} and c.dep_.startswith("nsubj") for c in head.children)


def surface(tok: Token, *, self_address: bool = False) -> str:
    """The normalised word for one token: expanded contractions, 'I', first person."""
    raw = tok.text.translate(_APOSTROPHES)
    low = raw.lower()
    if low == "i":
        return "I"
    if self_address:
        if low in {"you", "u"}:
            return "me" if tok.dep_ in _YOU_OBJECT else "I"
        if low in {"your", "ur"}:
            return "my"
        if low == "yours":
            return "mine"
        if low == "yourself":
            return "myself"
        if low in {"are", "'re", "re"} and _you_is_subject(tok):
            return "am"
        if low == "were" and _you_is_subject(tok):
            return "was"
    if low in {"'m", "m"} and tok.i > 0 and tok.nbor(-1).lower_ == "i":
        return "am"
    if low in {"'re", "re"} and tok.lemma_ == "be":
        return "are"
    if low in {"'ve", "ve"} or (low == "of" and tok.dep_ == "aux"):
        return "have"
    if low in {"'ll", "ll"} and tok.tag_ == "MD":
        return "will"
    if low in {"'d", "d"} and tok.tag_ in {"MD", "VBD"}:
        return "had" if _next_tag(tok) == "VBN" else "would"
    if low == "'s" and tok.pos_ in {"AUX", "VERB"}:
        return "has" if _next_tag(tok) == "VBN" else "is"
    if low in {"n't", "nt"} and tok.dep_ == "neg":
        return "not"
    if low in _MODAL_FULL and tok.tag_ in {"MD", "VBG"}:
        return _MODAL_FULL[low]
    if low == "na" and tok.tag_ == "TO":
        return "to"
    if low == "u" and tok.pos_ == "PRON":
        return "you"
    if low in FIRST_PERSON:
        return low
    if raw.isupper() and len(raw) > 1 and tok.pos_ != "PROPN":
        return low
    if raw[:1].isupper() and tok.i == tok.sent.start and tok.pos_ != "PROPN":
        return low
    return raw


def join(words: Iterable[str]) -> str:
    """Join words with single spaces, attaching punctuation and possessive 's."""
    out: list[str] = []
    for word in words:
        if not word:
            continue
        if out and (word in _ATTACH or word.startswith("'s")):
            out[-1] += word
        elif out and out[-1] == "can" and word == "not":
            out[-1] = "cannot"
        else:
            out.append(word)
    while out and out[-1].lower() in _DANGLING:
        out.pop()
    while out and out[0].lower() in _DANGLING - {"so"}:
        out.pop(0)
    text = " ".join(out).strip(" ,;:-")
    return text.rstrip(".!?").strip(" ,;:-")


def subtree_without(root: Token, skip: set[int]) -> list[Token]:
    """The tokens of ``root``'s subtree, in order, minus the subtrees rooted at ``skip``."""
    drop: set[int] = set()
    for tok in root.subtree:
        if tok.i in skip and tok.i != root.i:
            drop.update(t.i for t in tok.subtree)
    return [t for t in root.subtree if t.i not in drop]


def to_third_person(words: list[str]) -> list[str]:
    """Swap first-person words for third-person ones ("my" -> "their")."""
    return [THIRD_PERSON.get(w, w) for w in words]


def is_first_person(tok: Token, *, self_address: bool = False) -> bool:
    """Whether a token refers to the writer (I/me/my/myself, or 'you' in self-talk)."""
    low = tok.lower_
    return low in FIRST_PERSON or (self_address and low in {"you", "u", "your", "yourself"})


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited from the head for conjuncts and complements."""
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}:
                return child
        if node.dep_ in {"conj", "xcomp"} and node.head is not node:
            node = node.head
            continue
        return None
    return None


def implicit_first_person(verb: Token) -> bool:
    """Diary style with the 'I' left out: "Skipped the gym again", "Got into an argument"."""
    node = verb
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    did = [a for a in node.children if a.dep_ == "aux" and a.tag_ == "VBD"]
    if node.dep_ != "ROOT" or (node.tag_ != "VBD" and not did) or subject_of(verb) is not None:
        return False
    first = next((t for t in node.sent if not (t.is_punct or t.pos_ in {"ADV", "INTJ"})), None)
    return first is not None and first.i in {node.i, *(a.i for a in did)}
