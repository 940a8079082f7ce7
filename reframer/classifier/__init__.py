"""The classifier: the model folder, its ONNX graphs and the runtime that scores sentences.

``model`` describes and loads a model folder (torch only inside the training helpers), ``runtime``
scores text (:class:`Classifier`, ONNX Runtime by default), ``export``/``onnx_graph`` build
``model.onnx`` (numpy or torch), ``quantize``/``precision`` build and choose the int8 graph and
``ort_session`` caches optimised ONNX Runtime sessions.

The names below are imported on first access, so ``import reframer.classifier`` (and every
submodule import, which runs this file first) loads nothing heavy; torch is never imported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reframer._lazy import lazy_exports

if TYPE_CHECKING:
    from reframer.classifier.model import ModelMeta, default_model_path, load_meta
    from reframer.classifier.runtime import Classifier, Prediction

_LAZY = {
    "Classifier": "reframer.classifier.runtime",
    "Prediction": "reframer.classifier.runtime",
    "ModelMeta": "reframer.classifier.model",
    "default_model_path": "reframer.classifier.model",
    "load_meta": "reframer.classifier.model",
}

__all__ = ["Classifier", "ModelMeta", "Prediction", "default_model_path", "load_meta"]


__getattr__ = lazy_exports(globals(), _LAZY)
