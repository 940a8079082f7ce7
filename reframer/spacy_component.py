"""A spaCy component: ``nlp.add_pipe("self_talk")`` annotates each sentence.

Registered as the ``self_talk`` factory through the ``spacy_factories`` entry point, so any
pipeline can add it once reframer is installed. It sets, on each sentence span of the doc:

- ``span._.self_critical`` (bool) and ``span._.self_critical_score`` (float),
- ``span._.traps`` (list of trap ids), ``span._.crisis`` (bool),
- ``span._.reframes`` (list of :class:`reframer.schema.Reframe`; empty in crisis documents),

and ``doc._.crisis`` for the whole doc. The doc needs sentence boundaries (a parser or senter
earlier in the pipeline); without them the whole doc is treated as one sentence.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["SelfTalk", "make_self_talk"]

_SPAN_ATTRS = {
    "self_critical": False,
    "self_critical_score": 0.0,
    "traps": None,
    "crisis": False,
    "reframes": None,
}


def _register_extensions() -> None:
    for name, default in _SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("crisis"):
        Doc.set_extension("crisis", default=False)


class SelfTalk:
    """The component: scores each sentence with a :class:`reframer.Reframer` engine."""

    def __init__(self, engine: Any, reframes: int = 3) -> None:
        _register_extensions()
        self.engine = engine
        self.reframes = reframes

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        preds = self.engine.classifier.predict([s.text for s in sents])
        gate = self.engine.gate
        crisis = gate.document_is_crisis(doc.text)
        flags = []
        for span, p in zip(sents, preds, strict=True):
            c = gate.sentence_is_crisis(span.text, p.crisis_score)
            crisis = crisis or c
            flags.append(c)
        doc._.crisis = crisis
        todo = []
        for i, (span, p, c) in enumerate(zip(sents, preds, flags, strict=True)):
            span._.self_critical = p.self_critical
            span._.self_critical_score = p.score
            span._.traps = list(p.traps)
            span._.crisis = c
            span._.reframes = []
            if p.self_critical and not crisis and self.reframes:
                todo.append((i, span.text, p.traps, sents[i - 1].text if i else None))
        if todo:
            found = self.engine.rewriter.rewrite_many(
                [(t, tr, ctx) for _, t, tr, ctx in todo], n=self.reframes
            )
            for (i, *_), rewrites in zip(todo, found, strict=True):
                sents[i]._.reframes = rewrites
        return doc


@Language.factory(
    "self_talk",
    default_config={"model": None, "reframes": 3},
    assigns=["span._.self_critical", "span._.traps", "span._.reframes", "doc._.crisis"],
)
def make_self_talk(nlp: Language, name: str, model: str | None, reframes: int) -> SelfTalk:
    """Create the component; ``model`` is a model folder path (default: the shipped model)."""
    from reframer.pipeline import Reframer

    return SelfTalk(Reframer.load(model), reframes=reframes)
