"""``reframer records stats``: belief change over time, traps over time, reframes that helped.

A record's *change* is ``belief_before - belief_after`` (positive: the belief dropped). Records
without a second rating count in the trap tallies but not in the belief figures. A reframe's
"helped" score is its mean change over the records that kept it; corrections of kind
``rewrite_helped`` / ``rewrite_not_helped`` about the same text are counted next to it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from reframer.records.models import Correction, ThoughtRecord

__all__ = ["Helped", "Period", "Stats", "compute_stats"]

Granularity = Literal["week", "month"]


class Period(BaseModel):
    period: str = Field(description="ISO week (2026-W49) or month (2026-12).")
    records: int
    mean_before: float
    mean_after: float | None
    mean_change: float | None
    traps: dict[str, int]


class Helped(BaseModel):
    reframe: str
    strategy: str | None
    uses: int
    mean_change: float | None
    helped_votes: int = 0
    not_helped_votes: int = 0


class Stats(BaseModel):
    records: int
    rated_twice: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    periods: list[Period]
    traps: dict[str, int]
    helped_most: list[Helped]
    by_strategy: dict[str, float]
    corrections: dict[str, int]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _period(created: str, by: Granularity) -> str:
    day = dt.datetime.strptime(created[:10], "%Y-%m-%d").date()
    if by == "month":
        return f"{day:%Y-%m}"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def compute_stats(
    records: Sequence[ThoughtRecord],
    corrections: Sequence[Correction] = (),
    *,
    by: Granularity = "week",
    top: int = 5,
) -> Stats:
    """The figures of ``records stats`` (pure: no store, no engine)."""
    twice = [r for r in records if r.belief_after is not None]
    grouped: dict[str, list[ThoughtRecord]] = defaultdict(list)
    for r in records:
        grouped[_period(r.created, by)].append(r)
    periods = []
    for name in sorted(grouped):
        rs = grouped[name]
        rated = [r for r in rs if r.belief_after is not None]
        periods.append(
            Period(
                period=name,
                records=len(rs),
                mean_before=_mean([r.belief_before for r in rs]) or 0.0,
                mean_after=_mean([r.belief_after for r in rated if r.belief_after is not None]),
                mean_change=_mean([r.belief_change or 0 for r in rated]),
                traps=dict(Counter(t for r in rs for t in r.traps).most_common()),
            )
        )
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in corrections:
        if c.rewrite is not None and c.kind in ("rewrite_helped", "rewrite_not_helped"):
            votes[_key(c.rewrite)][c.kind] += 1
    uses: dict[str, list[ThoughtRecord]] = defaultdict(list)
    for r in records:
        if r.reframe is not None:
            uses[_key(r.reframe)].append(r)
    helped = []
    for key, rs in uses.items():
        changes = [r.belief_change for r in rs if r.belief_change is not None]
        helped.append(
            Helped(
                reframe=rs[-1].reframe or "",
                strategy=rs[-1].strategy,
                uses=len(rs),
                mean_change=_mean(changes),
                helped_votes=votes[key]["rewrite_helped"],
                not_helped_votes=votes[key]["rewrite_not_helped"],
            )
        )
    helped.sort(key=lambda h: (h.mean_change is not None, h.mean_change or 0.0, h.uses))
    by_strategy: dict[str, list[float]] = defaultdict(list)
    for r in twice:
        by_strategy[r.strategy or "own"].append(float(r.belief_change or 0))
    return Stats(
        records=len(records),
        rated_twice=len(twice),
        mean_before=_mean([r.belief_before for r in records]),
        mean_after=_mean([r.belief_after for r in twice if r.belief_after is not None]),
        mean_change=_mean([r.belief_change or 0 for r in twice]),
        periods=periods,
        traps=dict(Counter(t for r in records for t in r.traps).most_common()),
        helped_most=list(reversed(helped))[:top],
        by_strategy={k: _mean(v) or 0.0 for k, v in sorted(by_strategy.items())},
        corrections=dict(Counter(c.kind for c in corrections).most_common()),
    )
