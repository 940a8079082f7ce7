"""Rows of a Ray dataset of journal entries, before and after analysis (pyarrow only, no Ray).

Entry rows (:data:`ENTRY_SCHEMA`) are what the readers produce: the fields of
:class:`reframer.batch.Entry`, or, for something that could not be imported (invalid JSON, no text
field, undecodable bytes), a ``problem_*`` triple and no text. Result rows (:data:`RESULT_SCHEMA`)
add the analysis as JSON text, or an ``error_*`` triple: one result row per entry row, nothing
dropped.

:func:`result_line` turns a result row into the JSON line ``reframer batch`` writes to
``entries.jsonl`` for the same entry, byte for byte; an entry that could not be analysed gets
``"analysis": null`` and an ``"error"`` object instead.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from reframer.batch.entry import Entry, Problem
from reframer.batch.writers import entry_fields
from reframer.schema import Analysis

__all__ = [
    "ENTRY_SCHEMA",
    "RESULT_SCHEMA",
    "analysis_json",
    "entry_row",
    "error_row",
    "problem_row",
    "result_line",
    "success_row",
]

_ENTRY_FIELDS: list[tuple[str, pa.DataType]] = [
    ("id", pa.string()),
    ("date", pa.string()),
    ("timezone", pa.string()),
    ("source", pa.string()),
    ("title", pa.string()),
    ("tags", pa.list_(pa.string())),
    ("mood", pa.string()),
    ("starred", pa.bool_()),
    ("location", pa.string()),
    ("text", pa.string()),
]

ENTRY_SCHEMA = pa.schema(
    [
        *_ENTRY_FIELDS,
        ("problem_code", pa.string()),
        ("problem_reason", pa.string()),
        ("problem_locator", pa.string()),
    ]
)
"""Rows read from the input: an entry, or a problem (``problem_code`` set, ``text`` null)."""

RESULT_SCHEMA = pa.schema(
    [
        *_ENTRY_FIELDS,
        ("analysis", pa.string()),
        ("error_code", pa.string()),
        ("error_reason", pa.string()),
        ("error_locator", pa.string()),
    ]
)
"""Rows written: ``analysis`` (the output contract as JSON text) or ``error_code`` is set."""

_DUMP: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}
"""The JSON style of ``reframer batch``'s JSONL writer."""


def analysis_json(analysis: Analysis) -> str:
    """The analysis as ``reframer batch`` writes it inside an ``entries.jsonl`` line."""
    return json.dumps(analysis.model_dump(mode="json"), **_DUMP)


def entry_row(entry: Entry) -> dict[str, Any]:
    """An entry as a row of :data:`ENTRY_SCHEMA`."""
    return entry_fields(entry) | {
        "problem_code": None,
        "problem_reason": None,
        "problem_locator": None,
    }


def problem_row(problem: Problem, source: str) -> dict[str, Any]:
    """Something that could not be imported, as a row of :data:`ENTRY_SCHEMA` (no journal text).

    ``problem.entry`` is an entry id or a locator such as ``line 12``; it goes to
    ``problem_locator`` and ``id`` stays null, since a locator is not an id.
    """
    return {
        "id": None,
        "date": None,
        "timezone": None,
        "source": source,
        "title": None,
        "tags": [],
        "mood": None,
        "starred": False,
        "location": None,
        "text": None,
        "problem_code": problem.code,
        "problem_reason": problem.reason,
        "problem_locator": problem.entry,
    }


def _entry_part(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row.get(name) for name, _ in _ENTRY_FIELDS} | {
        "tags": list(row.get("tags") or []),
        "starred": bool(row.get("starred")),
    }


def success_row(row: dict[str, Any], analysis: Analysis) -> dict[str, Any]:
    """An entry row and its analysis, as a row of :data:`RESULT_SCHEMA`."""
    return _entry_part(row) | {
        "analysis": analysis_json(analysis),
        "error_code": None,
        "error_reason": None,
        "error_locator": None,
    }


def error_row(row: dict[str, Any], code: str, reason: str, locator: str | None) -> dict[str, Any]:
    """An entry row that was not analysed, as a row of :data:`RESULT_SCHEMA`."""
    return _entry_part(row) | {
        "analysis": None,
        "error_code": code,
        "error_reason": reason,
        "error_locator": locator,
    }


def result_line(row: dict[str, Any]) -> str:
    """The JSON line for a result row (no newline): ``reframer batch``'s ``entries.jsonl`` line for
    an analysed entry; ``"analysis": null`` and ``"error": {code, reason, locator}`` otherwise."""
    head = _entry_part(row)
    analysis = row.get("analysis")
    if analysis is not None and row.get("error_code") is None:
        # the analysis is already JSON in the writer's style: splice it in, do not re-encode it
        return json.dumps(head, **_DUMP)[:-1] + ',"analysis":' + str(analysis) + "}"
    head["analysis"] = None
    head["error"] = {
        "code": row.get("error_code"),
        "reason": row.get("error_reason"),
        "locator": row.get("error_locator"),
    }
    return json.dumps(head, **_DUMP)
