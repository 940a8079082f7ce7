"""Rule-like clauses: the should-clause, the prediction and the counterexample to an absolute.

Like :mod:`reframer.rewrite.clauses`, each finder takes one parsed sentence and returns a
mapping of slot name to phrase (empty when the sentence has no such clause).
"""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Token

from reframer.rewrite.clauses import (
    CLAUSE_SKIP,
    FILLER_ADVERBS,
    MAX_PHRASE_WORDS,
    Sentence,
    is_noise,
    phrase_tokens,
    words_of,
)
from reframer.rewrite.inflect import gerund, past
from reframer.rewrite.lexicon import ABSOLUTES, HARSH_WORDS, MENTAL_VERBS, SOFT_HARSH
from reframer.rewrite.phrases import (
    is_first_person,
    join,
    lemma_of,
    subject_of,
    subtree_without,
    surface,
)

__all__ = [
    "find_counterexample",
    "find_prediction",
    "find_question",
    "find_should",
    "find_thought",
]


def _modal_head(tok: Token) -> tuple[Token, list[str]] | None:
    """For a should-type word, the verb it governs and the words of the rule's modal part."""
    low = tok.lower_
    if tok.tag_ == "MD" and low in {"should", "must", "ought", "shoulda", "gotta"}:
        prefix = ["ought", "to"] if low == "ought" else [low if low != "shoulda" else "should"]
        return tok.head, prefix
    if lemma_of(tok) in {"have", "need"} and tok.pos_ == "VERB" and tok.dep_ != "aux":
        for child in tok.children:
            if child.dep_ == "xcomp" and any(a.lower_ == "to" for a in child.children):
                return child, [surface(tok), "to"]
    if low == "supposed":
        for child in tok.children:
            if child.dep_ == "xcomp":
                be = [
                    a for a in tok.children if lemma_of(a) == "be" and a.dep_ in {"aux", "auxpass"}
                ]
                return child, [*(surface(b) for b in be), "supposed", "to"]
    return None


def _epistemic(verb: Token) -> bool:
    """'must' used to conclude, not to demand: "must be stupid", "must be slacking"."""
    if verb.tag_ == "VBG" or any(lemma_of(c) == "have" for c in verb.children if c.dep_ == "aux"):
        return True
    return lemma_of(verb) == "be" and any(t.lower_ in HARSH_WORDS for t in verb.subtree)


