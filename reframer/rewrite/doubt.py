"""Doubtful slot values: a fill that the parse shows to be the wrong piece of the sentence.

:func:`reframer.rewrite.checks.clean_slots` checks that a slot value is a whole phrase; this
module checks that it is the *right* phrase, with the sentence's parse. Blind readers named a
fragment pasted into a frame as the first reason a rewrite lost ("If a friend left, …",
"How I feel about myself around the hell…", "Feeling total klutz falling is painful…").
Each check says :data:`BROKEN` (garbled English: the value is dropped) or :data:`LOOSE` (well
formed, but probably not the situation: it may be a later rewrite, never the first);
:mod:`reframer.rewrite.refill` applies them.

=============  ===========================================================================
slot           broken when (loose when)
=============  ===========================================================================
event          its verb lost an object it needs ("forgot" from "forgot to lock the door"),
               it holds a run-on clause ("burned the toast it set off the alarm"), it is
               passive ("was shouted at"), "used to …", a light verb alone ("stopped"), or
               someone else's act (loose: before "but", negated above "never felt like I
               fitted in", under "proud of", "had a good job and lost it")
topic          a number, a person, a predicate ("that is the problem"), an adjective ("the
               silly"), a cut compound (loose: an idiom's end "the notion", no determiner, "a
               rest", scene-setting, inside another noun's phrase "part of that choir")
thought        it does not start with its subject ("still cannot manage to…", "them all"),
               has no verb ("the hardest bit of all"), runs two clauses together ("I cannot
               my chest is tight"), ends on a verb that needs an object ("… and I hate") or
               on a determiner cut from its noun ("… proven right this") (loose: the
               concession before "but", a mild first clause)
feeling        negated ("at least I am not angry")
counterexample inverted: the absolute denied something bad ("I never said anything rude")
should         inside a relative clause, past ("needed to rest"), negated, or dangling
prediction     two clauses run together (loose: a plan, not a fear: "I will read a book")
=============  ===========================================================================

Labels and persons are checked in :mod:`reframer.rewrite.insults`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Final

from reframer.rewrite.insults import INSULTS, PERSON_NOUNS
from reframer.rewrite.lexicon import NEEDS_OBJECT
from reframer.rewrite.quality import harsh_words_in

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "ABSTRACT",
    "BROKEN",
    "DETERMINERS",
    "LOOSE",
    "NEGATIVE",
    "Doubt",
    "doubtful_counterexample",
    "doubtful_event",
    "doubtful_feeling",
    "doubtful_prediction",
    "doubtful_should",
    "doubtful_thought",
    "doubtful_topic",
    "find_token",
    "norm",
]

ABSTRACT: Final = frozenset(
    """case end illusion distance stage positivity negativity presence monotony acknowledgement
    influx reminder disconnect story words voices space core head mind brain eyes heart soul skin
    potential truth ability idea fact point level middle thing things stuff way ways time times
    lot part sort kind rest world earth planet universe fear week weeks month months night nights
    weekend cause""".split()
)
"""Topic heads that are an idiom's end or too abstract to be the situation ("the illusion")."""
_AUX: Final = frozenset(
    "have has had am is are was were be been being do does did will would can could".split()
)
BROKEN: Final = "broken"
"""A value that reads as garbled English: it is dropped."""
LOOSE: Final = "loose"
"""A value that is well formed but probably not the situation: it may not lead."""
Doubt = str | None
_OF_HEADS: Final = frozenset({"NOUN", "PRON", "NUM", "ADJ", "ADP"})
_PLAIN: Final = re.compile(r"[A-Za-z][A-Za-z'\- ]*")
DETERMINERS: Final = frozenset({"the", "my", "this", "that", "these", "those", "our", "his", "her"})
_ADJ_ENDS: Final = ("ish", "ous", "less", "ful", "ive")
_SELF_CRITICAL: Final = re.compile(
    r"(?i)\b(?:hate (?:myself|me)|my fault|not good enough|never enough|worthless|deserve)\b"
)
_VERB_S: Final = re.compile(r"(?i)'s (?:a|an|the|so|not|very|just|my|too|been|going)\b")
_GLAD: Final = frozenset({"proud", "happy", "glad", "grateful", "thankful", "excited"})
_RUN_ON: Final = re.compile(r"(?i)\bI\b(?:(?!\b(?:and|but|or|because|that|if|when|so)\b).)+\bI\b")
_FOLD: Final[dict[str, str]] = {
    **dict.fromkeys("am is are was were be been being 'm 're 's".split(), "be"),
    **dict.fromkeys("have has had 've 'd".split(), "have"),
    "n't": "not", "ca": "can", "wo": "will", "'ll": "will",
}  # fmt: skip
_SAY: Final = frozenset({"tell", "say", "think", "know", "realize", "realise", "believe"})
_MODAL_END: Final = frozenset({"should", "not", "must", "could", "would", "to", "never"})
_REST: Final = 3
"""Words after a mild thought that show the sentence's criticism is elsewhere."""
_CONCESSION: Final = frozenset({"but", "yet", "though", "although", "however"})
_OBJECT_START: Final = frozenset({"me", "myself", "him", "them", "us"})
"""A thought cut from "it makes me cry" starts with an object pronoun: only "me" before a bare
verb can be said by the writer ("me cry alone" -> "I cry alone", see ``refill``)."""
_TEXTING_MODALS: Final = frozenset("cant couldnt wont wouldnt shouldnt mustnt".split())
_NOT_A_VERB: Final = frozenset("my the a an this that his her their your our its".split())
_NEEDS_OBJECT_END: Final = frozenset(
    {"hate", "love", "want", "need", "like", "make", "do", "get", "take", "find", "have"}
)
_LIGHT: Final = NEEDS_OBJECT | frozenset(
    {"allow", "forget", "become", "make", "do", "have", "get", "let", "begin", "stop", "start"}
)
NEGATIVE: Final = re.compile(
    r"(?i)\b(?:not|never|no|nobody|nothing|no one|cannot|fail\w*|ruin\w*|lose|losing|lost|"
    r"alone|die|dying|dead|fired|flunk\w*|hate\w*|mess\w*|screw\w*|disappoint\w*|leave|left|"
    r"bad|worse|worst|wrong|end up|forever|always|everyone|embarrass\w*|reject\w*|judg\w*|"
    r"laugh\w*|break|broke|broken|miss\w*|hurt|ruin|quit)\b"
)
_INVERTED: Final = re.compile(
    r"(?i)\b(?:wrong|blam\w*|fail\w*|mess\w*|ruin\w*|hurt|hate\w*|lie|lied|despite|like)\b"
)


