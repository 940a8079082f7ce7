"""The crisis gate: find crisis language (suicide, self-harm) before anything is rewritten.

Product rule: a sentence or entry that talks about wanting to die, suicide, self-harm, being a
burden that others would be better off without, goodbye letters, plans or means, or wanting
everything to stop forever is never given a cheerful rewrite. It is flagged, and the writer is
shown support resources instead (:mod:`reframer.support`).

The gate has two parts:

* curated patterns (this module and :mod:`reframer.crisis.patterns`), which work on any
  register ("kms", "wanna die", "dont want to wake up") and are tuned for recall, and
* a learned crisis probability per sentence, given by the classifier when one is loaded.

Idioms and ordinary mentions are not crisis language: "this commute is killing me", "dying to
try it", "my phone died", "I'd kill for a coffee", grief for someone who died, a documentary
about suicide prevention, "I cut my finger cooking". A clearly past and resolved mention ("two
years ago I was suicidal, today I'm doing well") is not flagged either, unless the same
sentence says the feeling is back.

Examples::

    >>> gate = CrisisGate()
    >>> gate.pattern_hit("honestly i just wanna die")
    True
    >>> gate.pattern_hit("this commute is killing me")
    False
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

from reframer.crisis.lexicon import load_lexicon
from reframer.crisis.patterns import (
    FIRST_PERSON,
    IDIOM_GUARDS,
    PAST_RESOLVED,
    PRESENT_MARKERS,
    REWRITES,
    RULES,
    SUBJECT_FREE_KINDS,
    THIRD_PERSON,
    TOPIC_CONTEXT,
    Rule,
)
from reframer.crisis.prefilter import needs_of
from reframer.schema import RiskLevel

__all__ = ["CRISIS_KINDS", "CrisisGate", "Level", "normalize", "split_sentences"]

Level = RiskLevel

# Curated-rule kinds and lexicon tiers that mean clear risk; every other signal is a concern.
CRISIS_KINDS: Final = frozenset(
    {"active_ideation", "plan_means", "self_harm", "goodbye", "srl:crisis", "cross_sentence"}
)

_QUOTES: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2010": "-",
        "\u2011": "-",
    }
)
_INVISIBLE: Final = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES: Final = re.compile(r"\s+")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?\u2026])\s+|\n+")


def normalize(text: str) -> str:
    """Return *text* in the canonical form the patterns are written for.

    Lower case, NFKC, straight quotes, no apostrophes ("don't" -> "dont"), hyphens between
    letters as spaces, chat spellings and common typos expanded, whitespace collapsed.
    """
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    t = _INVISIBLE.sub("", t)
    t = t.replace("'", "")
    t = _SPACES.sub(" ", t).strip()
    for pattern, replacement in REWRITES:
        t = pattern.sub(replacement, t)
    return _SPACES.sub(" ", t).strip()


def split_sentences(text: str) -> list[str]:
    """A light sentence splitter (end punctuation or line breaks) for document checks."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


# ---- cues that only mean crisis together, across the sentences of one entry ----------------
_DISTRESS: Final = re.compile(
    r"\b(?:cant (?:do|take) (?:this|it) any ?more|cant keep (?:going|doing this)|i give up"
    r"|im (?:so )?done(?:\s*[.!]|\s*$| with (?:everything|it all|life|this life|trying))"
    r"|nothing (?:matters|will (?:ever )?change)|no one cares|nobody cares|i hate myself"
    r"|im (?:just )?a burden|it hurts too much|im so tired of (?:everything|it all)"
    r"|too tired to keep|im worthless|i ruin everything|theres no point)"
)
_FAREWELL: Final = re.compile(
    r"\b(?:(?:goodbye|farewell)(?=\s*(?:[.!]|$)|\s+(?:everyone|everybody|all|forever|world"
    r"|for good))|forgive me|i love you all|love you all|thank you for everything"
    r"|take care of (?:my (?:cat|dog|kids|children|pets?|family|mom|dad)|mom|dad|each other)"
    r"|dont be sad|remember me|its time\b(?!\s+(?:to|for))|tonight is the night"
    r"|finally (?:be )?(?:free|at peace)|wont need|gave away|giving away"
    r"|(?:for the|one) last time|(?:im )?sorry for everything|say goodbye"
    r"|letters? to (?:everyone|my (?:family|kids|children|mom|dad|parents|wife|husband)))"
)
_INTENT: Final = re.compile(
    r"\b(?:(?:going to|ill|i will) do it (?:tonight|today|tomorrow|soon|this weekend|now)"
    r"|tonight is the night|its time now|i wont be here|i made up my mind|my mind is made up)\b"
)
_BURDEN_LITE: Final = re.compile(
    r"\b(?:better off|without me|miss me|notice (?:if|when) i|relieved|burden|in the way"
    r"|easier for everyone|if i (?:wasnt|werent) (?:around|here)|if i (?:was|were) gone)\b"
)


