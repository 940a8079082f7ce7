"""reframer: find negative self-talk in journals and offer kinder, truer ways to say it.

The engine and the output models are imported on first access (``reframer.Reframer``), so that
``import reframer.cli`` (and ``reframer --help``) does not pay for pydantic and the pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reframer._lazy import lazy_exports
from reframer.errors import (
    ConfigError,
    DataError,
    DecodeError,
    InputError,
    ModelError,
    ReframerError,
    ResourcesError,
    TemplateError,
    TextTooLongError,
    UnsupportedFormatError,
)
from reframer.labels import STRATEGIES, TRAPS

if TYPE_CHECKING:
    from reframer.pipeline import Reframer
    from reframer.schema import Analysis, Notice, Reframe, Resource, SentenceResult, Support

_LAZY = {
    "Reframer": "reframer.pipeline",
    **{
        name: "reframer.schema"
        for name in ("Analysis", "Notice", "Reframe", "Resource", "SentenceResult", "Support")
    },
}

__version__ = "0.1.0"

__all__ = [
    "STRATEGIES",
    "TRAPS",
    "Analysis",
    "ConfigError",
    "DataError",
    "DecodeError",
    "InputError",
    "ModelError",
    "Notice",
    "Reframe",
    "Reframer",
    "ReframerError",
    "Resource",
    "ResourcesError",
    "SentenceResult",
    "Support",
    "TemplateError",
    "TextTooLongError",
    "UnsupportedFormatError",
    "__version__",
]


__getattr__ = lazy_exports(globals(), _LAZY)
