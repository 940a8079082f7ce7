"""What batch mode does at the terminal: the progress bar, and Ctrl-C handling.

**Progress** (:func:`make_progress`): a rich bar on stderr with entries done of total, entries/s,
time left and time spent. It is only drawn when stderr is a terminal; otherwise (CI, pipes, tests)
nothing is printed and the total is not even counted. It shows counts only, never journal text.

**Ctrl-C** (:class:`InterruptGuard`): inside :meth:`InterruptGuard.critical` a first SIGINT is only
noted, and raised as ``KeyboardInterrupt`` when the outermost critical section ends; outside one,
SIGINT raises at once (so a long model computation stops promptly). A second Ctrl-C while one is
pending raises immediately, so a stuck run can still be stopped. The handler is only installed
from the main thread (the only place Python delivers signals); elsewhere the guard does nothing.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

__all__ = ["InterruptGuard", "make_progress"]


class InterruptGuard:
    """Defer SIGINT during critical sections; see the module docstring."""

    def __init__(self) -> None:
        self.pending = False
        self._depth = 0
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._installed:
            previous = self._previous if self._previous is not None else signal.default_int_handler
            signal.signal(signal.SIGINT, previous)
            self._installed = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._depth and not self.pending:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def critical(self, *, final: bool = False) -> Iterator[None]:
        """A section that a first Ctrl-C does not cut; it is raised when the section ends
        (unless ``final``: then it stays pending for the caller to check)."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self.pending and not self._depth and not final:
            self.pending = False
            raise KeyboardInterrupt


@contextmanager
def make_progress(enabled: bool, count_total: Callable[[], int]) -> Iterator[Callable[[], None]]:
    """Yield an ``advance()`` callback; draws a bar when ``enabled`` and stderr is a terminal.

    ``count_total`` is called only when the bar is shown (it reads the inputs once more, quickly,
    without analysing them) so that the bar can show a total and an ETA.
    """
    if not enabled or not sys.stderr.isatty():
        yield lambda: None
        return

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Entries per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} entries/s" if speed else "… entries/s", style="cyan")

    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]reframer batch"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("entries", total=None)
        bar.update(task, total=count_total())
        yield lambda: bar.advance(task)
