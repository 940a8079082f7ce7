"""The engine's stages over one record per journal entry (:class:`Entry`).

:class:`reframer.pipeline.Reframer` calls these in order for each batch: :func:`split_entries`
(sentences), :func:`score_inputs` (what the model scores), :func:`assign` (its predictions back
to each entry), :func:`gate_entry` (risk levels) and :func:`results` (the output contract).
They hold no state of their own: the segmenter, gate and supports are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from reframer.crisis.multilingual import multilingual_risk
from reframer.language import looks_english
from reframer.protocols import Gate, Prediction, Segmenter, SentenceSpan
from reframer.schema import (
    Analysis,
    Notice,
    Reframe,
    RiskLevel,
    Safety,
    SentenceResult,
    Support,
)

__all__ = [
    "UNSUPPORTED",
    "WHOLE_MAX",
    "WINDOW",
    "Entry",
    "assign",
    "context",
    "gate_entry",
    "results",
    "score_inputs",
    "split_entries",
]

WHOLE_MAX: Final = 1_000
"""Entries up to this many characters are also scored whole by the crisis gate."""

WINDOW: Final = 3
"""Neighbouring sentences scored together by the crisis gate (where a crisis cue is present)."""

UNSUPPORTED: Final = Notice(
    code="unsupported_language",
    message="This text does not look like English; reframer only supports English, so it was not scored.",
)


@dataclass(slots=True)
class Entry:
    """One entry on its way through the stages."""

    text: str
    supported: bool
    spans: list[SentenceSpan]
    preds: Sequence[Prediction] = ()
    whole: bool = False
    scored_whole: bool = False
    whole_score: float | None = None
    windows: list[tuple[int, int]] = field(default_factory=list)
    window_scores: list[float] = field(default_factory=list)
    levels: list[RiskLevel | None] = field(default_factory=list)
    level: RiskLevel | None = None

    def window(self, w: tuple[int, int]) -> str:
        """The text of sentences ``w[0]`` up to (not including) ``w[1]``."""
        return self.text[self.spans[w[0]].start : self.spans[w[1] - 1].end]


def context(entry: Entry, i: int) -> str | None:
    """The sentence before sentence ``i``, which the rewrite engine may use for the event."""
    return entry.spans[i - 1].text if i else None


def split_entries(
    segmenter: Segmenter, texts: Sequence[str], given: Sequence[Sequence[SentenceSpan]] | None
) -> list[Entry]:
    """Split each text into sentences (or take the ``given`` ones); text that does not look
    like English gets no sentences and is marked unsupported."""
    supported = [bool(t.strip()) and looks_english(t) for t in texts]
    if given is None:
        spans: list[Sequence[SentenceSpan]] = list(
            segmenter.split_many([t if ok else "" for t, ok in zip(texts, supported, strict=True)])
        )
    else:
        spans = [g if ok else [] for g, ok in zip(given, supported, strict=True)]
    return [Entry(t, ok, list(sp)) for t, ok, sp in zip(texts, supported, spans, strict=True)]


def score_inputs(gate: Gate, entries: list[Entry]) -> list[str]:
    """One model pass for every sentence, plus context where the gate could use it.

    Some risk signals only show across sentences ("I've written the letters. Friday."): the
    model also scores short multi-sentence entries whole, and each run of :data:`WINDOW`
    neighbouring sentences of longer ones, but only where its crisis score could count, that
    is where the gate sees a crisis cue in that text.
    """
    for entry in entries:
        n = len(entry.spans)
        entry.whole = n > 1 and len(entry.text) <= WHOLE_MAX
        if n > WINDOW and not entry.whole:  # a short entry is scored whole instead
            entry.windows = [
                (i, i + WINDOW)
                for i in range(n - WINDOW + 1)
                if gate.model_can_decide(entry.window((i, i + WINDOW)))
            ]
    for entry in entries:
        entry.scored_whole = entry.whole and gate.model_can_decide(entry.text)
    flat = [s.text for entry in entries for s in entry.spans]
    extra = [e.text for e in entries if e.scored_whole]
    return flat + extra + [entry.window(w) for entry in entries for w in entry.windows]


def assign(entries: list[Entry], preds: Sequence[Prediction]) -> None:
    """Hand each entry its sentences', whole text's and windows' predictions, in the order
    :func:`score_inputs` listed them."""
    k = 0
    for entry in entries:
        entry.preds = preds[k : k + len(entry.spans)]
        k += len(entry.spans)
    for entry in entries:
        if entry.scored_whole:
            entry.whole_score = preds[k].crisis_score
            k += 1
    for entry in entries:
        entry.window_scores = [p.crisis_score for p in preds[k : k + len(entry.windows)]]
        k += len(entry.windows)


def gate_entry(gate: Gate, entry: Entry) -> None:
    """Risk level of each sentence and of the entry (the highest signal found).

    Text that does not look like English is not scored, but it is still gated: by the English
    patterns and lexicon (a wrong language guess must never hide crisis language) and by the
    multilingual crisis lexicon. (That lexicon is not run on English text: its terms include
    words such as "suicide" that English uses in ordinary talk.)"""
    entry.levels = [
        gate.sentence_level(s.text, p.crisis_score)
        for s, p in zip(entry.spans, entry.preds, strict=True)
    ]
    found = set(entry.levels)
    found.add(gate.document_level(entry.text))
    if entry.whole:  # short entries: the patterns across sentence boundaries, and the model
        found.add(gate.sentence_level(entry.text, entry.whole_score))
    for w, score in zip(entry.windows, entry.window_scores, strict=True):
        found.add(gate.sentence_level(entry.window(w), score))
    if not entry.supported and entry.text.strip():  # see reframer.language: close calls too
        found.add(multilingual_risk(entry.text))
    entry.level = "crisis" if "crisis" in found else "concern" if "concern" in found else None


def results(
    entries: Sequence[Entry],
    rewrites: Mapping[tuple[int, int], list[Reframe]],
    model_version: str,
    supports: Mapping[RiskLevel, Support],
) -> list[Analysis]:
    """The output contract for gated entries; ``rewrites`` maps (entry index, sentence index)
    to that sentence's rewrites."""
    out = []
    for k, entry in enumerate(entries):
        sentences = [
            SentenceResult(
                text=span.text,
                start=span.start,
                end=span.end,
                self_critical=p.self_critical,
                score=round(p.score, 4),
                traps=list(p.traps),
                crisis=level is not None,
                risk=level,
                reframes=rewrites.get((k, i), []),
            )
            for i, (span, p, level) in enumerate(
                zip(entry.spans, entry.preds, entry.levels, strict=True)
            )
        ]
        out.append(
            Analysis(
                model_version=model_version,
                crisis=entry.level is not None,
                safety=Safety(level=entry.level) if entry.level else None,
                support=supports[entry.level] if entry.level else None,
                sentences=sentences,
                notices=[] if entry.supported or not entry.text.strip() else [UNSUPPORTED],
            )
        )
    return out
