"""Reading entries into a Ray dataset and writing results out, with ``reframer batch``'s rules.

JSON Lines files are read by batch mode's own JSONL importer (the same columns, ``--text-col`` /
``--date-col`` / ``--id-col`` choices, date parsing, text cleaning and ``<file stem>:<line>``
ids); Parquet files by the same row rules, with row numbers for missing ids and
``parquet:<file>`` sources. Each file is read by one task, so many files read in parallel:
shard big exports. Results are written as JSONL (lines identical to ``entries.jsonl``) or Parquet
(:data:`~.rows.RESULT_SCHEMA`), one file per write task, into an output folder.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
import ray.data
from ray.data.block import BlockAccessor
from ray.data.datasource import BlockBasedFileDatasink, FileBasedDatasource

from reframer.batch.entry import Entry, ImportItem, ImportOptions
from reframer.batch.importers.registry import read_files
from reframer.batch.importers.tabular import record_items
from reframer.batch.sources import is_listed
from reframer.integrations.ray.rows import ENTRY_SCHEMA, entry_row, problem_row, result_line

__all__ = ["InputFormat", "JsonlEntries", "JsonlResults", "ParquetEntries", "read_entries"]

InputFormat = Literal["jsonl", "parquet"]

_BLOCK_ROWS = 4096
"""Rows per block a read task yields (a file of any size never becomes one huge block)."""


def display_name(path: str, roots: Sequence[str]) -> str:
    """The file's name in ``source`` fields, as ``reframer batch`` writes it: the file name for a
    file given by name, ``<folder>/<relative path>`` for a file found in a given folder."""
    p = PurePosixPath(path)
    for root in roots:
        r = PurePosixPath(root)
        if p != r and r in p.parents:
            return f"{r.name}/{p.relative_to(r).as_posix()}"
    return p.name


class _OneFile:
    """The batch importers' container interface over the bytes of one file."""

    def __init__(self, name: str, data: bytes) -> None:
        self.label, self._name, self._data = name, name, data

    def names(self) -> list[str]:
        return [self._name]

    def open(self, name: str) -> AbstractContextManager[IO[bytes]]:
        return io.BufferedReader(io.BytesIO(self._data))

    def head(self, name: str, size: int = 65_536) -> bytes:
        return self._data[:size]

    def display(self, name: str) -> str:
        return name

    def path_of(self, name: str) -> Path | None:
        return None

    def close(self) -> None:
        return None


def _blocks(items: Iterator[ImportItem], source: str) -> Iterator[pa.Table]:
    """Entry rows in blocks; date warnings are dropped (the entry is kept, undated, as in batch)."""
    rows: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Entry):
            rows.append(entry_row(item))
        elif item.severity != "warning":
            rows.append(problem_row(item, source))
        if len(rows) >= _BLOCK_ROWS:
            yield pa.Table.from_pylist(rows, schema=ENTRY_SCHEMA)
            rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=ENTRY_SCHEMA)


class _EntrySource(FileBasedDatasource):
    def __init__(
        self, paths: Sequence[str], options: ImportOptions, extensions: list[str], **kw: Any
    ) -> None:
        super().__init__(list(paths), file_extensions=extensions, **kw)
        self.roots = [str(PurePosixPath(Path(p).resolve().as_posix())) for p in paths]
        self.options = options

    def _name(self, path: str) -> str | None:
        name = display_name(path, self.roots)
        return name if is_listed(name.split("/", 1)[-1]) else None


class JsonlEntries(_EntrySource):
    """Entry rows from JSON Lines files (``*.jsonl``, ``*.ndjson``), via batch's JSONL importer."""

    def __init__(self, paths: Sequence[str], options: ImportOptions, **kw: Any) -> None:
        super().__init__(paths, options, ["jsonl", "ndjson"], **kw)

    def _read_stream(self, f: pa.NativeFile, path: str) -> Iterator[pa.Table]:
        name = self._name(path)
        if name is None:
            return
        items = read_files("jsonl", _OneFile(name, f.readall()), [name], self.options)
        yield from _blocks(items, f"jsonl:{name}")


def _plain(value: object) -> object:
    """Parquet timestamps and dates as ISO strings, which batch's date parser reads."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


class ParquetEntries(_EntrySource):
    """Entry rows from Parquet files, by batch's CSV/JSONL row rules (source ``parquet:<file>``)."""

    def __init__(self, paths: Sequence[str], options: ImportOptions, **kw: Any) -> None:
        super().__init__(paths, options, ["parquet"], **kw)

    def _read_stream(self, f: pa.NativeFile, path: str) -> Iterator[pa.Table]:
        name = self._name(path)
        if name is None:
            return
        source, stem = f"parquet:{name}", PurePosixPath(name).stem
        table = pq.ParquetFile(pa.BufferReader(f.readall()))

        def items() -> Iterator[ImportItem]:
            n = 0
            for batch in table.iter_batches(batch_size=_BLOCK_ROWS):
                for record in batch.to_pylist():
                    n += 1
                    row = {k: _plain(v) for k, v in record.items()}
                    for item in record_items(
                        row, n, kind="row", file=name, stem=stem, options=self.options
                    ):
                        if isinstance(item, Entry):  # batch's row rules name it "csv:"
                            item = _with_source(item, source)
                        yield item

        yield from _blocks(items(), source)


def _with_source(entry: Entry, source: str) -> Entry:
    return replace(entry, source=source)


def read_entries(
    paths: Sequence[str | Path],
    fmt: InputFormat = "jsonl",
    options: ImportOptions | None = None,
    **read_args: Any,
) -> ray.data.Dataset:
    """A dataset of entry rows (:data:`~.rows.ENTRY_SCHEMA`) from files or folders;
    ``read_args`` go to ``ray.data.read_datasource`` (``num_cpus`` ...)."""
    opts = options or ImportOptions()
    names = [str(p) for p in paths]
    source = JsonlEntries(names, opts) if fmt == "jsonl" else ParquetEntries(names, opts)
    dataset: ray.data.Dataset = ray.data.read_datasource(source, **read_args)
    return dataset


class JsonlResults(BlockBasedFileDatasink):
    """Result rows as JSON Lines, each line what ``reframer batch`` writes for the entry."""

    def __init__(self, path: str, **kw: Any) -> None:
        super().__init__(path, file_format="jsonl", **kw)

    def write_block_to_file(self, block: BlockAccessor, file: pa.NativeFile) -> None:
        for row in block.to_arrow().to_pylist():
            file.write((result_line(row) + "\n").encode("utf-8"))
