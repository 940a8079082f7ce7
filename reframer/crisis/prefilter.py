"""A necessary-literal prefilter for the curated crisis rules.

Every rule in :data:`reframer.crisis.patterns.RULES` is a regular expression, and most sentences
match none of them. Before a rule's expression runs, :func:`required_literals` tells which plain
strings a match *must* contain (one of them at least): ``(hurt|harm)(ing)? myself`` needs
``myself``, ``(pills|rope)`` needs ``pills`` or ``rope``. A sentence that contains none of them cannot match, so the
expression is skipped. The strings are derived from the expression itself, never written by
hand, so the prefilter changes no verdict; ``tests/test_crisis_prefilter.py`` checks that on
every labelled sentence of the project.

Parsing the rules' expressions takes about 25 ms, so the strings of the shipped rules are
computed at build time into ``reframer/data/crisis_needs.json`` (keyed by a hash of each
expression; a rule the table lacks is analysed at load, so an edited rule is never filtered by a
stale entry). ``make tables`` regenerates it and a test checks that it is current.

    >>> import re
    >>> sorted(required_literals(re.compile(r"\\b(?:hurt|harm)(?:ing)?\\s+myself\\b")))
    ['myself']
    >>> sorted(required_literals(re.compile(r"\\b(?:pills|rope)\\b")))
    ['pills', 'rope']
    >>> required_literals(re.compile(r"\\w+")) is None
    True
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

__all__ = ["TABLE_FILE", "build_table", "needs_of", "required_literals"]

TABLE_FILE: Final = "crisis_needs.json"

_p: Any
_c: Any
try:  # the parser behind ``re``; its public alias ``sre_parse`` is deprecated since 3.11
    _p = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - another interpreter: no prefilter, same verdicts
    _p = _c = None

Needs = frozenset[str]


def required_literals(pattern: re.Pattern[str]) -> Needs | None:
    """Strings one of which every match of ``pattern`` contains, or ``None`` when the
    expression guarantees none (or cannot be analysed: then nothing is skipped)."""
    if _p is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        return _sequence(_p.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unanalysable expression is simply not prefiltered
        return None


def _key(pattern: re.Pattern[str]) -> str:
    return hashlib.sha256(f"{pattern.flags}\x00{pattern.pattern}".encode()).hexdigest()[:16]


def build_table(patterns: Iterable[re.Pattern[str]]) -> dict[str, list[str] | None]:
    """``{expression key: sorted strings or None}`` for ``patterns`` (what the table holds)."""
    table: dict[str, list[str] | None] = {}
    for pattern in patterns:
        needs = required_literals(pattern)
        table[_key(pattern)] = None if needs is None else sorted(needs)
    return dict(sorted(table.items()))


def _shipped() -> dict[str, list[str] | None]:
    try:
        text = resources.files("reframer.data").joinpath(TABLE_FILE).read_text(encoding="utf-8")
        table: dict[str, list[str] | None] = json.loads(text)["needs"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return table


def needs_of(patterns: Sequence[re.Pattern[str]]) -> tuple[Needs | None, ...]:
    """:func:`required_literals` of each pattern, from the shipped table where it has them."""
    table = _shipped()
    out: list[Needs | None] = []
    for pattern in patterns:
        key = _key(pattern)
        if key in table:
            found = table[key]
            out.append(None if found is None else frozenset(found))
        else:
            out.append(required_literals(pattern))
    return tuple(out)


def render(patterns: Iterable[re.Pattern[str]]) -> str:
    """The table file's text for ``patterns``."""
    body = {
        "about": "strings every match of a crisis rule contains; make tables",
        "needs": build_table(patterns),
    }
    return json.dumps(body, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    """Write the table of the shipped rules into ``reframer/data/``."""
    from reframer.crisis.patterns import RULES

    path = Path(__file__).resolve().parents[1] / "data" / TABLE_FILE
    path.write_text(render(rule.pattern for rule in RULES), encoding="utf-8")
    print(f"wrote {path} ({len(RULES)} rules)")


def _sequence(items: Iterable[tuple[Any, Any]]) -> Needs | None:
    """The most selective requirement among the parts of a concatenation: each part must
    match, so any part's requirement holds for the whole."""
    found: list[Needs] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)  # adjacent literals must appear together
            continue
        if run:
            found.append(frozenset([run]))
            run = ""
        part = _item(op, av)
        if part:
            found.append(part)
    if run:
        found.append(frozenset([run]))
    if not found:
        return None
    # the longest shortest string first (fewest false passes), then the fewest alternatives
    return max(found, key=lambda s: (min(map(len, s)), -len(s)))


def _item(op: Any, av: Any) -> Needs | None:
    if op is _c.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        branches = [_sequence(b) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*(b for b in branches if b is not None))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, body = av
        return _sequence(body) if low >= 1 else None
    return None  # a class, an anchor, a look-around, a back-reference: no plain string
