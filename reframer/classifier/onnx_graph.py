"""The classifier's ONNX graph, written from the model folder with numpy and ``onnx`` (no torch).

:func:`build_model` reads ``config.json`` and ``model.safetensors`` (float16, cast to float32) and
writes the same computation as :func:`reframer.classifier.model.build_torch_model` in inference mode:

- embeddings: word + position (``0..tokens-1``) + token type 0, then LayerNorm;
- ``num_hidden_layers`` BERT encoder layers (eager attention: ``softmax(QKᵀ/√d + mask)``, the
  mask adding the float32 minimum at padding; exact erf GELU; post-residual LayerNorm);
- mean pooling over real tokens (``Σ h·m / max(Σ m, 1e-6)``) and the linear head.

Inputs ``input_ids`` and ``attention_mask`` (int64, ``[batch, tokens]``), output ``logits``
(float32, ``[batch, 2 + len(traps)]``), as the torch exporter names them, so
:class:`reframer.classifier.runtime.Classifier` runs either file unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reframer.errors import ModelError

if TYPE_CHECKING:
    import onnx

__all__ = ["GRAPH_VERSION", "build_model"]

GRAPH_VERSION = 2
"""Bumped whenever the written graph changes (part of the cache key of built files)."""

OPSET = 17
_F32_MIN = float(np.finfo(np.float32).min)


class _Graph:
    """A small builder: initializers, nodes and unique names."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self._n = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(self.numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, *inputs: str, **attrs: Any) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(self.helper.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def linear(self, x: str, weights: dict[str, np.ndarray], prefix: str) -> str:
        """``x @ W.T + b`` for a torch ``Linear`` stored as ``prefix.weight`` / ``prefix.bias``."""
        w = self.const(f"{prefix}.weight_t", np.ascontiguousarray(weights[f"{prefix}.weight"].T))
        b = self.const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return self.op("Add", self.op("MatMul", x, w), b)

    def layer_norm(self, x: str, weights: dict[str, np.ndarray], prefix: str, eps: float) -> str:
        scale = self.const(f"{prefix}.weight", weights[f"{prefix}.weight"])
        bias = self.const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return self.op("LayerNormalization", x, scale, bias, axis=-1, epsilon=eps)


