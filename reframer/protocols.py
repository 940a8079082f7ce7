"""The seams of the engine, as protocols: what each stage must offer the next.

:class:`reframer.Reframer` is wired from a :class:`Classifier`, a :class:`Segmenter`, a
:class:`Gate` and a :class:`Rewriter`; the CLI, the HTTP service, batch mode and the spaCy
component hold an :class:`Engine`. The real classes satisfy these protocols, and so does
:class:`reframer.testing.FakeEngine` (for :class:`Engine`), so a value can be followed from input
to output through typed calls only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, TypedDict, runtime_checkable

from reframer.schema import Analysis, Reframe, RiskLevel

__all__ = [
    "Classifier",
    "Engine",
    "EngineInfo",
    "Gate",
    "Level",
    "Meta",
    "Prediction",
    "Rewriter",
    "Segmenter",
    "SentenceSpan",
]

Level = RiskLevel


class SentenceSpan(Protocol):
    """A sentence: ``text == source[start:end]``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


class Prediction(Protocol):
    """The classifier's view of one sentence."""

    @property
    def score(self) -> float: ...
    @property
    def self_critical(self) -> bool: ...
    @property
    def traps(self) -> tuple[str, ...]: ...
    @property
    def crisis_score(self) -> float: ...


class Meta(Protocol):
    """What the engine reads of a model's description (``reframer.json``)."""

    model_version: str
    base_model: str
    threshold: float
    temperature: float
    crisis_threshold: float


class Classifier(Protocol):
    @property
    def meta(self) -> Meta: ...
    @property
    def runtime(self) -> str: ...
    @property
    def precision(self) -> str: ...
    def predict(self, texts: Sequence[str], *, batch_size: int = ...) -> Sequence[Prediction]: ...


class Segmenter(Protocol):
    def split_many(self, texts: Iterable[str]) -> Iterator[Sequence[SentenceSpan]]: ...


class Gate(Protocol):
    def memo(self) -> AbstractContextManager[None]: ...
    def sentence_level(self, text: str, model_score: float | None = None) -> Level | None: ...
    def document_level(self, text: str) -> Level | None: ...
    def model_can_decide(self, text: str) -> bool: ...


class Rewriter(Protocol):
    def rewrite_many(
        self,
        items: Sequence[tuple[str, Sequence[str], str | None]],
        *,
        n: int = ...,
        seed: int | None = ...,
    ) -> list[list[Reframe]]: ...


class EngineInfo(TypedDict, total=False):
    """What ``Engine.info()`` and ``GET /v1/info`` report."""

    model_version: str
    base_model: str
    runtime: str
    precision: str
    """``int8`` or ``fp32``: the arithmetic of the model graph being run."""
    labels: list[str]
    traps: list[str]
    strategies: list[str]
    safety_levels: list[str]
    threshold: float
    temperature: float
    max_chars: int


@runtime_checkable
class Engine(Protocol):
    """What every interface (CLI, HTTP, batch, spaCy) needs from an engine."""

    @property
    def model_version(self) -> str: ...
    def validate(self, text: object) -> str: ...
    def analyze(self, text: str, *, reframes: int = ..., seed: int | None = ...) -> Analysis: ...
    def analyze_spans(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        *,
        reframes: int = ...,
        seed: int | None = ...,
    ) -> Analysis: ...
    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        reframes: int = ...,
        seed: int | None = ...,
        batch_size: int = ...,
    ) -> list[Analysis]: ...
    def iter_analyze(
        self,
        texts: Iterable[str],
        *,
        reframes: int = ...,
        seed: int | None = ...,
        batch_size: int = ...,
    ) -> Iterator[Analysis]: ...
    def info(self) -> EngineInfo: ...
