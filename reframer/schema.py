"""The output contract shared by the Python API, the CLI's JSON, the HTTP API and batch mode.

Field names here are stable: later versions may add fields but never rename these.
Offsets (``start``, ``end``) are Python ``str`` indices (Unicode code points) into the text as it
was given, so ``text[start:end] == sentence.text``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from reframer.labels import Strategy, Trap

__all__ = [
    "Analysis",
    "Notice",
    "Reframe",
    "Resource",
    "RiskLevel",
    "Safety",
    "SentenceResult",
    "Support",
]

RiskLevel = Literal["crisis", "concern"]
"""``crisis``: clear risk (suicidal ideation, intent, plan, means, preparation, self-harm).
``concern``: possible risk (passive death wishes, burdensomeness, hopelessness about living)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reframe(_Model):
    """One compassionate rewrite the writer could adopt."""

    text: str = Field(description="The rewrite, in the first person.")
    strategy: Strategy = Field(description="The family of reframing strategy it comes from.")


class SentenceResult(_Model):
    """One sentence of the entry and what reframer found in it."""

    text: str = Field(description="The sentence exactly as written (text[start:end]).")
    start: Annotated[
        int, Field(ge=0, description="Start offset: a Python str index (code points).")
    ]
    end: Annotated[int, Field(ge=0, description="End offset (exclusive): a Python str index.")]
    self_critical: bool = Field(description="Whether the writer judges or condemns themself here.")
    score: Annotated[
        float, Field(ge=0.0, le=1.0, description="Calibrated probability of being self-critical.")
    ]
    traps: list[Trap] = Field(
        default_factory=list, description="Thinking traps the sentence shows."
    )
    crisis: bool = Field(
        default=False,
        description="Risk language (suicide or self-harm) at either level: true exactly when "
        "risk is set.",
    )
    risk: RiskLevel | None = Field(
        default=None, description="'crisis' (clear risk) or 'concern' (possible risk), or null."
    )
    reframes: list[Reframe] = Field(
        default_factory=list,
        description="Rewrites; always empty for crisis sentences and in crisis documents.",
    )


class Resource(_Model):
    """A support service."""

    name: str
    contact: str = Field(description="How to reach it: a number, a text code or a web address.")
    description: str = ""
    url: str | None = None


class Support(_Model):
    """What reframer says instead of rewrites when an entry contains crisis language."""

    message: str
    resources: list[Resource]


class Safety(_Model):
    """The entry's risk level. Both levels suppress every rewrite and come with support."""

    level: RiskLevel = Field(
        description="'crisis': clear risk (ideation, intent, plan, means, preparation, "
        "self-harm); 'concern': possible risk (passive death wishes, burdensomeness, "
        "hopelessness about living), answered with a gentler check-in."
    )


class Notice(_Model):
    """A note about the whole entry, for example that its language is not supported."""

    code: str
    message: str


class Analysis(_Model):
    """The result for one journal entry (one document)."""

    model_version: str
    crisis: bool = Field(
        default=False,
        description="True if any part of the entry carries a risk signal (safety is set).",
    )
    safety: Safety | None = Field(
        default=None, description="The entry's risk level; null when there is no risk signal."
    )
    support: Support | None = Field(
        default=None,
        description="Support message and resources, present exactly when crisis is true.",
    )
    sentences: list[SentenceResult] = Field(default_factory=list)
    notices: list[Notice] = Field(
        default_factory=list, description="Entry-level notes, e.g. code 'unsupported_language'."
    )
