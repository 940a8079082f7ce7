"""The naive baseline: a stock ``transformers`` text-classification pipeline on our weights.

reframer's head is custom (masked mean pooling + one linear layer, see :mod:`reframer.classifier.model`), so
it is wrapped here as a ``BertPreTrainedModel`` that returns ``SequenceClassifierOutput``; the
weights are the model folder's ``model.safetensors`` (keys ``encoder.*`` and ``head.*``, float16
cast to float32). The tokenizer is the base model's, loaded with ``AutoTokenizer`` the way a first
attempt would. The pipeline runs fp32 on the CPU, ``batch_size=32``, inputs in their given order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from transformers import AutoTokenizer, BertConfig, BertModel, BertPreTrainedModel, pipeline
from transformers.modeling_outputs import SequenceClassifierOutput

__all__ = ["MeanPoolBertClassifier", "baseline_logits", "load_baseline", "make_pipeline"]


class MeanPoolBertClassifier(BertPreTrainedModel):
    """BERT encoder + masked mean pooling + linear head: reframer's classifier as a HF model."""

    def __init__(self, config: BertConfig) -> None:
        super().__init__(config)
        self.encoder = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(config.hidden_size, config.num_labels)
        self.post_init()

    def forward(
        self,
        input_ids: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        token_type_ids: torch.Tensor | None = None,
        **kwargs: Any,
    ) -> SequenceClassifierOutput:
        assert input_ids is not None
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        )[0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
        return SequenceClassifierOutput(logits=self.head(self.dropout(pooled)))


def load_baseline(model_path: str | Path) -> tuple[MeanPoolBertClassifier, Any, list[str]]:
    """(model, tokenizer, labels): the model folder's weights in float32, the base tokenizer."""
    from safetensors.torch import load_file

    from reframer.classifier.model import base_model_path, load_meta

    folder = Path(model_path)
    labels = list(load_meta(folder).labels)
    config = BertConfig.from_pretrained(
        str(folder),
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={name: i for i, name in enumerate(labels)},
    )
    model = MeanPoolBertClassifier(config)
    state = {k: v.float() for k, v in load_file(str(folder / "model.safetensors")).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m]
    if missing or unexpected:
        raise RuntimeError(
            f"weights do not fit: missing {missing[:3]}, unexpected {unexpected[:3]}"
        )
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_path()))
    return model, tokenizer, labels


def make_pipeline(model_path: str | Path, *, batch_size: int = 32) -> tuple[Any, list[str]]:
    """The stock text-classification pipeline (fp32, CPU) and the label order."""
    import transformers

    transformers.logging.set_verbosity_error()  # "model not supported for text-classification"
    model, tokenizer, labels = load_baseline(model_path)
    pipe = pipeline(
        "text-classification", model=model, tokenizer=tokenizer, batch_size=batch_size, device=-1
    )
    return pipe, labels


def baseline_logits(pipe: Any, labels: list[str], texts: list[str]) -> np.ndarray:
    """Raw logits ``(len(texts), len(labels))`` through the pipeline (no sigmoid/softmax)."""
    index = {name: i for i, name in enumerate(labels)}
    out = np.zeros((len(texts), len(labels)), dtype=np.float32)
    results = pipe(texts, top_k=None, function_to_apply="none")
    for row, scores in enumerate(results):
        for item in scores:
            out[row, index[item["label"]]] = item["score"]
    return out