@lru_cache(maxsize=16384)  # a pure function of one word, called per token
def norm(word: str) -> str:
    """A word as compared: lowercase, contractions and forms of "be"/"have" folded."""
    low = word.lower().replace("\u2019", "'").strip(".,!?;:")
    return _FOLD.get(low, low)


def find_token(
    doc: Doc | Span, word: str, pos: frozenset[str] | None = None, after: Sequence[str] = ()
) -> Token | None:
    """The token of ``doc`` spelled ``word`` (of a part of speech in ``pos``) whose next words
    best match ``after``; failing that, one whose lemma begins the word ("allow"/"allowed")."""
    want = norm(word)
    hits = [t for t in doc if norm(t.text) == want]
    if not hits and len(want) > 3:
        hits = [t for t in doc if len(t.lemma_) > 3 and want.startswith(t.lemma_.lower())]
    if pos is not None:
        hits = [t for t in hits if t.pos_ in pos] or hits
    if not hits:
        return None
    nxt = {norm(w) for w in after[:4]}
    return max(
        hits, key=lambda t: (sum(norm(x.text) in nxt for x in t.doc[t.i + 1 : t.i + 6]), -t.i)
    )


def doubtful_topic(value: str, doc: Doc | Span) -> Doubt:
    """Whether the topic is broken or only loose (see the module table)."""
    words = [norm(w) for w in value.split()]
    head = words[-1].split("-")[-1] if words else ""
    if not words or not _PLAIN.fullmatch(value) or head in PERSON_NOUNS:
        return BROKEN  # "2 emails", "the b&b's rules", "the team mates"
    if words[-1].endswith(_ADJ_ENDS) or _VERB_S.search(value) or _cut_compound(value, doc):
        return BROKEN  # "the silly", "my dad's a saint", "my OCD" (flares)
    root = find_token(doc, words[-1], frozenset({"NOUN", "PROPN"}))
    if root is not None and (
        root.pos_ not in {"NOUN", "PROPN"} or root.dep_ in {"attr", "acomp", "oprd"}
    ):
        return BROKEN  # "that is the problem", "my only real skill"
    if root is not None and root.dep_ == "ROOT":
        return BROKEN  # a title glued to the sentence ("Cooking disasters I …")
    if head in ABSTRACT or words[0] in {"a", "an"}:
        return LOOSE  # "the notion", "a rest"
    if words[0] not in DETERMINERS and not words[0].endswith("'s"):
        return LOOSE  # no determiner: "dinner", "nice things" name no one situation
    if root is None:
        return None
    if _scene(root):
        return LOOSE  # "Even reading this email, I …": scene-setting before the main clause
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ in _OF_HEADS:
        return LOOSE  # "part of that choir", "some of my photos", "out of habit"
    if root.dep_ == "pobj" and prep.lower_ == "like":
        return LOOSE  # "like the odd one out": a comparison, not the situation
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
        return LOOSE  # "the crowd" cut from "the crowd of strangers"
    return None


