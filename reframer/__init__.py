"""reframer: find negative self-talk in journals and offer kinder, truer ways to say it."""

from __future__ import annotations

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
from reframer.pipeline import Reframer
from reframer.schema import Analysis, Notice, Reframe, Resource, SentenceResult, Support

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
