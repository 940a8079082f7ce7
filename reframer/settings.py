"""One settings object for the library's defaults, the CLI and the HTTP service.

Every field can be set from the environment with the ``REFRAMER_`` prefix, e.g.
``REFRAMER_MODEL_PATH=/srv/model`` or ``REFRAMER_API_KEY=...``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Runtime settings (environment variables with the ``REFRAMER_`` prefix)."""

    model_config = SettingsConfigDict(
        env_prefix="REFRAMER_", extra="ignore", protected_namespaces=()
    )

    # engine
    model_path: Path | None = Field(
        default=None, description="Model folder; default: the shipped one."
    )
    runtime: Literal["auto", "onnx", "torch"] = "auto"
    precision: Literal["auto", "int8", "fp32"] = Field(
        default="auto",
        description="ONNX graph: int8 where the CPU has VNNI/AMX and `reframer optimize` built "
        "it (auto), or always int8 / fp32.",
    )
    templates: Path | None = Field(default=None, description="A custom template file.")
    templates_mode: Literal["merge", "replace"] = "merge"
    resources: Path | None = Field(default=None, description="A support-resources JSON file.")
    country: str | None = Field(
        default=None,
        description="ISO 3166 country code (de, gb, ...): use that country's shipped helplines "
        "when no resources file is given.",
    )
    reframes: int = Field(default=3, ge=0, le=3)

    # records (thought records and corrections; see docs/records.md)
    data_dir: Path | None = Field(
        default=None,
        description="Folder of the records store and of a personal model; default: the "
        "platform's user data directory (e.g. ~/.local/share/reframer).",
    )

    # service
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    api_key: SecretStr | None = None
    cors_origins: list[str] = Field(default_factory=list)
    max_text_chars: int = Field(default=20_000, ge=1)
    max_body_bytes: int = Field(default=2_000_000, ge=1_024)
    max_batch_items: int = Field(default=256, ge=1)
    batch_wait_ms: float = Field(default=2.0, ge=0.0, le=100.0)
    batch_max_size: int = Field(default=64, ge=1)
    max_queue: int = Field(
        default=4096,
        ge=1,
        description="Entries waiting for the model before the service answers 503 (overloaded).",
    )
    feedback_enabled: bool = Field(
        default=False,
        description="Accept corrections at POST /v1/feedback and save them in the records store.",
    )
    max_batch_chars: int = Field(
        default=4_000,
        ge=1,
        description="Micro-batching: most characters per engine call (one entry always fits).",
    )
    header_timeout_s: float = Field(
        default=10.0, gt=0, description="Seconds for a client to send the request headers."
    )
    body_timeout_s: float = Field(
        default=30.0, gt=0, description="Seconds for a client to send the whole request body."
    )
    max_uploads: int = Field(
        default=64, ge=1, description="Request bodies received at once before 503 (overloaded)."
    )
    request_timeout_s: float = Field(
        default=60.0, gt=0, description="Seconds to answer a request before 504 (deadline)."
    )
    shutdown_grace_s: int = Field(
        default=10, ge=0, description="Seconds in-flight requests get to finish on SIGTERM."
    )
    access_log: bool = Field(
        default=True, description="Log one line per request: method, route, status, duration."
    )

    @model_validator(mode="after")
    def _country_resources(self) -> Settings:
        """``country`` picks the shipped support file when ``resources`` names none, so that
        every interface that builds the engine from settings gets the country's helplines."""
        if self.resources is None and self.country:
            from reframer.support import country_file

            self.resources = country_file(self.country)
        return self