_MEMO: ContextVar[dict[tuple[str, str], Any] | None] = ContextVar("reframer_crisis", default=None)


def _memoised(kind: str, text: str, compute: Callable[[str], Any]) -> Any:
    """``compute(text)``, computed once per text inside :meth:`CrisisGate.memo`."""
    memo = _MEMO.get()
    if memo is None:
        return compute(text)
    key = (kind, text)
    if key not in memo:
        memo[key] = compute(text)
    return memo[key]


def _normalized(text: str) -> str:
    """:func:`normalize`, memoised inside :meth:`CrisisGate.memo`."""
    result: str = _memoised("normalize", text, normalize)
    return result


class CrisisGate:
    """Decide whether a sentence or an entry contains crisis language.

    ``model_threshold`` is the learned crisis probability at or above which a sentence counts
    as crisis even when no curated pattern matches (unless an idiom guard vetoes it).
    """

    def __init__(self, model_threshold: float = 0.5) -> None:
        if not 0.0 <= model_threshold <= 1.0:
            raise ValueError("model_threshold must be between 0 and 1")
        self.model_threshold = model_threshold

    # ---- memo -----------------------------------------------------------------------------
    @staticmethod
    @contextmanager
    def memo() -> Iterator[None]:
        """Within this block, each distinct text is matched against the patterns once.

        The engine checks a sentence alone, inside its entry and again in the entry's
        cross-sentence pass; the memo makes the repeats free. It lives only for the block and
        only in the current thread or task (a context variable), so no journal text outlives
        the call that brought it.
        """
        token = _MEMO.set({})
        try:
            yield
        finally:
            _MEMO.reset(token)

    # ---- sentence level -------------------------------------------------------------------
    def matches(self, text: str) -> list[str]:
        """The kinds of the curated rules that fire on one sentence (after all guards)."""
        return list(_memoised("matches", text, lambda t: tuple(self._matches(t))))

    def _matches(self, text: str) -> list[str]:
        norm = _normalized(text)
        if not norm:
            return []
        kinds: list[str] = []
        for rule, needs in _RULES_NEEDS:
            if needs is not None and not any(s in norm for s in needs):
                continue  # a string every match of the rule contains is absent
            if any(self._rule_applies(rule, norm, m) for m in rule.pattern.finditer(norm)):
                kinds.append(rule.kind)
        if not (
            TOPIC_CONTEXT.search(norm)
            or IDIOM_GUARDS.search(norm)
            or _MODEL_VETO.search(norm)
            or _LEXICON_VETO.search(norm)
        ):
            for hit in load_lexicon().hits(norm):
                kind = f"srl:{hit.tier}"
                if kind not in kinds:
                    kinds.append(kind)
        if kinds and PAST_RESOLVED.search(norm) and not PRESENT_MARKERS.search(norm):
            return []
        return kinds

    def pattern_hit(self, text: str) -> bool:
        """True when a curated pattern finds crisis language in one sentence (any register)."""
        return bool(self.matches(text))

    def idiom_guard(self, text: str) -> bool:
        """True when the sentence reads as an idiom or ordinary mention ("killing me",
        "dying to", "my phone died") and no curated crisis pattern matches."""
        norm = _normalized(text)
        return bool(IDIOM_GUARDS.search(norm)) and not self.matches(text)

    def sentence_is_crisis(self, text: str, model_score: float | None = None) -> bool:
        """Whether one sentence carries any risk signal (:meth:`sentence_level` is not None)."""
        return self.sentence_level(text, model_score) is not None

    def sentence_level(self, text: str, model_score: float | None = None) -> Level | None:
        """Curated patterns and the clinical lexicon first; then the learned probability.

        A model-only hit must also name something a crisis sentence talks about (death, ending,
        self-harm, burden, disappearing: :data:`_MODEL_CUES`) and pass the guards: no idiom or
        ordinary mention, no accident ("cut myself shaving"), no playful marker ("lol", "😂").
        A model-only hit is a ``concern``: the wording matched no curated or clinical term.
        """
        kinds = self.matches(text)
        if kinds:
            return "crisis" if CRISIS_KINDS.intersection(kinds) else "concern"
        if model_score is None or model_score < self.model_threshold:
            return None
        return "concern" if self.model_can_decide(text) else None

    def model_can_decide(self, text: str) -> bool:
        """Whether a high crisis probability from the model would count for this text: it names
        a crisis cue and no guard vetoes it. When False, the model's score cannot change
        :meth:`sentence_is_crisis`, so the engine need not compute it (for example for whole
        entries)."""
        norm = _normalized(text)
        if not _MODEL_CUES.search(norm) or _MODEL_VETO.search(norm) or "😂" in text:
            return False
        return not self.idiom_guard(text)

    # ---- document level -----------------------------------------------------------------
    def document_is_crisis(self, text: str) -> bool:
        """Whether the entry as a whole carries a risk signal (:meth:`document_level`)."""
        return self.document_level(text) is not None

    def document_level(self, text: str) -> Level | None:
        """The highest level of any sentence, raised by cues that only count together: distress
        ("i cant do this anymore") or a farewell ("goodbye", "forgive me", "i gave away my
        things") together with burden talk ("better off"), an intent ("i'm going to do it
        tonight") or each other; and a lethal means ("pills", "rope", "bridge") in an entry that
        also shows a risk signal, which makes it ``crisis``."""
        sentences = split_sentences(text)
        levels = {self.sentence_level(s) for s in sentences} - {None}
        norm = _normalized(text)
        distress = bool(_DISTRESS.search(norm))
        if levels and load_lexicon().means(norm):
            return "crisis"
        if "crisis" in levels:
            return "crisis"
        if len(sentences) >= 2 and not (
            PAST_RESOLVED.search(norm) and not PRESENT_MARKERS.search(norm)
        ):
            farewell = bool(_FAREWELL.search(norm))
            burden = bool(_BURDEN_LITE.search(norm))
            intent = bool(_INTENT.search(norm))
            if (distress and (farewell or burden or intent)) or (farewell and (burden or intent)):
                return "crisis"
        return "concern" if levels else None

    # ---- internals ------------------------------------------------------------------------
    @staticmethod
    def _rule_applies(rule: Rule, norm: str, match: re.Match[str]) -> bool:
        if rule.weak and TOPIC_CONTEXT.search(norm):
            return False
        if rule.subject_free or rule.kind in SUBJECT_FREE_KINDS:
            return True
        start = match.start("hit") if "hit" in match.re.groupindex else match.start()
        return not _about_someone_else(norm[:start])


