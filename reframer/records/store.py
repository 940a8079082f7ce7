"""The records store: one SQLite file in the user's data directory, readable only by its owner.

Location: ``$REFRAMER_DATA_DIR/records.sqlite3`` when that setting is given, else the platform's
user data directory (``platformdirs.user_data_dir("reframer")``, e.g.
``~/.local/share/reframer`` on Linux). The file is created only when something is saved
(:func:`open_store` with ``create=True``); reading commands never create it.

The schema version is SQLite's ``user_version``; :data:`MIGRATIONS` brings any older file up to
date when it is opened (one transaction per step). Deleted rows are overwritten
(``secure_delete``), and :meth:`Store.delete_all` also runs ``VACUUM`` so that nothing of them
is left in the file. Nothing here logs: the store holds journal text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reframer.errors import StoreError
from reframer.records.models import Correction, ThoughtRecord
from reframer.settings import Settings

__all__ = ["FILE_NAME", "MIGRATIONS", "SCHEMA_VERSION", "Store", "data_dir", "open_store"]

FILE_NAME = "records.sqlite3"

MIGRATIONS: tuple[str, ...] = (
    # v1: thought records
    """
    CREATE TABLE records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created TEXT NOT NULL,
        situation TEXT NOT NULL,
        thought TEXT NOT NULL,
        belief_before INTEGER NOT NULL,
        traps TEXT NOT NULL,
        reframe TEXT,
        reframe_source TEXT,
        strategy TEXT,
        belief_after INTEGER,
        model_version TEXT NOT NULL
    );
    """,
    # v2: corrections, and the journal entry a record came from (batch and the report)
    """
    ALTER TABLE records ADD COLUMN entry_id TEXT;
    CREATE INDEX records_entry ON records (entry_id);
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created TEXT NOT NULL,
        kind TEXT NOT NULL,
        sentence TEXT NOT NULL,
        trap TEXT,
        rewrite TEXT,
        traps TEXT NOT NULL,
        model_version TEXT
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_RECORD_COLUMNS = (
    "created, situation, thought, belief_before, traps, reframe, reframe_source, strategy, "
    "belief_after, model_version, entry_id"
)
_CORRECTION_COLUMNS = "created, kind, sentence, trap, rewrite, traps, model_version"


def data_dir(settings: Settings | None = None) -> Path:
    """The folder of the store (and of a personal model): the setting, else the platform's."""
    s = settings if settings is not None else Settings()
    if s.data_dir is not None:
        return s.data_dir.expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reframer", appauthor=False))


def _create_private(path: Path) -> None:
    """Create the folder (0700 when new) and an empty file readable only by its owner."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)  # also when the file existed with wider permissions
    except OSError as exc:
        raise StoreError(f"cannot create the records store at {path}: {exc.strerror}") from exc


class Store:
    """An open records store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            _create_private(self.path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA secure_delete = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a reframer records store (or it is damaged): {exc}"
            ) from exc

    # ---- lifecycle ----------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:  # never the contents
        return f"Store({str(self.path)!r}, version={self.version})"

    def close(self) -> None:
        self._db.close()

    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        found = self.version
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {found}, newer than this reframer knows "
                f"({SCHEMA_VERSION}): upgrade reframer"
            )
        for version in range(found, SCHEMA_VERSION):
            with self._tx() as db:
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")

    # ---- thought records ------------------------------------------------------------------
    def add_record(self, record: ThoughtRecord) -> ThoughtRecord:
        """Save a record; returns it with its ``id``."""
        r = record
        values = (
            r.created,
            r.situation,
            r.thought,
            r.belief_before,
            json.dumps(r.traps),
            r.reframe,
            r.reframe_source,
            r.strategy,
            r.belief_after,
            r.model_version,
            r.entry_id,
        )
        with self._tx() as db:
            cur = db.execute(
                f"INSERT INTO records ({_RECORD_COLUMNS}) VALUES ({', '.join('?' * 11)})", values
            )
        return r.model_copy(update={"id": cur.lastrowid})

    def records(self) -> list[ThoughtRecord]:
        """Every record, oldest first."""
        rows = self._db.execute(f"SELECT id, {_RECORD_COLUMNS} FROM records ORDER BY created, id")
        return [_record(row) for row in rows]

    def get_record(self, record_id: int) -> ThoughtRecord:
        row = self._db.execute(
            f"SELECT id, {_RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no record with id {record_id}", code="record_not_found")
        return _record(row)

    def records_for_entry_ids(self, entry_ids: list[str]) -> list[ThoughtRecord]:
        marks = ", ".join("?" * len(entry_ids))
        rows = self._db.execute(
            f"SELECT id, {_RECORD_COLUMNS} FROM records WHERE entry_id IN ({marks}) "
            "ORDER BY created, id",
            entry_ids,
        )
        return [_record(row) for row in rows]

    def delete_record(self, record_id: int) -> None:
        with self._tx() as db:
            if db.execute("DELETE FROM records WHERE id = ?", (record_id,)).rowcount == 0:
                raise StoreError(f"no record with id {record_id}", code="record_not_found")

    # ---- corrections ----------------------------------------------------------------------
    def add_correction(self, correction: Correction) -> Correction:
        c = correction
        values = (c.created, c.kind, c.sentence, c.trap, c.rewrite, json.dumps(c.traps))
        with self._tx() as db:
            cur = db.execute(
                f"INSERT INTO corrections ({_CORRECTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*values, c.model_version),
            )
        return c.model_copy(update={"id": cur.lastrowid})

    def corrections(self) -> list[Correction]:
        """Every correction, oldest first."""
        rows = self._db.execute(
            f"SELECT id, {_CORRECTION_COLUMNS} FROM corrections ORDER BY created, id"
        )
        return [_correction(row) for row in rows]

    # ---- deletion -------------------------------------------------------------------------
    def delete_all(self) -> tuple[int, int]:
        """Delete every record and correction, then ``VACUUM`` the file so that no page of them
        is left in it. Returns the numbers deleted (records, corrections)."""
        with self._tx() as db:
            n_rec = db.execute("DELETE FROM records").rowcount
            n_cor = db.execute("DELETE FROM corrections").rowcount
            db.execute("DELETE FROM sqlite_sequence")
        self._db.execute("VACUUM")
        return n_rec, n_cor


def _record(row: tuple[Any, ...]) -> ThoughtRecord:
    keys = ("id", *(c.strip() for c in _RECORD_COLUMNS.split(",")))
    data = dict(zip(keys, row, strict=True))
    data["traps"] = json.loads(data["traps"])
    return ThoughtRecord.model_validate(data)


def _correction(row: tuple[Any, ...]) -> Correction:
    keys = ("id", *(c.strip() for c in _CORRECTION_COLUMNS.split(",")))
    data = dict(zip(keys, row, strict=True))
    data["traps"] = json.loads(data["traps"])
    return Correction.model_validate(data)


def open_store(settings: Settings | None = None, *, create: bool = False) -> Store | None:
    """The user's store; ``None`` when it does not exist yet and ``create`` is false."""
    path = data_dir(settings) / FILE_NAME
    if not create and not path.exists():
        return None
    return Store(path)
