"""Inline SVG charts for the HTML report, drawn in Python (no JavaScript, no network).

Each function returns one ``<svg>`` element with a ``viewBox`` (it scales to its container), a
``<title>`` and ``aria-label`` for screen readers, and a ``<title>`` on every bar or point so that
hovering shows the exact value. All text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

__all__ = ["bar_chart", "count_top", "hbar_chart", "line_chart", "share_top"]

_W, _H = 760, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 16, 40


def count_top(value: float) -> float:
    """An axis top for counts whose quarter ticks are whole, round numbers (4, 12, 40, 120 ...)."""
    need = max(value, 1.0) / 4
    power = 1.0
    while power * 10 < need:
        power *= 10
    step = next(m * power for m in (1, 2, 3, 4, 5, 6, 8, 10) if m * power >= need)
    return 4 * step


def share_top(value: float) -> float:
    """An axis top for a share: the next multiple of 20%, so ticks fall on whole percents."""
    fifths = 1
    while fifths < 5 and fifths / 5 < value:
        fifths += 1
    return fifths / 5


def _open(label: str, height: int = _H) -> list[str]:
    safe = escape(label)
    return [
        f'<svg class="chart" viewBox="0 0 {_W} {height}" role="img" aria-label="{safe}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f"<title>{safe}</title>",
    ]


def _axes(top: float, fmt: Callable[[float], str]) -> list[str]:
    parts = []
    plot_h = _H - _TOP - _BOTTOM
    for i in range(5):
        y = _TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="tick" x="{_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(fmt(top * i / 4))}</text>'
        )
    return parts


def _x_ticks(ticks: Sequence[tuple[int, str]], step_w: float) -> list[str]:
    parts = []
    for index, text in ticks:
        x = _LEFT + step_w * (index + 0.5)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{_H - _BOTTOM}" '
            f'y2="{_H - _BOTTOM + 4}"/><text class="tick" x="{x:.1f}" '
            f'y="{_H - _BOTTOM + 17}" text-anchor="middle">{escape(text)}</text>'
        )
    return parts


def bar_chart(
    values: Sequence[float],
    tips: Sequence[str],
    ticks: Sequence[tuple[int, str]],
    *,
    label: str,
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
) -> str:
    """Vertical bars, one per value (e.g. per week); ``tips`` name each bar on hover and
    ``ticks`` are ``(index, text)`` labels under the axis."""
    top = count_top(max(values, default=0))
    plot_h = _H - _TOP - _BOTTOM
    step_w = (_W - _LEFT - _RIGHT) / max(1, len(values))
    parts = _open(label) + _axes(top, fmt)
    for i, (value, name) in enumerate(zip(values, tips, strict=True)):
        h = plot_h * value / top
        x = _LEFT + step_w * i + step_w * 0.1
        parts.append(
            f'<rect class="bar" x="{x:.2f}" y="{_TOP + plot_h - h:.2f}" '
            f'width="{max(step_w * 0.8, 0.5):.2f}" height="{h:.2f}">'
            f"<title>{escape(name)}: {escape(fmt(value))}</title></rect>"
        )
    parts += _x_ticks(ticks, step_w)
    return "".join(parts) + "</svg>"


def line_chart(
    values: Sequence[float | None],
    tips: Sequence[str],
    ticks: Sequence[tuple[int, str]],
    *,
    label: str,
    fmt: Callable[[float], str] = lambda v: f"{v:.0%}",
) -> str:
    """A line through shares (0 to 1); ``None`` (no data that week) breaks the line, and a
    point with no neighbours is drawn as a dot so that it does not vanish."""
    top = share_top(max((v for v in values if v is not None), default=0))
    plot_h = _H - _TOP - _BOTTOM
    step_w = (_W - _LEFT - _RIGHT) / max(1, len(values))
    parts = _open(label) + _axes(top, fmt)
    under = len(parts)
    path: list[str] = []
    pen_down = False
    dots = len(values) <= 120
    for i, (value, name) in enumerate(zip(values, tips, strict=True)):
        if value is None:
            pen_down = False
            continue
        x = _LEFT + step_w * (i + 0.5)
        y = _TOP + plot_h - plot_h * min(value, top) / top
        path.append(f"{'L' if pen_down else 'M'}{x:.2f},{y:.2f}")
        alone = not pen_down and (i + 1 >= len(values) or values[i + 1] is None)
        pen_down = True
        if dots or alone:
            parts.append(
                f'<circle class="dot" cx="{x:.2f}" cy="{y:.2f}" r="2.5">'
                f"<title>{escape(name)}: {escape(fmt(value))}</title></circle>"
            )
    if path:
        parts.insert(under, f'<path class="line" d="{" ".join(path)}"/>')
    parts += _x_ticks(ticks, step_w)
    return "".join(parts) + "</svg>"


def hbar_chart(items: Sequence[tuple[str, int]], *, label: str) -> str:
    """Horizontal bars for a ranking (thinking traps, harsh words), largest first."""
    row_h, label_w = 26, 190
    height = _TOP + row_h * max(1, len(items)) + 8
    top = max((n for _, n in items), default=0) or 1
    width = _W - label_w - 60
    parts = _open(label, height)
    for i, (name, count) in enumerate(items):
        y = _TOP + i * row_h
        w = width * count / top
        parts.append(
            f'<text class="name" x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(name)}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" '
            f'height="{row_h - 8}"><title>{escape(name)}: {count}</title></rect>'
        )
        parts.append(
            f'<text class="value" x="{label_w + w + 6:.1f}" '
            f'y="{y + row_h / 2 + 4:.1f}">{count}</text>'
        )
    return "".join(parts) + "</svg>"
