"""Errors raised by reframer.

Every error carries a stable ``code`` (used in CLI messages and HTTP error bodies) and a
message that explains what went wrong and what to do. Messages never contain journal text.

Class tree::

    ReframerError                    base class, code "reframer_error"
    ├── InputError                   the input cannot be analysed (HTTP 4xx, CLI exit 2)
    │   ├── TextTooLongError         text over the configured limit         "text_too_long"
    │   ├── DecodeError              bytes that are not valid UTF-8         "undecodable_input"
    │   └── UnsupportedFormatError   a file in a format reframer can't read "unsupported_format"
    ├── ModelError                   the model folder is missing or invalid "model_error"
    ├── OutputError                  an output cannot be written (disk full, ...) "output_error"
    ├── ConfigError                  a settings/template/resources file is invalid
    │   ├── TemplateError            custom template file problems           "template_error"
    │   └── ResourcesError           support resources file problems         "resources_error"
    ├── DataError                    a training / evaluation file is invalid "data_error"
    └── StoreError                   the local records store cannot be used  "store_error"
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DataError",
    "DecodeError",
    "InputError",
    "ModelError",
    "OutputError",
    "ReframerError",
    "ResourcesError",
    "StoreError",
    "TemplateError",
    "TextTooLongError",
    "UnsupportedFormatError",
]


class ReframerError(Exception):
    """Base class of every error reframer raises on purpose."""

    code = "reframer_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(ReframerError):
    """The text or file given cannot be analysed as it is."""

    code = "invalid_input"


class TextTooLongError(InputError):
    """The text is longer than the configured limit."""

    code = "text_too_long"


class DecodeError(InputError):
    """Input bytes are not valid UTF-8."""

    code = "undecodable_input"


class UnsupportedFormatError(InputError):
    """A journal export in a format reframer cannot read."""

    code = "unsupported_format"


class ModelError(ReframerError):
    """The model folder is missing, incomplete or of an unknown version."""

    code = "model_error"


class OutputError(ReframerError):
    """An output file or folder cannot be written (disk full, read-only, not a folder ...).

    Whatever was committed before the failure is kept; the message says where and how to go on.
    """

    code = "output_error"


class ConfigError(ReframerError):
    """A settings, template or resources file is invalid."""

    code = "config_error"


class TemplateError(ConfigError):
    """A template file is malformed or uses an unknown slot or strategy."""

    code = "template_error"


class ResourcesError(ConfigError):
    """A support-resources file is malformed."""

    code = "resources_error"


class DataError(ReframerError):
    """A labelled data file (training or evaluation) is malformed."""

    code = "data_error"


class StoreError(ReframerError):
    """The local records store (thought records, corrections) cannot be opened or used, or a
    record asked for is not in it (code ``record_not_found``)."""

    code = "store_error"
