"""What the records store keeps: thought records and corrections.

Both are pydantic models with the same field names in the store, in ``records export`` (JSONL and
CSV) and in ``POST /v1/feedback``. ``id`` and ``created`` are set by the store when it saves.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reframer.labels import Strategy, Trap

__all__ = [
    "CORRECTION_KINDS",
    "Belief",
    "Correction",
    "CorrectionKind",
    "ReframeSource",
    "ThoughtRecord",
    "utc_now",
]

Belief = Annotated[int, Field(ge=0, le=100, description="How strongly it is believed, 0-100.")]

ReframeSource = Literal["offered", "edited", "own"]
"""``offered``: a rewrite kept as reframer wrote it; ``edited``: one of them, edited by the
writer; ``own``: written by the writer."""

CorrectionKind = Literal[
    "self_critical", "not_self_critical", "trap_wrong", "rewrite_helped", "rewrite_not_helped"
]
CORRECTION_KINDS: tuple[str, ...] = (
    "self_critical",
    "not_self_critical",
    "trap_wrong",
    "rewrite_helped",
    "rewrite_not_helped",
)


def utc_now() -> str:
    """The store's timestamp format: ISO 8601, UTC, whole seconds (``2026-12-06T18:33:19Z``)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ThoughtRecord(_Model):
    """One thought record: situation, thought, belief, traps, the reframe kept, belief again."""

    id: int | None = Field(default=None, description="Set by the store.")
    created: str = Field(default_factory=utc_now, description="When it was saved (UTC).")
    situation: str = ""
    thought: str = Field(min_length=1)
    belief_before: Belief
    traps: list[Trap] = Field(default_factory=list, description="Traps, as the writer kept them.")
    reframe: str | None = Field(default=None, description="The reframe the writer kept.")
    reframe_source: ReframeSource | None = None
    strategy: Strategy | None = Field(
        default=None, description="The strategy of the offered rewrite it came from."
    )
    belief_after: Belief | None = None
    model_version: str = ""
    entry_id: str | None = Field(
        default=None, description="The journal entry it came from (batch and report), if any."
    )

    @property
    def belief_change(self) -> int | None:
        """How much the belief dropped (positive: it helped); None without a second rating."""
        return None if self.belief_after is None else self.belief_before - self.belief_after

    @model_validator(mode="after")
    def _consistent(self) -> ThoughtRecord:
        if (self.reframe is None) != (self.reframe_source is None):
            raise ValueError("reframe and reframe_source are given together or not at all")
        if self.reframe is not None and not self.reframe.strip():
            raise ValueError("reframe must not be empty")
        return self


class Correction(_Model):
    """The writer's word on one sentence: the model was wrong (or a rewrite helped, or not)."""

    id: int | None = Field(default=None, description="Set by the store.")
    created: str = Field(default_factory=utc_now)
    kind: CorrectionKind = Field(
        description="self_critical | not_self_critical: the sentence is / is not self-critical; "
        "trap_wrong: `trap` does not fit it; rewrite_helped | rewrite_not_helped: about `rewrite`."
    )
    sentence: str = Field(min_length=1)
    trap: Trap | None = Field(default=None, description="The trap that is wrong (trap_wrong).")
    rewrite: str | None = Field(default=None, description="The rewrite (rewrite_* kinds).")
    traps: list[Trap] = Field(
        default_factory=list,
        description="The traps reframer found in the sentence when it was corrected, if known.",
    )
    model_version: str | None = None

    @model_validator(mode="after")
    def _needs(self) -> Correction:
        if not self.sentence.strip():
            raise ValueError("sentence must not be empty")
        if self.kind == "trap_wrong" and self.trap is None:
            raise ValueError("a trap_wrong correction names the trap")
        if self.kind.startswith("rewrite_") and not (self.rewrite or "").strip():
            raise ValueError(f"a {self.kind} correction gives the rewrite")
        return self
