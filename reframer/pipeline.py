"""The engine: text → sentences → classifier → crisis gate → rewrites → :class:`Analysis`.

Stages (one module each): :mod:`reframer.segment` splits, :mod:`reframer.classifier.runtime` scores,
:mod:`reframer.crisis` gates, :mod:`reframer.rewrite` fills templates and :mod:`reframer.support`
answers entries with a risk signal. This module only wires them together, in batches, over one
record per entry (:class:`_Doc`). Every interface (CLI, HTTP service, batch mode, the spaCy
component, the model card) builds its engine with :meth:`Reframer.from_settings` and calls the
same methods, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reframer.crisis.multilingual import multilingual_risk
from reframer.errors import InputError, TextTooLongError
from reframer.labels import STRATEGIES, TRAPS
from reframer.language import looks_english
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
    Notice,
    Reframe,
    RiskLevel,
    Safety,
    SentenceResult,
    Support,
)
from reframer.segment import Span

if TYPE_CHECKING:
    from reframer.settings import Settings

__all__ = ["MAX_CHARS", "Reframer", "TemplatesMode"]

TemplatesMode = Literal["merge", "replace"]

MAX_CHARS = 1_000_000
"""Longest text accepted in one document (characters); longer raises :class:`TextTooLongError`."""

_WHOLE_MAX = 1_000
"""Entries up to this many characters are also scored whole by the crisis gate."""

_WINDOW = 3
"""Neighbouring sentences scored together by the crisis gate (where a crisis cue is present)."""

_UNSUPPORTED = Notice(
    code="unsupported_language",
    message="This text does not look like English; reframer only supports English, so it was not scored.",
)


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
        chunks = self._chunks(texts, batch_size)
        if isinstance(texts, Sequence) and len(texts) > batch_size:
            yield from self._overlapped(chunks, reframes, seed, situation)
            return
        for chunk in chunks:
            yield from self._analyze_chunk(chunk, reframes, seed, situation=situation)

    def _chunks(self, texts: Iterable[str], batch_size: int) -> Iterator[list[str]]:
        chunk: list[str] = []
        for text in texts:
            chunk.append(self.validate(text))
            if len(chunk) >= batch_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

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
            docs, inputs = self._prepare(texts, given)
            preds = list(self.classifier.predict(inputs))
            return self._finish(docs, preds, reframes, seed, situation)

    def _overlapped(
        self, chunks: Iterator[list[str]], reframes: int, seed: int | None, situation: str | None
    ) -> Iterator[Analysis]:
        """Chunks in order, the model scoring chunk k+1 in a worker thread (ONNX Runtime
        releases the GIL) while this thread gates and rewrites chunk k. When reading or
        preparing chunk k+1 fails, chunk k is still delivered before the error."""
        from concurrent.futures import Future, ThreadPoolExecutor

        pending: tuple[list[_Doc], Future[Sequence[Prediction]]] | None = None

        def finish(job: tuple[list[_Doc], Future[Sequence[Prediction]]]) -> list[Analysis]:
            with self.gate.memo():
                return self._finish(job[0], list(job[1].result()), reframes, seed, situation)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reframer-score") as pool:
            while True:
                try:
                    chunk = next(chunks)
                    with self.gate.memo():
                        docs, inputs = self._prepare(chunk, None)
                    future = pool.submit(self.classifier.predict, inputs)
                except StopIteration:
                    break
                except Exception:
                    if pending is not None:  # what was read before the failure is not lost
                        yield from finish(pending)
                    raise
                if pending is not None:
                    yield from finish(pending)
                pending = (docs, future)
            if pending is not None:
                yield from finish(pending)

    def _prepare(
        self, texts: Sequence[str], given: Sequence[Sequence[SentenceSpan]] | None
    ) -> tuple[list[_Doc], list[str]]:
        docs = self._split(texts, given)
        return docs, self._score_inputs(docs)

    def _finish(
        self,
        docs: list[_Doc],
        preds: Sequence[Prediction],
        reframes: int,
        seed: int | None,
        situation: str | None,
    ) -> list[Analysis]:
        """Gate and answer prepared entries (inside the caller's gate memo)."""
        self._assign(docs, preds)
        for doc in docs:
            self._gate(doc)
        return self._answer(docs, reframes, seed, situation)

    # Stages, each over per-entry records (_Doc) --------------------------------------------------
    def _split(
        self, texts: Sequence[str], given: Sequence[Sequence[SentenceSpan]] | None
    ) -> list[_Doc]:
        supported = [bool(t.strip()) and looks_english(t) for t in texts]
        if given is None:
            spans: list[Sequence[SentenceSpan]] = list(
                self.segmenter.split_many(
                    [t if ok else "" for t, ok in zip(texts, supported, strict=True)]
                )
            )
        else:
            spans = [g if ok else [] for g, ok in zip(given, supported, strict=True)]
        return [_Doc(t, ok, list(sp)) for t, ok, sp in zip(texts, supported, spans, strict=True)]

    def _score_inputs(self, docs: list[_Doc]) -> list[str]:
        """One model pass for every sentence, plus context where the gate could use it.

        Some risk signals only show across sentences ("I've written the letters. Friday."): the
        model also scores short multi-sentence entries whole, and each run of :data:`_WINDOW`
        neighbouring sentences of longer ones, but only where its crisis score could count, that
        is where the gate sees a crisis cue in that text.
        """
        for doc in docs:
            n = len(doc.spans)
            doc.whole = n > 1 and len(doc.text) <= _WHOLE_MAX
            if n > _WINDOW and not doc.whole:  # a short entry is scored whole instead
                doc.windows = [
                    (i, i + _WINDOW)
                    for i in range(n - _WINDOW + 1)
                    if self.gate.model_can_decide(doc.window((i, i + _WINDOW)))
                ]
        for doc in docs:
            doc.scored_whole = doc.whole and self.gate.model_can_decide(doc.text)
        flat = [s.text for doc in docs for s in doc.spans]
        extra = [d.text for d in docs if d.scored_whole]
        return flat + extra + [doc.window(w) for doc in docs for w in doc.windows]

    @staticmethod
    def _assign(docs: list[_Doc], preds: Sequence[Prediction]) -> None:
        """Hand each entry its sentences', whole text's and windows' predictions."""
        k = 0
        for doc in docs:
            doc.preds = preds[k : k + len(doc.spans)]
            k += len(doc.spans)
        for doc in docs:
            if doc.scored_whole:
                doc.whole_score = preds[k].crisis_score
                k += 1
        for doc in docs:
            doc.window_scores = [p.crisis_score for p in preds[k : k + len(doc.windows)]]
            k += len(doc.windows)

    def _gate(self, doc: _Doc) -> None:
        """Risk level of each sentence and of the entry (the highest signal found).

        Text that does not look like English is not scored, but it is still gated: by the
        English patterns and lexicon (a wrong language guess must never hide crisis language)
        and by the multilingual crisis lexicon. (That lexicon is not run on English text: its
        terms include words such as "suicide" that English uses in ordinary talk.)"""
        doc.levels = [
            self.gate.sentence_level(s.text, p.crisis_score)
            for s, p in zip(doc.spans, doc.preds, strict=True)
        ]
        found = set(doc.levels)
        found.add(self.gate.document_level(doc.text))
        if doc.whole:  # short entries: the patterns across sentence boundaries, and the model
            found.add(self.gate.sentence_level(doc.text, doc.whole_score))
        for w, score in zip(doc.windows, doc.window_scores, strict=True):
            found.add(self.gate.sentence_level(doc.window(w), score))
        if not doc.supported and doc.text.strip():  # see reframer.language: close calls too
            found.add(multilingual_risk(doc.text))
        doc.level = "crisis" if "crisis" in found else "concern" if "concern" in found else None

    def _answer(
        self, docs: list[_Doc], reframes: int, seed: int | None, situation: str | None = None
    ) -> list[Analysis]:
        """Results; rewrites only for self-critical sentences of entries with no risk signal."""
        todo: list[tuple[_Doc, int]] = [
            (doc, i)
            for doc in docs
            if doc.level is None and reframes
            for i, p in enumerate(doc.preds)
            if p.self_critical
        ]
        found: list[list[Reframe]] = []
        if todo:
            from reframer.rewrite import Rewriter as TemplateRewriter

            items = [(d.spans[i].text, d.preds[i].traps, _context(d, i)) for d, i in todo]
            rewriter = self.rewriter
            if situation and isinstance(rewriter, TemplateRewriter):
                situations = [situation] * len(todo)
                found = rewriter.rewrite_many(items, n=reframes, seed=seed, situations=situations)
            else:  # a custom rewriter (reframer.protocols.Rewriter) takes no situation
                found = rewriter.rewrite_many(items, n=reframes, seed=seed)
        rewrites = {(id(d), i): r[:reframes] for (d, i), r in zip(todo, found, strict=True)}
        out = []
        for doc in docs:
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
                    reframes=rewrites.get((id(doc), i), []),
                )
                for i, (span, p, level) in enumerate(
                    zip(doc.spans, doc.preds, doc.levels, strict=True)
                )
            ]
            out.append(
                Analysis(
                    model_version=self.model_version,
                    crisis=doc.level is not None,
                    safety=Safety(level=doc.level) if doc.level else None,
                    support=self.supports[doc.level] if doc.level else None,
                    sentences=sentences,
                    notices=[] if doc.supported or not doc.text.strip() else [_UNSUPPORTED],
                )
            )
        return out


@dataclass(slots=True)
class _Doc:
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


def _context(doc: _Doc, i: int) -> str | None:
    """The sentence before, which the rewrite engine may use for the event."""
    return doc.spans[i - 1].text if i else None


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
