"""Training and evaluation: everything that builds or judges a model, nothing the engine runs.

The parts (import them directly, for example ``from reframer.training.train import train``):

* :mod:`reframer.training.dataset`: labelled JSON Lines files and leakage-free splits;
* :mod:`reframer.training.corpus`: the real-register corpus, joined to its labels at build time;
* :mod:`reframer.training.recipe`: the typed, validated training recipe;
* :mod:`reframer.training.train`: fine-tuning and calibration (``reframer train``; torch);
* :mod:`reframer.training.distill`: a smaller student from a fine-tuned model (torch);
* :mod:`reframer.training.metrics`: precision/recall/F1, calibration, slices;
* :mod:`reframer.training.evaluate`: the evaluation suites (``reframer evaluate``);
* :mod:`reframer.training.card`: the evaluation report and the generated model card.

This file imports nothing, so a light module here (:mod:`~reframer.training.dataset`, used by
``reframer.records`` and ``reframer.classifier.quantize``) never pulls in torch or the evaluation code.
"""

from __future__ import annotations

__all__: list[str] = []
