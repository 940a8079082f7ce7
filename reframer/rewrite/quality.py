"""The quality gate: checks on one rewrite, and rates over many sentences.

:func:`check_rewrite` returns a list of problems (empty when the rewrite is fine); each problem
is a string ``"code: detail"`` with one of the codes in :data:`PROBLEM_CODES`.
:func:`gate_rates` computes the rates the project tracks over a set of sentences and their
rewrites; :func:`evaluate` runs a :class:`~reframer.protocols.Rewriter` and rates it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from spacy.lang.en.stop_words import STOP_WORDS

from reframer.rewrite.lexicon import (
    FEELING_NOUNS,
    HARSH_WORDS,
    MINIMISING_PHRASES,
    PROMISED_OUTCOMES,
)
from reframer.rewrite.templates import MAX_WORDS, MIN_WORDS
from reframer.schema import Reframe

if TYPE_CHECKING:
    from reframer.protocols import Rewriter

__all__ = [
    "PROBLEM_CODES",
    "GateReport",
    "check_rewrite",
    "content_words",
    "evaluate",
    "gate_rates",
    "harsh_words_in",
    "mentions_content",
    "names_self_harm",
]

PROBLEM_CODES: Final = (
    "unfilled_slot",
    "repeated_word",
    "double_space",
    "capitalisation",
    "end_punctuation",
    "length",
    "asserts_label",
    "minimising",
    "promised_outcome",
    "second_person",
    "harm",
)
_WORD: Final = re.compile(r"[a-z][a-z']*")
_APOS: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_ASSERT_LEAD: Final = (
    r"\b(?:i am|i'm|im|i was|i've been|i have been|i feel like|i really am|i will be|"
    r"i'll be|i'd be|i must be|i became|i become|i turn into|makes me|made me|make me|"
    r"turns me into|turned me into|proves i am|proves i'm|means i am|means i'm|"
    r"i will always be|i'll always be|i'm always|i am always)"
    r"\s+(?:(?:a|an|the|such|so|really|truly|totally|completely|just|such|total|complete|"
    r"biggest|big|huge|real)\s+)*['\"]?"
)
_NEGATION: Final = re.compile(
    r"\b(?:not|n't|no|never|nor|without|instead of|rather than|neither|cannot|can't)\b"
)
_HARSH: Final = tuple(sorted(HARSH_WORDS))
_MINIMISING: Final = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in MINIMISING_PHRASES) + r")\b"
)
_PROMISES: Final = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PROMISED_OUTCOMES) + r")\b")
_SECOND: Final = re.compile(r"\b(?:you|your|yours|yourself|you're|you've|you'll)\b")
_HARM: Final = re.compile(
    r"\b(?:starv\w*|suicid\w*|overdos\w*|self[- ]?harm\w*|to death|"
    r"(?:kill|hurt|cut|harm|burn)(?:ing|s|ed)?\s+myself|end(?:ing)?\s+(?:my life|it all)|"
    r"want(?:ed)?\s+to\s+die|(?:wish|wished)\s+i\s+(?:was|were)\s+dead|"
    r"(?:cannot|can\s*not|can'?t|could\s*not|couldn'?t)\s+go\s+on(?:\s+(?:another|any\s+longer|anymore))?|"
    r"(?:want|wanted|going|gonna|will|could|would|to)\s+(?:to\s+)?(?:kill|stab|shoot|murder)"
    r"(?:s|ed|ing)?\s+(?:anyone|everyone|someone|somebody|people|him|her|them|you|my\s+(?:wife|"
    r"husband|partner|kids?|children|son|daughter|family|mom|dad|boss))\b"
    r"(?!\s+(?:a|an)\s+(?:text|message|email|line|note|look|dm)\b)|"
    r"kill(?:s|ed|ing)?\s+without\s+thought|destroy,?\s+damage)\b"
)
"""Self-harm, one's own death or killing in a rewrite: only a slot can bring it in (the gate
missed the sentence), and a rewrite must never restate it, let alone frame it as a goal."""
_GENERIC: Final = frozenset(
    {
        "feel",
        "felt",
        "feeling",
        "like",
        "really",
        "think",
        "thought",
        "know",
        "get",
        "got",
        "thing",
        "things",
        "make",
        "made",
        "want",
        "going",
        "gonna",
        "im",
        "ive",
        "dont",
        "cant",
        "didnt",
        "wont",
        "just",
        "lol",
        "ugh",
        "time",
        "way",
        "today",
        "people",
        "person",
    }
)


def harsh_words_in(text: str) -> list[str]:
    """The harsh self-judgement words that occur in ``text`` (lowercase, in order)."""
    return [w for w in _WORD.findall(text.lower().translate(_APOS)) if w in HARSH_WORDS]


@lru_cache(maxsize=4096)
def _assert_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A regex for "I am (a) <label>"-style assertions of any of ``labels`` (cached)."""
    alternatives = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(_ASSERT_LEAD + "(?:" + alternatives + r")\b")


