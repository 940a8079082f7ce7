"""The training recipe: typed, validated, frozen (like setfit's ``TrainingArguments``).

``reframer train`` and :func:`reframer.training.train.train` take a :class:`Recipe` or a mapping of
overrides; a bad value is refused with a :class:`~reframer.errors.ConfigError` naming the key,
before anything slow loads. The recipe is stored in the model folder (``reframer.json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, StrictInt, ValidationError

from reframer.errors import ConfigError

__all__ = ["DEFAULT_RECIPE", "Recipe"]


class Recipe(BaseModel):
    """How the classifier is fine-tuned and calibrated (defaults: the shipped model's recipe)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    epochs: StrictInt = Field(2, ge=1)
    batch_size: StrictInt = Field(32, ge=1)
    lr: PositiveFloat = 8e-5
    head_lr: PositiveFloat = 2e-3
    weight_decay: float = Field(0.01, ge=0.0)
    warmup: float = Field(0.06, ge=0.0, le=1.0)
    crisis_weight: PositiveFloat = 2.0
    trap_weight: float = Field(0.5, ge=0.0)
    max_tokens: StrictInt = Field(64, ge=8, le=512)
    deploy_prior: float = Field(0.15, gt=0.0, lt=1.0)
    """Share of self-critical sentences expected in real journals (our data is about 1 in 3):
    the decision threshold maximises F1 on validation reweighted to this prior. (Labelled forum
    posts show 3.5%; model v12 tried 0.05 on real validation rows, see docs/model-history.md.)"""
    threshold_rows: Literal["real", "all"] = "all"
    """Which validation rows choose the decision threshold: ``all``, or ``real`` (rows whose
    source is ``real``, when they hold at least 30 positives; else all rows)."""
    freeze_embeddings: bool = True
    linear_probe: StrictInt = Field(0, ge=0)
    """Rows for a linear probe that fits the head on the frozen encoder before fine-tuning
    (LP-FT); 0 starts from a random head."""
    source_weights: dict[str, PositiveFloat] = Field(default_factory=lambda: {"real": 2.0})
    """Loss weight per row ``source`` (multiplies a row's own ``weight``): real people's
    sentences (data/real) count more than the authored ones they are outnumbered by."""

    @classmethod
    def from_overrides(cls, overrides: Recipe | Mapping[str, Any] | None = None) -> Recipe:
        """The default recipe with ``overrides`` applied; :class:`ConfigError` if invalid."""
        if isinstance(overrides, Recipe):
            return overrides
        try:
            return cls(**dict(overrides or {}))
        except ValidationError as exc:
            problems = "; ".join(
                f"recipe key {'.'.join(map(str, e['loc'])) or '?'!r}: {e['msg']}"
                for e in exc.errors()
            )
            raise ConfigError(f"invalid training recipe: {problems}") from None


DEFAULT_RECIPE: dict[str, Any] = Recipe().model_dump()
"""The default recipe as a plain mapping (for display and overrides)."""
