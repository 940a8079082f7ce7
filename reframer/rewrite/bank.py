"""The exemplar bank: authored building blocks expanded into (thought -> frame) pairs.

``reframer/data/exemplars.toml`` holds life domains (their words, example scenes and a few
phrases), exemplar thought patterns per thinking trap, and rewrite frames. Loading expands it:
a frame whose text uses a ``[field]`` becomes one :class:`~reframer.rewrite.templates.Template`
per domain (``bank.<frame>.<domain>``), paired with the exemplar thoughts of its traps in that
domain; a frame without fields is one domain-free template paired with every domain's thoughts.

>>> bank = default_bank()
>>> len(bank.pairs) >= 1500
True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from reframer.errors import TemplateError
from reframer.labels import TRAPS
from reframer.rewrite.templates import ANY_TRAP, TemplateSet, parse_templates

__all__ = [
    "ANY_DOMAIN",
    "BANK_MAX_WORDS",
    "DOMAINS",
    "Domain",
    "ExemplarBank",
    "default_bank",
    "parse_bank",
]

ANY_DOMAIN: Final = "any"
BANK_MAX_WORDS: Final = 30
"""A bank frame has at most this many words once filled with the sample slot values."""
DOMAINS: Final = (
    "work",
    "study",
    "money",
    "partner",
    "friends",
    "family",
    "parenting",
    "body",
    "health",
    "habits",
    "creative",
    "grief",
    "general",
)
_FIELD: Final = re.compile(r"\[([a-z]+)\]")
_FIELDS: Final = ("area", "cares", "step", "other")
_FRAME_KEYS: Final = frozenset(
    {"id", "strategy", "traps", "text", "requires", "avoid", "weight", "domains", "not_domains"}
)


@dataclass(frozen=True, slots=True)
class Domain:
    """A life domain: the lemmas that signal it, example scenes, and the frames' phrases."""

    name: str
    words: frozenset[str]
    scenes: tuple[str, ...]
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class ExemplarBank:
    """The expanded bank: domains, frames as templates, and every (thought, frame id) pair."""

    domains: dict[str, Domain]
    templates: TemplateSet
    pairs: tuple[tuple[str, str], ...]


def _domain(name: str, raw: Any, source: str) -> Domain:
    if not isinstance(raw, dict):
        raise TemplateError(f"{source}: [domain.{name}] must be a table")
    missing = [k for k in ("words", "scenes", *_FIELDS) if k not in raw]
    if missing:
        raise TemplateError(f"{source}: [domain.{name}]: missing field(s): {', '.join(missing)}")
    return Domain(
        name=name,
        words=frozenset(w.lower() for w in raw["words"]),
        scenes=tuple(raw["scenes"]),
        fields={k: str(raw[k]) for k in _FIELDS},
    )


def _thoughts(patterns: dict[str, list[str]], trap: str, domain: Domain) -> list[str]:
    """The exemplar thoughts of ``trap`` in ``domain``."""
    out: list[str] = []
    for pattern in patterns.get(trap, []):
        text = _FIELD.sub(lambda m: domain.fields[m.group(1)], pattern)
        if "{scene}" in text:
            out.extend(text.replace("{scene}", scene) for scene in domain.scenes)
        else:
            out.append(text)
    return out


def _frame_table(frame: dict[str, Any], tid: str, text: str) -> dict[str, Any]:
    """The [[template]] table for one expanded frame."""
    table = {k: v for k, v in frame.items() if k not in {"domains", "not_domains"}}
    table.update(id=tid, text=text)
    return table


def parse_bank(data: str, source: str = "<string>") -> ExemplarBank:
    """Parse and expand bank TOML; problems raise :class:`TemplateError` naming ``source``."""
    try:
        doc = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: malformed TOML: {exc}") from exc
    domains = {n: _domain(n, r, source) for n, r in doc.get("domain", {}).items()}
    if set(domains) != set(DOMAINS):
        raise TemplateError(f"{source}: domains must be exactly: {', '.join(DOMAINS)}")
    patterns: dict[str, list[str]] = doc.get("thoughts", {})
    bad = sorted(set(patterns) - set(TRAPS))
    if bad:
        raise TemplateError(f"{source}: [thoughts]: unknown trap(s): {', '.join(bad)}")
    tables: list[dict[str, Any]] = []
    meta: dict[str, tuple[str, list[str]]] = {}  # template id -> (domain, thoughts)
    for index, frame in enumerate(doc.get("frame", [])):
        where = f"{source}: frame #{index + 1}"
        unknown = sorted(set(frame) - _FRAME_KEYS)
        if unknown:
            raise TemplateError(f"{where}: unknown field(s): {', '.join(unknown)}")
        text, fid = str(frame.get("text", "")), str(frame.get("id", ""))
        traps = list(TRAPS) if frame.get("traps") == [ANY_TRAP] else list(frame.get("traps", []))
        fields = set(_FIELD.findall(text))
        if fields - set(_FIELDS):
            raise TemplateError(f"{where}: unknown [field](s): {', '.join(fields - set(_FIELDS))}")
        allowed = [
            d
            for d in frame.get("domains", DOMAINS)
            if d not in frame.get("not_domains", []) and d in domains
        ]
        if not fields:
            tid = f"bank.{fid}"
            tables.append(_frame_table(frame, tid, text))
            thoughts = [
                t for d in allowed for trap in traps for t in _thoughts(patterns, trap, domains[d])
            ]
            meta[tid] = (ANY_DOMAIN, thoughts)
            continue
        for d in allowed:
            tid = f"bank.{fid}.{d}"
            filled = _FIELD.sub(lambda m, d=d: domains[d].fields[m.group(1)], text)  # type: ignore[misc]
            tables.append(_frame_table(frame, tid, filled))
            meta[tid] = (d, [t for trap in traps for t in _thoughts(patterns, trap, domains[d])])
    if not tables:
        raise TemplateError(f"{source}: no [[frame]] tables found")
    parsed = parse_templates(tomli_dump(tables), source, max_words=BANK_MAX_WORDS)
    templates = TemplateSet(
        t.with_exemplars(domain=meta[t.id][0], thoughts=tuple(meta[t.id][1])) for t in parsed
    )
    pairs = tuple((thought, t.id) for t in templates for thought in t.thoughts)
    return ExemplarBank(domains=domains, templates=templates, pairs=pairs)


def tomli_dump(tables: list[dict[str, Any]]) -> str:
    """Minimal TOML for a list of [[template]] tables of strings, numbers and string lists."""
    lines: list[str] = []
    for table in tables:
        lines.append("[[template]]")
        for key, value in table.items():
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@lru_cache(maxsize=1)
def default_bank() -> ExemplarBank:
    """The bank shipped in ``reframer/data/exemplars.toml`` (loaded once)."""
    ref = resources.files("reframer").joinpath("data/exemplars.toml")
    return parse_bank(ref.read_text(encoding="utf-8"), "reframer/data/exemplars.toml")
