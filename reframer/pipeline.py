"""The engine: text → sentences → classifier → crisis gate → rewrites → :class:`Analysis`.

Stages (one module each): :mod:`reframer.segment` splits, :mod:`reframer.classifier.runtime` scores,
:mod:`reframer.crisis` gates, :mod:`reframer.rewrite` fills templates and :mod:`reframer.support`
answers entries with a risk signal. This module only wires them together, in batches
(:mod:`reframer.batching`), over one record per entry (:mod:`reframer.entries`). Every
interface (CLI, HTTP service, batch mode, the spaCy component, the model card) builds its
engine with :meth:`Reframer.from_settings` and calls the same methods, so they cannot drift
apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reframer.batching import chunked, overlapped
from reframer.entries import (
    Entry,
    assign,
    context,
    gate_entry,
    results,
    score_inputs,
    split_entries,
)
from reframer.errors import InputError, TextTooLongError
from reframer.labels import STRATEGIES, TRAPS
from reframer.protocols import (
    Classifier,
    EngineInfo,
    Gate,
    Prediction,
    Rewriter,
    Segmenter,
    SentenceSpan,
)
from reframer.schema import (
    Analysis,
    Reframe,
    RiskLevel,
    Support,
)
from reframer.segment import Span

if TYPE_CHECKING:
    from reframer.settings import Settings

__all__ = ["MAX_CHARS", "Reframer", "TemplatesMode"]

TemplatesMode = Literal["merge", "replace"]

MAX_CHARS = 1_000_000
"""Longest text accepted in one document (characters); longer raises :class:`TextTooLongError`."""


class Reframer:
    """Analyse journal text. Load once and reuse: loading takes a second or two.

    >>> r = Reframer.load()
    >>> text = "I forgot mom's birthday again. I'm such a terrible son."
    >>> r.analyze(text).sentences[1].self_critical
    True
    """

    def __init__(
        self,
        classifier: Classifier,
        *,
        segmenter: Segmenter | None = None,
        gate: Gate | None = None,
        rewriter: Rewriter | None = None,
        support: Support | None = None,
        supports: dict[RiskLevel, Support] | None = None,
        max_chars: int = MAX_CHARS,
        templates: str | Path | None = None,
        templates_mode: TemplatesMode = "merge",
    ) -> None:
        from reframer.crisis import CrisisGate
        from reframer.segment import Segmenter as SpacySegmenter
        from reframer.segment import load_nlp
        from reframer.support import CHECK_IN_MESSAGE, load_support_levels

        self.classifier = classifier
        # one spaCy load serves both stages: senter for splitting, the parser for rewrite slots
        self.segmenter: Segmenter = segmenter or SpacySegmenter(load_nlp(parser=True))
        self.gate: Gate = gate or CrisisGate(model_threshold=classifier.meta.crisis_threshold)
        if supports is None:
            if support is None:
                supports = load_support_levels()
            else:
                check_in = support.model_copy(update={"message": CHECK_IN_MESSAGE})
                supports = {"crisis": support, "concern": check_in}
        self.supports = supports
        self.max_chars = max_chars
        self._rewriter = rewriter
        self._templates = templates
        self._templates_mode = templates_mode

    @property
    def support(self) -> Support:
        """The support answer for the ``crisis`` level."""
        return self.supports["crisis"]

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        model_path: str | Path | None = None,
        max_chars: int | None = None,
    ) -> Reframer:
        """Build the engine the way every interface does: from one :class:`Settings` object.

        ``settings`` defaults to ``Settings()`` (the ``REFRAMER_*`` environment). A
        ``model_path`` given here (a command-line ``--model``) wins over the setting;
        ``max_chars`` defaults to the library limit (the HTTP service passes its own).
        """
        from reframer.settings import Settings

        s = settings if settings is not None else Settings()
        return cls.load(
            model_path if model_path is not None else s.model_path,
            templates=s.templates,
            templates_mode=s.templates_mode,
            resources=s.resources,
            runtime=s.runtime,
            precision=s.precision,
            max_chars=max_chars if max_chars is not None else MAX_CHARS,
        )

    @classmethod
    def load(
        cls,
        model_path: str | Path | None = None,
        *,
        templates: str | Path | None = None,
        templates_mode: TemplatesMode = "merge",
        resources: str | Path | None = None,
        runtime: str = "auto",
        max_chars: int = MAX_CHARS,
        precision: str | None = None,
    ) -> Reframer:
        """Load a model folder (default: the shipped model) and the rest of the pipeline.

        ``templates`` adds (``templates_mode="merge"``) or replaces the rewrite templates;
        ``resources`` replaces the crisis support resources. Both are validated here, so a bad
        file fails at start-up with a :class:`~reframer.errors.ConfigError`.
        """
        from concurrent.futures import ThreadPoolExecutor

        from reframer.classifier import Classifier as ModelClassifier
        from reframer.classifier import default_model_path, load_meta
        from reframer.segment import Segmenter as SpacySegmenter
        from reframer.segment import load_nlp
        from reframer.support import load_support_levels

        if runtime not in ("auto", "onnx", "torch"):
            raise InputError(f"unknown runtime {runtime!r}: use auto, onnx or torch")
        path = Path(model_path) if model_path is not None else default_model_path()
        load_meta(path)  # a bad model folder fails before anything slow starts
        supports = load_support_levels(resources)
        if runtime != "torch":
            # ONNX Runtime builds its session outside the GIL: overlap it with loading spaCy
            # (torch is never imported on this path, see reframer.segment.import_spacy)
            with ThreadPoolExecutor(1, thread_name_prefix="reframer-load") as pool:
                pending = pool.submit(
                    ModelClassifier.load, path, runtime="onnx", precision=precision
                )
                nlp = load_nlp()
                classifier = pending.result()
        else:
            classifier = ModelClassifier.load(
                path,
                runtime=runtime,  # type: ignore[arg-type]
                precision=precision,
            )
            nlp = load_nlp()
        engine = cls(
            classifier,
            segmenter=SpacySegmenter(nlp),
            supports=supports,
            max_chars=max_chars,
            templates=templates,
            templates_mode=templates_mode,
        )
        if templates is not None:
            engine.rewriter  # noqa: B018 - load and validate the template file now
        return engine

    @property
    def model_version(self) -> str:
        return str(self.classifier.meta.model_version)

    @property
    def rewriter(self) -> Rewriter:
        """The rewrite engine, sharing the segmenter's spaCy pipeline; built on first use."""
        if self._rewriter is None:
            from reframer.rewrite import Rewriter as TemplateRewriter
            from reframer.segment import load_nlp

            nlp = getattr(self.segmenter, "nlp", None)
            if nlp is None or "parser" not in nlp.pipe_names:  # a custom segmenter
                nlp = load_nlp(parser=True)
            self._rewriter = TemplateRewriter.load(nlp, self._templates, mode=self._templates_mode)
        return self._rewriter

    # -- public API -----------------------------------------------------------------------------
    def validate(self, text: object) -> str:
        """Return ``text`` if this engine accepts it; raise :class:`InputError` otherwise
        (not a string, or longer than ``max_chars``). The message never quotes the text."""
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        if len(text) > self.max_chars:
            raise TextTooLongError(
                f"text has {len(text):,} characters; the limit is {self.max_chars:,}. "
                "Split it into entries (for example with `reframer batch`)."
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
        """Analyse one journal entry. ``situation`` (optional) is the writer's own short
        account of what happened ("I missed the team deadline"); rewrites use it to name the
        event when a sentence does not."""
        return self.analyze_many([text], reframes=reframes, seed=seed, situation=situation)[0]

    def analyze_spans(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        *,
        reframes: int = 3,
        seed: int | None = None,
        situation: str | None = None,
    ) -> Analysis:
        """Analyse one entry whose sentence boundaries are already known (``(start, end)``
        ``str`` offsets, in order), e.g. a spaCy ``Doc``'s sentences. Everything else, the
        crisis gate's whole-entry checks included, is the same as :meth:`analyze`."""
        _check_reframes(reframes)
        _check_situation(situation)
        self.validate(text)
        given: list[Span] = []
        last = 0
        for start, end in spans:
            if not last <= start < end <= len(text):
                raise InputError(
                    f"span ({start}, {end}) is not an in-order, non-empty range of the text "
                    f"(length {len(text)})"
                )
            given.append(Span(start, end, text[start:end]))
            last = end
        return self._analyze_chunk([text], reframes, seed, given=[given], situation=situation)[0]

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
        situation: str | None = None,
    ) -> list[Analysis]:
        """Analyse many entries; sentences of all entries share model batches. A
        ``situation`` applies to every entry."""
        return list(
            self.iter_analyze(
                texts, reframes=reframes, seed=seed, batch_size=batch_size, situation=situation
            )
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
        """Stream results in input order, working through ``batch_size`` entries at a time.

        Given a list (or other sequence) longer than one batch, the model scores the next batch
        in a worker thread while this one is gated and rewritten (the same results, 10-25%
        sooner on two cores); a plain iterator is read one batch at a time, nothing ahead."""
        _check_reframes(reframes)
        _check_situation(situation)
        chunks = chunked(texts, batch_size, self.validate)
        if isinstance(texts, Sequence) and len(texts) > batch_size:
            yield from self._overlapped(chunks, reframes, seed, situation)
            return
        for chunk in chunks:
            yield from self._analyze_chunk(chunk, reframes, seed, situation=situation)

    def info(self) -> EngineInfo:
        """Model version, labels, traps, strategies, threshold and limits."""
        meta = self.classifier.meta
        return EngineInfo(
            model_version=meta.model_version,
            base_model=meta.base_model,
            runtime=self.classifier.runtime,
            precision=self.classifier.precision,
            labels=["self_critical", "crisis"],
            traps=list(TRAPS),
            strategies=list(STRATEGIES),
            safety_levels=["crisis", "concern"],
            threshold=meta.threshold,
            temperature=meta.temperature,
            max_chars=self.max_chars,
        )

    # -- internals -------------------------------------------------------------------------------
    def _analyze_chunk(
        self,
        texts: Sequence[str],
        reframes: int,
        seed: int | None,
        given: Sequence[Sequence[SentenceSpan]] | None = None,
        situation: str | None = None,
    ) -> list[Analysis]:
        with self.gate.memo():  # one memo: the gate's checks in both stages share it
            entries, inputs = self._prepare(texts, given)
            preds = list(self.classifier.predict(inputs))
            return self._finish(entries, preds, reframes, seed, situation)

    def _overlapped(
        self, chunks: Iterator[list[str]], reframes: int, seed: int | None, situation: str | None
    ) -> Iterator[Analysis]:
        """Chunks in order, the model scoring chunk k+1 while this thread gates and rewrites
        chunk k (:func:`reframer.batching.overlapped`)."""

        def prepare(chunk: list[str]) -> tuple[list[Entry], list[str]]:
            with self.gate.memo():
                return self._prepare(chunk, None)

        def finish(entries: list[Entry], preds: Sequence[Prediction]) -> list[Analysis]:
            with self.gate.memo():
                return self._finish(entries, list(preds), reframes, seed, situation)

        return overlapped(chunks, prepare, self.classifier.predict, finish)

    def _prepare(
        self, texts: Sequence[str], given: Sequence[Sequence[SentenceSpan]] | None
    ) -> tuple[list[Entry], list[str]]:
        entries = split_entries(self.segmenter, texts, given)
        return entries, score_inputs(self.gate, entries)

    def _finish(
        self,
        entries: list[Entry],
        preds: Sequence[Prediction],
        reframes: int,
        seed: int | None,
        situation: str | None,
    ) -> list[Analysis]:
        """Gate and answer prepared entries (inside the caller's gate memo): rewrites only for
        self-critical sentences of entries with no risk signal."""
        assign(entries, preds)
        for entry in entries:
            gate_entry(self.gate, entry)
        todo: list[tuple[int, int]] = [
            (k, i)
            for k, entry in enumerate(entries)
            if entry.level is None and reframes
            for i, p in enumerate(entry.preds)
            if p.self_critical
        ]
        found: list[list[Reframe]] = []
        if todo:
            from reframer.rewrite import Rewriter as TemplateRewriter

            items = [
                (entries[k].spans[i].text, entries[k].preds[i].traps, context(entries[k], i))
                for k, i in todo
            ]
            rewriter = self.rewriter
            if situation and isinstance(rewriter, TemplateRewriter):
                situations = [situation] * len(todo)
                found = rewriter.rewrite_many(items, n=reframes, seed=seed, situations=situations)
            else:  # a custom rewriter (reframer.protocols.Rewriter) takes no situation
                found = rewriter.rewrite_many(items, n=reframes, seed=seed)
        rewrites = {ki: r[:reframes] for ki, r in zip(todo, found, strict=True)}
        return results(entries, rewrites, self.model_version, self.supports)


SITUATION_MAX_CHARS = 500
"""The longest ``situation`` accepted: a short account of what happened, not an entry."""


def _check_situation(situation: str | None) -> None:
    if situation is not None and not isinstance(situation, str):
        raise InputError("situation must be a string")
    if situation is not None and len(situation) > SITUATION_MAX_CHARS:
        raise InputError(
            f"situation has {len(situation):,} characters; the limit is {SITUATION_MAX_CHARS}"
        )


def _check_reframes(reframes: int) -> None:
    if not 0 <= reframes <= 3:
        raise InputError(f"reframes must be between 0 and 3, got {reframes}")
