"""Whose voice a sentence is, which domain it is about, and whether its neighbour is linked.

* :func:`hold_back` says when a flagged sentence is not self-talk: sarcasm against another
  person, another person's insult reported without agreement, or a complaint about someone
  else. The engine returns no rewrite for such a sentence.
* :func:`detect_domain` names the life domain from the sentence's lemmas.
* :func:`linked` says whether the previous sentence may lend its event: only when the entry
  links them ("again", "so", "because", "that", a shared word, or the same domain with no
  situation of its own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from reframer.rewrite.checks import ROLES
from reframer.rewrite.lexicon import HARSH_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from reframer.rewrite.bank import Domain

__all__ = ["detect_domain", "hold_back", "linked"]

_SARCASM: Final = (
    re.compile(
        r"\b(?:says|said)\s+(?:the|a|an)\s+(?:\w+\s+)?(?:guy|girl|man|woman|person|one|"
        r"lady|dude|boss|someone|people|idiot|clown)\s+who\b"
    ),
    re.compile(
        r"^(?:oh\s+)?(?:sure|yeah,?\s+right|right|great|of course|oh yes)\b[,!.]*\s+"
        r"(?:i'm|i am|im)\s+the\s+(?:\w+\s+)?one\b"
    ),
    re.compile(
        r"^(?:oh\s+)?(?:sure|yeah,?\s+right|of course)\b[,!.]*\s+(?:i'm|i am|im)\s+the\s+"
        r"(?:problem|bad guy|villain)\b.*\b(?:he|she|they|you)\b"
    ),
)
_AGREE: Final = re.compile(
    r"\b(?:(?:he|she|they)(?:'s|'re| is| are| was| were) right|right about me|i agree|"
    r"it's true|it is true|fair enough|maybe|probably|i guess|i bet|must|can't argue|"
    r"cannot argue|deserve|true)"
)
_CALLING: Final = frozenset({"call", "say", "tell", "name", "yell", "scream", "shout", "text"})
_OTHERS: Final = frozenset({"he", "she", "they"})
_PEOPLE: Final = ROLES | frozenset(
    {"guy", "girl", "man", "woman", "neighbor", "neighbour", "teammate", "classmate", "ex"}
)
_SELF: Final = frozenset({"i", "me", "myself", "im", "i'm"})
_LINK_WORDS: Final = frozenset({"again", "so", "because", "that", "this", "then", "it", "which"})


def _third_person(tok: Token) -> bool:
    """Whether ``tok`` names another person (he, she, they, a name, "my boss")."""
    return tok.lower_ in _OTHERS or tok.pos_ == "PROPN" or tok.lower_ in _PEOPLE


def hold_back(doc: Doc | Span) -> bool:
    """Whether this sentence is not the writer's self-talk (no rewrite should be offered)."""
    low = " ".join(doc.text.lower().replace("\u2019", "'").split())
    if any(p.search(low) for p in _SARCASM):
        return True
    for verb in doc:
        if verb.lemma_.lower() not in _CALLING or verb.pos_ not in {"VERB", "AUX"}:
            continue
        subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subj or not _third_person(subj[0]):
            continue
        reported = {
            t.i
            for c in verb.children
            if c.dep_ in {"ccomp", "xcomp", "dobj", "oprd", "dative", "acomp", "attr"}
            for t in c.subtree
        }
        if not any(t.lower_ in HARSH_WORDS for t in doc if t.i in reported):
            continue
        rest = "".join(t.text_with_ws.lower() for t in doc if t.i not in reported)
        mine = any(t.lower_ in _SELF for t in doc if t.i not in reported)
        if not mine and not _AGREE.search(rest) and not _AGREE.search(low):
            return True
    if not any(t.lower_ in _SELF for t in doc):
        root = doc[:].root
        subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        own = any(t.lower_ in {"you", "yourself"} for t in doc)
        harsh = any(t.lower_ in HARSH_WORDS for t in doc)
        compare = any(t.lower_ in {"than", "like", "else", "together"} for t in doc)
        if subj and _third_person(subj[0]) and harsh and not own and not compare:
            return True
    return False


def detect_domain(lemmas: Sequence[str], domains: Mapping[str, Domain]) -> str:
    """The domain whose words the lemmas hit most ("general" when none)."""
    best, hits = "general", 0
    for name, domain in domains.items():
        n = sum(1 for w in lemmas if w in domain.words)
        if n > hits:
            best, hits = name, n
    return best


def linked(
    sentence: Doc | Span,
    context: Doc | Span,
    *,
    sentence_domain: str,
    context_domain: str,
) -> bool:
    """Whether the entry links ``sentence`` to the ``context`` sentence before it."""
    words = {t.lower_ for t in sentence}
    if words & _LINK_WORDS or "again" in {t.lower_ for t in context}:
        return True
    content = {t.lemma_.lower() for t in sentence if t.pos_ in {"NOUN", "VERB", "PROPN"}}
    shared = content & {t.lemma_.lower() for t in context if t.pos_ in {"NOUN", "VERB", "PROPN"}}
    if shared - {"be", "do", "have", "feel", "get", "make", "go", "think"}:
        return True
    own = [t for t in sentence if t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in HARSH_WORDS]
    if sentence_domain == context_domain and sentence_domain != "general":
        return True
    return sentence_domain == "general" and all(t.lower_ in ROLES for t in own)
