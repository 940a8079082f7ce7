"""The reference exports in tests/data/journals, exactly: every importer, detection, ``--from``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reframer.batch.importers import FORMATS, canonical_format
from reframer.batch.importers.detect import Job, plan_input

from .helpers import (
    DATA,
    by_id,
    load,
    zip_folder,
)


def test_dayone_export_folder() -> None:
    entries, problems = load(DATA / "dayone")
    assert problems == []
    assert len(entries) == 5
    e = by_id(entries)
    first = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A01"]
    assert first.date == "2026-04-05T21:15:02+01:00"  # UTC 20:15 in London summer time
    assert first.timezone == "Europe/London"
    assert first.title == "Mum's birthday"
    assert first.tags == ("family", "birthdays")
    assert first.source == "dayone:dayone/Journal.json"
    assert first.text == (
        "I forgot mum's birthday again. I'm such an idiot!\n\n"
        "Called her at 9pm - she laughed it off 😅."
    )
    second = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A02"]
    assert second.date == "2026-04-06T21:30:00-04:00"
    # escapes before ASCII punctuation go, a backslash before anything else stays
    assert second.text == (
        "Presented the Q2 plan (finally) \\— it went fine.\n"
        "Took notes in C:\\Journal\\2026 and wrote 5*3=15 on the board.\n"
        "Still café-level tired. \\é stays."
    )
    media_only = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A03"]
    assert media_only.text == "" and media_only.date == "2026-04-08T12:30:00+09:30"
    assert e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A04"].date == "2026-04-12T20:00:00+09:00"
    unknown_zone = e["0F8D1C7B5A1E4E0E9A3F2B6C8D7E1A05"]
    assert unknown_zone.date == "2026-04-13T08:45:10+00:00"  # kept in UTC
    assert unknown_zone.timezone == "Not/AZone"
    assert unknown_zone.text == (
        'Dinner with Priya 🍜🌶️ — she said I\'m "too hard on myself". '
        "Maybe? I still feel like an idiot about the deadline."
    )
    assert all("dayone-moment" not in x.text for x in entries)


def test_dayone_export_zip(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(DATA / "dayone", folder)
    (folder / "photos").mkdir()
    (folder / "photos" / "9e107d9d372bb6826bd81d3542a419d6.jpeg").write_bytes(b"\xff\xd8fake")
    archive = zip_folder(folder, tmp_path / "Export - Journal.zip")
    entries, problems = load(archive)
    assert problems == []
    assert [x.text for x in entries] == [x.text for x in load(DATA / "dayone")[0]]
    assert entries[0].source == "dayone:Export - Journal.zip/Journal.json"
    # the Journal.json on its own works too
    single, _ = load(DATA / "dayone" / "Journal.json")
    assert single[0].source == "dayone:Journal.json" and len(single) == 5


def test_jrnl_json_export() -> None:
    entries, problems = load(DATA / "jrnl" / "export.json")
    assert problems == []
    assert [x.id for x in entries] == [
        "jrnl:2026-04-01T08:42:00",
        "jrnl:2026-04-01T21:10:00",
        "jrnl:2026-04-01T21:10:00-2",
        "jrnl:2026-04-02T07:00:00",
        "jrnl:2026-04-03T19:05:00",
    ]
    assert entries[0].text == "Missed the train. I'm an idiot for leaving late. @work"
    assert entries[0].title == "Missed the train." and entries[0].tags == ("@work",)
    assert entries[1].text == "Quiet evening\nRead a book with the cat. Made tea ☕."
    assert entries[3].text == ""
    assert entries[4].text == (
        "Called mum. She's proud of me. I don't believe her, I'm such an "
        "idiot with money.\n\nStill — it was nice. @family"
    )
    assert all(x.timezone is None for x in entries)


def test_jrnl_text_journal() -> None:
    entries, problems = load(DATA / "jrnl" / "journal.txt")
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("jrnl:2026-04-03T08:05:00", "2026-04-03T08:05:00"),
        ("jrnl:2026-04-05T21:15:02", "2026-04-05T21:15:02"),  # %F %r: 09:15:02 PM
        ("jrnl:2026-04-05T21:15:40", "2026-04-05T21:15:40"),
        ("jrnl:2026-04-06T07:00:00", "2026-04-06T07:00:00"),
        ("jrnl:2026-04-06T10:30:00", "2026-04-06T10:30:00"),
    ]
    assert entries[0].text == (
        "Morning pages.\nCouldn't sleep again. I should have gone to bed earlier, I'm so lazy."
    )
    starred = entries[1]
    assert starred.title == "Spilled coffee on my laptop"  # the star marker is dropped
    assert starred.text == (
        "Spilled coffee on my laptop\nWhat an idiot. The keyboard still "
        "works though. @work #mistakes"
    )
    assert starred.tags == ("@work", "#mistakes")
    assert entries[3].text == ""
    assert entries[4].text == (
        'Ünïcödé test — naïve café, emoji 🙈, tabs\tand "quotes".\n'
        "Line two, with a [bracket] that is not a header."
    )


def test_journey_folder_and_zip(tmp_path: Path) -> None:
    entries, problems = load(DATA / "journey")
    assert problems == []
    assert len(entries) == 3  # the photo beside the entries is ignored
    first = entries[0]
    assert first.id == "1775420102000-3f6c2a9b1d4e5f60"
    assert first.date == "2026-04-06T04:15:02+08:00" and first.timezone == "Asia/Singapore"
    assert first.tags == ("work", "lunch")
    assert first.text == (
        "Team lunch was fun & loud 🎉\n\nThen I sent the wrong file to the "
        "client. What an idiot.\n\nTomorrow I'll fix it.\nOne step at a time."
    )
    assert entries[1].text == (
        "Old-style plain entry.\nNo HTML here, just *markdown* and a line break."
    )
    assert entries[1].date == "2026-04-06T22:15:02+02:00"
    assert entries[2].text == ""
    zipped, zproblems = load(zip_folder(DATA / "journey", tmp_path / "journey.zip"))
    assert zproblems == [] and [x.text for x in zipped] == [x.text for x in entries]


def test_diaro_backup_xml_and_zip(tmp_path: Path) -> None:
    entries, problems = load(DATA / "diaro" / "DiaroBackup.xml")
    assert problems == []
    assert [(x.id, x.date, x.timezone) for x in entries] == [
        ("e3b0c44298fc1c149afbf4c8996fb924", "2026-04-05T21:15:02+01:00", "+01:00"),
        ("a1f5c2d9e8b7a6f5e4d3c2b1a0f9e8d7", "2026-04-09T18:30:00-03:00", "-03:00"),
        ("b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2", "2026-04-11T03:00:00+05:30", "+05:30"),
    ]
    assert entries[0].title == "Interview day"
    assert entries[0].tags == ("work", "self-talk")
    assert entries[0].text == (
        "Blanked on the easiest question. I'm such an idiot & everyone "
        "saw it.\nAfterwards I walked by the river <3 and felt a bit "
        "better 🌊."
    )
    assert entries[1].title is None
    assert (
        entries[1].text == 'Quiet Friday. Cooked feijoada for friends — "best one yet", they said.'
    )
    assert entries[2].text == "" and entries[2].tags == ("self-talk",)
    zipped, _ = load(zip_folder(DATA / "diaro", tmp_path / "Diaro_20260412.zip"))
    assert [x.id for x in zipped] == [x.id for x in entries]


def test_obsidian_daily_notes() -> None:
    entries, problems = load(DATA / "obsidian")
    assert problems == []
    e = by_id(entries)
    assert set(e) == {"2026-04-05.md", "2026-04-06.md", "Ideas.md"}  # .obsidian/ is hidden
    day = e["2026-04-05.md"]
    assert day.date == "2026-04-05" and day.timezone is None
    assert day.tags == ("journal", "daily", "food")
    # frontmatter, headings, prompts, embeds and comments are gone; answers stay
    assert day.text == (
        "The sun through the kitchen window ☀️\nMy sister calling early\n\n"
        "Finish the slides\n\nI missed the gym again. I'm such an idiot about "
        "routines.\nStill, dinner at Casa Nostra was lovely #food"
    )
    assert e["2026-04-06.md"].text == ""  # a template never filled in
    assert e["Ideas.md"].date is None and e["Ideas.md"].title == "Ideas"
    assert e["Ideas.md"].text == "Write a letter to my future self. Learn the whole song on guitar."


def test_logseq_journals() -> None:
    entries, problems = load(DATA / "logseq")
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("journals/2026_04_05.md", "2026-04-05"),
        ("journals/2026_04_07.md", "2026-04-07"),
    ]
    assert entries[0].tags == ("reflection",)
    assert entries[0].text == (
        "Woke up late, skipped breakfast.\nFelt like an idiot in standup "
        "when I forgot the ticket number.\ncall the dentist\n\n"
        "Later: long walk with in mind. Walking helps."
    )
    assert entries[1].text == "Coffee with Ana 🙂"


def test_daylio_current_export() -> None:
    entries, problems = load(DATA / "daylio" / "daylio_export_2026_04_07.csv")
    assert problems == []
    assert [(x.id, x.title, x.tags) for x in entries] == [
        ("daylio:2026-04-07T21:40:00", "Long day", ("work", "reading")),
        ("daylio:2026-04-07T08:05:00", None, ("exercise",)),
        ("daylio:2026-04-06T21:15:00", "Ramen night", ("friends", "good meal")),
        ("daylio:2026-04-06T21:15:00-2", None, ()),
        ("daylio:2026-04-05T10:00:00", None, ()),
    ]
    assert entries[0].text == (
        "Stayed late again. I'm such an idiot for saying yes to "
        "everything.\nRead two chapters before bed 📚"
    )
    assert (
        entries[2].text
        == 'Ramen with Jo & Sam. Laughed until 11 🍜\n"Best broth in town," Jo said.'
    )
    assert entries[1].text == "" and entries[4].text == ""  # mood-only rows


def test_daylio_old_export() -> None:
    entries, problems = load(DATA / "daylio" / "daylio_export_2019.csv")
    assert problems == []
    assert [(x.date, x.text) for x in entries] == [
        ("2019-04-05T21:15:00", "I'm an idiot, left my wallet at the shop."),
        ("2019-04-04T18:30:00", "Nice dinner."),
        ("2019-04-04T07:10:00", ""),
    ]


def test_generic_csv_with_column_options() -> None:
    entries, problems = load(
        DATA / "csv" / "journal.csv", text_col="body", date_col="written_at", id_col="entry_id"
    )
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("w-001", "2026-04-01T07:30:00+02:00"),
        ("w-002", "2026-04-02T22:10:00"),
        ("w-003", "2026-04-03"),
        ("w-004", None),
        ("w-005", "2026-04-05"),
    ]
    assert entries[0].title == "Monday" and entries[0].tags == ("work", "sleep")
    assert entries[2].text == '"Quoted" start, commas, and a\nsecond line.'
    assert entries[4].text == ""


def test_generic_csv_missing_text_column_is_reported() -> None:
    entries, problems = load(DATA / "csv" / "journal.csv")  # default --text-col text
    assert entries == []
    assert [p.code for p in problems] == ["missing_column"]
    assert "--text-col" in problems[0].reason


def test_jsonl() -> None:
    entries, problems = load(DATA / "jsonl" / "journal.jsonl")
    assert problems == []
    assert [(x.id, x.date) for x in entries] == [
        ("n1", "2026-04-01T08:00:00+00:00"),
        ("2", "2026-04-05T20:15:02+00:00"),
        ("journal:4", "2026-04-07"),
        ("n4", "2026-04-08"),
    ]  # no id: stem and line number
    assert entries[1].tags == ("de", "pangram")
    assert entries[1].text.endswith("großen Sylter Deich. 🥊")
    assert entries[2].title == "Untitled"


def test_plain_text_files() -> None:
    entries, problems = load(DATA / "text")
    assert problems == []
    e = by_id(entries)
    assert e["note.txt"].text == (
        "Dear me,\nYou were an idiot today, but you apologised.\n\nThat counts for something. 💛"
    )  # CRLF and blank runs tidied
    assert e["note.txt"].date is None
    letter = e["letter to myself.md"]
    assert letter.date == "2026-04-09" and letter.title == "A letter"
    assert letter.tags == ("letters",)
    assert letter.text == "You *always* mess things up, or so you say.\n\nBut look at this week."


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("dayone", "dayone"),
        ("dayone/Journal.json", "dayone"),
        ("jrnl/export.json", "jrnl"),
        ("jrnl/journal.txt", "jrnl"),
        ("journey", "journey"),
        ("diaro", "diaro"),
        ("obsidian", "daily-notes"),
        ("logseq", "daily-notes"),
        ("daylio/daylio_export_2019.csv", "daylio"),
        ("csv/journal.csv", "csv"),
        ("jsonl/journal.jsonl", "jsonl"),
        ("text/note.txt", "text"),
    ],
)
def test_detection(path: str, fmt: str) -> None:
    jobs = plan_input(DATA / path)
    assert [j.fmt for j in jobs if isinstance(j, Job)] == [fmt]


def test_from_overrides_detection(tmp_path: Path) -> None:
    odd = tmp_path / "diary.log"
    odd.write_text("[2026-04-05 21:15] Hello there.\n", encoding="utf-8")
    entries, _ = load(odd, "jrnl")
    assert [x.text for x in entries] == ["Hello there."]
    assert canonical_format("Obsidian") == "daily-notes" and canonical_format("logseq")
    assert set(FORMATS) >= {
        "dayone",
        "jrnl",
        "journey",
        "diaro",
        "daily-notes",
        "daylio",
        "csv",
        "jsonl",
        "text",
    }


def test_utf16_and_from_on_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("id,date,text\n1,2026-04-01,Héllo wörld 🙂\n".encode("utf-16"))
    entries, problems = load(tmp_path / "a.csv")
    assert problems == [] and entries[0].text == "Héllo wörld 🙂"
    folder = tmp_path / "mixed"
    shutil.copytree(DATA / "jrnl", folder)
    entries, _ = load(folder, "text")  # --from text reads journal.txt as one plain entry
    assert [x.id for x in entries] == ["journal.txt"]
    note = tmp_path / "2026-04-05.md"
    note.write_bytes(b"---\r\ntags: [a]\r\n---\r\n## Prompt\r\nWritten on Windows.\r\n")
    entries, _ = load(note)
    assert [(x.tags, x.text) for x in entries] == [(("a",), "Written on Windows.")]