def _asserts(text: str, labels: tuple[str, ...]) -> str | None:
    """The first of ``labels`` that ``text`` states as a fact about the writer (not negated)."""
    for m in _assert_pattern(labels).finditer(text):
        clause = re.split(r"[.;!?]", text[: m.start()])[-1]
        if not _NEGATION.search(" ".join(clause.split()[-6:])):
            return m.group(0)
    return None


def check_rewrite(text: str, *, labels: Iterable[str] = ()) -> list[str]:
    """Problems with one rewrite; ``labels`` are harsh words or phrases from the original that
    must never be asserted about the writer (the harsh lexicon is always checked too)."""
    problems: list[str] = []
    low = text.lower().translate(_APOS)
    if "{" in text or "}" in text:
        problems.append("unfilled_slot: a '{slot}' placeholder was left in the text")
    m = re.search(r"\b(\w+)\s+\1\b", low)
    if m:
        problems.append(f"repeated_word: '{m.group(0)}'")
    if "  " in text or text != text.strip():
        problems.append("double_space: extra whitespace")
    first = re.search(r"[A-Za-z]", text)
    if first is None or first.group(0).islower():
        problems.append("capitalisation: does not start with a capital letter")
    elif re.search(r"[.!?]['\"]?\s+['\"]?[a-z]", text) or re.search(r"(?:^|\s)i(?:\s|'|$)", text):
        problems.append("capitalisation: a sentence or 'I' is not capitalised")
    if not re.search(r"[.!?]['\"]?$", text.strip()):
        problems.append("end_punctuation: does not end with . ! or ?")
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"length: {words} words (allowed {MIN_WORDS}-{MAX_WORDS})")
    extra = tuple(sorted({lab.lower().translate(_APOS).strip() for lab in labels} - {""}))
    for group in (_HARSH, extra):
        found = _asserts(low, group) if group else None
        if found:
            problems.append(f"asserts_label: '{found.strip()}' states a harsh label as a fact")
            break
    m = _MINIMISING.search(low)
    if m:
        problems.append(f"minimising: '{m.group(0)}'")
    m = _PROMISES.search(low)
    if m:
        problems.append(f"promised_outcome: '{m.group(0)}'")
    if _SECOND.search(low):
        problems.append("second_person: addresses 'you' instead of speaking as 'I'")
    m = _HARM.search(low)
    if m:
        problems.append(f"harm: '{m.group(0)}' restates self-harm, death or killing")
    return problems


def names_self_harm(text: str) -> bool:
    """Whether ``text`` speaks of self-harm, the writer's own death or killing ("starve to
    death", "hurt myself", "kill"): such a sentence gets no rewrite, and no rewrite may say it."""
    return bool(_HARM.search(text.lower().translate(_APOS)))