def find_should(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """The should-clause: "I should have called her" -> should "called her", should_rule
    "should have called her", should_ing "calling her", should_past "called her"."""
    for tok in sent:
        found = _modal_head(tok)
        if found is None:
            continue
        verb, prefix = found
        subj = subject_of(tok if tok.dep_ != "aux" else verb)
        if subj is None or not is_first_person(subj, self_address=self_address):
            continue
        if tok.lower_ == "must" and _epistemic(verb):
            continue  # "I must be stupid" is a conclusion, not a rule
        tokens = phrase_tokens(verb, FILLER_ADVERBS, negated=False)
        if not tokens:
            continue
        perfect = any(
            t.dep_ == "aux" and lemma_of(t) == "have" and t.head.i == verb.i for t in tokens
        )
        neg = [t for t in tokens if t.dep_ == "neg" and t.head.i == verb.i]
        body = [
            t
            for t in tokens
            if not (
                t.head.i == verb.i
                and (t.dep_ in {"aux", "auxpass", "neg"} and t.lower_ not in {"be", "been"})
            )
        ]
        body = [t for t in body if t.i != tok.i]
        if not body or (lemma_of(verb) == "be" and len(body) == 1):
            continue
        words = words_of(body, self_address)
        negw = [surface(n) for n in neg]
        vpos = next((k for k, t in enumerate(body) if t.i == verb.i), 0)
        lemma = lemma_of(verb)
        ing = [*words[:vpos], gerund(lemma), *words[vpos + 1 :]]
        rule = [*prefix, *negw, *(["have"] if perfect else []), *words]
        forms = {
            "should": join([*negw, *words]),
            "should_rule": join(rule),
            "should_ing": join(["not", *ing] if negw and negw != ["never"] else [*negw, *ing]),
        }
        forms["should_past" if perfect else "should_do"] = forms["should"]
        return forms
    return {}


_PREDICTION_SUBJECTS: Final = frozenset(
    {
        "it",
        "this",
        "that",
        "everything",
        "nothing",
        "nobody",
        "no",
        "things",
        "everyone",
        "everybody",
        "one",
        "noone",
    }
)


def find_prediction(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """A forecast in the writer's words: "I'll never get a job" -> "I will never get a job"."""
    for tok in sent:
        low = tok.lower_
        root: Token | None = None
        if tok.tag_ == "MD" and low in {"will", "'ll", "ll", "wo", "shall"}:
            root = tok.head
        elif low in {"going", "gon"} and any(
            c.dep_ == "xcomp" and any(a.lower_ in {"to", "na"} for a in c.children)
            for c in tok.children
        ):
            root = tok
        if root is None:
            continue
        subj = subject_of(root)
        if subj is None:
            continue
        if not (
            is_first_person(subj, self_address=self_address) or subj.lower_ in _PREDICTION_SUBJECTS
        ):
            continue
        skip = {
            c.i for c in root.children if c.dep_ in CLAUSE_SKIP - {"nsubj", "nsubjpass", "expl"}
        }
        skip.update(t.i for t in root.subtree if is_noise(t, FILLER_ADVERBS))
        tokens = subtree_without(root, skip)
        if len(tokens) > MAX_PHRASE_WORDS + 2 or tokens[0].i != subj.left_edge.i:
            continue
        return {"prediction": join(words_of(tokens, self_address))}
    return {}


_SOME: Final[dict[str, str]] = {
    "anything": "something",
    "anyone": "someone",
    "anybody": "somebody",
    "nothing": "something",
    "nobody": "somebody",
    "any": "some",
    "ever": "",
}
_ALWAYS: Final = frozenset({"always", "constantly", "forever"})
_VAGUE_OBJECTS: Final = frozenset({"sense", "feeling", "impression", "vibe", "idea", "urge"})


_WRONGDOING: Final = re.compile(
    r"(?i)\b(?:mean|cruel|forced?|hurt|hit|hitting|cheat\w*|lied|lie|lying|st[oe]le|steal\w*|"
    r"kill\w*|yell\w*|scream\w*|abus\w*|attack\w*|threaten\w*|punch\w*|slap\w*|"
    r"manipulat\w*|betray\w*|drunk|drank|drugs?|wrong|anything bad|something bad)\b"
)
"""What no counterexample may ask the writer to recall doing ("a time I was so mean")."""


def find_counterexample(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """The exception an absolute leaves out, in the past tense: "I never finish anything" ->
    "finished something"; "I always say the wrong thing" -> "did not say the wrong thing"."""
    verbs = sorted(
        (t for t in sent if t.pos_ in {"VERB", "AUX"}), key=lambda t: (t.dep_ != "ROOT", t.i)
    )
    for verb in verbs:
        subj = subject_of(verb)
        lemma = lemma_of(verb)
        if subj is None or not is_first_person(subj, self_address=self_address):
            continue
        if lemma in MENTAL_VERBS or verb.dep_ not in {"ROOT", "conj", "ccomp", "parataxis"}:
            continue
        if any(c.dep_ == "dobj" and c.lower_ in _VAGUE_OBJECTS for c in verb.children):
            continue
        kids = list(verb.children)
        never = any(c.lower_ == "never" for c in kids)
        neg = any(c.dep_ == "neg" and c.lower_ != "never" for c in kids)
        npi = any(t.lower_ in _SOME and t.lower_ != "ever" for t in verb.subtree)
        always = any(c.lower_ in _ALWAYS for c in kids) or any(
            c.lower_ == "time" and any(d.lower_ == "every" for d in c.children) for c in kids
        )
        if never or (neg and npi):
            positive = True
        elif always and not neg:
            positive = False
        else:
            continue
        skip = {
            c.i
            for c in kids
            if c.dep_ in CLAUSE_SKIP
            or c.dep_ in {"aux", "neg", "relcl"}
            or c.tag_ in {"WRB", "WP"}
            or c.lower_ in _ALWAYS
            or (c.lower_ == "time" and c.dep_ == "npadvmod")
        }
        skip.update(
            t.i
            for t in verb.subtree
            if t.i != verb.i and (is_noise(t, FILLER_ADVERBS) or t.dep_ in {"relcl", "acl"})
        )
        rest = [t for t in subtree_without(verb, skip) if t.i != verb.i]
        if any(t.dep_ in {"nsubj", "nsubjpass"} or t.tag_ in {"WRB", "WP"} for t in rest):
            continue
        if lemma == "be" and any(
            t.lower_ in HARSH_WORDS or t.lower_ in {"one", "type", "kind"} or t.pos_ == "PRON"
            for t in rest
        ):
            continue
        words = [_SOME.get(t.lower_, surface(t, self_address=self_address)) for t in rest]
        if lemma == "be":
            head = ["was"] if positive else ["was", "not"]
        else:
            head = [past(lemma)] if positive else ["did", "not", lemma]
        phrase = join([*head, *words])
        if positive and (
            _WRONGDOING.search(phrase) or any(w.lower() in HARSH_WORDS for w in words)
        ):
            return {}  # "I never forced him" has no exception to recall: "a time I forced him"
        if 1 < len(phrase.split()) <= 10 or (phrase and not positive):
            return {"counterexample": phrase}
    return {}


def _first_clause(tokens: list[Token]) -> list[Token]:
    """Tokens up to the first comma that follows at least three words, without punctuation."""
    out: list[Token] = []
    for tok in tokens:
        if tok.text == "," and len(out) >= 3:
            break
        if not tok.is_punct:
            out.append(tok)
    return out


_QUESTION_STARTS: Final = frozenset(
    {
        "why",
        "how",
        "what",
        "who",
        "whom",
        "can",
        "could",
        "am",
        "is",
        "does",
        "do",
        "did",
        "will",
        "would",
        "should",
        "was",
        "are",
    }
)


def find_question(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """A self-critical question in the writer's words, without the question mark:
    "why am I like this?" -> "why am I like this"."""
    tokens = _first_clause(
        [t for t in sent if not is_noise(t, FILLER_ADVERBS - {"even", "really"}) or t.text == ","]
    )
    if not tokens or not 3 <= len(tokens) <= 12:
        return {}
    asked = sent.text.rstrip().endswith("?") or tokens[0].lower_ in _QUESTION_STARTS - {
        "can",
        "could",
        "am",
        "is",
        "does",
        "do",
        "did",
        "will",
        "would",
        "should",
        "was",
        "are",
    }
    if not asked or tokens[0].lower_ not in _QUESTION_STARTS:
        return {}
    if any(t.lower_ in {"you", "your", "u"} for t in tokens) and not self_address:
        return {}
    if not any(is_first_person(t, self_address=self_address) for t in tokens):
        return {}
    question = join(words_of(tokens, self_address))
    out = {"question": question}
    indirect = indirect_question(question)
    if indirect is not None:
        out["question_indirect"] = indirect
    return out


_INVERTED: Final = re.compile(
    r"(?i)^(why|how|what|when|where)\s+(do|does|did|am|was|is|are|were|can|cannot|could|will|"
    r"would|should|have|has)\s+(not\s+)?i\b\s*(.*)$"
)
_YES_NO: Final = re.compile(
    r"(?i)^(am|was|can|could|will|would|should|do|did|have)\s+(not\s+)?i\b\s*(.*)$"
)
_ADVERB_FIRST: Final = frozenset({"ever", "even", "just", "really", "always", "never", "still"})
_WH_ABOUT_ME: Final = re.compile(r"(?i)^(?:what|who)\s+(?:is|was)\s+.*\b(?:me|my|myself)\b")


def indirect_question(question: str) -> str | None:
    """A question as it reads inside a sentence ("Asking myself …"): "why do I forget
    everything" -> "why I forget everything", "why am I not important" -> "why I am not
    important", "am I a bad person" -> "whether I am a bad person", "what is wrong with me"
    unchanged. None when it is no question of the writer's in that shape."""
    q = " ".join(question.replace("’", "'").replace("can't", "cannot").split()).rstrip("?!. ")
    q = re.sub(r"(?i)\b(what|who|how)'s\b", r"\1 is", q)
    q = " ".join(w.lower() if w.isupper() and len(w) > 1 else w for w in q.split())
    q = re.sub(
        r"(?i)\b(do|does|did|is|was|are|were|have|has|could|would|should)n't\b", r"\1 not", q
    )
    if _WH_ABOUT_ME.match(q):
        return q[0].lower() + q[1:]
    m = _INVERTED.match(q)
    if m:
        wh, aux, neg, rest = m.group(1).lower(), m.group(2).lower(), m.group(3), m.group(4)
        if rest[:1] in {",", ";", ":"}:
            return None  # "why do I, of all people, fail": no clean inner question
        if not rest:
            return None
        if aux in {"do", "does"}:
            verb = "do not " if neg else ""
        elif aux == "did":
            if neg:
                verb = "did not "
            else:
                first, _, tail = rest.partition(" ")
                if first.lower() in _ADVERB_FIRST:
                    return None  # "why did I ever …": no plain past to give
                rest = " ".join(p for p in (past(first), tail) if p)
                verb = ""
        else:
            verb = f"{aux} not " if neg else f"{aux} "
        return f"{wh} I {verb}{rest}".strip()
    m = _YES_NO.match(q)
    if m and m.group(3).lstrip(",;: "):
        aux, neg, rest = m.group(1).lower(), m.group(2), m.group(3).lstrip(",;: ")
        if aux == "do":
            return f"whether I {'do not ' if neg else ''}{rest}"
        if aux == "did":
            if neg:
                return f"whether I did not {rest}"
            first, _, tail = rest.partition(" ")
            if first.lower() in _ADVERB_FIRST:
                return None
            return " ".join(p for p in ("whether I", past(first), tail) if p)
        return f"whether I {aux} {'not ' if neg else ''}{rest}"
    return None


_THOUGHT_BLOCK: Final = frozenset(
    {"why", "how", "what", "?", "you", "your", "fault", "kill", "die", "dead", "hurt"}
)


_THOUGHT_LEADS: Final = frozenset({"yet", "but", "and", "so", "also", "then", "well", "plus", "or"})


def find_thought(sent: Sentence, *, self_address: bool = False) -> dict[str, str]:
    """The writer's thought as a whole clause, for defusion ("I notice the thought that ..."):
    "Nothing I do is ever good enough" -> "nothing I do is ever good enough". Left empty for
    questions, long sentences and sentences with a harsh self-label (those are quoted instead)."""
    tokens = _first_clause(
        [t for t in sent if not is_noise(t, FILLER_ADVERBS - {"even"}) or t.text == ","]
    )
    if not 3 <= len(tokens) <= 14:
        return {}
    lows = {t.lower_ for t in tokens}
    if lows & _THOUGHT_BLOCK or any(
        t.lower_ in HARSH_WORDS and t.pos_ in {"NOUN", "ADJ"} and t.lower_ not in SOFT_HARSH
        for t in tokens
    ):
        return {}
    if sent.text.rstrip().endswith("?"):
        return {}
    words = [w for w in words_of(tokens, self_address) if w]
    while words and words[0].lower() in _THOUGHT_LEADS:
        words = words[1:]  # "but nothing I try works" -> "nothing I try works"
    if not any(
        is_first_person(t, self_address=self_address) or t.lower_ in ABSOLUTES for t in tokens
    ):
        return {}
    return {"thought": join(words)} if len(words) >= 3 else {}
