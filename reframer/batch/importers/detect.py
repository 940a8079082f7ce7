"""Format detection: turn each input path (file, folder or zip) into import jobs.

Each file is recognised by its extension and a look at its first bytes, never by parsing it all:

========================  =========================================================
``*.json``                ``"date_journal"`` → journey; ``"creationDate"`` → dayone;
                          ``"entries"`` with ``"body"``/``"title"`` → jrnl
``*.xml``                 ``<table name="diaro_...">`` or ``DiaroBackup.xml`` → diaro
``*.csv``                 Daylio's header → daylio; any other header → csv
``*.jsonl``, ``*.ndjson`` jsonl
``*.txt``                 first line ``[YYYY-MM-DD HH:MM...]`` → jrnl; otherwise text
``*.md``                  a date in the name → daily-notes (then every note beside it
                          too); otherwise text
========================  =========================================================

Inside a folder or zip, other files (photos, audio) are ignored, and files of the same format are
read by one job. A zip inside a folder is planned as an input of its own. A file or folder with
nothing reframer can read raises :class:`~reframer.errors.UnsupportedFormatError`; a file that
cannot be opened, or a corrupt zip, becomes a :class:`~reframer.batch.entry.Problem`.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reframer.batch.entry import Problem
from reframer.batch.importers import canonical_format, supported_text
from reframer.batch.importers.base import READ_ERRORS, read_problem
from reframer.batch.importers.daylio import is_daylio_header
from reframer.batch.importers.jrnl import looks_like_jrnl
from reframer.batch.sources import Container, DirContainer, ZipContainer, is_special, suffix_of
from reframer.batch.textutil import date_from_name, decode
from reframer.errors import InputError, UnsupportedFormatError

__all__ = ["Job", "classify", "plan_input"]

SUFFIXES: dict[str, frozenset[str]] = {
    "dayone": frozenset({".json"}),
    "jrnl": frozenset({".json", ".txt", ".jrnl"}),
    "journey": frozenset({".json"}),
    "diaro": frozenset({".xml"}),
    "daily-notes": frozenset({".md", ".markdown"}),
    "daylio": frozenset({".csv"}),
    "csv": frozenset({".csv"}),
    "jsonl": frozenset({".jsonl", ".ndjson"}),
    "text": frozenset({".txt", ".md", ".markdown"}),
}
"""Which files each format reads inside a folder or zip when it is given with ``--from``."""

_KNOWN = frozenset({".zip"}).union(*SUFFIXES.values())


@dataclass(slots=True)
class Job:
    """Read ``members`` of ``container`` with the importer for ``fmt``."""

    fmt: str
    container: Container
    members: list[str]


def _first_line(head: bytes) -> str:
    for line in decode(head).splitlines():
        if line.strip():
            return line
    return ""


def _classify_json(head: bytes, whole: bool, file: str) -> str | Problem | None:
    text = decode(head)
    if '"date_journal"' in text:
        return "journey"
    if '"creationDate"' in text:
        return "dayone"
    if '"entries"' in text and ('"body"' in text or '"title"' in text):
        return "jrnl"
    if whole:
        try:
            json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            return Problem(file, None, "invalid_json", f"invalid JSON{where}")
    return None


def classify(container: Container, name: str) -> str | Problem | None:
    """The format of one file, a problem if it cannot be read, or ``None`` if unknown."""
    suffix = suffix_of(name)
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in SUFFIXES["daily-notes"]:
        return "daily-notes" if date_from_name(PurePosixPath(name).name) else "text"
    if suffix not in _KNOWN or suffix == ".zip":
        return None
    size = 65_536
    try:
        head = container.head(name, size)
    except READ_ERRORS as exc:
        return read_problem(container.display(name), exc)
    if suffix == ".json":
        return _classify_json(head, len(head) < size, container.display(name))
    if suffix == ".xml":
        is_diaro = b'name="diaro_' in head or PurePosixPath(name).name == "DiaroBackup.xml"
        return "diaro" if is_diaro else None
    if suffix == ".csv":
        header = _first_line(head).split(",")
        return "daylio" if is_daylio_header([h.strip().strip('"') for h in header]) else "csv"
    return "jrnl" if looks_like_jrnl(_first_line(head)) else "text"


def _unsupported(label: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"{label}: no journal export that reframer can read was found. Supported formats: "
        f"{supported_text()}. Name the format with --from if it was not recognised."
    )


def _plan_container(container: Container, from_format: str | None) -> list[Job | Problem]:
    names = container.names()
    special = [
        Problem(container.display(n), None, "not_a_file", _SPECIAL)
        for n in getattr(container, "special", ())
    ]
    return _plan_names(container, names, from_format) + special


_SPECIAL = "a FIFO, socket or device, not a journal file; skipped"


def _plan_names(
    container: Container, names: list[str], from_format: str | None
) -> list[Job | Problem]:
    if from_format is not None:
        members = [n for n in names if suffix_of(n) in SUFFIXES[from_format]]
        if not members:
            wanted = ", ".join(sorted(SUFFIXES[from_format]))
            raise UnsupportedFormatError(
                f"{container.label}: no {wanted} files for --from {from_format}"
            )
        return [Job(from_format, container, members)]
    groups: dict[str, list[str]] = {}
    planned: list[Job | Problem] = []
    for name in names:
        path = container.path_of(name)
        if suffix_of(name) == ".zip" and path is not None:
            try:
                planned.extend(plan_input(path, None))
            except UnsupportedFormatError as exc:
                planned.append(
                    Problem(
                        container.display(name),
                        None,
                        exc.code,
                        "no journal export that reframer can read in this zip",
                    )
                )
            continue
        found = classify(container, name)
        if isinstance(found, str):
            groups.setdefault(found, []).append(name)
        elif isinstance(found, Problem):
            planned.append(found)
        elif suffix_of(name) in _KNOWN:
            planned.append(
                Problem(
                    container.display(name),
                    None,
                    "unsupported_format",
                    "not a journal format reframer can read; skipped",
                )
            )
    if "daily-notes" in groups and "text" in groups:
        notes = {n for n in groups["text"] if suffix_of(n) in SUFFIXES["daily-notes"]}
        groups["daily-notes"] = sorted([*groups["daily-notes"], *notes])
        groups["text"] = [n for n in groups["text"] if n not in notes]
    groups = {fmt: members for fmt, members in groups.items() if members}
    if not groups and all(
        isinstance(p, Problem) and p.code == "unsupported_format" for p in planned
    ):
        raise _unsupported(container.label)
    return [Job(fmt, container, members) for fmt, members in groups.items()] + planned


def plan_input(path: Path, from_format: str | None = None) -> list[Job | Problem]:
    """Jobs for one input path. Raises InputError if it does not exist, UnsupportedFormatError
    if nothing in it can be read; a corrupt zip or unreadable file comes back as a problem."""
    fmt = canonical_format(from_format) if from_format else None
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        return _plan_container(DirContainer(path), fmt)
    if is_special(path):
        return [Problem(path.name, None, "not_a_file", _SPECIAL)]
    is_zip = suffix_of(path.name) == ".zip"
    if not is_zip and suffix_of(path.name) not in _KNOWN and fmt is None:
        try:
            is_zip = zipfile.is_zipfile(path)
        except OSError as exc:
            return [read_problem(path.name, exc)]
    if is_zip:
        try:
            archive = ZipContainer(path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
                return [read_problem(path.name, exc)]
            return [Problem(path.name, None, "corrupt_zip", "not a valid zip archive; skipped")]
        return _plan_container(archive, fmt)
    single = DirContainer(path.parent, only=[path.name])
    if fmt is not None:
        return [Job(fmt, single, [path.name])]
    found = classify(single, path.name)
    if isinstance(found, Problem):
        return [found]
    if found is None:
        raise _unsupported(path.name)
    return [Job(found, single, [path.name])]