_WORD: Final = re.compile(r"[a-z]+")
# Each rule with the strings one of which any match of it contains (see reframer.crisis.prefilter).
_RULES_NEEDS: Final = tuple(zip(RULES, needs_of([rule.pattern for rule in RULES]), strict=True))

# What a crisis sentence talks about; a model-only hit needs one of these.
_MODEL_CUES: Final = re.compile(
    r"\b(?:die|dying|dead|death|kill|suicid\w*|end (?:it|my|this|everything)|ending (?:it|my)"
    r"|my life|alive|live anymore|living anymore|wake up|not wake|exist\w*|disappear\w*|gone"
    r"|burden|better off|hurt(?:ing)? myself|harm(?:ing)? myself|self harm|cut(?:ting)?|pills"
    r"|overdose|bridge|jump|rope|hang|goodbye|bye|forever|no point|give up|giving up|go on"
    r"|cant do this|done with (?:life|everything|it all)|last (?:time|day|night|entry)|sleep"
    r"|plan\w*|note|letter|tonight|ready|everything i need)\b"
)
# The lexicon's terms are bare phrases: these contexts make them ordinary talk (an effort idiom,
# a mention looking back from recovery). The curated rules keep their own, finer guards.
_LEXICON_VETO: Final = re.compile(
    r"\bkilling myself (?:trying|to (?:get|finish|make|keep)|over|at work|for (?:a|the|this))\b"
    r"|\b(?:since|after) my (?:suicide|attempt|overdose)\b|\b(?:finally|now) (?:stable|happy|doing"
    r" (?:well|better|ok))\b"
)
# Accidents, chores and play: a model-only hit with these reads as ordinary.
_MODEL_VETO: Final = re.compile(
    r"\b(?:lol|lmao|haha\w*|shaving|cooking|chopping|kitchen|knife slipped|accident\w*|by mistake"
    r"|paper cut|shell|game|level|boss fight|respawn|dragon|battery|phone|laptop|car|plant|month"
    r"|week|semester|twitter|instagram|tiktok|smoking|coffee|diet)\b"
)


def _about_someone_else(before: str, window: int = 8) -> bool:
    """True when the nearest subject word before a match is another person, e.g. "she told me
    she'd been thinking about ending it" (the sentence is about her, not the writer)."""
    for token in reversed(_WORD.findall(before)[-window:]):
        if token in FIRST_PERSON:
            return False
        if token in THIRD_PERSON:
            return True
    return False
