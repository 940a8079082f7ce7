"""Batches for the engine: validated chunks, and model scoring overlapped with the rest.

:func:`overlapped` is how :meth:`reframer.pipeline.Reframer.iter_analyze` keeps two cores busy:
the model (ONNX Runtime releases the GIL) scores batch k+1 in a worker thread while the
caller's thread gates and rewrites batch k. Results come out in input order, identical to the
one-batch-at-a-time path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["chunked", "overlapped"]

T = TypeVar("T")
S = TypeVar("S")
P = TypeVar("P")
R = TypeVar("R")


def chunked(items: Iterable[T], size: int, check: Callable[[T], T]) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), each item passed through
    ``check`` as it is read, so a bad item raises only after the chunks before it."""
    chunk: list[T] = []
    for item in items:
        chunk.append(check(item))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def overlapped(
    chunks: Iterator[list[T]],
    prepare: Callable[[list[T]], tuple[S, list[str]]],
    predict: Callable[[list[str]], Sequence[P]],
    finish: Callable[[S, Sequence[P]], list[R]],
) -> Iterator[R]:
    """``finish(prepare(chunk))`` for each chunk in order, with ``predict`` of chunk k+1
    running in a worker thread while chunk k is finished in this one.

    ``prepare`` turns a chunk into its state and the model's inputs; ``finish`` turns the
    state and the predictions into results. When reading or preparing chunk k+1 fails, chunk
    k is still delivered before the error."""
    from concurrent.futures import ThreadPoolExecutor

    pending: tuple[S, Future[Sequence[P]]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reframer-score") as pool:
        while True:
            try:
                chunk = next(chunks)
                state, inputs = prepare(chunk)
                future = pool.submit(predict, inputs)
            except StopIteration:
                break
            except Exception:
                if pending is not None:  # what was read before the failure is not lost
                    yield from finish(pending[0], pending[1].result())
                raise
            if pending is not None:
                yield from finish(pending[0], pending[1].result())
            pending = (state, future)
        if pending is not None:
            yield from finish(pending[0], pending[1].result())
