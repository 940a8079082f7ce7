"""The callable class for ``Dataset.map_batches``: one engine per actor, one result row per entry.

>>> ds.map_batches(                                                   # doctest: +SKIP
...     AnalyzeEntries,
...     batch_format="pyarrow",
...     batch_size=256,
...     compute=ray.data.ActorPoolStrategy(size=4),
...     fn_constructor_kwargs={"model_path": "/models/reframer-minilm"},
... )

Ray builds the class once per actor, so the model loads once per actor, not once per batch. Each
batch is analysed the way ``reframer batch`` analyses a chunk: all texts at once, and, if the
engine rejects one (too long ...), one by one so that only that entry becomes an error row.
Engine failures (a broken model) fail the task, as they stop ``reframer batch``. Nothing here
prints or logs a row; exceptions are re-raised without the message of the original error, which
could quote an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from reframer.batch.entry import EMPTY
from reframer.batch.runner import Engine
from reframer.errors import InputError, ModelError, ReframerError
from reframer.integrations.ray.rows import RESULT_SCHEMA, error_row, success_row

__all__ = ["AnalyzeEntries", "analyse_rows"]

EngineFactory = Callable[[], Engine]


def analyse_rows(
    engine: Engine, rows: Sequence[dict[str, Any]], *, reframes: int = 3, batch_size: int = 64
) -> list[dict[str, Any]]:
    """Result rows for entry rows, in order: analysed entries, import problems passed on, empty
    entries (code ``empty``) and entries the engine rejects (its error code) as error rows."""
    out: list[dict[str, Any] | None] = [None] * len(rows)
    todo: list[int] = []
    for i, row in enumerate(rows):
        if row.get("problem_code") is not None:
            out[i] = error_row(
                row,
                row["problem_code"],
                row.get("problem_reason") or "",
                row.get("problem_locator"),
            )
        elif not (row.get("text") or "").strip():
            out[i] = error_row(row, EMPTY, "no text to analyse", None)
        else:
            todo.append(i)
    done = 0
    try:
        results = engine.iter_analyze(
            [rows[i]["text"] for i in todo], reframes=reframes, batch_size=batch_size
        )
        for i, analysis in zip(todo, results, strict=True):
            out[i] = success_row(rows[i], analysis)
            done += 1
    except InputError:  # isolate the entry the engine rejects, as reframer batch does
        for i in todo[done:]:
            try:
                analysis = next(iter(engine.iter_analyze([rows[i]["text"]], reframes=reframes)))
            except InputError as exc:
                out[i] = error_row(rows[i], exc.code, f"not analysed: {exc.message}", None)
                continue
            out[i] = success_row(rows[i], analysis)
    return [r for r in out if r is not None]


def _default_factory(model_path: str | Path | None) -> EngineFactory:
    def load() -> Engine:
        from reframer import Reframer

        # REFRAMER_* settings of the worker's environment apply, as in `reframer batch`
        return Reframer.from_settings(model_path=model_path)

    return load


class AnalyzeEntries:
    """A ``map_batches`` callable class: entry rows in (:data:`~.rows.ENTRY_SCHEMA`), result rows
    out (:data:`~.rows.RESULT_SCHEMA`), as a ``pyarrow.Table`` with a fixed schema.

    ``engine_factory`` (a picklable callable with no arguments, e.g.
    ``reframer.testing.FakeEngine``) replaces the default, which is
    ``Reframer.from_settings(model_path=model_path)`` on the worker.
    """

    def __init__(
        self,
        engine_factory: EngineFactory | None = None,
        *,
        model_path: str | Path | None = None,
        reframes: int = 3,
        batch_size: int = 64,
    ) -> None:
        factory = engine_factory or _default_factory(model_path)
        self.engine = factory()
        self.reframes = reframes
        self.batch_size = batch_size

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Analyse one batch of entry rows."""
        try:
            rows = analyse_rows(
                self.engine,
                batch.to_pylist(),
                reframes=self.reframes,
                batch_size=self.batch_size,
            )
            return pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)
        except ReframerError:
            raise  # coded errors never quote journal text
        except Exception as exc:
            # pyarrow and engine internals may quote a value: keep only the type
            raise ModelError(
                f"a batch of {batch.num_rows} entries could not be analysed ({type(exc).__name__})"
            ) from None
