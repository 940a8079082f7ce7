"""Build the fast CPU runtime for a model folder: an ONNX export run by ONNX Runtime.

``reframer optimize [MODEL]`` calls :func:`build_onnx`. The file it writes (``model.onnx``) is
derived from the committed float16 weights, so it is rebuilt on set-up rather than committed.

The int8 graph for VNNI/AMX CPUs is built from this one by :mod:`reframer.quantize` (static
scales, so scores stay batch-invariant); :mod:`reframer.precision` picks which graph runs.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from reframer.model import ONNX_FILE, load_meta, load_torch_model

__all__ = ["build_onnx"]


def build_onnx(path: str | Path, *, force: bool = False) -> Path:
    """Export the model folder's weights to an ONNX graph (float32, dynamic batch and length)."""
    import torch

    folder = Path(path)
    load_meta(folder)  # validates the folder
    target = folder / ONNX_FILE
    if target.is_file() and not force:
        return target
    model = load_torch_model(folder)
    model.encoder.config._attn_implementation = "eager"  # type: ignore[union-attr]
    ids = torch.tensor([[101, 1045, 2572, 102], [101, 2009, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    partial = folder / (ONNX_FILE + ".partial")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (ids, mask),
            str(partial),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    partial.replace(target)
    return target
