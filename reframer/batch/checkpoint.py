"""Crash safety for batch runs: checkpoints, a lock on ``--out``, and sweeping leftovers.

While a run streams its outputs into temporary ``.part`` files, :class:`Checkpointer` makes the
JSONL one durable every ``every`` entries or ``seconds`` seconds: it ``fsync``\\ s the part file and
then atomically replaces a small index, ``.reframer-checkpoint.json``, that names the part file and
how many of its bytes (whole records, so the ids of every entry done) are on disk. After
``kill -9`` or a power loss, ``--resume`` reads those records back (:func:`recover`) and re-analyses
at most one checkpoint's worth of entries; the next run removes the leftover ``.part`` files
(:func:`sweep`) once its own first checkpoint is on disk.

:func:`lock_out_dir` keeps two runs from writing into one folder (each would sweep the other's
files). Nothing here reads or logs journal text beyond handing records back to the runner.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reframer.batch.writers import AtomicFile, OutputWriter
from reframer.errors import InputError, OutputError

__all__ = [
    "INDEX_NAME",
    "Checkpoint",
    "Checkpointer",
    "finish",
    "lock_out_dir",
    "recover",
    "salvage",
    "sweep",
]

INDEX_NAME = ".reframer-checkpoint.json"
_LOCK_NAME = ".reframer.lock"
_VERSION = 1


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where the last durable records are: the first ``size`` bytes of ``part``."""

    part: Path
    size: int
    entries: int


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_index(out_dir: Path, data: dict[str, object]) -> None:
    tmp = out_dir / f"{INDEX_NAME}.{os.getpid()}.tmp"
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out_dir / INDEX_NAME)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(out_dir)


class Checkpointer:
    """Make the JSONL part file durable now and then; see the module docstring."""

    def __init__(self, jsonl: AtomicFile, *, every: int = 100, seconds: float = 30.0) -> None:
        self.jsonl = jsonl
        self.every = max(1, every)
        self.seconds = seconds
        self.last: Checkpoint | None = None
        self._entries = 0
        self._since = 0
        self._at = time.monotonic()

    def note(self, new: bool = True) -> None:
        """One more entry was written (``new``: analysed now); checkpoint when one is due."""
        self._entries += 1
        self._since += new
        if new and (self._since >= self.every or time.monotonic() - self._at >= self.seconds):
            self.commit()

    def commit(self) -> None:
        """``fsync`` the part file, then atomically point the index at its durable bytes."""
        size = self.jsonl.sync()
        self.last = Checkpoint(self.jsonl.tmp, size, self._entries)
        _write_index(
            self.jsonl.path.parent,
            {
                "version": _VERSION,
                "output": self.jsonl.path.name,
                "part": self.jsonl.tmp.name,
                "bytes": size,
                "entries": self._entries,
            },
        )
        self._since = 0
        self._at = time.monotonic()

    def clear(self) -> None:
        """The outputs are committed: the index is no longer needed."""
        (self.jsonl.path.parent / INDEX_NAME).unlink(missing_ok=True)
        _fsync_dir(self.jsonl.path.parent)


def recover(jsonl: Path) -> Checkpoint | None:
    """The checkpoint an interrupted run left for ``jsonl``, if it is intact."""
    index = jsonl.parent / INDEX_NAME
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
        part = jsonl.parent / str(data["part"])
        size, entries = int(data["bytes"]), int(data["entries"])
        ok = data.get("version") == _VERSION and data.get("output") == jsonl.name
        ok = ok and part.name.startswith(f".{jsonl.name}.") and part.name.endswith(".part")
        if not ok or not part.is_file() or part.stat().st_size < size:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Checkpoint(part, size, entries)


def sweep(out_dir: Path, names: Iterable[str], keep: Iterable[Path] = ()) -> int:
    """Remove the ``.part`` files an interrupted run left beside ``names``; how many."""
    kept = {p.name for p in keep}
    removed = 0
    for name in names:
        for leftover in out_dir.glob(f".{name}.*.part"):
            if leftover.name not in kept:
                with contextlib.suppress(OSError):
                    leftover.unlink()
                    removed += 1
    for tmp in out_dir.glob(f"{INDEX_NAME}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
    return removed


@contextmanager
def lock_out_dir(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for one run (a no-op where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = out_dir / _LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(
                f"another reframer batch run is writing to {out_dir}; wait for it or choose "
                "another --out folder"
            ) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                path.unlink()
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0, "")
    reason = exc.strerror or type(exc).__name__
    return f"{reason} ({name})" if name else reason


def salvage(
    writers: Sequence[OutputWriter | AtomicFile], ckpt: Checkpointer | None, exc: OSError
) -> OutputError:
    """After a write failure: drop the partial outputs, publish the last checkpoint as the JSONL
    output (a truncate and a rename: no new space needed), and say what was kept."""
    jsonl = ckpt.jsonl if ckpt is not None else None
    for w in writers:
        if w is not jsonl:
            with contextlib.suppress(OSError):
                w.discard()
    folder = writers[0].path.parent if writers else Path(".")
    kept = "nothing was written yet; earlier outputs are untouched"
    if ckpt is not None and jsonl is not None:
        last = ckpt.last
        if last is None:
            with contextlib.suppress(OSError):
                jsonl.discard()
        else:
            try:
                jsonl.publish(last.size)
                ckpt.clear()
                kept = f"the {last.entries} entries finished before it are in {jsonl.path.name}"
            except OSError:  # keep the checkpoint for --resume rather than lose it
                kept = f"the {last.entries} entries finished before it are kept for --resume"
    return OutputError(
        f"cannot write the outputs in {folder}: {_why(exc)}; {kept}. Free some space (or fix "
        "the folder) and run again with --resume to finish."
    )


def finish(writers: Sequence[OutputWriter | AtomicFile], ckpt: Checkpointer | None) -> None:
    """Commit every output, the JSONL (which --resume trusts) last, then drop the checkpoint.

    Raises :class:`OutputError` when any output could not be committed; an output that fails is
    discarded (its previous version stays), a failing JSONL falls back to its last checkpoint.
    """
    jsonl = ckpt.jsonl if ckpt is not None else None
    failure: OSError | None = None
    failed: list[str] = []
    for w in sorted(writers, key=lambda w: w.path.suffix == ".jsonl"):
        if w is jsonl:
            continue
        try:
            w.commit()
        except OSError as exc:
            with contextlib.suppress(OSError):
                w.discard()
            failure = failure or exc
            failed.append(w.path.name)
    if jsonl is not None and ckpt is not None:
        try:
            jsonl.commit()
        except OSError as exc:
            raise salvage([jsonl], ckpt, exc) from None
        ckpt.clear()
    if failure is not None:
        raise OutputError(
            f"cannot write {', '.join(failed)} in {writers[0].path.parent}: {_why(failure)}; "
            "the other outputs are complete. Free some space and run again with --resume to "
            "rebuild them."
        )
