"""Report sections about what the charts cannot show by time: self-talk by mood, by tag and by
weekday (small multiples, inline SVG), and the files and entries that were not read.

Each small chart shows, per group, the share of sentences that were self-critical, with the number
of entries beside it; groups with fewer than two entries are left out (a share of one entry says
little). Everything is escaped; nothing is loaded from anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from reframer.batch.stats import WEEKDAYS, Stats
from reframer.labels import TRAP_DESCRIPTIONS

if TYPE_CHECKING:
    from reframer.batch.summary import BatchSummary

__all__ = ["groups_section", "skipped_section", "trap_name"]

_W, _ROW, _LABEL = 300, 22, 110
_MAX_ROWS = 8
_MAX_LISTED = 100


def trap_name(trap: str) -> str:
    """A thinking trap's display name (``all_or_nothing`` -> ``All-or-nothing thinking``)."""
    description = TRAP_DESCRIPTIONS.get(trap)
    if description and ":" in description:
        return description.split(":", 1)[0]
    return trap.replace("_", " ").capitalize()


def _small(title: str, rows: Sequence[tuple[str, int, int, int]]) -> str:
    """One small chart: ``rows`` of ``(name, entries, sentences, critical)``."""
    height = 24 + _ROW * max(1, len(rows))
    width = _W - _LABEL - 70
    parts = [
        f'<figure class="multiple card"><figcaption>{escape(title)}</figcaption>'
        f'<svg class="chart" viewBox="0 0 {_W} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    ]
    for i, (name, entries, sentences, critical) in enumerate(rows):
        share = critical / sentences if sentences else 0.0
        y = 12 + i * _ROW
        short = name if len(name) <= 16 else name[:15] + "…"
        parts.append(
            f'<text class="name" x="{_LABEL - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(short)}</text>"
            f'<rect class="bar" x="{_LABEL}" y="{y + 3}" width="{max(width * share, 1):.1f}" '
            f'height="{_ROW - 8}"><title>{escape(name)}: {share:.0%} of {sentences} sentences '
            f"self-critical ({entries} entries)</title></rect>"
            f'<text class="value" x="{_LABEL + width * share + 5:.1f}" y="{y + 14}">'
            f"{share:.0%} · {entries}</text>"
        )
    return "".join(parts) + "</svg></figure>"


def _rows(
    table: dict[str, list[int]], order: Sequence[str] | None = None
) -> list[tuple[str, int, int, int]]:
    if order is not None:
        keys = [k for k in order if k in table]
    else:
        ranked = sorted(table.items(), key=lambda kv: (-kv[1][0], kv[0]))
        keys = [k for k, v in ranked if v[0] >= 2][:_MAX_ROWS]
    return [(k, table[k][0], table[k][1], table[k][2]) for k in keys]


def groups_section(st: Stats) -> str:
    """Small multiples of self-talk by mood, tag and weekday ('' when nothing to show)."""
    panels = []
    for title, rows in (
        ("By mood", _rows(st.groups["mood"])),
        ("By tag", _rows(st.groups["tag"])),
        ("By weekday", _rows(st.groups["weekday"], WEEKDAYS)),
    ):
        if rows:
            panels.append(_small(title, rows))
    if not panels:
        return ""
    return (
        '<h2>Self-talk by mood, tag and weekday</h2><p class="muted">The share of sentences '
        "that were self-critical, and the number of entries, per group (groups of at least two "
        f'entries; at most {_MAX_ROWS} per chart).</p><section class="multiples" id="groups">'
        + "".join(panels)
        + "</section>"
    )


def skipped_section(summary: BatchSummary | None) -> str:
    """Files and entries that were not read, each with its reason ('' when there were none)."""
    if summary is None or not (summary.skipped or summary.attachments):
        return ""
    items = "".join(
        f"<li>{escape(p.describe())}</li>"
        for p in summary.problems[:_MAX_LISTED]
        if p.severity == "skipped"
    )
    more = summary.skipped - min(summary.skipped, _MAX_LISTED)
    rest = f"<li>…and {more} more (see the terminal summary)</li>" if more > 0 else ""
    attach = (
        f"<p class=muted>{summary.attachments} attachments (photos, audio, HTML copies) were not "
        "journal text and were left alone.</p>"
        if summary.attachments
        else ""
    )
    head = (
        f"<p>{summary.files_skipped} files and {summary.entries_skipped} entries could not be "
        "read; nothing else was lost:</p>"
        if summary.skipped
        else ""
    )
    return f'<h2>Not read</h2><section class="card" id="skipped">{head}<ul>{items}{rest}</ul>{attach}</section>'
