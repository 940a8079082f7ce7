"""A model-free stand-in for :class:`reframer.Reframer`, for testing code that calls reframer.

:class:`FakeEngine` satisfies :class:`reframer.protocols.Engine` (``analyze``, ``analyze_spans``,
``analyze_many``, ``iter_analyze``, ``validate``, ``info``, ``model_version``) and returns the real output contract without loading a model:
sentences are split on punctuation and line breaks; a sentence is self-critical when it matches
``harsh`` (default: the word "idiot") and is crisis language when it contains ``crisis``
(default: "want to die"), in which case the entry gets a support object and no rewrites, as the
real engine guarantees. Journal apps can test their integration with it; reframer's own tests of
its interfaces (CLI, service, batch) and the batch benchmark use it so that they do not depend on
the model's judgement.

>>> from reframer.testing import FakeEngine
>>> FakeEngine().analyze("Long day. I'm such an idiot.").sentences[1].self_critical
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from reframer.errors import InputError, TextTooLongError
from reframer.protocols import EngineInfo
from reframer.schema import Analysis, Reframe, Resource, Safety, SentenceResult, Support

__all__ = ["FakeEngine"]

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


class FakeEngine:
    """Keyword rules in place of the model; the output contract is the real one."""

    def __init__(
        self,
        *,
        harsh: str = r"idiot",
        crisis: str = "want to die",
        reframe: Reframe | None = None,
        model_version: str = "fake-0",
        max_chars: int = 1_000_000,
    ) -> None:
        self.model_version = model_version
        self.max_chars = max_chars
        self._harsh = re.compile(harsh, re.IGNORECASE)
        self._crisis = crisis.lower()
        self._reframe = reframe or Reframe(
            text="I made a mistake; that does not make me an idiot.", strategy="evidence"
        )

    def validate(self, text: object) -> str:
        """The real engine's checks: a string of at most ``max_chars`` characters."""
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        if len(text) > self.max_chars:
            raise TextTooLongError(
                f"text has {len(text):,} characters; the limit is {self.max_chars:,}."
            )
        return text

    def analyze(
        self,
        text: str,
        *,
        reframes: int = 3,
        seed: int | None = None,
        situation: str | None = None,
    ) -> Analysis:
        """One entry: a sentence per punctuation- or line-delimited span, with str offsets."""
        spans = []
        for m in _SENTENCE.finditer(self.validate(text)):
            raw = m.group(0)
            if raw.strip():
                start = m.start() + len(raw) - len(raw.lstrip())
                spans.append((start, start + len(raw.strip())))
        return self.analyze_spans(text, spans, reframes=reframes, seed=seed, situation=situation)

    def analyze_spans(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        *,
        reframes: int = 3,
        seed: int | None = None,
        situation: str | None = None,
    ) -> Analysis:
        """One entry with the sentence boundaries given as ``(start, end)`` offsets. With a
        ``situation``, the rewrite names it ("About <situation>: ...")."""
        self.validate(text)
        reframe = self._reframe
        if situation and situation.strip():
            about = situation.strip().rstrip(".")
            reframe = reframe.model_copy(update={"text": f"About {about}: {reframe.text}"})
        sentences = []
        for start, end in spans:
            body = text[start:end]
            is_crisis = self._crisis in body.lower()
            critical = bool(self._harsh.search(body)) and not is_crisis
            sentences.append(
                SentenceResult(
                    text=body,
                    start=start,
                    end=start + len(body),
                    self_critical=critical,
                    score=0.9 if critical else 0.1,
                    traps=["labeling"] if critical else [],
                    crisis=is_crisis,
                    risk="crisis" if is_crisis else None,
                    reframes=[reframe][:reframes] if critical else [],
                )
            )
        crisis = any(s.crisis for s in sentences)
        support = None
        if crisis:  # a crisis entry carries support and no rewrite anywhere
            sentences = [s.model_copy(update={"reframes": []}) for s in sentences]
            support = Support(
                message="That sounds really heavy.", resources=[Resource(name="988", contact="988")]
            )
        return Analysis(
            model_version=self.model_version,
            crisis=crisis,
            safety=Safety(level="crisis") if crisis else None,
            support=support,
            sentences=sentences,
        )

    def iter_analyze(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
        situation: str | None = None,
    ) -> Iterator[Analysis]:
        """Stream results in input order."""
        for text in texts:
            yield self.analyze(text, reframes=reframes, seed=seed, situation=situation)

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
        situation: str | None = None,
    ) -> list[Analysis]:
        """Analyse many entries, in order."""
        return list(self.iter_analyze(texts, reframes=reframes, seed=seed, situation=situation))

    def info(self) -> EngineInfo:
        """What ``GET /v1/info`` reports for this stand-in."""
        return EngineInfo(
            model_version=self.model_version,
            labels=["self_critical"],
            traps=[],
            threshold=0.5,
            max_chars=self.max_chars,
        )
