"""The shared read loop: every reader gets one Member, and read and JSON problems are reported once."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO

import pytest

from reframer.batch import ImportOptions, Problem
from reframer.batch.importers.member import FileProblem, Member
from reframer.batch.importers.registry import formats, read_files
from reframer.batch.sources import DirContainer

JSON_FORMATS = ["dayone", "diarium", "journey", "keep", "jrnl"]


class Unreadable(DirContainer):
    """A folder whose files cannot be opened (as with missing read permission)."""

    def open(self, name: str) -> AbstractContextManager[IO[bytes]]:
        raise PermissionError(13, "Permission denied")


@pytest.mark.parametrize("fmt", list(formats()))
def test_unreadable_file_is_one_problem_for_every_reader(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    box = Unreadable(tmp_path)
    items = list(read_files(fmt, box, ["x.json"], ImportOptions()))
    reason = "cannot read the file: Permission denied"
    assert items == [Problem(f"{box.label}/x.json", None, "unreadable_file", reason)]


@pytest.mark.parametrize("fmt", JSON_FORMATS)
def test_broken_json_is_one_problem_for_every_json_reader(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "x.json").write_text('{"entries": [{"text": "unfinished', encoding="utf-8")
    items = list(read_files(fmt, DirContainer(tmp_path), ["x.json"], ImportOptions()))
    assert [(p.code, p.entry) for p in items if isinstance(p, Problem)] == [("invalid_json", None)]
    assert len(items) == 1 and "line 1, column" in items[0].reason  # type: ignore[union-attr]


def test_member_decodes_once_for_the_reader(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Hé\r\nthere\n".encode("utf-16"))
    member = Member(DirContainer(tmp_path), "a.txt", "box/a.txt", ImportOptions())
    assert member.text() == "Hé\nthere\n"
    assert (member.stem, member.suffix) == ("a", ".txt")
    with member.stream() as stream:
        assert stream.read() == "Hé\nthere\n"
    with pytest.raises(FileProblem) as info:
        member.entries({"no": "entries"}, missing="no 'entries' list")
    assert info.value.problem == Problem("box/a.txt", None, "malformed_file", "no 'entries' list")
    assert member.entries([1, 2], missing="-", bare_list=True) == [1, 2]
