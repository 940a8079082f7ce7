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
from reframer.rewrite.lexicon import HARSH_WORDS, SOFT_HARSH
from reframer.rewrite.quality import names_self_harm

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from reframer.rewrite.bank import Domain

__all__ = ["detect_domain", "domain_lemmas", "hold_back", "linked"]

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
    r"cannot argue|deserve|true|point|not wrong|wasn't wrong|was not wrong|fair|prove|proves|"
    r"proved|confirm|confirms|confirmed|exactly|still|yeah|yes|honestly|tbh|ngl|agree|agrees|"
    r"called it|dispute|generous|argue|but|being (?:nice|kind|polite|loyal)|so (?:i|clearly|that)|clearly|"
    r"felt like|feel like|through me|my problem|evidence|disagreed|because i|and i)"
)
_REPORTED: Final = re.compile(
    r"\b(?:(?:said|says|called|calls|yelled|screamed|texted)\s+(?:to me\s+)?(?:me\s+)?"
    r"(?:that\s+)?(?:i'm|i am|im|i was|i'd|me|i)|(?:told|tells)\s+me\s+(?:that\s+)?"
    r"(?:i'm|i am|im|i was|i'd|i))\b"
)
_THIRD: Final = re.compile(r"\b(?:he|she|they|my \w+|his|her|the \w+|[a-z]+'s \w+)\b|^\s*\w+\s*$")
_OTHERS: Final = frozenset({"he", "she", "they"})
_PEOPLE: Final = ROLES | frozenset(
    {"guy", "girl", "man", "woman", "neighbor", "neighbour", "teammate", "classmate", "ex"}
)
_CORE_HARSH: Final = HARSH_WORDS - SOFT_HARSH
_SELF: Final = frozenset({"i", "me", "myself", "im", "i'm"})
_SELF_SUBJECT: Final = frozenset({"i", "im", "myself", "ive", "id", "ill"})
_NOT_COMPLAINT: Final = frozenset(
    {
        "than",
        "like",
        "else",
        "together",
        "think",
        "thinks",
        "know",
        "knows",
        "find",
        "finds",
        "believe",
        "believes",
        "see",
        "sees",
        "must",
        "probably",
        "bet",
    }
)
_LINK_WORDS: Final = frozenset({"again", "so", "because", "that", "this", "then", "it", "which"})


_TRAUMA: Final = re.compile(
    r"\b(?:rape[ds]?|raping|sexual(?:ly)?\s+assault\w*|assaulted\s+me|molest\w*|"
    r"(?:did\s*n[o']?t|never)\s+consent\w*|without\s+my\s+consent|abused\s+me|my\s+abuser|"
    r"sexual(?:ly)?\s+abus\w*|victim\s+of\s+(?:sexual\s+|child\s+)?abuse|gaslit\w*|gaslight\w*|"
    r"(?:took|taking|ripped|tore|pulled)\s+(?:off\s+)?my\s+clothes|flash\s*backs?)\b"
)
"""A disclosure of abuse, assault or gaslighting is not self-talk to reframe: it gets no rewrite
(a frame turned "a victim of sexual abuse" into "something I did" in round 15)."""

_EATING_DISORDER: Final = re.compile(
    r"\b(?:underweight|anorexi\w*|bulimi\w*|eating\s+disorder\w*|pro[\s-]?ana|thinspo\w*|"
    r"purging(?!\s+(?:my|the|old|closet|files|emails|clothes|stuff)\b)|binge\w*\s+and\s+purg\w*|"
    r"purg(?:e|ed|ing)\s+(?:after|what\s+i\s+ate|my\s+food)|"
    r"(?:make|made|making)\s+myself\s+(?:throw\s+up|vomit|puke)|"
    r"(?:when\s+i'?m|i'?m|i\s+am|been|started)\s+restricting"
    r"(?!\s+(?:my|the|his|her|their|our|access|screen)\b)|"
    r"restrict(?:ing|ed)?\s+(?:my\s+)?(?:eating|food|calories|intake|habits))\b"
)
"""Eating-disorder language: a template cannot tell a pro-ED thought ("being underweight can't
be that bad") from recovery, and a wrong rewrite could praise it. No rewrite; see
docs/crisis.md for what the gate itself answers."""