def _scene(tok: Token) -> bool:
    """Whether ``tok`` sits in an adverbial before the sentence's main verb ("At the gym, …")."""
    top = tok.sent.root
    for anc in [tok, *tok.ancestors]:
        if anc.head.i == top.i and anc.i != top.i:
            return anc.dep_ in {"advcl", "prep", "npadvmod", "advmod"} and anc.i < top.i
    return False


def _event_head(value: str, doc: Doc | Span) -> Token | None:
    """The verb of an event: its first main verb, else the verb its first auxiliary serves."""
    words = value.split()
    verbs = [
        t
        for k, w in enumerate(words)
        if (t := find_token(doc, w, frozenset({"VERB", "AUX"}), words[k + 1 :])) is not None
        and t.pos_ in {"VERB", "AUX"}
    ]
    main = [t for t in verbs if t.pos_ == "VERB"]
    if main:
        return main[0]
    if not verbs:
        return None
    aux = verbs[0]
    return aux.head if aux.dep_ in {"aux", "auxpass"} and aux.head.pos_ == "VERB" else aux


def _cut_compound(value: str, doc: Doc | Span) -> bool:
    """Whether the value ends on the first half of a compound ("IT" of "IT trouble")."""
    words = value.split()
    last = find_token(doc, words[-1], None, ()) if words else None
    return (
        last is not None
        and last.dep_ == "compound"
        and last.head.i > last.i
        and norm(last.head.text) not in {norm(w) for w in words}
    )


def _conceded(verb: Token) -> bool:
    """Whether the clause of ``verb`` is followed by "but …" (the criticism comes after) or by
    a negated clause ("I made plans and cannot keep one")."""
    for tok in [verb, *(c for c in verb.children if c.dep_ == "conj")]:
        for child in tok.children:
            if child.dep_ == "cc" and child.lower_ in _CONCESSION and child.i > verb.i:
                return True
            if (
                child.dep_ == "conj"
                and child.i > verb.i
                and any(c.dep_ == "neg" for c in child.children)
            ):
                return True
    return False


def doubtful_event(value: str, doc: Doc | Span) -> Doubt:
    """Whether the event is broken or only loose (see the module table)."""
    if "--" in value or " - " in value:
        return BROKEN
    verb = _event_head(value, doc)
    if verb is None:
        return None
    words = {norm(w) for w in value.split()}
    at = next((k for k, w in enumerate(value.split()) if norm(w) == norm(verb.text)), 0)
    content = value.split()[at:]  # the verb and what follows it
    for child in verb.children:
        if child.dep_ in {"dobj", "attr"} and norm(child.text) not in words:
            return BROKEN  # "forgot" from "forgot the keys" / "what did I do"
        if child.dep_ in {"ccomp", "xcomp"} and not {norm(t.text) for t in child.subtree} & words:
            needs = not any(c.dep_ == "dobj" for c in verb.children) or verb.lemma_ in _SAY
            if needs and len(content) <= 3:
                return BROKEN  # "has just begun" (to doubt …), "told myself" (…)
        if child.dep_ == "auxpass" or (child.dep_ == "neg" and "not" not in words):
            return BROKEN  # "was shouted at"; a negation the value dropped
    if verb.lemma_ == "use" and any(c.dep_ == "xcomp" for c in verb.children):
        return BROKEN  # "used to sing" is a habit, not an act
    if len(content) == 1 and verb.lemma_ in _LIGHT:
        return BROKEN  # "stopped"
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is not None and subj.lower_ not in {"i", "me", "myself", "you"}:
        return BROKEN  # "this taking so long": not the writer's act
    if _cut_compound(value, doc):
        return BROKEN  # "left the course due to IT" (trouble)
    start, end = verb.i, verb.i + len(value.split()) + 2
    span = [t for t in doc if start < t.i < end and norm(t.text) in words]
    if any(
        t.dep_ in {"nsubj", "nsubjpass"}
        and t.head.i != verb.i
        and t.head.pos_ in {"VERB", "AUX"}
        and t.head.dep_ in {"ccomp", "conj", "parataxis", "ROOT"}
        and not any(c.dep_ == "mark" for c in t.head.children)
        for t in span
    ):
        return BROKEN  # a run-on second clause: "burned the toast it set off the alarm"
    if _conceded(verb):
        return LOOSE  # "I was finally sleeping well, but …": the act is after "but"
    if verb.lemma_ in {"have", "get", "be"} and any(c.dep_ == "conj" for c in verb.children):
        return LOOSE  # "I had a good job and lost it": the act is the second verb
    if any(any(c.dep_ == "neg" for c in anc.children) for anc in verb.ancestors):
        return LOOSE  # "I never felt like I fitted in"
    if any(
        a.lemma_.lower() in _GLAD or any(c.lemma_.lower() in _GLAD for c in a.children)
        for a in verb.ancestors
    ):
        return LOOSE  # "proud of myself for finishing the course": no mistake
    return None


