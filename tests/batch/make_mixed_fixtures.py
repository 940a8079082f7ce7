"""Write tests/data/journals_mixed/: fixture exports of every format, written from the formats'
published structure with text made up for the tests (no real journal text).

Run from the repository root: ``python tests/batch/make_mixed_fixtures.py``. The output is
deterministic (fixed zip and tar timestamps), so re-running it changes nothing.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "journals_mixed"
STAMP = (2026, 4, 8, 12, 0, 0)


def write(rel: str, data: str | bytes) -> None:
    path = ROOT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, STAMP), data)
    return buf.getvalue()


def docx(paragraphs: list[tuple[str | None, str]]) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        "<w:p>"
        + (f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else "")
        + f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        for style, text in paragraphs
    )
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>',
        }
    )


def dayone(entries: list[dict[str, object]]) -> str:
    return json.dumps({"metadata": {"version": "1.0"}, "entries": entries}, indent=2)


def main() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)
    d1 = [
        {
            "uuid": "D1A",
            "creationDate": "2026-04-05T20:15:02Z",
            "timeZone": "Europe/London",
            "text": "# Sunday\nForgot the meeting again. I'm such an idiot.",
            "tags": ["work"],
            "starred": True,
            "location": {"placeName": "Home", "latitude": 51.5, "longitude": -0.1},
        },
        {
            "uuid": "D1B",
            "creationDate": "2026-04-06T07:00:00Z",
            "timeZone": "Europe/London",
            "text": "Slept well. Long walk by the river.",
            "tags": [],
        },
    ]
    write("dayone/Journal.json", dayone(d1))
    write(
        "DayOne-export.zip",
        zip_bytes(
            {
                "Travel.json": dayone(
                    [
                        {
                            "uuid": "D2A",
                            "creationDate": "2026-04-02T09:00:00Z",
                            "text": "Missed the train, what an idiot.",
                            "tags": ["travel"],
                        }
                    ]
                ),
                "photos/4B2F.jpeg": b"\xff\xd8\xff\xe0 not really a photo",
            }
        ),
    )
    jrnl = (
        "[2026-04-03 08:05] Morning pages.\nCouldn't sleep. I'm so lazy, an idiot really.\n\n"
        "[2026-04-04 09:15:02 PM] Good dinner with friends *\nLaughed a lot. @friends\n\n"
        "[2026-04-05 07:30] Quiet start.\nCoffee on the balcony.\n"
    )
    write("jrnl/journal.txt", jrnl)
    write("jrnl/my.journal", "[2026-03-01 10:00] A file with any name.\nStill a jrnl journal.\n")
    write(
        "jrnl/export.json",
        json.dumps(
            {
                "tags": {},
                "entries": [
                    {
                        "title": "Exported entry.",
                        "body": "Written in jrnl and exported as JSON.",
                        "date": "2026-03-02",
                        "time": "21:00",
                        "tags": [],
                        "starred": True,
                    }
                ],
            }
        ),
    )
    write(
        "journey/1775420102000-aa11.json",
        json.dumps(
            {
                "id": "1775420102000-aa11",
                "date_journal": 1775420102000,
                "timezone": "Europe/Berlin",
                "text": "<p>Burnt the toast. <b>Idiot.</b></p>",
                "tags": ["home"],
                "mood": 2,
                "address": "Kitchen table",
                "lat": 52.5,
                "lon": 13.4,
                "favourite": False,
            }
        ),
    )
    write(
        "journey/1775506502000-bb22.json",
        json.dumps(
            {
                "id": "1775506502000-bb22",
                "date_journal": 1775506502000,
                "text": "A calm day.",
                "tags": [],
            }
        ),
    )
    write("journey/1775420102000-aa11-photo.jpg", b"\xff\xd8\xff\xe0 photo bytes")
    write(
        "diaro/DiaroBackup.xml",
        (
            '<?xml version="1.0" encoding="UTF-8"?><data>'
            '<table name="diaro_tags"><r><uid>t1</uid><title>work</title></r></table>'
            '<table name="diaro_locations"><r><uid>l1</uid><title>Office</title>'
            "<lat>48.1</lat><lng>11.5</lng></r></table>"
            '<table name="diaro_entries"><r><uid>dr1</uid><date>1775420102000</date>'
            "<tz_offset>+02:00</tz_offset><title>Deadline</title><text>Late again, I am an idiot."
            "</text><tags>,t1,</tags><location_uid>l1</location_uid><mood>2</mood></r></table>"
            "</data>"
        ),
    )
    write(
        "obsidian/2026-04-05.md",
        "---\ntags: [journal]\nmood: low\n---\n# Sunday\n"
        "## Morning\n- Dropped a glass, idiot.\n- Called my sister. #family\n",
    )
    write("obsidian/2026-04-06.md", "Went for a swim. Felt strong.\n")
    write(
        "logseq/journals/2026_04_07.md",
        "- Gave a talk\n\t- Stumbled twice, such an idiot\n- tags:: talks\n",
    )
    write(
        "daylio/daylio_export.csv",
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2026-04-07,April 7,Tuesday,21:40,meh,"work | reading","Long day",'
        '"Stayed late. I\'m such an idiot for saying yes."\n'
        '2026-04-07,April 7,Tuesday,08:05,good,"exercise","",""\n',
    )
    write(
        "daylio/daylio_semicolon.csv",
        "full_date;date;weekday;time;mood;activities;note_title;note\n"
        '2026-04-08;April 8;Wednesday;20:00;rad;"friends";"";"Great evening out."\n',
    )
    write(
        "csv/journal.csv",
        "id,date,text,tags,mood\nc1,2026-04-01,Overslept. Idiot.,sleep,2\n"
        "c2,2026-04-02,Good run today.,running,4\n",
    )
    write(
        "csv/semicolons.csv",
        "id;date;text\ns1;2026-04-03;Forgot the keys, idiot.\ns2;2026-04-04;Baked bread\n",
    )
    write("csv/tabs.tsv", "id\tdate\ttext\nt1\t2026-04-05\tCalled an old friend.\n")
    write(
        "jsonl/journal.jsonl",
        '{"id": "j1", "date": "2026-04-01", "text": "Tired."}\n'
        '{"id": "j2", "date": "2026-04-02", "text": "I am an idiot for forgetting."}\n',
    )
    write("text/note.txt", "Just a plain note about a plain day.\n")
    write("text/letter to myself.md", "# Dear me\nYou are doing better than you think.\n")
    enex_note = (
        "<note><title>{title}</title><created>{created}</created>{tags}"
        "<note-attributes>{place}<latitude>1.0</latitude></note-attributes>"
        '<content><![CDATA[<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">'
        '<en-note><div>{body}</div><en-media type="image/png" hash="ab"/></en-note>]]>'
        "</content></note>"
    )
    enex = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">'
        '<en-export export-date="20260408T120000Z" application="Evernote" version="10.105.4">'
        + enex_note.format(
            title="Monday",
            created="20260406T201502Z",
            tags="<tag>work</tag>",
            place="<place-name>Office</place-name>",
            body="Messed up the report. What an idiot.<br/>Tomorrow is new.",
        )
        + enex_note.format(
            title="Tuesday",
            created="20260407T201502Z",
            tags="",
            place="",
            body="Went to the market.",
        )
        + "</en-export>"
    )
    write("evernote/My Notes.enex", enex)
    write(
        "word/journal.docx",
        docx(
            [
                ("Title", "My journal"),
                (None, "Started this document in spring."),
                ("Heading1", "Sunday, April 5, 2026"),
                (None, "Spilled coffee. Such an idiot."),
                (None, "Then a good walk."),
                ("Heading1", "6 April 2026"),
                (None, "Quiet day at home."),
            ]
        ),
    )
    write(
        "word/letter 2026-04-09.docx",
        docx([("Heading1", "A letter"), (None, "Be kind to yourself.")]),
    )
    page = "# {title}\nCreated: {created}\nTags: {tags}\nMood: {mood}\n\n{body}\n"
    write(
        "notion/Journal 0123456789abcdef0123456789abcdef/Bad Monday 11111111111111111111111111111111.md",
        page.format(
            title="Bad Monday",
            created="April 6, 2026 9:15 PM",
            tags="work, stress",
            mood="Low",
            body="Snapped at a colleague. I'm an idiot.",
        ),
    )
    write(
        "notion/Journal 0123456789abcdef0123456789abcdef/Good Tuesday 22222222222222222222222222222222.md",
        page.format(
            title="Good Tuesday",
            created="April 7, 2026",
            tags="family",
            mood="Good",
            body="Picnic in the park.",
        ),
    )
    write(
        "notion/Journal 0123456789abcdef0123456789abcdef.csv",
        'Name,Created,Tags,Mood\nBad Monday,"April 6, 2026 9:15 PM","work, stress",Low\n'
        'Good Tuesday,"April 7, 2026",family,Good\n',
    )
    write(
        "Notion-Export.zip",
        zip_bytes(
            {
                "Diary 33333333333333333333333333333333.md": page.format(
                    title="Zipped page",
                    created="April 1, 2026",
                    tags="",
                    mood="",
                    body="From a zip.",
                ),
                "Diary 33333333333333333333333333333333/image.png": b"\x89PNG not really",
            }
        ),
    )
    keep = {
        "color": "DEFAULT",
        "isTrashed": False,
        "isPinned": False,
        "isArchived": False,
        "textContent": "",
        "title": "",
        "userEditedTimestampUsec": 1775420102000000,
        "createdTimestampUsec": 1775420102000000,
        "labels": [],
    }
    write(
        "keep/Takeout/Keep/Monday thoughts.json",
        json.dumps(
            {
                **keep,
                "title": "Monday thoughts",
                "textContent": "Forgot her birthday. Idiot.",
                "isPinned": True,
                "labels": [{"name": "journal"}],
            }
        ),
    )
    write(
        "keep/Takeout/Keep/Shopping.json",
        json.dumps(
            {
                **keep,
                "title": "Shopping",
                "textContent": None,
                "listContent": [
                    {"text": "bread", "isChecked": False},
                    {"text": "apples", "isChecked": True},
                ],
                "createdTimestampUsec": 1775506502000000,
            }
        ),
    )
    write(
        "keep/Takeout/Keep/Old note.json",
        json.dumps({**keep, "title": "Old", "textContent": "Deleted thought.", "isTrashed": True}),
    )
    write(
        "keep/Takeout/Keep/Monday thoughts.html", "<html><body>Forgot her birthday.</body></html>"
    )
    write("joplin/export.jex", jex())
    write(
        "joplin/Notebook/Weekend.md",
        "---\ntitle: Weekend\nupdated: 2026-04-05 20:15:02Z\n"
        "created: 2026-04-05 20:15:02Z\ntags:\n  - weekend\nlatitude: 1.00000000\n---\n\n"
        "Cleaned the flat. Felt good.\n",
    )
    write(
        "diarium/diarium_export.json",
        json.dumps(
            [
                {
                    "date": "2026-04-05T21:15:00",
                    "heading": "Evening",
                    "html": "<p>Argued, felt like an idiot.</p>",
                    "rating": 2,
                    "tags": ["home"],
                    "location": "Home",
                    "people": [],
                },
                {
                    "date": "2026-04-06T21:00:00",
                    "heading": "",
                    "html": "<p>Read a good book.</p>",
                    "rating": 4,
                    "tags": [],
                    "location": {"name": "Library", "lat": 1, "lng": 2},
                },
            ],
            indent=1,
        ),
    )
    write(
        "apple/Entries/2026-04-05.html",
        (
            '<html><head><meta charset="utf-8"><style>.x{}</style></head><body>'
            '<div class="pageHeader">Sunday, April 5, 2026</div>'
            '<p>Locked myself out. Idiot.</p><img src="../Resources/a.heic"></body></html>'
        ),
    )
    write("apple/Resources/a.heic", b"\x00\x00\x00\x18ftypheic")
    write("apple/Notes/evening.txt", "Monday, 6 April 2026\nA slow evening with tea.\n")
    # mislabelled: the content decides, not the name
    write(
        "mislabelled/daylio_saved_as.txt",
        "full_date,date,weekday,time,mood,activities,note\n"
        '2026-04-09,April 9,Thursday,19:00,awful,"","Dropped my phone, idiot."\n',
    )
    write("mislabelled/entries.csv", "[2026-04-10 08:00] Not a CSV at all.\nA jrnl journal.\n")
    write("mislabelled/word_without_extension", docx([(None, "A Word file with no extension.")]))
    write(
        "mislabelled/notes.json",
        '{"id": "m1", "text": "JSON Lines in a .json."}\n{"id": "m2", "text": "Second line."}\n',
    )
    # mixed up: exports of three apps in one folder
    write(
        "mixed/Journal.json",
        dayone(
            [{"uuid": "MX1", "creationDate": "2026-04-11T10:00:00Z", "text": "Mixed folder entry."}]
        ),
    )
    write(
        "mixed/keep-note.json",
        json.dumps({**keep, "title": "Mixed", "textContent": "A Keep note among others."}),
    )
    write("mixed/journal.txt", "[2026-04-12 09:00] A jrnl entry in the mix.\n")
    # broken
    write("broken/truncated.json", dayone(d1)[:150])
    write("broken/corrupt.docx", "this was never a Word file")
    write("broken/broken.zip", b"PK\x03\x04 truncated zip")
    write("broken/bad.enex", enex[: enex.index("<note><title>Tuesday")] + "<note><title>Tues")
    write("broken/latin1.txt", "Caf\xe9 with friends.\n".encode("latin-1"))
    write("broken/unknown.xyz", bytes(range(256)))
    write(
        "broken/malformed_entries.json",
        dayone(
            [
                {"uuid": "OK9", "creationDate": "2026-04-01T10:00:00Z", "text": "Fine."},
                {"creationDate": "2026-04-01T11:00:00Z", "text": "No uuid."},
            ]
        ),
    )
    write("broken/short_rows.csv", "id,date,text\nr1,2026-04-01,Fine row.\nr2,2026-04-02\n")
    write("broken/empty.txt", "")
    write("broken/journal-copy.txt", jrnl)
    write("broken/spreadsheet.numbers", b"PK\x03\x04\x14\x00 Apple Numbers is not supported")
    write("photo.jpg", b"\xff\xd8\xff\xe0 top-level photo")
    write("export-info.pdf", b"%PDF-1.7 not journal text")


def jex() -> bytes:
    items = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.md": "Rough week\n\nI keep failing at this, idiot.\n\n"
        "id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nparent_id: ffffffffffffffffffffffffffffffff\n"
        "created_time: 2026-04-03T18:00:00.000Z\nupdated_time: 2026-04-03T18:05:00.000Z\n"
        "is_todo: 0\nlatitude: 0.00000000\nlongitude: 0.00000000\ntype_: 1",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.md": "Garden\n\nPlanted tomatoes.\n\n"
        "id: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nparent_id: ffffffffffffffffffffffffffffffff\n"
        "created_time: 2026-04-04T10:00:00.000Z\nupdated_time: 2026-04-04T10:00:00.000Z\n"
        "is_todo: 0\ntype_: 1",
        "ffffffffffffffffffffffffffffffff.md": "Diary\n\nid: ffffffffffffffffffffffffffffffff\n"
        "created_time: 2026-01-01T00:00:00.000Z\ntype_: 2",
        "cccccccccccccccccccccccccccccccc.md": "hard days\n\nid: cccccccccccccccccccccccccccccccc\n"
        "created_time: 2026-01-01T00:00:00.000Z\ntype_: 5",
        "dddddddddddddddddddddddddddddddd.md": "id: dddddddddddddddddddddddddddddddd\n"
        "note_id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\ntag_id: cccccccccccccccccccccccccccccccc\n"
        "created_time: 2026-01-01T00:00:00.000Z\ntype_: 6",
        "resources/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.png": "not an image",
    }
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, text in items.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1775649600, 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


if __name__ == "__main__":
    main()
    print(sum(1 for p in ROOT.rglob("*") if p.is_file()), "files in", ROOT)
