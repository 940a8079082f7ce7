"""The importer registry: every journal format registered once, with its sniffer and its help.

A format module registers its per-file reader with :func:`importer`::

    @importer("jrnl", help="jrnl JSON export or plain-text journal", detect=sniff_jrnl,
              suffixes={".txt", ".json", ".jrnl"}, example="jrnl --format json > export.json")
    def read_jrnl_file(member: Member) -> Iterator[ImportItem]: ...

``detect(name, head)`` looks at a file's name and first 64 KiB and answers a confidence from 0
(not this format) to 1 (certainly this format); files are tried in order of confidence. The
shared loop in :func:`read_files` hands each reader one :class:`~.member.Member` at a time (its
content read and decoded on request) and turns whatever a file raises (a read error, broken
JSON, anything else) into a :class:`~reframer.batch.entry.Problem` for that file only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from reframer.batch.entry import Entry, ImportItem, ImportOptions, Problem
from reframer.batch.importers.base import READ_ERRORS, read_problem
from reframer.batch.importers.member import FileProblem, Member
from reframer.batch.sources import Container
from reframer.errors import UnsupportedFormatError

__all__ = [
    "Detector",
    "FileReader",
    "Format",
    "candidates",
    "canonical_format",
    "formats",
    "get_format",
    "importer",
    "read_files",
    "read_with_fallback",
]

Detector = Callable[[str, bytes], float]
"""``(file name, first bytes) -> confidence`` in ``[0, 1]``."""

FileReader = Callable[[Member], Iterator[ImportItem]]
"""``(one file) -> entries and problems`` for one file."""


@dataclass(frozen=True, slots=True)
class Format:
    """One registered journal format."""

    name: str
    help: str
    detect: Detector
    read_file: FileReader
    suffixes: frozenset[str]
    aliases: tuple[str, ...] = ()
    example: str = ""


_REGISTRY: dict[str, Format] = {}
_ALIASES: dict[str, str] = {}


def importer(
    name: str,
    *,
    help: str,
    detect: Detector,
    suffixes: Iterable[str],
    aliases: Iterable[str] = (),
    example: str = "",
) -> Callable[[FileReader], FileReader]:
    """Register the decorated per-file reader as the format ``name``."""

    def register(read_file: FileReader) -> FileReader:
        if name in _REGISTRY:
            raise ValueError(f"format {name!r} is registered twice")
        fmt = Format(name, help, detect, read_file, frozenset(suffixes), tuple(aliases), example)
        _REGISTRY[name] = fmt
        for alias in fmt.aliases:
            _ALIASES[alias] = name
        return read_file

    return register


def formats() -> dict[str, Format]:
    """Every registered format, by name, in registration order."""
    return dict(_REGISTRY)


def canonical_format(name: str) -> str:
    """The canonical format name for ``name`` or an alias; raises UnsupportedFormatError."""
    key = name.strip().lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in _REGISTRY:
        raise UnsupportedFormatError(
            f"unknown format {name!r} for --from. Supported formats: {', '.join(_REGISTRY)} "
            f"(also accepted: {', '.join(_ALIASES)})."
        )
    return key


def get_format(name: str) -> Format:
    """The registered format for a name or alias; raises UnsupportedFormatError."""
    return _REGISTRY[canonical_format(name)]


def candidates(name: str, head: bytes, *, minimum: float = 0.05) -> list[tuple[str, float]]:
    """Formats that could read the file, most confident first (ties: registration order)."""
    found: list[tuple[str, float]] = []
    for fmt in _REGISTRY.values():
        try:
            score = fmt.detect(name, head)
        except Exception:  # a sniffer must never stop detection
            score = 0.0
        if score >= minimum:
            found.append((fmt.name, score))
    return sorted(found, key=lambda item: -item[1])


def _read_one(
    fmt: str, container: Container, name: str, options: ImportOptions
) -> Iterator[ImportItem]:
    file = container.display(name)
    try:
        yield from _REGISTRY[fmt].read_file(Member(container, name, file, options))
    except FileProblem as exc:
        yield exc.problem
    except READ_ERRORS as exc:
        yield read_problem(file, exc)
    except Exception as exc:  # one broken file must never stop the others
        yield Problem(file, None, "import_failed", f"could not be read ({type(exc).__name__})")


def read_with_fallback(
    fmts: Sequence[str], container: Container, name: str, options: ImportOptions
) -> Iterator[ImportItem]:
    """Read one file with the first format that gets an entry out of it.

    Items are held back until the first entry appears; a format that yields only file-level
    problems hands the file to the next candidate. If none succeeds, the first format's
    problems are reported.
    """
    first: list[ImportItem] | None = None
    for fmt in fmts:
        held: list[ImportItem] = []
        stream = _read_one(fmt, container, name, options)
        for item in stream:
            held.append(item)
            if isinstance(item, Entry):
                yield from held
                yield from stream
                return
        failed = any(
            isinstance(i, Problem) and i.entry is None and i.severity == "skipped" for i in held
        )
        if not failed:
            yield from held  # read fine, just nothing (or only entry-level problems) in it
            return
        first = held if first is None else first
    yield from first or ()


def read_files(
    fmt: str | Sequence[str], container: Container, members: Sequence[str], options: ImportOptions
) -> Iterator[ImportItem]:
    """The shared read loop: each member with ``fmt`` (or each candidate format in turn)."""
    order = [canonical_format(fmt)] if isinstance(fmt, str) else list(fmt)
    for name in members:
        yield from read_with_fallback(order, container, name, options)