def doubtful_thought(value: str, doc: Doc | Span) -> Doubt:
    """Whether the thought is broken or only loose (see the module table)."""
    words = value.split()
    first = find_token(doc, words[0], None, words[1:]) if words else None
    if first is None:
        return None
    subject = first.dep_ in {"nsubj", "nsubjpass", "expl"} or (
        first.head.dep_ in {"nsubj", "nsubjpass"} and first.dep_ in {"det", "poss", "amod"}
    )
    if not subject:
        return BROKEN  # "still cannot manage to…", "the nights when I sulk"
    if norm(words[0]) in _OBJECT_START:
        verb = first.nbor(1) if first.i + 1 < len(first.doc) else None
        if words[0].lower() != "me" or verb is None or verb.tag_ != "VB":
            return BROKEN  # "them all day": no clause the writer could say
    tail = [t for t in doc if t.i >= first.i][: len(words) + 2]
    if _run_together(tail, [w.lower() for w in words]):
        return BROKEN  # two clauses run together: "I cannot my chest is tight"
    if not any(t.pos_ in {"VERB", "AUX"} and norm(t.text) in map(norm, words) for t in tail):
        return BROKEN  # "the hardest bit of all"
    last = norm(words[-1])
    if last in _NEEDS_OBJECT_END:
        return BROKEN  # "this is so petty and I hate"
    end = next((t for t in reversed(tail) if norm(t.text) == last), None)
    if end is not None and end.dep_ == "det" and end.head.i > end.i:
        return BROKEN  # a determiner cut from its noun: "I will be proven right this"
    after = [t for t in doc if t.i > first.i and not t.is_punct]
    pos = next((k for k, t in enumerate(after) if norm(t.text) == last), None)
    nxt = after[pos + 1] if pos is not None and pos + 1 < len(after) else None
    if nxt is not None and nxt.lower_ in _CONCESSION:
        return LOOSE  # the criticism comes after "but"
    rest = len(after) - (pos + 1) if pos is not None else 0
    mild = not (harsh_words_in(value) or _SELF_CRITICAL.search(value))
    return LOOSE if mild and rest >= _REST else None  # the criticism is in what follows


def _run_together(tokens: Sequence[Token], words: Sequence[str]) -> bool:
    """Whether a modal is followed by no verb but a determiner ("I cannot my chest is
    tight"): as parsed (a modal tag, its "not" skipped) or, for texting spellings the parser
    does not split ("couldnt my"), as written."""
    for k, tok in enumerate(tokens):
        if tok.tag_ != "MD":
            continue
        rest = [t for t in tokens[k + 1 :] if t.dep_ != "neg"]
        if rest and rest[0].lower_ in _NOT_A_VERB:
            return True
    return any(a in _TEXTING_MODALS and b in _NOT_A_VERB for a, b in pairwise(words))


def doubtful_feeling(value: str, doc: Doc | Span) -> bool:
    """Whether the feeling is denied ("at least I am not angry")."""
    tok = find_token(doc, value.split()[-1]) if value.split() else None
    if tok is None:
        return False
    return any(c.dep_ == "neg" for c in [*tok.children, *tok.head.children])


def doubtful_counterexample(value: str) -> bool:
    """Whether the exception inverts a denial of something bad ("I said something rude" from
    "I never said anything rude") or is too long to read."""
    return bool(_INVERTED.search(value)) or len(value.split()) > 8


def doubtful_should(value: str, rule: str | None, doc: Doc | Span) -> bool:
    """Whether the rule is not the writer's present rule (see the module table)."""
    tail = rule.lower().split()[-2:] if rule else []
    if len(tail) == 2 and tail[0] in _MODAL_END and norm(tail[1]) in {"have", "be"}:
        return True  # "should not have", "should be"
    verb = _event_head(value, doc)
    if verb is None:
        return False
    if any(a.dep_ == "relcl" for a in [verb, *verb.ancestors]):
        return True  # "the calls I should be returning"
    head = verb.head
    return head.lemma_ in {"need", "have"} and (
        head.tag_ == "VBD" or any(c.dep_ == "neg" for c in head.children)
    )  # "needed to rest", "had to leave early", "I do not need to cook"


def doubtful_prediction(value: str) -> Doubt:
    """Whether a prediction is two clauses run together ("I will not cope I will give
    up") or a plan, not a fear (no negative or harsh word in it)."""
    if _RUN_ON.search(value):
        return BROKEN
    fear = NEGATIVE.search(value) or any(w in INSULTS for w in value.lower().split())
    return None if fear else LOOSE
