"""Request and response models of the HTTP API.

Responses reuse the library's output contract (:class:`reframer.schema.Analysis`); requests are
separate models so that the wire format can grow without touching the engine. Limits that depend on
settings (text length, batch size) are checked by the routes, not here, so one model serves every
configuration; the OpenAPI document states the configured values.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from reframer.labels import Trap
from reframer.records.models import CorrectionKind
from reframer.schema import Analysis

__all__ = [
    "AnalyzeRequest",
    "BatchItem",
    "BatchItemError",
    "BatchRequest",
    "BatchResponse",
    "BatchResult",
    "ErrorDetail",
    "ErrorResponse",
    "FeedbackRequest",
    "FeedbackResponse",
    "Health",
    "Info",
    "Limits",
    "Options",
    "Ready",
]

SEED_MAX = 2**53 - 1  # the largest integer every JSON client represents exactly


def _valid_unicode(value: str) -> str:
    """Reject unpaired surrogates (``"\\ud800"`` in JSON): they cannot be encoded as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no unpaired surrogates)") from None
    return value


def _json_integer(value: Any) -> Any:
    """JSON Schema's integer: ``2`` and ``2.0`` yes, ``true`` and ``2.5`` no."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# bounds next to ``int`` (inside the validator), so the JSON schema says minimum/maximum
Reframes = Annotated[int, Field(ge=0, le=3), BeforeValidator(_json_integer)]
Seed = Annotated[int, Field(ge=-SEED_MAX, le=SEED_MAX), BeforeValidator(_json_integer)]


class _Request(BaseModel):
    # strict: JSON types must match (no `false` for 0, no "3" for 3); unknown fields are errors
    model_config = ConfigDict(extra="forbid", strict=True)


class Options(_Request):
    """How to analyse: the same for every entry of a request."""

    reframes: Reframes | None = Field(
        default=None,
        description="Rewrites per self-critical sentence (0-3); default: the server's setting (3).",
    )
    seed: Seed | None = Field(
        default=None,
        description="Varies the choice among good rewrites; the same seed gives the same result.",
    )


class AnalyzeRequest(_Request):
    """One journal entry."""

    text: str = Field(
        description="The entry (UTF-8). Longer than the server's max_text_chars (see /v1/info): 413."
    )
    options: Options = Field(default_factory=Options)
    situation: Annotated[str, Field(max_length=500), AfterValidator(_valid_unicode)] | None = Field(
        default=None,
        description="Optional: what happened, in the writer's words ('I missed the team "
        "deadline', 'the job interview'). Rewrites name it when a sentence does not.",
    )


class BatchItem(_Request):
    """One entry of a batch, with an id chosen by the client to match results to entries."""

    id: Annotated[str, Field(min_length=1, max_length=128), AfterValidator(_valid_unicode)]
    text: str = Field(description="The entry; one that cannot be analysed gets an item error.")


class BatchRequest(_Request):
    """Many entries analysed together; results come back in input order."""

    items: list[BatchItem] = Field(
        description="The entries (at most the server's max_batch_items, see /v1/info)."
    )
    options: Options = Field(default_factory=Options)


class FeedbackRequest(_Request):
    """A correction from the writer (saved in the local records store; see docs/records.md)."""

    kind: CorrectionKind = Field(
        description="self_critical / not_self_critical: the sentence is / is not self-critical; "
        "trap_wrong: `trap` does not fit it; rewrite_helped / rewrite_not_helped: about `rewrite`."
    )
    sentence: Annotated[str, Field(min_length=1), AfterValidator(_valid_unicode)]
    trap: Trap | None = Field(default=None, description="The wrong trap (trap_wrong).")
    rewrite: Annotated[str, AfterValidator(_valid_unicode)] | None = Field(
        default=None, description="The rewrite (rewrite_helped, rewrite_not_helped)."
    )
    traps: list[Trap] = Field(
        default_factory=list, description="The traps reframer showed for the sentence, if known."
    )
    model_version: str | None = Field(default=None, max_length=200)


class FeedbackResponse(BaseModel):
    id: int = Field(description="The correction's id in the store.")
    kind: str


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. 'text_too_long'.")
    message: str = Field(description="What went wrong; never contains the submitted text.")


class ErrorResponse(BaseModel):
    """The one error shape of every non-2xx answer."""

    error: ErrorDetail


class BatchResult(Analysis):
    """The analysis of one batch entry: the client's ``id`` plus the Analysis fields."""

    id: str


class BatchItemError(BaseModel):
    """An entry of a batch that could not be analysed; the others are not affected."""

    id: str
    error: ErrorDetail


class BatchResponse(BaseModel):
    results: list[BatchResult] = Field(description="Analysed entries, in input order.")
    errors: list[BatchItemError] = Field(description="Entries that failed, in input order.")


class Limits(BaseModel):
    max_text_chars: int
    max_body_bytes: int
    max_batch_items: int
    max_reframes: int = 3


class Info(BaseModel):
    model_config = ConfigDict(protected_namespaces=())

    model_version: str
    runtime: str | None = None
    precision: str | None = Field(
        default=None, description="int8 or fp32: the arithmetic of the model graph being run."
    )
    base_model: str | None = None
    labels: list[str]
    traps: list[str]
    strategies: list[str] = Field(default_factory=list)
    threshold: float | None = None
    limits: Limits

    @classmethod
    def from_engine(cls, info: dict[str, Any], limits: Limits) -> Info:
        """Keep the fields this model knows; an engine may report more (or fewer)."""
        known = {k: v for k, v in info.items() if k in cls.model_fields and k != "limits"}
        return cls(**known, limits=limits)


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    model_config = ConfigDict(protected_namespaces=())

    status: Literal["ready"] = "ready"
    model_version: str


ANALYZE_EXAMPLES: dict[str, Any] = {
    "self_critical": {
        "summary": "A self-critical entry",
        "value": {
            "text": "I forgot mom's birthday again. I'm such a terrible son.",
            "options": {"reframes": 2, "seed": None},
        },
    },
    "defaults": {
        "summary": "Default options",
        "value": {"text": "I missed the deadline. I always mess everything up."},
    },
}

FEEDBACK_EXAMPLES: dict[str, Any] = {
    "not_self_critical": {
        "summary": "A sentence wrongly flagged",
        "value": {"kind": "not_self_critical", "sentence": "I was too tired to cook, so pizza."},
    },
    "trap_wrong": {
        "summary": "A trap that does not fit",
        "value": {
            "kind": "trap_wrong",
            "sentence": "I always mess up presentations.",
            "trap": "labeling",
            "traps": ["overgeneralization", "labeling"],
        },
    },
}

BATCH_EXAMPLES: dict[str, Any] = {
    "two_entries": {
        "summary": "Two entries",
        "value": {
            "items": [
                {"id": "e1", "text": "I'm such an idiot for saying that in the meeting."},
                {"id": "e2", "text": "Went for a long walk. The sun was out."},
            ],
            "options": {"reframes": 1},
        },
    }
}
