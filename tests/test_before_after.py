"""The "Before and after" page section shows what this engine says today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "rewrites.md"


@pytest.fixture(scope="module")
def before_after() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "before_after", ROOT / "benchmarks" / "before_after.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tables(page: str, start: str, end: str) -> list[list[tuple[str, str]]]:
    """Each two-column table of the section as (left, right) rows, header rows left out."""
    body = page[page.index(start) : page.index(end)]
    tables: list[list[tuple[str, str]]] = []
    rows: list[tuple[str, str]] = []
    for line in [*body.splitlines(), ""]:
        if line.startswith("| ") and not line.startswith("| before") and "`" not in line:
            left, right = (c.strip() for c in line.strip().strip("|").split(" | ", 1))
            rows.append((left, right))
        elif rows and not line.startswith("|"):
            tables.append(rows)
            rows = []
    return tables


def test_the_after_column_is_what_the_engine_says(before_after: ModuleType, rewriter: Any) -> None:
    new, situated = before_after.after(rewriter)
    tables = _tables(PAGE.read_text(encoding="utf-8"), before_after.START, before_after.END)
    assert len(tables) == len(before_after.EXAMPLES) + 1
    for (sentence, _, _), rows, rewrites in zip(
        before_after.EXAMPLES, tables[:-1], new, strict=True
    ):
        shown = [right for _, right in rows if right and not right.startswith("*(")]
        assert shown == rewrites, (
            f"{sentence}: run `python benchmarks/before_after.py --write docs/rewrites.md`"
        )
    plain, given = situated
    assert [left for left, _ in tables[-1] if left] == plain
    assert [right for _, right in tables[-1] if right] == given
