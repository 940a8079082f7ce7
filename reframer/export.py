"""Build the fast CPU runtime for a model folder: ONNX export plus int8 dynamic quantization.

``reframer optimize [MODEL]`` calls :func:`build_onnx`. The file it writes (``model.int8.onnx``)
is derived from the committed float16 weights, so it is rebuilt on set-up rather than committed.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from reframer.model import ONNX_FILE, load_meta, load_torch_model

__all__ = ["build_onnx"]


def build_onnx(path: str | Path, *, force: bool = False) -> Path:
    """Export the model folder's weights to ONNX and quantize them to int8 (per channel)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder = Path(path)
    load_meta(folder)  # validates the folder
    target = folder / ONNX_FILE
    if target.is_file() and not force:
        return target
    model = load_torch_model(folder)
    model.encoder.config._attn_implementation = "eager"  # type: ignore[union-attr]
    ids = torch.tensor([[101, 1045, 2572, 102], [101, 2009, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                (ids, mask),
                str(fp32),
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
        partial = folder / (ONNX_FILE + ".partial")
        quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8, per_channel=True)
        partial.replace(target)
    return target
