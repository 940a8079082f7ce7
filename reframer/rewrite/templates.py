"""Rewrite templates: the data model, the TOML loader and its validation.

A template file is TOML with one ``[[template]]`` table per template::

    [[template]]
    id = "ev-event-not-identity"
    strategy = "evidence"                 # one of reframer.labels.STRATEGIES
    traps = ["labeling"]                  # trap ids, or ["any"]
    requires = ["event_past"]             # optional: slots needed beyond the placeholders
    avoid = ["discounting_positive"]      # optional: never use it when one of these traps is given
    text = "{event_ing} is something I did, not proof that I am {label_quoted}."
    weight = 1.0                          # optional ranking multiplier, 0.1-5

Every ``{slot}`` placeholder is required automatically. Files are validated when loaded;
any problem raises :class:`reframer.errors.TemplateError` naming the file and the template.
See ``docs/rewrites.md`` for the full format.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from reframer.errors import TemplateError
from reframer.labels import STRATEGIES, TRAPS
from reframer.rewrite.slots import SLOT_NAMES

__all__ = [
    "ANY_TRAP",
    "MAX_WORDS",
    "MIN_WORDS",
    "SAMPLE_SLOTS",
    "Template",
    "TemplateSet",
    "default_templates",
    "fill",
    "load_templates",
    "parse_templates",
    "placeholders",
]

ANY_TRAP: Final = "any"
MIN_WORDS: Final = 8
MAX_WORDS: Final = 45
_PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")
_ID: Final = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_REQUIRED_KEYS: Final = ("id", "strategy", "traps", "text")
_OPTIONAL_KEYS: Final = ("requires", "weight", "avoid", "thoughts", "domain")

SAMPLE_SLOTS: Final[Mapping[str, str]] = {
    "event": "forgot mom's birthday",
    "event_ing": "forgetting mom's birthday",
    "event_friend": "forgot their mom's birthday",
    "event_past": "forgot mom's birthday",
    "label": "terrible son",
    "label_quoted": "a 'terrible son'",
    "absolute": "never",
    "people": "everyone at work",
    "people_obj": "everyone at work",
    "should": "called her",
    "should_rule": "should have called her",
    "should_ing": "calling her",
    "should_past": "called her",
    "should_do": "be more patient",
    "comparison": "my sister",
    "feeling": "ashamed",
    "prediction": "I will fail the exam",
    "topic": "my job",
    "counterexample": "finished something",
    "thought": "nothing I do is ever good enough",
    "question": "why am I like this",
    "question_indirect": "why I am like this",
    "praise": "my mom says she is proud of me",
    "role": "son",
    "label_feeling": "like a terrible son",
    "person": "my sister",
}
"""Typical slot values, used to check a template's length and in the safety tests."""


@dataclass(frozen=True, slots=True)
class Template:
    """One rewrite template."""

    id: str
    strategy: str
    traps: frozenset[str]
    text: str
    requires: frozenset[str] = field(default_factory=frozenset)
    avoid: frozenset[str] = field(default_factory=frozenset)
    weight: float = 1.0
    source: str = "<default>"
    thoughts: tuple[str, ...] = ()
    """Exemplar thoughts this frame answers well (retrieval compares the sentence to them)."""
    domain: str = "any"
    """The life domain the frame is written for ("any" when it names none)."""

    def with_exemplars(self, *, domain: str, thoughts: tuple[str, ...]) -> Template:
        """A copy with the given domain and exemplar thoughts."""
        return replace(self, domain=domain, thoughts=thoughts)

    @property
    def any_trap(self) -> bool:
        """Whether the template fits every trap."""
        return ANY_TRAP in self.traps

    def fits(self, traps: Iterable[str]) -> int:
        """How many of ``traps`` the template is written for (0 for 'any' templates)."""
        return 0 if self.any_trap else len(self.traps.intersection(traps))


def placeholders(text: str) -> list[str]:
    """The slot names used as ``{slot}`` placeholders in ``text``, in order."""
    return _PLACEHOLDER.findall(text)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``{slot}`` with its value (KeyError if one is missing)."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


class TemplateSet:
    """An ordered, immutable collection of templates with unique ids."""

    def __init__(self, templates: Iterable[Template]) -> None:
        """Keep the templates in order; a later template with the same id wins."""
        self._by_id: dict[str, Template] = {}
        for template in templates:
            self._by_id[template.id] = template

    def __iter__(self) -> Iterator[Template]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, template_id: object) -> bool:
        return template_id in self._by_id

    def __getitem__(self, template_id: str) -> Template:
        return self._by_id[template_id]

    def merged(self, other: TemplateSet) -> TemplateSet:
        """These templates plus ``other``'s; a template of ``other`` with the same id wins."""
        return TemplateSet([*self, *other])

    def strategies_for(self, trap: str) -> set[str]:
        """The strategies with at least one slot-free template that fits ``trap``."""
        return {t.strategy for t in self if not t.requires and (t.any_trap or trap in t.traps)}


def _fail(source: str, where: str, problem: str) -> TemplateError:
    """A TemplateError naming the file and the template."""
    return TemplateError(f"{source}: {where}: {problem}")