def _load_weights(folder: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    weights_file = folder / "model.safetensors"
    if not weights_file.is_file():
        raise ModelError(f"{folder} has no model.safetensors")
    try:
        raw = load_file(str(weights_file))
    except Exception as exc:  # safetensors raises its own error types
        raise ModelError(f"{weights_file} cannot be read: {exc.__class__.__name__}") from exc
    return {k: np.asarray(v, dtype=np.float32) for k, v in raw.items()}


def _encoder_layer(
    g: _Graph, x: str, mask_bias: str, w: dict[str, np.ndarray], i: int, cfg: dict[str, Any]
) -> str:
    p = f"encoder.encoder.layer.{i}"
    heads = int(cfg["num_attention_heads"])
    hidden = int(cfg["hidden_size"])
    eps = float(cfg.get("layer_norm_eps", 1e-12))
    head_dim = hidden // heads
    split = g.const(f"{p}.split_heads", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge = g.const(f"{p}.merge_heads", np.array([0, 0, hidden], dtype=np.int64))
    scale = g.const(f"{p}.scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))

    def heads_of(name: str, perm: list[int]) -> str:
        return g.op(
            "Transpose",
            g.op("Reshape", g.linear(x, w, f"{p}.attention.self.{name}"), split),
            perm=perm,
        )

    q = heads_of("query", [0, 2, 1, 3])  # [b, h, t, d]
    k = heads_of("key", [0, 2, 3, 1])  # [b, h, d, t]
    v = heads_of("value", [0, 2, 1, 3])
    scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), mask_bias)
    context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
    context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge)
    attn = g.op("Add", g.linear(context, w, f"{p}.attention.output.dense"), x)
    attn = g.layer_norm(attn, w, f"{p}.attention.output.LayerNorm", eps)
    inner = g.linear(attn, w, f"{p}.intermediate.dense")
    if cfg.get("hidden_act", "gelu") != "gelu":
        raise ModelError(f"unsupported activation {cfg.get('hidden_act')!r} (expected gelu)")
    sqrt2 = g.const(f"{p}.sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    one = g.const(f"{p}.one", np.array(1.0, dtype=np.float32))
    half = g.const(f"{p}.half", np.array(0.5, dtype=np.float32))
    gelu = g.op(
        "Mul", g.op("Mul", inner, g.op("Add", g.op("Erf", g.op("Div", inner, sqrt2)), one)), half
    )
    out = g.op("Add", g.linear(gelu, w, f"{p}.output.dense"), attn)
    return g.layer_norm(out, w, f"{p}.output.LayerNorm", eps)


def build_model(folder: str | Path) -> onnx.ModelProto:
    """The model folder's classifier as an ONNX model (float32 initializers, opset 17)."""
    from onnx import TensorProto, helper

    path = Path(folder)
    config_file = path / "config.json"
    if not config_file.is_file():
        raise ModelError(f"{path} has no config.json")
    cfg = json.loads(config_file.read_text(encoding="utf-8"))
    if cfg.get("position_embedding_type", "absolute") != "absolute":
        raise ModelError("only absolute position embeddings are supported")
    w = _load_weights(path)
    g = _Graph()
    e = "encoder.embeddings"
    ids, mask = "input_ids", "attention_mask"

    # embeddings: word + position + token type 0 (the classifier never passes token types)
    word = g.op(
        "Gather", g.const(f"{e}.word_embeddings.weight", w[f"{e}.word_embeddings.weight"]), ids
    )
    tokens = g.op("Gather", g.op("Shape", ids), g.const("one_i64", np.array(1, dtype=np.int64)))
    positions = g.op("Range", g.const("zero_i64", np.array(0, dtype=np.int64)), tokens, "one_i64")
    pos = g.op(
        "Gather",
        g.const(f"{e}.position_embeddings.weight", w[f"{e}.position_embeddings.weight"]),
        positions,
    )
    type0 = g.const(f"{e}.token_type_embeddings.row0", w[f"{e}.token_type_embeddings.weight"][0])
    x = g.op("Add", g.op("Add", word, type0), pos)
    x = g.layer_norm(x, w, f"{e}.LayerNorm", float(cfg.get("layer_norm_eps", 1e-12)))

    # additive attention mask [b, 1, 1, t]: 0 at real tokens, the float32 minimum at padding
    mask_f = g.op("Cast", mask, to=TensorProto.FLOAT)
    keep = g.op("Cast", mask, to=TensorProto.BOOL)
    zero_f = g.const("zero_f32", np.array(0.0, dtype=np.float32))
    min_f = g.const("min_f32", np.array(_F32_MIN, dtype=np.float32))
    mask_bias = g.op(
        "Unsqueeze",
        g.op("Where", keep, zero_f, min_f),
        g.const("axes_1_2", np.array([1, 2], dtype=np.int64)),
    )
    for i in range(int(cfg["num_hidden_layers"])):
        x = _encoder_layer(g, x, mask_bias, w, i, cfg)

    # mean pooling over real tokens, then the head
    m = g.op("Unsqueeze", mask_f, g.const("axes_last", np.array([-1], dtype=np.int64)))
    axis1 = g.const("axis_1", np.array([1], dtype=np.int64))
    summed = g.op("ReduceSum", g.op("Mul", x, m), axis1, keepdims=0)
    count = g.op(
        "Clip",
        g.op("ReduceSum", m, axis1, keepdims=0),
        g.const("eps_pool", np.array(1e-6, dtype=np.float32)),
    )
    pooled = g.op("Div", summed, count)
    g.linear(pooled, w, "head")
    g.nodes[-1].output[0] = "logits"

    n_out = int(w["head.bias"].shape[0])
    for index, node in enumerate(g.nodes):  # unique names: int8 quantization selects by name
        node.name = node.name or f"{node.op_type}_{index}"
    graph = helper.make_graph(
        g.nodes,
        "reframer",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", n_out])],
        g.inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="reframer",
        producer_version=str(GRAPH_VERSION),
    )
    model.ir_version = 8  # readable by every ONNX Runtime since 1.14
    return model
