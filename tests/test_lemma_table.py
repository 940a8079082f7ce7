"""The exemplar thoughts' lemmas ship precomputed (reframer/data/exemplar_lemmas.json)."""

from __future__ import annotations

from typing import Any

import pytest

from reframer.rewrite import lemma_table
from reframer.rewrite.lemma_table import (
    build_table,
    exemplar_lemmas,
    pipeline_tag,
    render,
    shipped_thoughts,
)


def test_the_shipped_table_is_current(nlp: Any) -> None:
    """Regenerate with `make lemmas` after editing the exemplar bank or the templates."""
    shipped = lemma_table.TABLE_FILE
    from importlib import resources

    text = resources.files("reframer").joinpath("data", shipped).read_text(encoding="utf-8")
    assert text == render(build_table(nlp))


def test_every_shipped_thought_is_in_the_table() -> None:
    _, table = lemma_table._shipped()
    assert set(shipped_thoughts()) == set(table)


@pytest.mark.parametrize("same_pipeline", [True, False])
def test_the_table_is_used_only_for_the_pipeline_that_made_it(
    nlp: Any, monkeypatch: pytest.MonkeyPatch, same_pipeline: bool
) -> None:
    thought = "I forgot the meeting again"
    tag = pipeline_tag(nlp) if same_pipeline else "en_other-0.0"
    monkeypatch.setattr(lemma_table, "_shipped", lambda: (tag, {thought: ["sentinel"]}))
    got = exemplar_lemmas(nlp, [thought, "I ruin every dinner"], ["ner"])
    assert got[0] == (["sentinel"] if same_pipeline else ["forget", "meeting"])
    assert got[1] == ["ruin", "dinner"]  # not in the table: lemmatised now
