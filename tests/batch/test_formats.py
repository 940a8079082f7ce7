"""The new importers, exactly: every field of every entry of each fixture export."""

from __future__ import annotations

from pathlib import Path

import pytest

from reframer.batch.importers.joplin import parse_raw_item
from reframer.batch.importers.longdate import parse_long_date

from .helpers import MIXED, load

Row = tuple[str, str | None, str | None, tuple[str, ...], str | None, bool, str | None, str]

CASES: list[tuple[str, str, list[Row]]] = [
    (
        "evernote/My Notes.enex",
        "enex",
        [
            (
                "enex:2026-04-06T20:15:02+00:00",
                "2026-04-06T20:15:02+00:00",
                "Monday",
                ("work",),
                None,
                False,
                "Office",
                "Messed up the report. What an idiot.\nTomorrow is new.",
            ),
            (
                "enex:2026-04-07T20:15:02+00:00",
                "2026-04-07T20:15:02+00:00",
                "Tuesday",
                (),
                None,
                False,
                None,
                "Went to the market.",
            ),
        ],
    ),
    (
        "word/journal.docx",
        "docx",
        [
            (
                "journal.docx#preamble",
                None,
                None,
                (),
                None,
                False,
                None,
                "My journal\nStarted this document in spring.",
            ),
            (
                "journal.docx#2026-04-05",
                "2026-04-05",
                "Sunday, April 5, 2026",
                (),
                None,
                False,
                None,
                "Spilled coffee. Such an idiot.\nThen a good walk.",
            ),
            (
                "journal.docx#2026-04-06",
                "2026-04-06",
                "6 April 2026",
                (),
                None,
                False,
                None,
                "Quiet day at home.",
            ),
        ],
    ),
    (
        "word/letter 2026-04-09.docx",
        "docx",
        [
            (
                "letter 2026-04-09.docx",
                "2026-04-09",
                "A letter",
                (),
                None,
                False,
                None,
                "Be kind to yourself.",
            )
        ],
    ),
    (
        "keep/Takeout/Keep/Monday thoughts.json",
        "keep",
        [
            (
                "keep:Monday thoughts",
                "2026-04-05T20:15:02+00:00",
                "Monday thoughts",
                ("journal",),
                None,
                True,
                None,
                "Forgot her birthday. Idiot.",
            )
        ],
    ),
    (
        "keep/Takeout/Keep/Shopping.json",
        "keep",
        [
            (
                "keep:Shopping",
                "2026-04-06T20:15:02+00:00",
                "Shopping",
                (),
                None,
                False,
                None,
                "bread\napples",
            )
        ],
    ),
    (
        "joplin/export.jex",
        "joplin",
        [
            (
                "joplin:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "2026-04-03T18:00:00+00:00",
                "Rough week",
                ("hard days",),
                None,
                False,
                None,
                "I keep failing at this, idiot.",
            ),
            (
                "joplin:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                "2026-04-04T10:00:00+00:00",
                "Garden",
                (),
                None,
                False,
                None,
                "Planted tomatoes.",
            ),
        ],
    ),
    (
        "joplin/Notebook/Weekend.md",
        "joplin",
        [
            (
                "joplin:Weekend.md",
                "2026-04-05T20:15:02+00:00",
                "Weekend",
                ("weekend",),
                None,
                False,
                None,
                "Cleaned the flat. Felt good.",
            )
        ],
    ),
    (
        "diarium/diarium_export.json",
        "diarium",
        [
            (
                "diarium:2026-04-05T21:15",
                "2026-04-05T21:15:00",
                "Evening",
                ("home",),
                "2",
                False,
                "Home",
                "Argued, felt like an idiot.",
            ),
            (
                "diarium:2026-04-06T21:00",
                "2026-04-06T21:00:00",
                None,
                (),
                "4",
                False,
                "Library",
                "Read a good book.",
            ),
        ],
    ),
    (
        "apple/Entries/2026-04-05.html",
        "apple",
        [
            (
                "2026-04-05.html",
                "2026-04-05",
                None,
                (),
                None,
                False,
                None,
                "Locked myself out. Idiot.",
            )
        ],
    ),
    (
        "apple/Notes/evening.txt",
        "apple",
        [("evening.txt", "2026-04-06", None, (), None, False, None, "A slow evening with tea.")],
    ),
    (
        "notion/Journal 0123456789abcdef0123456789abcdef/Bad Monday 11111111111111111111111111111111.md",
        "notion",
        [
            (
                "notion:11111111111111111111111111111111",
                "2026-04-06T21:15:00",
                "Bad Monday",
                ("work", "stress"),
                "Low",
                False,
                None,
                "Snapped at a colleague. I'm an idiot.",
            )
        ],
    ),
    (
        "daylio/daylio_semicolon.csv",
        "daylio",
        [
            (
                "daylio:2026-04-08T20:00:00",
                "2026-04-08T20:00:00",
                None,
                ("friends",),
                "rad",
                False,
                None,
                "Great evening out.",
            )
        ],
    ),
    (
        "csv/semicolons.csv",
        "csv",
        [
            ("s1", "2026-04-03", None, (), None, False, None, "Forgot the keys, idiot."),
            ("s2", "2026-04-04", None, (), None, False, None, "Baked bread"),
        ],
    ),
    (
        "csv/tabs.tsv",
        "csv",
        [("t1", "2026-04-05", None, (), None, False, None, "Called an old friend.")],
    ),
]


