"""Distil a fine-tuned model into a smaller student (fewer encoder layers), on CPU.

The student keeps every ``stride``-th encoder layer of the teacher (layers 0, 2, 4 of six for
``layers=3``), its embeddings and its head, then learns the teacher's logits (all outputs:
self-critical, crisis, traps) over a distillation set: the labelled training rows plus
unlabelled sentences (the real-register pool). Calibration (temperature, thresholds) is then
refitted on the validation split exactly as :mod:`reframer.training.train` does, so the student is a
complete model folder that ``reframer optimize`` exports like any other.

    from reframer.training.distill import distill
    distill("models/reframer-minilm", "data/dataset.jsonl", "/tmp/student", layers=3,
            extra_texts=unlabelled_sentences)

The shipping rule (see docs/performance.md) is quality, not agreement: a student ships only when
its real-register and authored test F1 and every crisis suite's recall are within 0.01 of the
teacher's.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reframer.classifier.model import ModelMeta, load_meta, load_torch_model, save_model
from reframer.errors import ConfigError
from reframer.training.dataset import file_sha256, load_rows
from reframer.training.recipe import Recipe

__all__ = ["distill"]


def distill(
    teacher: str | Path,
    data: str | Path,
    out: str | Path,
    *,
    layers: int = 3,
    extra_texts: Sequence[str] = (),
    epochs: int = 2,
    seed: int = 13,
    model_version: str | None = None,
) -> ModelMeta:
    """Write a ``layers``-layer student of the ``teacher`` model folder to ``out``."""
    import torch
    from tokenizers import Tokenizer

    from reframer.training.train import _batches, _calibrate, _encode, _logits, _pad

    teacher_path = Path(teacher)
    teacher_meta = load_meta(teacher_path)
    big: Any = load_torch_model(teacher_path)
    total = int(big.encoder.config.num_hidden_layers)
    if not 1 <= layers < total:
        raise ConfigError(f"layers must be between 1 and {total - 1}, got {layers}")
    random.seed(seed)
    torch.manual_seed(seed)
    rows = load_rows(data)
    train_rows = [r for r in rows if r["split"] == "train"]
    val_rows = [r for r in rows if r["split"] == "validation"]
    tokenizer = Tokenizer.from_file(str(teacher_path / "tokenizer.json"))
    texts = [r["text"] for r in train_rows] + list(extra_texts)
    ids = _encode(tokenizer, texts, 64)
    targets = torch.from_numpy(_logits(big, ids))  # the teacher's logits: the soft targets

    student: Any = copy.deepcopy(big)
    keep = [round(i * (total - 1) / max(1, layers - 1)) for i in range(layers)]
    encoder = student.encoder
    encoder.encoder.layer = torch.nn.ModuleList([encoder.encoder.layer[i] for i in keep])
    encoder.config.num_hidden_layers = layers
    opt = torch.optim.AdamW(student.parameters(), lr=5e-5, weight_decay=0.01)
    rng = random.Random(seed)
    lengths = [len(x) for x in ids]
    steps = epochs * len(_batches(lengths, 64, random.Random(0)))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(0.0, 1 - s / max(1, steps)))
    started = time.monotonic()
    student.train()
    for _ in range(epochs):
        for batch in _batches(lengths, 64, rng):
            x, m = _pad([ids[i] for i in batch])
            loss: Any = torch.nn.functional.mse_loss(student(x, m), targets[batch])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
            opt.step()
            sched.step()
    student.eval()
    recipe = Recipe.from_overrides(
        {k: v for k, v in teacher_meta.recipe.items() if k in Recipe.model_fields}
    )
    val_ids = _encode(tokenizer, [r["text"] for r in val_rows], 128)
    calibration = _calibrate(student, val_rows, val_ids, recipe)
    meta = ModelMeta(
        model_version=model_version
        or f"{teacher_meta.model_version}-student{layers}-{dt.date.today():%Y%m%d}",
        base_model=f"{teacher_meta.model_version}, distilled to {layers} of {total} layers "
        f"(layers {keep})",
        **calibration,
        data_sha256=file_sha256([data]),
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        seed=seed,
        recipe={
            **recipe.model_dump(),
            "distilled_from": teacher_meta.model_version,
            "student_layers": keep,
            "distill_rows": len(texts),
            "distill_epochs": epochs,
            "train_seconds": round(time.monotonic() - started, 1),
        },
    )
    folder = save_model(student, meta, out, teacher_path)
    config: dict[str, Any] = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["num_hidden_layers"] = layers
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return meta
