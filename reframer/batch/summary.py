"""The result of a batch run: counts, skip reasons and where the outputs are.

Nothing here holds journal text: problems name a file, an entry id or line, and a reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reframer.batch.entry import Problem

__all__ = ["BatchInterrupted", "BatchSummary"]

MAX_PROBLEMS = 1000
"""Problems kept for the summary; the counts stay exact beyond it."""


@dataclass(slots=True)
class BatchSummary:
    """What a batch run did. ``exit_code`` is 130 if interrupted, 1 if anything was skipped.

    The counts add up: ``entries_read == analysed + empty + already_done + entries_skipped``;
    ``files_skipped`` counts files (or zips, or folders) that could not be read at all, and
    ``skipped == entries_skipped + files_skipped``. ``attachments`` counts photos, audio and
    other files in an export that are not journal text (ignored, not a problem).
    """

    entries_read: int = 0
    analysed: int = 0
    already_done: int = 0
    carried_over: int = 0
    empty: int = 0
    skipped: int = 0
    entries_skipped: int = 0
    files_skipped: int = 0
    attachments: int = 0
    warnings: int = 0
    sentences: int = 0
    self_critical: int = 0
    crisis_entries: int = 0
    records: int | None = None  # saved thought records shown (None: --records not given)
    reasons: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    interrupted: bool = False
    elapsed_s: float = 0.0

    def add_problem(self, problem: Problem) -> None:
        """Count a problem (a skip or a warning) and keep it for the report, up to a limit."""
        if problem.severity == "warning":
            self.warnings += 1
        else:
            self.skipped += 1
            self.reasons[problem.code] += 1
            if problem.entry is None:
                self.files_skipped += 1
            else:
                self.entries_skipped += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def add_import_problem(self, problem: Problem) -> None:
        """A problem from an importer: an entry it could not read still counts as read."""
        self.add_problem(problem)
        if problem.severity != "warning" and problem.entry is not None:
            self.entries_read += 1

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when something was skipped, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.skipped else 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for benchmarks and logs: it holds no journal text)."""
        return {
            "entries_read": self.entries_read,
            "analysed": self.analysed,
            "already_done": self.already_done,
            "carried_over": self.carried_over,
            "empty": self.empty,
            "skipped": self.skipped,
            "entries_skipped": self.entries_skipped,
            "files_skipped": self.files_skipped,
            "attachments": self.attachments,
            "warnings": self.warnings,
            "sentences": self.sentences,
            "self_critical": self.self_critical,
            "crisis_entries": self.crisis_entries,
            "records": self.records,
            "reasons": dict(self.reasons),
            "problems": [p.describe() for p in self.problems],
            "outputs": {k: str(v) for k, v in self.outputs.items()},
            "interrupted": self.interrupted,
            "elapsed_s": round(self.elapsed_s, 3),
        }

    def lines(self, *, max_problems: int = 50) -> list[str]:
        """The summary for people, one line per item."""
        parts = [f"{self.analysed} analysed"]
        if self.empty:
            parts.append(f"{self.empty} empty")
        if self.already_done:
            parts.append(f"{self.already_done} already done (--resume)")
        parts.append(f"{self.entries_skipped} skipped")
        head = f"{self.entries_read} entries read = " + " + ".join(parts)
        extras = []
        if self.files_skipped:
            extras.append(f"{_plural(self.files_skipped, 'file')} could not be read")
        if self.attachments:
            extras.append(f"{_plural(self.attachments, 'attachment')} ignored")
        if self.warnings:
            extras.append(_plural(self.warnings, "warning"))
        out = [
            ("Interrupted: " if self.interrupted else "Done: ")
            + head
            + (f"; {', '.join(extras)}" if extras else "")
            + "."
        ]
        if self.analysed or self.carried_over:
            crisis = (
                f"{self.crisis_entries} with crisis language: please see the report's "
                "support resources"
                if self.crisis_entries
                else "none with crisis language"
            )
            out.append(f"{self.sentences} sentences, {self.self_critical} self-critical; {crisis}.")
        if self.records is not None:
            out.append(f"{_plural(self.records, 'saved thought record')} shown with their entries.")
        if self.reasons:
            out.append(
                "Skipped, by reason: "
                + ", ".join(f"{code} {n}" for code, n in self.reasons.most_common())
            )
        shown = self.problems[:max_problems]
        out += [f"  - {p.severity}: {p.describe()}" for p in shown]
        hidden = self.skipped + self.warnings - len(shown)
        if hidden > 0:
            out.append(f"  ... and {hidden} more")
        if self.outputs:
            folder = next(iter(self.outputs.values())).parent
            names = ", ".join(p.name for p in self.outputs.values())
            out.append(f"Outputs in {folder}: {names}")
        if self.interrupted:
            out.append(
                "The outputs hold every entry finished before the interruption; "
                "run again with --resume to continue."
            )
        return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run, after the outputs were completed; carries the summary."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__("batch run interrupted")
        self.summary = summary
