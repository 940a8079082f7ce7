"""The one file a reader is handed: its name, the options, and its content read and decoded once.

The shared loop (:func:`~reframer.batch.importers.registry.read_files`) gives each per-file
reader a :class:`Member`. A reader asks for the content in the form its format needs (bytes,
decoded text, parsed JSON, a text stream or XML events) and keeps only its format's parsing.
Reading and decoding problems are handled once, by the loop: an unreadable file or a broken zip
member raises one of :data:`~reframer.batch.importers.base.READ_ERRORS`, and broken JSON raises
:class:`FileProblem`; the loop turns either into a :class:`~reframer.batch.entry.Problem` for
that file, after whatever the reader had already yielded.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any, Literal, TypeAlias

from reframer.batch.entry import ImportOptions, Problem
from reframer.batch.sources import Container, suffix_of
from reframer.batch.textutil import BAD_MARK, decode, text_stream

__all__ = ["FileProblem", "Member"]

XmlEvent: TypeAlias = Literal["start", "end"]

_CHUNK = 65_536
_SURROGATES = {c: BAD_MARK for c in range(0xDC80, 0xDD00)}


class FileProblem(Exception):
    """A whole file cannot be read as its format; the shared loop reports :attr:`problem`.

    Internal to the importers: it never leaves the read loop, so it is not a ``ReframerError``.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Member:
    """One file of a container, as a reader sees it.

    ``name`` is the path inside the container (what the reader opens), ``file`` the name shown
    in ``source`` fields and problems.
    """

    container: Container
    name: str
    file: str
    options: ImportOptions

    @property
    def stem(self) -> str:
        """The file name without folder and extension (``2026-04-05`` for ``a/2026-04-05.md``)."""
        return PurePosixPath(self.name).stem

    @property
    def suffix(self) -> str:
        """The lower-case extension with its dot, or ``""``."""
        return suffix_of(self.name)

    def head(self, size: int) -> bytes:
        """The first ``size`` bytes."""
        return self.container.head(self.name, size)

    def open(self) -> AbstractContextManager[IO[bytes]]:
        """The file as a binary stream (for archives read as they stream)."""
        return self.container.open(self.name)

    def data(self) -> bytes:
        """All bytes of the file."""
        with self.container.open(self.name) as fh:
            return fh.read()

    def text(self) -> str:
        """The whole file decoded (UTF-8, or BOM-marked UTF-16; bad bytes kept marked), with
        ``\\r\\n`` line ends made ``\\n``."""
        return decode(self.data()).replace("\r\n", "\n")

    def json(self) -> Any:
        """The whole file parsed as JSON; raises :class:`FileProblem` naming where it breaks."""
        try:
            return json.loads(decode(self.data()))
        except json.JSONDecodeError as exc:
            where = f"invalid JSON at line {exc.lineno}, column {exc.colno}"
            raise FileProblem(Problem(self.file, None, "invalid_json", where)) from None
        except RecursionError:
            raise FileProblem(
                Problem(self.file, None, "invalid_json", "JSON nested too deeply")
            ) from None

    @contextmanager
    def stream(self, *, newline: str | None = None) -> Iterator[IO[str]]:
        """The file as a text stream, decoded as :meth:`text` decodes it (for large files)."""
        with self.container.open(self.name) as raw, text_stream(raw, newline=newline) as stream:
            yield stream

    def entries(self, doc: object, *, missing: str, bare_list: bool = False) -> list[Any]:
        """The ``entries`` list of a parsed JSON export (or ``doc`` itself when ``bare_list``
        and it is a list); raises :class:`FileProblem` (``malformed_file``, ``missing``) if
        there is none."""
        found = doc.get("entries") if isinstance(doc, dict) else (doc if bare_list else None)
        if not isinstance(found, list):
            raise FileProblem(Problem(self.file, None, "malformed_file", missing))
        return found

    def xml_problem(self, exc: ET.ParseError, lost: str) -> Problem:
        """The problem for XML that breaks part-way: where, and that the ``lost`` after it
        could not be read."""
        line = exc.position[0] if exc.position else "?"
        reason = f"XML error at line {line}; the {lost} after it could not be read"
        return Problem(self.file, None, "invalid_xml", reason)

    def xml_events(self, *events: XmlEvent) -> Iterator[tuple[str, ET.Element]]:
        """Stream the XML as ``(event, element)`` pairs; undecodable bytes become ``BAD_MARK``.

        Raises ``xml.etree.ElementTree.ParseError`` where the XML breaks (the reader says what
        was lost).
        """
        parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=events)
        with self.stream() as stream:
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk.translate(_SURROGATES))
                for item in parser.read_events():
                    elem = item[1] if len(item) == 2 else None
                    if isinstance(elem, ET.Element):
                        yield item[0], elem
            parser.close()
