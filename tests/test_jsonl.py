"""One JSON Lines reader for every file people hand to reframer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reframer.errors import DataError
from reframer.jsonl import read_jsonl
from reframer.records.personal import load_corrections
from reframer.rewrite.evaluation import items_from_files
from reframer.training.dataset import load_rows


def test_blank_lines_are_skipped_and_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"a": 1}\n\n  \n[2]\n', encoding="utf-8")
    assert list(read_jsonl(path)) == [(1, {"a": 1}), (4, [2])]


@pytest.mark.parametrize(
    "read",
    [
        lambda p: load_rows(p),
        lambda p: items_from_files([p]),
        lambda p: load_corrections(p),
    ],
)
def test_every_reader_names_the_bad_line_and_never_quotes_it(
    tmp_path: Path, read: Callable[[Path], object]
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        '{"text": "I failed.", "self_critical": 1}\n{"text": "my secret diary\n', encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"rows.jsonl:2: not valid JSON") as err:
        read(path)
    assert "secret" not in str(err.value)


@pytest.mark.parametrize(
    ("read", "kind"),
    [
        (lambda p: load_rows(p), "data file"),
        (lambda p: items_from_files([p]), "data file"),
        (lambda p: load_corrections(p), "corrections file"),
    ],
)
def test_a_missing_file_says_what_was_expected(
    tmp_path: Path, read: Callable[[Path], object], kind: str
) -> None:
    with pytest.raises(DataError, match=f"{kind} not found"):
        read(tmp_path / "nope.jsonl")


def test_a_row_that_is_not_an_object_is_no_correction(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('["a list"]\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"c.jsonl:1: not a correction"):
        load_corrections(path)
