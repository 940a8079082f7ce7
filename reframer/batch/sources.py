"""Where journal files come from: a folder, a single file or a zip, behind one small interface.

A :class:`Container` lists its files as relative POSIX paths and opens them as binary streams.
Hidden files and folders (``.obsidian``, ``.DS_Store``, ``.trash``) and macOS zip debris
(``__MACOSX``) are never listed.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

__all__ = ["Container", "DirContainer", "ZipContainer", "is_listed", "is_special", "suffix_of"]

_HEAD_BYTES = 65_536


def is_listed(relpath: str) -> bool:
    """Whether a relative path is a user file (not hidden, not zip debris, not a folder)."""
    parts = PurePosixPath(relpath).parts
    if not parts or relpath.endswith("/"):
        return False
    return not any(p.startswith(".") or p == "__MACOSX" or p.startswith("~$") for p in parts)


def is_special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file or folder (a FIFO, socket or device)."""
    try:
        mode = path.stat().st_mode
    except OSError:  # missing or unreadable: reading it reports that
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def suffix_of(name: str) -> str:
    """The lower-case file extension with its dot (``".json"``), or ``""``."""
    return PurePosixPath(name).suffix.lower()


class Container(Protocol):
    """A set of files that an importer can read."""

    label: str
    """How the container is named in sources and messages (a file or folder name)."""

    def names(self) -> list[str]:
        """Relative POSIX paths of the files, sorted."""
        ...

    def open(self, name: str) -> AbstractContextManager[IO[bytes]]:
        """Open one file for binary reading."""
        ...

    def head(self, name: str, size: int = _HEAD_BYTES) -> bytes:
        """The first ``size`` bytes of a file (for format detection)."""
        ...

    def display(self, name: str) -> str:
        """The name used in ``source`` fields and problem reports."""
        ...

    def path_of(self, name: str) -> Path | None:
        """The file on disk, when the container is a folder; ``None`` inside a zip."""
        ...

    def close(self) -> None:
        """Release the container (closes a zip)."""
        ...


class DirContainer:
    """Files in a folder (recursively), or one file when ``only`` is given."""

    def __init__(self, root: Path, only: Sequence[str] | None = None) -> None:
        self.root = root
        self._only = list(only) if only is not None else None
        self._name = root.resolve().name or str(root)
        self.label = self._name if only is None or len(only) != 1 else only[0]
        self.special: list[str] = []
        """FIFOs, sockets and devices found by :meth:`names` (never opened: reading one can
        block forever)."""

    def names(self) -> list[str]:
        if self._only is not None:
            return sorted(self._only)
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__MACOSX")
            rel = Path(dirpath).relative_to(self.root)
            for f in filenames:
                name = (rel / f).as_posix()
                if not is_listed(name):
                    continue
                if is_special(Path(dirpath) / f):
                    self.special.append(name)
                else:
                    found.append(name)
        self.special.sort()
        return sorted(found)

    def open(self, name: str) -> AbstractContextManager[IO[bytes]]:
        return (self.root / name).open("rb")

    def head(self, name: str, size: int = _HEAD_BYTES) -> bytes:
        with self.open(name) as fh:
            return fh.read(size)

    def display(self, name: str) -> str:
        if self._only is not None:
            return name
        return f"{self._name}/{name}"

    def path_of(self, name: str) -> Path | None:
        return self.root / name

    def close(self) -> None:
        return None


class ZipContainer:
    """Files inside a zip archive. Raises ``zipfile.BadZipFile`` or ``OSError`` when unreadable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = path.name
        self._zip = zipfile.ZipFile(path)
        self._names = sorted(
            info.filename
            for info in self._zip.infolist()
            if not info.is_dir() and is_listed(info.filename)
        )

    def names(self) -> list[str]:
        return list(self._names)

    def open(self, name: str) -> AbstractContextManager[IO[bytes]]:
        return self._zip.open(name, "r")

    def head(self, name: str, size: int = _HEAD_BYTES) -> bytes:
        with self._zip.open(name, "r") as fh:
            return fh.read(size)

    def display(self, name: str) -> str:
        return f"{self.label}/{name}"

    def path_of(self, name: str) -> Path | None:
        return None

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()
