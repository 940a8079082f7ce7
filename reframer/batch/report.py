"""The self-contained HTML report: counters in, one HTML file out.

:class:`ReportBuilder` sees every analysed entry once and keeps only counters (per week, per
thinking trap, per harsh word) and small bounded samples (the strongest before/after examples,
the first crisis entries), so memory stays flat for any number of entries. :func:`render` turns
that into one HTML file with inline CSS and inline SVG charts: no scripts, no fonts, no network
(its Content-Security-Policy forbids loading anything). All journal text is HTML-escaped.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reframer.batch.entry import Entry
from reframer.batch.report_html import render
from reframer.batch.stats import MAX_RECORDS, WEEKDAYS, CrisisItem, Example, RecordItem, Stats
from reframer.batch.writers import AtomicFile
from reframer.schema import Analysis

if TYPE_CHECKING:
    from reframer.batch.summary import BatchSummary
    from reframer.records.models import ThoughtRecord

__all__ = ["HARSH_WORDS", "WEEKDAYS", "Example", "ReportBuilder", "day_of", "week_of"]

HARSH_WORDS: frozenset[str] = frozenset(
    """
    idiot idiots idiotic stupid stupidest dumb dumbest moron useless worthless pathetic failure
    failures loser losers lazy weak weakling ugly fat gross disgusting disgrace hopeless
    incompetent inadequate terrible awful horrible selfish fraud impostor imposter burden mess
    disappointment embarrassment embarrassing ashamed shameful hate hateful clumsy annoying
    boring unlovable unlikeable unwanted pointless fool foolish cowardly coward spineless
    broken defective wrong bad worst screwup screw-up screwed ruined ruin unworthy undeserving
    pitiful miserable ridiculous crazy stupidly failed fail failing
""".split()
)
"""Words of harsh self-judgement counted in self-critical sentences."""

_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")


def day_of(value: str | None) -> date | None:
    """The calendar day of an ISO date or date-time (local calendar); None if unknown."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def week_of(value: str | None) -> date | None:
    """The Monday of the ISO week of an ISO date or date-time (local calendar); None if unknown."""
    if not value:
        return None
    try:
        day = datetime.fromisoformat(value).date()
    except ValueError:
        return None
    return date.fromisocalendar(*day.isocalendar()[:2], 1)


class ReportBuilder:
    """Aggregate entries as they stream past; write the HTML report on :meth:`commit`."""

    def __init__(
        self,
        path: Path,
        *,
        max_examples: int = 8,
        max_crisis: int = 200,
        summary: BatchSummary | None = None,
    ) -> None:
        self.path = path
        self.summary = summary
        self.stats = Stats()
        self._max_examples = max_examples
        self._max_crisis = max_crisis
        self._seq = 0

    def write(
        self, entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord] = ()
    ) -> None:
        """Count one analysed entry; keep (a bounded number of) its saved thought records."""
        st = self.stats
        self._records(entry, analysis, records)
        st.entries += 1
        if len(st.models) < 5:
            st.models.add(analysis.model_version)
        critical = [s for s in analysis.sentences if s.self_critical]
        st.sentences += len(analysis.sentences)
        st.self_critical += len(critical)
        day = day_of(entry.date)
        if day is not None:
            st.first_day = min(st.first_day or day, day)
            st.last_day = max(st.last_day or day, day)
            st.count_group(
                "weekday", WEEKDAYS[day.weekday()], len(analysis.sentences), len(critical)
            )
        if entry.mood:
            st.count_group("mood", entry.mood, len(analysis.sentences), len(critical))
        for tag in entry.tags:
            st.count_group("tag", tag, len(analysis.sentences), len(critical))
        week = week_of(entry.date)
        if week is None:
            st.undated += 1
        else:
            counts = st.weekly.setdefault(week, [0, 0, 0])
            counts[0] += 1
            counts[1] += len(analysis.sentences)
            counts[2] += len(critical)
        for s in critical:
            st.traps.update(s.traps)
            st.words.update(w for w in _WORD.findall(s.text.lower()) if w in HARSH_WORDS)
        if analysis.crisis:
            st.crisis_entries += 1
            if len(st.crisis) < self._max_crisis:
                st.crisis.append(CrisisItem(entry.date, entry.id, entry.source))
            if analysis.support is not None and len(st.supports) < 5:
                st.supports.setdefault(analysis.support.model_dump_json(), analysis.support)
            return
        for s in critical:
            if s.reframes:
                self._offer(
                    s.score,
                    Example(entry.date, s.text, tuple(r.text for r in s.reframes), tuple(s.traps)),
                )

    def _records(self, entry: Entry, analysis: Analysis, records: Sequence[ThoughtRecord]) -> None:
        st = self.stats
        st.record_entries += bool(records)
        for r in records:
            st.records_total += 1
            if r.belief_after is not None:
                st.belief_drop[0] += r.belief_before - r.belief_after
                st.belief_drop[1] += 1
            if len(st.records) < MAX_RECORDS:
                reframe = None if analysis.crisis else r.reframe
                st.records.append(
                    RecordItem(
                        entry.date,
                        entry.id,
                        r.id,
                        r.situation,
                        r.thought,
                        reframe,
                        r.belief_before,
                        r.belief_after,
                    )
                )

    def _offer(self, score: float, example: Example) -> None:
        heap = self.stats.examples
        if any(e.sentence.lower() == example.sentence.lower() for _, _, e in heap):
            return
        self._seq += 1
        item = (score, -self._seq, example)
        if len(heap) < self._max_examples:
            heapq.heappush(heap, item)
        elif item[:2] > heap[0][:2]:
            heapq.heapreplace(heap, item)

    def commit(self) -> None:
        """Render and atomically write the report."""
        out = AtomicFile(self.path)
        try:
            out.fh.write(render(self.stats, summary=self.summary))
        except BaseException:
            out.discard()
            raise
        out.commit()

    def discard(self) -> None:
        """Nothing is on disk before :meth:`commit`."""
        return None