@lru_cache(maxsize=16384)  # a pure function of one word, called per token
def _stem(word: str) -> str:
    """A crude stem for matching word forms ("finished" ~ "finish")."""
    w = word.lower().strip("'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)][:6]
    return w[:6]


def content_words(sentence: str) -> set[str]:
    """Stems of the content words of a sentence (no stop words or generic verbs)."""
    words = _WORD.findall(sentence.lower().translate(_APOS))
    return {_stem(w) for w in words if len(w) >= 3 and w not in STOP_WORDS and w not in _GENERIC}


def mentions_content(rewrite: str, sentence: str) -> bool:
    """Whether the rewrite mentions at least one content word of the sentence; a feeling
    noun of the sentence is named by its adjective ("my anxiety" -> "Feeling anxious")."""
    wanted = content_words(sentence)
    for noun, adjective in FEELING_NOUNS.items():
        if _stem(noun) in wanted and " " not in adjective:
            wanted = wanted | {_stem(adjective)}
    return bool(wanted & {_stem(w) for w in _WORD.findall(rewrite.lower().translate(_APOS))})


@dataclass(frozen=True)
class GateReport:
    """Rates of the quality gate over a set of sentences."""

    sentences: int
    rewrites: int
    min_two_rate: float
    """Share of sentences that got at least two rewrites."""
    clean_rate: float
    """Share of rewrites with no problem at all."""
    content_rate: float
    """Share of rewrites that mention a content word of their sentence."""
    sentence_content_rate: float
    """Share of sentences with at least one rewrite that mentions a content word."""
    problems: dict[str, int] = field(default_factory=dict)
    """Problem code -> count over all rewrites."""
    examples: list[tuple[str, str, list[str]]] = field(default_factory=list)
    """Up to 20 (sentence, rewrite, problems) for failing rewrites."""

    def summary(self) -> str:
        """A one-paragraph, human-readable summary."""
        return (
            f"{self.sentences} sentences, {self.rewrites} rewrites: "
            f">=2 rewrites {self.min_two_rate:.1%}, clean {self.clean_rate:.1%}, "
            f"mentions a content word {self.content_rate:.1%} of rewrites "
            f"({self.sentence_content_rate:.1%} of sentences), problems {self.problems}"
        )


def gate_rates(sentences: Sequence[str], rewrites: Sequence[Sequence[Reframe | str]]) -> GateReport:
    """Rate rewrites (one list per sentence, same order as ``sentences``)."""
    if len(sentences) != len(rewrites):
        raise ValueError("sentences and rewrites must have the same length")
    counts: Counter[str] = Counter()
    examples: list[tuple[str, str, list[str]]] = []
    total = clean = content = two = sent_content = 0
    for sentence, items in zip(sentences, rewrites, strict=True):
        texts = [r.text if isinstance(r, Reframe) else r for r in items]
        two += len(texts) >= 2
        labels = harsh_words_in(sentence)
        hits = 0
        for text in texts:
            total += 1
            problems = check_rewrite(text, labels=labels)
            counts.update(p.split(":", 1)[0] for p in problems)
            clean += not problems
            if problems and len(examples) < 20:
                examples.append((sentence, text, problems))
            hit = mentions_content(text, sentence)
            hits += hit
        content += hits
        sent_content += hits > 0
    n = max(len(sentences), 1)
    return GateReport(
        sentences=len(sentences),
        rewrites=total,
        min_two_rate=two / n,
        clean_rate=clean / max(total, 1),
        content_rate=content / max(total, 1),
        sentence_content_rate=sent_content / n,
        problems=dict(counts),
        examples=examples,
    )


def evaluate(
    rewriter: Rewriter,
    items: Sequence[tuple[str, Sequence[str], str | None]],
    *,
    n: int = 3,
    seed: int | None = None,
) -> GateReport:
    """Rewrite ``(sentence, traps, context)`` items and rate the result."""
    results = rewriter.rewrite_many(items, n=n, seed=seed)
    return gate_rates([s for s, _, _ in items], results)
