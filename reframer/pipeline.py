"""The engine: text → sentences → crisis gate → classifier → rewrites → :class:`Analysis`.

Stages (one module each): :mod:`reframer.segment` splits, :mod:`reframer.crisis` gates,
:mod:`reframer.runtime` scores, :mod:`reframer.rewrite` fills templates, and
:mod:`reframer.support` answers crisis entries. This module only wires them together, in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Literal

from reframer.errors import InputError, TextTooLongError
from reframer.labels import STRATEGIES, TRAPS
from reframer.language import looks_english
from reframer.schema import Analysis, Notice, SentenceResult, Support

__all__ = ["MAX_CHARS", "Reframer", "TemplatesMode"]

TemplatesMode = Literal["merge", "replace"]

MAX_CHARS = 1_000_000
"""Longest text accepted in one document (characters); longer raises :class:`TextTooLongError`."""

_WHOLE_MAX = 1_000
"""Entries up to this many characters are also scored whole by the crisis gate."""

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
        classifier: Any,
        *,
        segmenter: Any = None,
        gate: Any = None,
        rewriter: Any = None,
        support: Support | None = None,
        max_chars: int = MAX_CHARS,
        templates: str | Path | None = None,
        templates_mode: TemplatesMode = "merge",
    ) -> None:
        from reframer.crisis import CrisisGate
        from reframer.segment import Segmenter, load_nlp
        from reframer.support import load_support

        self.classifier = classifier
        # one spaCy load serves both stages: senter for splitting, the parser for rewrite slots
        self.segmenter = segmenter or Segmenter(load_nlp(parser=True))
        self.gate = gate or CrisisGate(model_threshold=classifier.meta.crisis_threshold)
        self.support = support or load_support()
        self.max_chars = max_chars
        self._rewriter = rewriter
        self._templates = templates
        self._templates_mode = templates_mode

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
    ) -> Reframer:
        """Load a model folder (default: the shipped model) and the rest of the pipeline.

        ``templates`` adds (``templates_mode="merge"``) or replaces the rewrite templates;
        ``resources`` replaces the crisis support resources. Both are validated here, so a bad
        file fails at start-up with a :class:`~reframer.errors.ConfigError`.
        """
        from concurrent.futures import ThreadPoolExecutor

        from reframer.model import ONNX_FILE, default_model_path, load_meta
        from reframer.runtime import Classifier
        from reframer.segment import Segmenter, load_nlp
        from reframer.support import load_support

        if runtime not in ("auto", "onnx", "torch"):
            raise InputError(f"unknown runtime {runtime!r}: use auto, onnx or torch")
        path = Path(model_path) if model_path is not None else default_model_path()
        load_meta(path)  # a bad model folder fails before anything slow starts
        support = load_support(resources)
        if runtime != "torch" and (path / ONNX_FILE).is_file():
            # ONNX Runtime builds its session outside the GIL: overlap it with loading spaCy
            # (torch is never imported on this path, see reframer.segment.import_spacy)
            with ThreadPoolExecutor(1, thread_name_prefix="reframer-load") as pool:
                pending = pool.submit(Classifier.load, path, runtime="onnx")
                nlp = load_nlp()
                classifier = pending.result()
        else:
            classifier = Classifier.load(path, runtime=runtime)  # type: ignore[arg-type]
            nlp = load_nlp()
        engine = cls(
            classifier,
            segmenter=Segmenter(nlp),
            support=support,
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
    def rewriter(self) -> Any:
        """The rewrite engine, sharing the segmenter's spaCy pipeline; built on first use."""
        if self._rewriter is None:
            from reframer.rewrite import Rewriter
            from reframer.segment import load_nlp

            nlp = getattr(self.segmenter, "nlp", None)
            if nlp is None or "parser" not in nlp.pipe_names:  # a custom segmenter
                nlp = load_nlp(parser=True)
            self._rewriter = Rewriter.load(nlp, self._templates, mode=self._templates_mode)
        return self._rewriter

    # -- public API -----------------------------------------------------------------------------
    def analyze(self, text: str, *, reframes: int = 3, seed: int | None = None) -> Analysis:
        """Analyse one journal entry."""
        return self.analyze_many([text], reframes=reframes, seed=seed)[0]

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
    ) -> list[Analysis]:
        """Analyse many entries; sentences of all entries share model batches."""
        return list(self.iter_analyze(texts, reframes=reframes, seed=seed, batch_size=batch_size))

    def iter_analyze(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
    ) -> Iterator[Analysis]:
        """Stream results in input order, working through ``batch_size`` entries at a time."""
        if not 0 <= reframes <= 3:
            raise InputError(f"reframes must be between 0 and 3, got {reframes}")
        chunk: list[str] = []
        for text in texts:
            chunk.append(self._check(text))
            if len(chunk) >= batch_size:
                yield from self._analyze_chunk(chunk, reframes, seed)
                chunk = []
        if chunk:
            yield from self._analyze_chunk(chunk, reframes, seed)

    def info(self) -> dict[str, Any]:
        """Model version, labels, traps, strategies, threshold and limits."""
        meta = self.classifier.meta
        return {
            "model_version": meta.model_version,
            "base_model": meta.base_model,
            "runtime": self.classifier.runtime,
            "labels": ["self_critical", "crisis"],
            "traps": list(TRAPS),
            "strategies": list(STRATEGIES),
            "threshold": meta.threshold,
            "temperature": meta.temperature,
            "max_chars": self.max_chars,
        }

    # -- internals -------------------------------------------------------------------------------
    def _check(self, text: object) -> str:
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        if len(text) > self.max_chars:
            raise TextTooLongError(
                f"text has {len(text):,} characters; the limit is {self.max_chars:,}. "
                "Split it into entries (for example with `reframer batch`)."
            )
        return text

    def _analyze_chunk(
        self, texts: Sequence[str], reframes: int, seed: int | None
    ) -> list[Analysis]:
        memo = getattr(self.gate, "memo", None)  # a custom gate may not have one
        with memo() if memo is not None else nullcontext():
            return self._analyze_chunk_memo(texts, reframes, seed)

    def _analyze_chunk_memo(
        self, texts: Sequence[str], reframes: int, seed: int | None
    ) -> list[Analysis]:
        supported = [bool(t.strip()) and looks_english(t) for t in texts]
        spans = list(
            self.segmenter.split_many(
                [t if ok else "" for t, ok in zip(texts, supported, strict=True)]
            )
        )
        flat = [s.text for doc in spans for s in doc]
        # Some crisis signals only show across sentences: short multi-sentence entries are also
        # checked whole, and the model's crisis signal on the whole entry counts too. The model
        # scores a whole entry only where its score could count (the gate sees a crisis cue).
        multi = [d for d, doc in enumerate(spans) if len(doc) > 1 and len(texts[d]) <= _WHOLE_MAX]
        whole = [d for d in multi if self.gate.model_can_decide(texts[d])]
        preds = self.classifier.predict(flat + [texts[d] for d in whole])
        whole_score = {d: p.crisis_score for d, p in zip(whole, preds[len(flat) :], strict=True)}
        whole_crisis = {
            d: self.gate.sentence_is_crisis(texts[d], whole_score.get(d)) for d in multi
        }
        results: list[Analysis] = []
        pending: list[tuple[int, int, str, tuple[str, ...], str | None]] = []
        k = 0
        for d, (text, doc_spans) in enumerate(zip(texts, spans, strict=True)):
            sents: list[dict[str, Any]] = []
            doc_crisis = supported[d] and (
                whole_crisis.get(d, False) or self.gate.document_is_crisis(text)
            )
            for i, span in enumerate(doc_spans):
                p = preds[k]
                k += 1
                crisis = self.gate.sentence_is_crisis(span.text, p.crisis_score)
                doc_crisis = doc_crisis or crisis
                sents.append(
                    {
                        "text": span.text,
                        "start": span.start,
                        "end": span.end,
                        "self_critical": p.self_critical,
                        "score": round(p.score, 4),
                        "traps": list(p.traps),
                        "crisis": crisis,
                        "reframes": [],
                    }
                )
                if p.self_critical and reframes and not crisis:
                    context = doc_spans[i - 1].text if i else None
                    pending.append((d, i, span.text, p.traps, context))
            results.append(
                Analysis(
                    model_version=self.model_version,
                    crisis=doc_crisis,
                    support=self.support if doc_crisis else None,
                    sentences=[SentenceResult(**s) for s in sents],
                    notices=[] if supported[d] or not text.strip() else [_UNSUPPORTED],
                )
            )
        # Rewrites only for sentences of non-crisis documents: a crisis entry never gets one.
        todo = [p for p in pending if not results[p[0]].crisis]
        if todo:
            rewrites = self.rewriter.rewrite_many(
                [(s, traps, ctx) for _, _, s, traps, ctx in todo], n=reframes, seed=seed
            )
            for (d, i, *_), found in zip(todo, rewrites, strict=True):
                sentence = results[d].sentences[i]
                results[d].sentences[i] = sentence.model_copy(update={"reframes": found[:reframes]})
        return results
