"""Planning: turn each input (file, folder or zip) into import jobs, by content, not by name.

Every file's first 64 KiB go past every registered sniffer (see :mod:`.registry`); the formats
that recognise it are tried in order of confidence, so a jrnl journal called ``my.journal``, a
Daylio export saved as ``.txt`` or a Word file without its extension are all read. ``--from``
names the format instead, for every input (``--from jrnl``) or for one (``--from
jrnl:my.journal``).

Nothing here aborts a run: a file no importer can read, a corrupt zip or an unreadable file
becomes a :class:`~reframer.batch.entry.Problem` naming it and why. Photos, audio, video, PDFs
and HTML twins inside exports are attachments: counted, not read, not a problem.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reframer.batch.entry import ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import READ_ERRORS, read_problem
from reframer.batch.importers.registry import candidates, canonical_format, formats, read_files
from reframer.batch.sources import Container, DirContainer, ZipContainer, is_special, suffix_of
from reframer.errors import InputError

__all__ = [
    "ATTACHMENT_SUFFIXES",
    "FromSpec",
    "Job",
    "Plan",
    "classify",
    "parse_from",
    "plan_input",
    "plan_inputs",
]

ATTACHMENT_SUFFIXES = frozenset(
    """.jpg .jpeg .png .gif .heic .heif .webp .tif .tiff .bmp .svg .mp3 .m4a .aac .wav .ogg
    .opus .caf .mp4 .mov .m4v .webm .pdf .html .htm .css .js .woff .woff2 .ttf .ics .vcf
    .plist .db .sqlite .ds_store .ini .log .xml""".split()
)
"""Files inside an export that are not journal text (attachments, page chrome): ignored, counted."""

FromSpec = str | Sequence[str] | Mapping[str, str] | None
"""``--from`` values: one format for every input, or ``FORMAT:PATH`` for one input."""

_HEAD = 65_536
_SPECIAL = "a FIFO, socket or device, not a journal file; skipped"


@dataclass(slots=True)
class Job:
    """Read ``members`` of ``container`` with ``fmt`` (then ``fallbacks``, if it reads nothing)."""

    fmt: str
    container: Container
    members: list[str]
    fallbacks: tuple[str, ...] = ()

    def read(self, options: ImportOptions) -> Iterator[ImportItem]:
        """The entries and problems of every member (the shared per-file loop)."""
        return read_files([self.fmt, *self.fallbacks], self.container, self.members, options)


@dataclass(slots=True)
class Plan:
    """Jobs, problems (files that cannot be read) and the number of attachments ignored."""

    jobs: list[Job] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    attachments: int = 0

    def add(self, item: Job | Problem) -> None:
        (self.jobs if isinstance(item, Job) else self.problems).append(item)  # type: ignore[arg-type]


def parse_from(spec: FromSpec) -> tuple[str | None, dict[str, str]]:
    """``(default format, {input path: format})`` from ``--from`` values; raises
    UnsupportedFormatError for an unknown format name."""
    if spec is None:
        return None, {}
    if isinstance(spec, Mapping):
        return None, {str(Path(k)): canonical_format(v) for k, v in spec.items()}
    items = [spec] if isinstance(spec, str) else list(spec)
    default: str | None = None
    per_input: dict[str, str] = {}
    for item in items:
        name, sep, path = item.partition(":")
        if sep and path:
            per_input[str(Path(path))] = canonical_format(name)
        else:
            default = canonical_format(item)
    return default, per_input


def _unsupported(file: str, what: str = "no journal format reframer can read") -> Problem:
    return Problem(file, None, "unsupported_format", f"{what}; skipped (name one with --from)")


def classify(container: Container, name: str) -> list[str] | Problem | None:
    """The formats that could read one file, most likely first; a problem if it cannot be
    opened; ``None`` for an attachment or a file nothing recognises."""
    try:
        head = container.head(name, _HEAD)
    except READ_ERRORS as exc:
        return read_problem(container.display(name), exc)
    found = [fmt for fmt, _ in candidates(name, head)]
    return found or None


def _wanted(fmt: str, container: Container, name: str) -> bool:
    if suffix_of(name) in formats()[fmt].suffixes:
        return True
    return any(f == fmt for f, _ in candidates(name, container.head(name, _HEAD)))


def _plan_container(container: Container, fmt: str | None, plan: Plan) -> None:
    names = container.names()
    if "word/document.xml" in names and isinstance(container, ZipContainer):
        plan.add(
            Job(
                "docx",
                DirContainer(container.path.parent, [container.path.name]),
                [container.path.name],
            )
        )
        container.close()
        return
    groups: dict[tuple[str, ...], list[str]] = {}
    before = len(plan.jobs) + len(plan.problems)
    for name in names:
        path = container.path_of(name)
        if suffix_of(name) == ".zip" and path is not None:
            _plan_file(path, fmt, plan, label=container.display(name))
            continue
        if fmt is not None:
            try:
                ok = _wanted(fmt, container, name)
            except READ_ERRORS as exc:
                plan.add(read_problem(container.display(name), exc))
                continue
            if ok:
                groups.setdefault((fmt,), []).append(name)
            elif suffix_of(name) in ATTACHMENT_SUFFIXES:
                plan.attachments += 1
            else:
                plan.add(_unsupported(container.display(name), f"not a file of format {fmt}"))
            continue
        found = classify(container, name)
        if isinstance(found, Problem):
            plan.add(found)
        elif found:
            groups.setdefault(tuple(found), []).append(name)
        elif suffix_of(name) in ATTACHMENT_SUFFIXES:
            plan.attachments += 1
        else:
            plan.add(_unsupported(container.display(name)))
    for name in getattr(container, "special", ()):  # never opened: reading one can block
        plan.add(Problem(container.display(name), None, "not_a_file", _SPECIAL))
    _join_daily_notes(groups)
    for order, members in groups.items():
        if members:
            plan.add(Job(order[0], container, members, order[1:]))
    if len(plan.jobs) + len(plan.problems) == before:
        what = "no journal files in it" if names else "it is empty"
        plan.add(Problem(container.label, None, "no_journal_files", f"{what}; skipped"))


def _join_daily_notes(groups: dict[tuple[str, ...], list[str]]) -> None:
    """Undated notes beside dated daily notes are notes of the same vault."""
    if not any(order[0] == "daily-notes" for order in groups):
        return
    for order in [o for o in groups if o[0] == "text"]:
        notes = [n for n in groups[order] if suffix_of(n) in (".md", ".markdown")]
        groups[order] = [n for n in groups[order] if n not in notes]
        groups.setdefault(("daily-notes", "text"), []).extend(notes)
        groups[("daily-notes", "text")].sort()


def _open_zip(path: Path, plan: Plan, label: str) -> ZipContainer | None:
    try:
        return ZipContainer(path)
    except (zipfile.BadZipFile, EOFError, ValueError):
        plan.add(Problem(label, None, "corrupt_zip", "not a valid zip archive; skipped"))
    except OSError as exc:
        plan.add(read_problem(label, exc))
    return None


def plan_input(
    path: Path, from_format: str | None = None, *, plan: Plan | None = None
) -> list[Job | Problem]:
    """Jobs and problems for one input path (also added to ``plan`` when given). Raises
    InputError if the path does not exist and UnsupportedFormatError for an unknown ``--from``."""
    plan = plan if plan is not None else Plan()
    start_jobs, start_problems = len(plan.jobs), len(plan.problems)
    fmt = canonical_format(from_format) if from_format else None
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        _plan_container(DirContainer(path), fmt, plan)
    else:
        _plan_file(path, fmt, plan)
    return [*plan.jobs[start_jobs:], *plan.problems[start_problems:]]


def _plan_file(path: Path, fmt: str | None, plan: Plan, label: str | None = None) -> None:
    if is_special(path):
        plan.add(Problem(label or path.name, None, "not_a_file", _SPECIAL))
        return
    single = DirContainer(path.parent, only=[path.name])
    if fmt is not None and not (fmt != "docx" and suffix_of(path.name) == ".zip"):
        plan.add(Job(fmt, single, [path.name]))
        return
    found = None if suffix_of(path.name) == ".zip" else classify(single, path.name)
    if isinstance(found, Problem):
        plan.add(found)
    elif found:
        plan.add(Job(found[0], single, [path.name], tuple(found[1:])))
    elif suffix_of(path.name) == ".zip" or _is_zip(path):
        archive = _open_zip(path, plan, label or path.name)
        if archive is not None:
            _plan_container(archive, fmt, plan)
            if not any(job.container is archive for job in plan.jobs):
                archive.close()
    else:
        plan.add(_unsupported(label or path.name))


def _is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def plan_inputs(paths: Sequence[Path], spec: FromSpec = None) -> Plan:
    """The plan for every input; ``spec`` as :func:`parse_from` reads it."""
    default, per_input = parse_from(spec)
    plan = Plan()
    for path in paths:
        plan_input(path, per_input.get(str(path), default), plan=plan)
    return plan