_SENSITIVE: Final = re.compile(
    r"\b(?:alcoholic|alcoholism|(?:stop|quit|quitting|stopped)\s+drinking(?!\s+(?:so\s+much\s+)?"
    r"(?:coffee|tea|soda|pop|cola|energy|water|milk|juice|caffeine|sugary))|drinking\s+problem|"
    r"sober|sobriety|relaps\w*|addicts?|addiction|addicted\s+to\s+(?:drugs|alcohol|pills|"
    r"heroin|meth|cocaine|opioids|painkillers|weed|gambling)|cocaine|heroin|meth|opioids?|"
    r"psych(?:iatric)?\s+(?:ward|hospital|unit)|mental\s+(?:hospital|health\s+unit)|loony\s+bin|"
    r"(?:psych(?:iatric)?|mental\s+health)\s+(?:inpatient|hospitali[sz]\w*|admission)|"
    r"institutionali[sz]ed|involuntary\s+hold|sectioned|"
    r"burn\s+(?:my|the|our|his|her|their)\s+(?:house|home|place|apartment)\s+down)\b"
)
"""Addiction to a substance and recovery, psychiatric hospital stays and threats of harm: a frame could soften
a resolve to quit ("Demanding that I stop drinking…"), ask what to do differently "next time"
about a hospital stay, or say a threat "will loosen". Judges found all three; such a sentence
gets no rewrite (a threat to kill someone is caught by ``names_self_harm``)."""


def _third_person(tok: Token) -> bool:
    """Whether ``tok`` names another person (he, she, they, a name, "my boss")."""
    return tok.lower_ in _OTHERS or tok.pos_ == "PROPN" or tok.lower_ in _PEOPLE


def hold_back(doc: Doc | Span) -> bool:
    """Whether this sentence gets no rewrite: it is not the writer's self-talk, it speaks of
    self-harm (the crisis gate answers that, and a rewrite must never restate it), or it
    discloses abuse or assault, or it speaks of an eating disorder, addiction or a psychiatric
    hospital stay."""
    low = " ".join(doc.text.lower().replace("\u2019", "'").split())
    if names_self_harm(low) or any(p.search(low) for p in (_TRAUMA, _EATING_DISORDER, _SENSITIVE)):
        return True
    if any(p.search(low) for p in _SARCASM):
        return True
    selves = sum(1 for t in doc if t.lower_ in _SELF_SUBJECT)
    agrees = bool(_AGREE.search(low))
    m = _REPORTED.search(low)
    if m and _THIRD.search(low[: m.start()].split(",")[-1]) and selves <= 1 and not agrees:
        after = re.findall(r"[a-z']+", low[m.end() :])[:6]
        if any(w in _CORE_HARSH for w in after):
            return True  # another person's insult, reported; the writer adds no verdict
    if not any(t.lower_ in _SELF for t in doc):
        root = doc[:].root
        subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        own = any(t.lower_ in {"you", "yourself"} for t in doc)
        harsh = any(t.lower_ in _CORE_HARSH for t in doc)
        compare = any(t.lower_ in _NOT_COMPLAINT for t in doc) or agrees
        definite = bool(subj) and not any(c.lower_ in {"a", "an"} for c in subj[0].children)
        if subj and definite and _third_person(subj[0]) and harsh and not own and not compare:
            return True
    return False


def domain_lemmas(doc: Doc | Span) -> list[str]:
    """The lemmas that may tell a life domain: "work" as a verb only when the writer works
    ("I work nights", "I have to work late"), not "work out", "it does not work" or "nothing
    works"."""
    out = []
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma == "work" and t.pos_ == "VERB":
            subject = _subject_of(t)
            if any(c.dep_ == "prt" for c in t.children) or (
                subject is not None and subject not in {"i", "we"}
            ):
                continue
        out.append(lemma)
    return out


def _subject_of(verb: Token) -> str | None:
    """The subject of ``verb``, or of the verb it depends on ("I have to work late"), lower."""
    tok: Token | None = verb
    while tok is not None:
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            return subj.lower_
        tok = tok.head if tok.dep_ in {"xcomp", "conj"} else None
    return None


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