@pytest.mark.parametrize(("rel", "fmt", "expected"), CASES, ids=[c[0] for c in CASES])
def test_importer_reads_every_field(rel: str, fmt: str, expected: list[Row]) -> None:
    entries, problems = load(MIXED / rel)
    assert problems == []
    got = [(e.id, e.date, e.title, e.tags, e.mood, e.starred, e.location, e.text) for e in entries]
    assert got == expected
    assert all(e.source.startswith(f"{fmt}:") for e in entries)


@pytest.mark.parametrize(
    ("rel", "code", "entries"),
    [
        ("broken/corrupt.docx", "corrupt_file", 0),
        ("broken/bad.enex", "invalid_xml", 1),
        ("broken/truncated.json", "invalid_json", 0),
        ("broken/broken.zip", "corrupt_zip", 0),
        ("broken/unknown.xyz", "unsupported_format", 0),
    ],
)
def test_broken_files_are_named_with_their_reason(rel: str, code: str, entries: int) -> None:
    got, problems = load(MIXED / rel)
    assert len(got) == entries
    assert [p.code for p in problems] == [code]
    assert problems[0].entry is None and problems[0].file.endswith(Path(rel).name)


def test_trashed_keep_note_and_notion_index_are_warnings() -> None:
    entries, problems = load(MIXED / "keep/Takeout/Keep/Old note.json")
    assert entries == [] and [(p.code, p.severity) for p in problems] == [("trashed", "warning")]
    entries, problems = load(MIXED / "notion/Journal 0123456789abcdef0123456789abcdef.csv")
    assert entries == []
    assert [(p.code, p.severity) for p in problems] == [("database_index", "warning")]


def test_notion_database_with_a_text_column_is_read(tmp_path: Path) -> None:
    db = tmp_path / "Diary aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.csv"
    db.write_text('Name,Created,Text,Favorite\nDay one,"April 2, 2026",Felt like an idiot.,Yes\n')
    entries, problems = load(db)
    assert problems == []
    assert [(e.title, e.date, e.text, e.starred) for e in entries] == [
        ("Day one", "2026-04-02", "Felt like an idiot.", True)
    ]


def test_delimiter_option_overrides_sniffing(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("id:text\n1:hello; there\n", encoding="utf-8")
    entries, problems = load(odd, delimiter=":")
    assert problems == [] and [(e.id, e.text) for e in entries] == [("1", "hello; there")]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("Sunday, April 5, 2026", "2026-04-05"),
        ("5 April 2026 21:15", "2026-04-05T21:15:00"),
        ("April 5, 2026 9:15 PM", "2026-04-05T21:15:00"),
        ("Sun 5th Apr 2026", "2026-04-05"),
        ("2026-04-05", "2026-04-05"),
        ("February 30, 2026", None),
        ("April 5, 2026 13:15 PM", None),
        ("A letter", None),
    ],
)
def test_long_dates(value: str, iso: str | None) -> None:
    assert parse_long_date(value) == iso


def test_raw_joplin_item() -> None:
    meta, content = parse_raw_item("Title\n\nBody line.\n\nid: abc\ntype_: 1")
    assert meta == {"id": "abc", "type_": "1"} and content == "Title\n\nBody line."
