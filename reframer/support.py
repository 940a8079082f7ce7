"""The support response shown instead of rewrites when an entry contains crisis language.

The default message and resources ship in ``reframer/data/support/default.json``; a deployment
can replace them with its own file (``Reframer.load(resources=...)`` or ``REFRAMER_RESOURCES``),
for example to list local services. The file format::

    {
      "message": "A short, warm message.",
      "resources": [
        {"name": "...", "contact": "...", "description": "...", "url": "https://..."}
      ]
    }

``description`` and ``url`` are optional; ``name`` and ``contact`` are required, and the list
must not be empty. An optional top-level ``"check_in"`` string replaces the gentler message shown
for the ``concern`` level (possible risk); without it, :data:`CHECK_IN_MESSAGE` is used.
The shipped country files (``reframer/data/support/<code>.json``, ISO 3166 alpha-2 codes such as
``gb.json``) also carry ``"country"`` and ``"checked"`` (the date their numbers were last
checked); these keys are informational. :func:`resolve_resources` picks a country's file
(``--country``, ``REFRAMER_COUNTRY``). Any problem raises
:class:`~reframer.errors.ResourcesError`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from reframer.errors import ResourcesError
from reframer.schema import Resource, RiskLevel, Support

__all__ = [
    "CHECK_IN_MESSAGE",
    "DEFAULT_SUPPORT_FILE",
    "Resource",
    "Support",
    "available_countries",
    "country_file",
    "load_support",
    "load_support_levels",
    "parse_support",
    "resolve_resources",
]

_INFO_KEYS = frozenset({"check_in", "country", "checked", "source"})
"""Top-level keys that are not part of the :class:`Support` answer."""
_SUPPORT_DIR = "data/support"

CHECK_IN_MESSAGE = (
    "Some of what you wrote sounds really heavy, so instead of suggestions, a gentle check-in: "
    "how are you, right now? If part of you is thinking about not being here, or about hurting "
    "yourself, you deserve support with that, today. Talking to someone you trust, or to one of "
    "the free, confidential services below, can help."
)
"""The message for the ``concern`` level (possible risk), unless a support file sets its own."""

DEFAULT_SUPPORT_FILE = "data/support/default.json"
"""The shipped support file, relative to the ``reframer`` package."""


def load_support(path: str | Path | None = None) -> Support:
    """Load and validate a support file; ``None`` loads the shipped default.

    Raises :class:`~reframer.errors.ResourcesError` when the file is missing or unreadable,
    is not valid JSON, lacks a required field, has an unknown field, or lists no resources.
    """
    return load_support_levels(path)["crisis"]


def load_support_levels(path: str | Path | None = None) -> dict[RiskLevel, Support]:
    """The support shown for each level: ``crisis`` as written, ``concern`` with the check-in."""
    text, source = _read(path)
    crisis = parse_support(text, source)
    check_in = json.loads(text).get("check_in", CHECK_IN_MESSAGE)
    if not isinstance(check_in, str) or not check_in.strip():
        raise ResourcesError(
            f'support resources file {source}: "check_in" must be a non-empty string.'
        )
    return {"crisis": crisis, "concern": crisis.model_copy(update={"message": check_in})}


def _read(path: str | Path | None) -> tuple[str, str]:
    if path is None:
        ref = resources.files("reframer").joinpath(DEFAULT_SUPPORT_FILE)
        return ref.read_text(encoding="utf-8"), f"reframer/{DEFAULT_SUPPORT_FILE}"
    file = Path(path)
    if not file.exists():
        raise ResourcesError(
            f"support resources file not found: {file}. Pass the path of a JSON file, or "
            "leave it out to use the shipped default."
        )
    if not file.is_file():
        raise ResourcesError(f"support resources path is not a file: {file}.")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ResourcesError(f"support resources file {file} is not valid UTF-8.") from exc
    except OSError as exc:
        raise ResourcesError(
            f"could not read support resources file {file}: {exc.strerror}."
        ) from exc
    return text, str(file)


def parse_support(text: str, source: str = "<string>") -> Support:
    """Validate the JSON text of a support file (``source`` names it in error messages)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourcesError(
            f"support resources file {source} is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})."
        ) from exc
    if not isinstance(data, dict):
        raise ResourcesError(
            f"support resources file {source} must hold a JSON object with "
            '"message" and "resources".'
        )
    data = {k: v for k, v in data.items() if k not in _INFO_KEYS}
    try:
        support = Support.model_validate(data)
    except ValidationError as exc:
        raise ResourcesError(
            f"support resources file {source} is invalid: {_describe(exc)}."
        ) from exc
    if not support.message.strip():
        raise ResourcesError(f'support resources file {source}: "message" must not be empty.')
    if not support.resources:
        raise ResourcesError(
            f'support resources file {source}: "resources" must list at least one service.'
        )
    for i, resource in enumerate(support.resources):
        for field in ("name", "contact"):
            if not getattr(resource, field).strip():
                raise ResourcesError(
                    f"support resources file {source}: resources[{i}].{field} must not be empty."
                )
    return support


def available_countries() -> list[str]:
    """The country codes with a shipped support file (lower case, sorted)."""
    folder = resources.files("reframer").joinpath(_SUPPORT_DIR)
    return sorted(
        f.name[:-5]
        for f in folder.iterdir()
        if f.name.endswith(".json") and f.name != "default.json"
    )


def country_file(country: str) -> Path:
    """The shipped support file for an ISO 3166 alpha-2 code (``"de"``, ``"GB"``; ``"UK"`` is
    accepted for ``GB``). Raises :class:`~reframer.errors.ResourcesError` for a country without
    one, listing those that have one."""
    code = country.strip().lower()
    code = {"uk": "gb"}.get(code, code)
    known = available_countries()
    if code not in known:
        raise ResourcesError(
            f"no shipped support resources for country {country.strip()[:20]!r}. Countries: "
            f"{', '.join(c.upper() for c in known)}. For another country, write a support file "
            "(see docs/helplines.md) and pass it with --resources or REFRAMER_RESOURCES."
        )
    return Path(str(resources.files("reframer").joinpath(f"{_SUPPORT_DIR}/{code}.json")))


def resolve_resources(resources_file: str | Path | None, country: str | None) -> str | Path | None:
    """The support file to load: an explicit file wins, then the country's shipped file, then
    ``None`` (the shipped default, which lists an international directory first)."""
    if resources_file is not None:
        return resources_file
    if country:
        return country_file(country)
    return None


def _describe(exc: ValidationError) -> str:
    """Field locations and reasons, never the values (they could be anything)."""
    parts: list[str] = []
    for error in exc.errors():
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
        loc = loc.lstrip(".") or "(top level)"
        if error["type"] == "missing":
            parts.append(f"{loc} is missing")
        elif error["type"] == "extra_forbidden":
            parts.append(f"{loc} is not a known field")
        else:
            parts.append(f"{loc}: {error['msg']}")
    return "; ".join(parts)
