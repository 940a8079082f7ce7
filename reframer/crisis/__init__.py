"""The crisis gate: find crisis language (suicide, self-harm) before anything is rewritten.

The parts:

* :mod:`reframer.crisis.gate`: :class:`CrisisGate`, which combines the signals below with the
  classifier's crisis score, and the text helpers it works on (:func:`normalize`,
  :func:`split_sentences`);
* :mod:`reframer.crisis.patterns`: the curated rules, idiom guards and context markers;
* :mod:`reframer.crisis.prefilter`: the necessary-literal prefilter that skips rules which
  cannot match a sentence;
* :mod:`reframer.crisis.lexicon`: the clinical recall layer (the Suicide Risk Lexicon);
* :mod:`reframer.crisis.multilingual`: crisis language in five other languages
  (:func:`multilingual_risk`).

The names below are imported on first access, so importing one part (the engine imports
:mod:`reframer.crisis.multilingual` at start-up) does not compile every rule of the gate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reframer._lazy import lazy_exports

if TYPE_CHECKING:
    from reframer.crisis.gate import CRISIS_KINDS, CrisisGate, Level, normalize, split_sentences
    from reframer.crisis.multilingual import multilingual_risk

__all__ = [
    "CRISIS_KINDS",
    "CrisisGate",
    "Level",
    "multilingual_risk",
    "normalize",
    "split_sentences",
]

_LAZY = {
    **{
        name: "reframer.crisis.gate"
        for name in ("CRISIS_KINDS", "CrisisGate", "Level", "normalize", "split_sentences")
    },
    "multilingual_risk": "reframer.crisis.multilingual",
}


__getattr__ = lazy_exports(globals(), _LAZY)
