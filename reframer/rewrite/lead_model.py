"""The lead model: which candidate a reader would keep as the first rewrite.

The first rewrite is the one a reader sees first. Blind judges ranked candidates side by side
(the engine's candidates for a sentence and the rewrite of the engine before issue #20), and
those preferences are fit as a linear model over a few features of each candidate (a
Bradley-Terry model: the chance that ``a`` is kept over ``b`` is ``sigmoid(score(a) -
score(b))``). The selection then leads with the candidate of the highest score; later rewrites
are still chosen for variety (:mod:`reframer.rewrite.selection`).

The features describe a candidate, never the sentence's words: its frame and strategy, the
slot families it fills and how sure the engine is of those fills, whether it names something
of the sentence, its length, and the hand-set lead score of :mod:`reframer.rewrite.lead`. The
weights live in ``reframer/data/lead_model.json``, fit by :mod:`reframer.training.lead` from
the features and verdicts in ``data/judgements/lead.jsonl`` (no sentence text): see
``docs/rewrites.md``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from reframer.errors import TemplateError
from reframer.rewrite.lead import (
    confident_event,
    confident_thought,
    confident_topic,
    situation_topic,
    vague_topic,
)
from reframer.rewrite.quality import harsh_words_in

__all__ = ["FEATURES", "PREFIXES", "Candidate", "LeadModel", "default_lead_model", "features"]

PREFIXES: Final = ("F:", "S:", "fam:")
"""Features named by a prefix and a value: the frame, the strategy, each slot family."""
FEATURES: Final = frozenset(
    """anytrap content domainframe echo event_conf feeling_harsh generic generic*harsh
    generic*long label_feeling_harsh lead loose noself*slotfree noself*slotted slotfree
    thought*long thought_conf thought_i topic_conf topic_name topic_one_word topic_sit
    topic_vague trapfit words""".split()
)
"""Every other feature :func:`features` can give. Renaming one, or changing how one is
computed, leaves ``data/judgements/lead.jsonl`` describing candidates the old way: the
judged sentences and rewrites are not in the repository, so keep these stable, or re-extract
from the judging rounds' files and refit."""


_LONG_SENTENCE: Final = 25
"""Words above which a sentence is long: a generic frame fits a long, mixed sentence better."""
_LONG_THOUGHT: Final = 10
_LEAD_CLIP: Final = -20.0
_EVENT_SLOTS: Final = frozenset({"event", "event_ing", "event_past", "event_friend"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the lead model sees of one candidate rewrite."""

    frame: str
    """The frame's id without ``bank.`` and without its domain suffix."""
    strategy: str
    families: frozenset[str]
    requires: frozenset[str]
    values: dict[str, str]
    """The sentence's filled slots (only the ones the frame requires are read)."""
    any_trap: bool
    trap_fit: bool
    domain_frame: bool
    names: bool
    """The frame fills a slot that names the sentence, or its own words meet the sentence's."""
    words: int
    lead: float
    """The hand-set lead score (:func:`reframer.rewrite.lead.lead_bonus` and the selection's)."""
    echo: bool
    loose: bool
    sentence_words: int
    sentence_harsh: bool
    sentence_self: bool = True
    """The sentence speaks of the writer ("I", "me", "my", "myself")."""


def features(c: Candidate) -> dict[str, float]:
    """The model's features of a candidate (names as in ``lead_model.json``)."""
    f: dict[str, float] = {
        f"F:{c.frame}": 1.0,
        f"S:{c.strategy}": 1.0,
        "content": float(c.names),
        "words": (c.words - 22) / 5,
        "lead": max(c.lead, _LEAD_CLIP) / 5,
        "echo": float(c.echo),
    }
    for family in c.families:
        f[f"fam:{family}"] = 1.0
    if not c.families:
        f["slotfree"] = 1.0
        if not c.names:
            f["generic"] = 1.0
            f["generic*long"] = float(c.sentence_words > _LONG_SENTENCE)
            f["generic*harsh"] = float(c.sentence_harsh)
    if c.loose:
        f["loose"] = 1.0
    if not c.sentence_self:
        f["noself*slotfree" if not c.families else "noself*slotted"] = 1.0
    if "topic" in c.requires:
        topic = c.values.get("topic", "")
        f["topic_conf"] = float(confident_topic(topic))
        f["topic_sit"] = float(situation_topic(topic))
        f["topic_vague"] = float(vague_topic(topic))
        f["topic_one_word"] = float(len(topic.split()) == 1)
        f["topic_name"] = float(any(w[:1].isupper() for w in topic.split()[1:] or topic.split()))
    if c.requires & _EVENT_SLOTS:
        f["event_conf"] = float(confident_event(c.values.get("event", "")))
    if "thought" in c.requires:
        thought = c.values.get("thought", "")
        f["thought_conf"] = float(confident_thought(thought))
        f["thought*long"] = float(len(thought.split()) > _LONG_THOUGHT)
        f["thought_i"] = float(thought.split()[:1] == ["I"])
    for slot in ("feeling", "label_feeling"):
        if slot in c.requires:
            f[f"{slot}_harsh"] = float(bool(harsh_words_in(c.values.get(slot, ""))))
    if c.any_trap:
        f["anytrap"] = 1.0
    elif c.trap_fit:
        f["trapfit"] = 1.0
    if c.domain_frame:
        f["domainframe"] = 1.0
    return f


def _finite(value: object) -> float:
    """A weight: a finite number (not a bool, not NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("a weight is not a number")
    if not math.isfinite(value):
        raise ValueError("a weight is not finite")
    return float(value)


class LeadModel:
    """Linear weights over :func:`features`; a feature without a weight counts zero."""

    def __init__(self, weights: dict[str, float], meta: dict[str, Any] | None = None) -> None:
        self.weights = dict(weights)
        self.meta = dict(meta or {})

    def score(self, candidate: Candidate) -> float:
        """The candidate's score: higher leads."""
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features(candidate).items())

    @classmethod
    def load(cls, path: str | Path) -> LeadModel:
        """Read a ``lead_model.json`` (``{"weights": {...}, "meta": {...}}``)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            weights = {str(k): _finite(v) for k, v in data["weights"].items()}
            meta = data.get("meta") or {}
            if not isinstance(meta, dict):
                raise TypeError("meta is not an object")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TemplateError(f"{path}: not a lead model file ({type(exc).__name__})") from exc
        return cls(weights, meta)

    def save(self, path: str | Path) -> None:
        """Write the weights (sorted, rounded to 4 places) and their provenance."""
        data = {
            "meta": self.meta,
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if v},
        }
        Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def default_lead_model() -> LeadModel:
    """The shipped lead model (``reframer/data/lead_model.json``)."""
    with resources.as_file(resources.files("reframer") / "data" / "lead_model.json") as path:
        return LeadModel.load(path)
