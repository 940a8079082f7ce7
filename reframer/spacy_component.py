"""A spaCy component: ``nlp.add_pipe("self_talk")`` annotates each sentence.

Registered as the ``self_talk`` factory through the ``spacy_factories`` entry point, so any
pipeline can add it once reframer is installed. It sets, on each sentence span of the doc:

- ``span._.self_critical`` (bool) and ``span._.self_critical_score`` (float),
- ``span._.traps`` (list of trap ids), ``span._.crisis`` (bool),
- ``span._.reframes`` (list of :class:`reframer.schema.Reframe`; empty in crisis documents),

and ``doc._.crisis`` and ``doc._.safety_level`` (``"crisis"``, ``"concern"`` or ``None``) for the
whole doc. The doc needs sentence boundaries (a parser or senter
earlier in the pipeline); without them the whole doc is treated as one sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from reframer.protocols import Engine

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
    if not Doc.has_extension("safety_level"):
        Doc.set_extension("safety_level", default=None)


class SelfTalk:
    """The component: the engine's :meth:`~reframer.Reframer.analyze_spans` over the doc's
    sentences, so it shares every stage with the other interfaces (crisis gate included)."""

    def __init__(self, engine: Engine, reframes: int = 3) -> None:
        _register_extensions()
        self.engine = engine
        self.reframes = reframes

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        sents = [s for s in sents if s.text.strip()]
        spans = [(s.start_char, s.end_char) for s in sents]
        result = self.engine.analyze_spans(doc.text, spans, reframes=self.reframes)
        doc._.crisis = result.crisis
        doc._.safety_level = result.safety.level if result.safety else None
        for span, found in zip(sents, result.sentences, strict=False):  # none: not English
            span._.self_critical = found.self_critical
            span._.self_critical_score = found.score
            span._.traps = list(found.traps)
            span._.crisis = found.crisis
            span._.reframes = list(found.reframes)
        return doc


@Language.factory(
    "self_talk",
    default_config={"model": None, "reframes": 3},
    assigns=["span._.self_critical", "span._.traps", "span._.reframes", "doc._.crisis"],
)
def make_self_talk(nlp: Language, name: str, model: str | None, reframes: int) -> SelfTalk:
    """Create the component; ``model`` is a model folder path (default: the shipped model, or
    ``REFRAMER_MODEL_PATH``); the other ``REFRAMER_*`` settings apply as everywhere else."""
    from reframer.pipeline import Reframer

    return SelfTalk(Reframer.from_settings(model_path=model), reframes=reframes)