def _str_list(value: Any, key: str, source: str, where: str) -> list[str]:
    """A field's value checked to be a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, where, f"'{key}' must be a list of strings")
    return list(value)


def _parse_one(raw: Any, index: int, source: str, max_words: int = MAX_WORDS) -> Template:
    """Validate one [[template]] table and build its Template."""
    where = f"template #{index + 1}"
    if not isinstance(raw, dict):
        raise _fail(source, where, "each [[template]] entry must be a table")
    if isinstance(raw.get("id"), str) and raw["id"]:
        where = f"template '{raw['id']}' (#{index + 1})"
    missing = [k for k in _REQUIRED_KEYS if k not in raw]
    if missing:
        raise _fail(source, where, f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if unknown:
        raise _fail(source, where, f"unknown field(s): {', '.join(unknown)}")
    tid, strategy, text = raw["id"], raw["strategy"], raw["text"]
    if not isinstance(tid, str) or not _ID.match(tid):
        raise _fail(source, where, "'id' must be lowercase letters, digits, '-', '_' or '.'")
    if not isinstance(strategy, str) or strategy not in STRATEGIES:
        raise _fail(
            source, where, f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}"
        )
    if not isinstance(text, str) or not text.strip():
        raise _fail(source, where, "'text' must be a non-empty string")
    traps = _str_list(raw["traps"], "traps", source, where)
    if not traps:
        raise _fail(source, where, "'traps' is empty; use [\"any\"] for every trap")
    bad = [t for t in traps if t != ANY_TRAP and t not in TRAPS]
    if bad:
        raise _fail(source, where, f"unknown trap(s): {', '.join(bad)}")
    avoid = _str_list(raw.get("avoid", []), "avoid", source, where)
    bad = [t for t in avoid if t not in TRAPS]
    if bad:
        raise _fail(source, where, f"unknown trap(s) in 'avoid': {', '.join(bad)}")
    requires = _str_list(raw.get("requires", []), "requires", source, where)
    used = placeholders(text)
    bad = [s for s in [*used, *requires] if s not in SLOT_NAMES]
    if bad:
        raise _fail(
            source,
            where,
            f"unknown slot(s): {', '.join(sorted(set(bad)))}; known slots: {', '.join(SLOT_NAMES)}",
        )
    if "{" in _PLACEHOLDER.sub("", text) or "}" in _PLACEHOLDER.sub("", text):
        raise _fail(source, where, "unbalanced '{' or '}' in text")
    weight = raw.get("weight", 1.0)
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not (0.1 <= weight <= 5.0)
    ):
        raise _fail(source, where, "'weight' must be a number from 0.1 to 5")
    words = len(fill(text, SAMPLE_SLOTS).split())
    if not MIN_WORDS <= words <= max_words:
        raise _fail(
            source,
            where,
            f"text has {words} words with sample slot values; it must have {MIN_WORDS}-{max_words}",
        )
    thoughts = _str_list(raw.get("thoughts", []), "thoughts", source, where)
    domain = raw.get("domain", "any")
    if not isinstance(domain, str) or not _ID.match(domain):
        raise _fail(source, where, "'domain' must be a lowercase name such as \"work\"")
    return Template(
        id=tid,
        strategy=strategy,
        traps=frozenset(traps),
        text=text.strip(),
        requires=frozenset([*used, *requires]),
        avoid=frozenset(avoid),
        weight=float(weight),
        source=source,
        thoughts=tuple(thoughts),
        domain=domain,
    )


def parse_templates(
    data: str, source: str = "<string>", *, max_words: int = MAX_WORDS
) -> TemplateSet:
    """Parse and validate template TOML text; ``source`` names it in error messages."""
    try:
        doc = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: malformed TOML: {exc}") from exc
    unknown = sorted(set(doc) - {"template", "version"})
    if unknown:
        raise TemplateError(
            f"{source}: unknown top-level key(s): {', '.join(unknown)}; "
            "templates go in [[template]] tables"
        )
    raw = doc.get("template")
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"{source}: no [[template]] tables found")
    templates: list[Template] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        template = _parse_one(entry, index, source, max_words)
        if template.id in seen:
            raise _fail(source, f"template '{template.id}' (#{index + 1})", "duplicate id")
        seen.add(template.id)
        templates.append(template)
    return TemplateSet(templates)


def load_templates(path: str | Path) -> TemplateSet:
    """Load and validate a template file (UTF-8 TOML)."""
    p = Path(path)
    try:
        data = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(f"{p}: template file not found") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{p}: template file is not valid UTF-8") from exc
    except OSError as exc:
        raise TemplateError(f"{p}: cannot read template file ({exc.strerror})") from exc
    return parse_templates(data, str(p))


@lru_cache(maxsize=1)
def default_templates() -> TemplateSet:
    """The templates shipped in ``reframer/data/templates.toml`` (loaded once)."""
    ref = resources.files("reframer").joinpath("data/templates.toml")
    return parse_templates(ref.read_text(encoding="utf-8"), "reframer/data/templates.toml")
