"""Inference: tokenize, batch by length, run the encoder, calibrate, threshold.

Two backends give the same logits for a model folder:

- ``onnx``: ONNX Runtime on the exported graph: the fast CPU path. Float32 (``model.onnx``, built
  on first use when the folder has none, see :mod:`reframer.classifier.export`), or static int8
  (``model.int8.onnx``) where the CPU has VNNI/AMX (see :mod:`reframer.classifier.precision`);
- ``torch``: the float32 reference (the weights the trainer wrote; needs the ``train`` extra).

Inputs are sorted by length and cut into batches so that padding stays small (the base tokenizer's
fixed 128-token padding is turned off), then results are put back in input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from reframer.classifier.model import META_FILE, ModelMeta, load_meta
from reframer.classifier.precision import INT8_FILE, choose_precision, requested_precision
from reframer.errors import ModelError

__all__ = ["Classifier", "Prediction"]

Runtime = Literal["auto", "onnx", "torch"]


@dataclass(frozen=True, slots=True)
class Prediction:
    """The classifier's view of one sentence."""

    score: float
    """Calibrated probability that the sentence is self-critical."""
    self_critical: bool
    traps: tuple[str, ...]
    crisis_score: float


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return out


class Classifier:
    """Scores sentences with a model folder. ``Classifier.load(path)`` then :meth:`predict`."""

    def __init__(
        self, path: Path, meta: ModelMeta, runner: Any, runtime: str, precision: str = "fp32"
    ) -> None:
        from tokenizers import Tokenizer

        self.path = path
        self.meta = meta
        self.runtime = runtime
        self.precision = precision
        """``int8`` or ``fp32``: the arithmetic of the graph being run."""
        self._runner = runner
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=meta.max_tokens)

    @classmethod
    def load(
        cls, path: str | Path, *, runtime: Runtime = "auto", precision: str | None = None
    ) -> Classifier:
        """Load a model folder. ``auto`` and ``onnx`` run ONNX Runtime (the float32 graph is
        built on first use when the folder has none, see :func:`reframer.classifier.export.ensure_onnx`);
        ``precision`` (``auto``, ``int8``, ``fp32``; default ``REFRAMER_PRECISION`` or auto)
        picks the graph. ``torch`` runs the float32 reference (needs the ``train`` extra)."""
        folder = Path(path)
        wanted = requested_precision(precision)
        meta = load_meta(folder)
        if runtime in ("auto", "onnx"):
            from reframer.classifier.export import ensure_onnx
            from reframer.classifier.ort_session import open_session

            choice, _ = choose_precision(folder, meta.model_version, wanted)
            graph = folder / INT8_FILE if choice == "int8" else ensure_onnx(folder)
            session = open_session(graph, threads=_threads())
            return cls(folder, meta, session, "onnx", choice)
        if runtime != "torch":
            raise ModelError(f"unknown runtime {runtime!r}: use auto, onnx or torch")
        try:
            from reframer.classifier.model import load_torch_model

            model = load_torch_model(folder)
        except ImportError as exc:
            raise ModelError(
                "the torch runtime needs the train extra: pip install '.[train]'"
            ) from exc
        return cls(folder, meta, model, "torch")

    # -- logits -------------------------------------------------------------------------------
    def logits(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Raw head logits, shape ``(len(texts), 2 + len(traps))``, in input order."""
        n_out = len(self.meta.labels)
        out = np.zeros((len(texts), n_out), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        budget = batch_size * 24  # tokens per batch: short sentences get bigger batches
        start = 0
        while start < len(order):
            longest = len(encodings[order[start]].ids)
            end = start + 1
            while end < len(order) and end - start < batch_size * 4:
                longest = len(encodings[order[end]].ids)
                if longest * (end - start + 1) > budget:
                    break
                end += 1
            idx = order[start:end]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                e = encodings[i].ids
                ids[row, : len(e)] = e
                mask[row, : len(e)] = 1
            out[idx] = self._run(ids, mask)
            start = end
        return out

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.runtime == "onnx":
            result: np.ndarray = self._runner.run(None, {"input_ids": ids, "attention_mask": mask})[
                0
            ]
            return result
        import torch

        with torch.inference_mode():
            logits = self._runner(torch.from_numpy(ids), torch.from_numpy(mask))
        arr: np.ndarray = logits.float().numpy()
        return arr

    # -- decisions ----------------------------------------------------------------------------
    def probabilities(self, logits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Calibrated self-critical probability, crisis probability, trap probabilities."""
        score = _sigmoid(logits[:, 0] / self.meta.temperature)
        return score, _sigmoid(logits[:, 1]), _sigmoid(logits[:, 2:])

    def predict(self, texts: Sequence[str], *, batch_size: int = 64) -> list[Prediction]:
        """One :class:`Prediction` per text, in order."""
        score, crisis, traps = self.probabilities(self.logits(texts, batch_size=batch_size))
        meta = self.meta
        cut = np.array([meta.trap_thresholds.get(t, 0.5) for t in meta.traps], dtype=np.float32)
        preds = []
        for i in range(len(texts)):
            critical = bool(score[i] >= meta.threshold)
            chosen: tuple[str, ...] = ()
            if critical:
                hits = [j for j in np.argsort(-traps[i]) if traps[i, j] >= cut[j]]
                if not hits:  # a self-critical sentence always names its most likely trap
                    hits = [int(np.argmax(traps[i]))]
                chosen = tuple(meta.traps[j] for j in hits[:3])
            preds.append(Prediction(float(score[i]), critical, chosen, float(crisis[i])))
        return preds

    @property
    def model_version(self) -> str:
        return self.meta.model_version


def _threads() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def has_model(path: Path) -> bool:
    """Whether ``path`` looks like a model folder."""
    return (path / META_FILE).is_file()
