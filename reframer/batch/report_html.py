"""HTML for the batch report (see :mod:`reframer.batch.report`): page layout, sections and CSS.

Crisis entries and their support resources always come first. Every piece of journal text and
every value from the analysis goes through :func:`html.escape`; links are only made for
``http(s)``, ``tel`` and ``sms`` addresses.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from reframer.batch.charts import bar_chart, hbar_chart, line_chart
from reframer.batch.report_groups import groups_section, skipped_section, trap_name
from reframer.batch.stats import Stats
from reframer.labels import TRAP_DESCRIPTIONS
from reframer.schema import Resource, Support

if TYPE_CHECKING:
    from reframer.batch.summary import BatchSummary

__all__ = ["render"]

_MAX_WEEKS = 600
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root{--ink:#1f2933;--muted:#5f6b7a;--bg:#fbfaf7;--card:#fff;--line:#e4e1da;--accent:#3d7a6b;
--warm:#b4533a;--soft:#e8f1ee}
@media (prefers-color-scheme:dark){:root{--ink:#e8e6e1;--muted:#a3adb8;--bg:#16191d;
--card:#1f2328;--line:#343a40;--accent:#7cc4b0;--warm:#f0a08a;--soft:#243430}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:860px;margin:0 auto;padding:2rem 1.25rem 4rem}
h1{font-size:1.8rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2.2rem 0 .6rem}
.muted{color:var(--muted)}section{margin-top:1.5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.2rem}
.crisis{border:2px solid var(--warm);background:var(--card);border-radius:10px;padding:1rem 1.2rem}
.crisis h2{margin-top:0;color:var(--warm)}.crisis li{margin:.3rem 0}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.8rem}
.stat b{display:block;font-size:1.6rem}.stat span{color:var(--muted);font-size:.9rem}
svg.chart{width:100%;height:auto;display:block}
svg .grid{stroke:var(--line);stroke-width:1}svg .tick,svg .name,svg .value{fill:var(--muted);
font-size:12px}svg .name{fill:var(--ink)}svg .bar{fill:var(--accent)}
svg .line{fill:none;stroke:var(--warm);stroke-width:2}svg .dot{fill:var(--warm)}
.example{margin:.9rem 0}.before{color:var(--muted)}.before::before{content:"Before  ";
font-weight:600;color:var(--warm)}.after{background:var(--soft);border-radius:6px;
padding:.4rem .7rem;margin:.3rem 0}.after::before{content:"After  ";font-weight:600;
color:var(--accent)}dl.traps dt{font-weight:600;margin-top:.5rem}dl.traps dd{margin:0;color:var(--muted)}
footer{margin-top:3rem;font-size:.85rem;color:var(--muted)}
.multiples{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.8rem}
figure.multiple{margin:0}figure.multiple figcaption{font-weight:600;margin-bottom:.3rem}
"""


def _day(value: str | None) -> str:
    if not value:
        return "undated"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return escape(value)
    return _dmy(moment.date()) + (f", {moment:%H:%M}" if "T" in value else "")


def _dmy(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _link(resource: Resource) -> str:
    url = resource.url or ""
    if url.lower().startswith(("https://", "http://", "tel:", "sms:")):
        return f' (<a href="{escape(url)}" rel="noreferrer noopener">{escape(url)}</a>)'
    return ""


def _support(support: Support) -> str:
    items = "".join(
        f"<li><b>{escape(r.name)}</b>: {escape(r.contact)}"
        f"{' — ' + escape(r.description) if r.description else ''}{_link(r)}</li>"
        for r in support.resources
    )
    return f"<p>{escape(support.message)}</p><ul>{items}</ul>"


def _crisis(st: Stats) -> str:
    if not st.crisis_entries:
        return ""
    supports = "".join(_support(s) for s in st.supports.values())
    rows = "".join(
        f"<li>{_day(c.date)} — <span class=muted>{escape(c.source)} · id {escape(c.id)}</span></li>"
        for c in st.crisis
    )
    more = st.crisis_entries - len(st.crisis)
    rest = f"<p class=muted>…and {more} more (see the JSONL output).</p>" if more > 0 else ""
    return (
        '<section class="crisis" id="crisis"><h2>Some entries mention suicide or self-harm</h2>'
        "<p>These entries were not rewritten. If any of this is how you feel now, you deserve "
        f"support — please reach out.</p>{supports}<h3>Entries ({st.crisis_entries})</h3>"
        f"<ul>{rows}</ul>{rest}</section>"
    )


def _buckets(st: Stats) -> tuple[str, list[date], list[list[int]]]:
    """Per-week (or, past ~11 years, per-month) counts with empty periods filled in."""
    first, last = min(st.weekly), max(st.weekly)
    if (last - first).days // 7 < _MAX_WEEKS:
        weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
        return "week", weeks, [st.weekly.get(w, [0, 0, 0]) for w in weeks]
    months: dict[date, list[int]] = {}
    for w, counts in sorted(st.weekly.items()):
        bucket = months.setdefault(w.replace(day=1), [0, 0, 0])
        for i in range(3):
            bucket[i] += counts[i]
    return "month", list(months), list(months.values())


def _ticks(starts: list[date]) -> list[tuple[int, str]]:
    """At most seven axis labels, spread evenly: months for short spans, else month and year."""
    every = max(1, -(-len(starts) // 7))
    long_span = (starts[-1] - starts[0]).days > 300
    return [
        (i, f"{d:%b %Y}" if long_span else _dmy(d)[:-5])
        for i, d in enumerate(starts)
        if i % every == 0
    ]


def _timeline(st: Stats) -> str:
    if not st.weekly:
        return "<p class=muted>No dated entries, so there is no timeline.</p>"
    unit, starts, counts = _buckets(st)
    tips = [f"{unit} of {_dmy(d)}" if unit == "week" else f"{d:%B %Y}" for d in starts]
    ticks = _ticks(starts)
    crit = bar_chart(
        [c[2] for c in counts], tips, ticks, label=f"Self-critical sentences per {unit}"
    )
    share = line_chart(
        [c[2] / c[1] if c[1] else None for c in counts],
        tips,
        ticks,
        label=f"Self-critical sentences as a share of all sentences, per {unit}",
    )
    undated = (
        f"<p class=muted>{st.undated} undated entries are not shown.</p>" if st.undated else ""
    )
    return (
        f'<h2>Self-critical sentences per {unit}</h2><div class="card" id="chart-count">'
        f'{crit}</div><h2>Share of all sentences</h2><div class="card" id="chart-share">'
        f"{share}</div>{undated}"
    )


def _rankings(st: Stats) -> str:
    traps = st.traps.most_common(8)
    words = st.words.most_common(10)
    out = ["<h2>Most frequent thinking traps</h2>"]
    if traps:
        out.append(
            f'<div class="card" id="chart-traps">'
            f"{hbar_chart([(trap_name(t), n) for t, n in traps], label='Most frequent thinking traps')}"
            "<dl class=traps>"
        )
        out += [
            f"<dt>{escape(trap_name(t))}</dt>"
            f"<dd>{escape(TRAP_DESCRIPTIONS.get(t, '').split(': ', 1)[-1])}</dd>"
            for t, _ in traps
        ]
        out.append("</dl></div>")
    else:
        out.append("<p class=muted>No thinking traps were found.</p>")
    out.append("<h2>Harsh words you used about yourself</h2>")
    if words:
        out.append(
            f'<div class="card" id="chart-words">'
            f"{hbar_chart(words, label='Most frequent harsh words')}</div>"
        )
    else:
        out.append("<p class=muted>No harsh words were found.</p>")
    return "".join(out)


def _examples(st: Stats) -> str:
    chosen = sorted(st.examples, key=lambda item: (-item[0], -item[1]))
    if not chosen:
        return ""
    blocks = []
    for _, _, ex in chosen:
        traps = f" · {escape(', '.join(trap_name(t) for t in ex.traps))}" if ex.traps else ""
        afters = "".join(f'<div class="after">{escape(r)}</div>' for r in ex.reframes[:2])
        blocks.append(
            f'<div class="example card"><div class=muted>{_day(ex.date)}{traps}</div>'
            f'<div class="before">{escape(ex.sentence)}</div>{afters}</div>'
        )
    return '<h2>Before and after</h2><section id="examples">' + "".join(blocks) + "</section>"


def _records(st: Stats) -> str:
    """The writer's saved thought records, each under the date and id of its entry."""
    if not st.records_total:
        return ""
    drops, rated = st.belief_drop
    mean = f"; belief fell by {drops / rated:.0f} points on average" if rated else ""
    blocks = []
    for r in st.records:
        situation = (
            f"<div class=muted>Situation: {escape(r.situation)}</div>" if r.situation else ""
        )
        after = f'<div class="after">{escape(r.reframe)}</div>' if r.reframe else ""
        belief = f"{r.belief_before}" + ("" if r.belief_after is None else f" → {r.belief_after}")
        blocks.append(
            f'<div class="example card record"><div class=muted>{_day(r.entry_date)} · entry '
            f"{escape(r.entry_id)} · record {r.record_id}</div>{situation}"
            f'<div class="before">{escape(r.thought)}</div>{after}'
            f"<div class=muted>Belief {belief}</div></div>"
        )
    more = st.records_total - len(st.records)
    rest = f"<p class=muted>…and {more} more (see the JSONL output).</p>" if more > 0 else ""
    return (
        '<h2>Your thought records</h2><section id="records">'
        f"<p class=muted>{st.records_total} saved thought records from {st.record_entries} "
        f"entries{mean}.</p>{''.join(blocks)}{rest}</section>"
    )


def render(st: Stats, *, now: datetime | None = None, summary: BatchSummary | None = None) -> str:
    """The complete HTML document for the aggregated statistics."""
    now = now or datetime.now(UTC)
    share = f"{st.self_critical / st.sentences:.0%}" if st.sentences else "—"
    span = ""
    if st.first_day is not None and st.last_day is not None:
        span = (
            f" on {_dmy(st.first_day)}"
            if st.first_day == st.last_day
            else f" from {_dmy(st.first_day)} to {_dmy(st.last_day)}"
        )
    cards = "".join(
        f'<div class="stat card"><b>{value}</b><span>{escape(name)}</span></div>'
        for value, name in [
            (st.entries, "entries analysed"),
            (st.sentences, "sentences"),
            (st.self_critical, "self-critical sentences"),
            (share, "of sentences were self-critical"),
            (st.crisis_entries, "entries with crisis language"),
        ]
    )
    models = ", ".join(sorted(st.models)) or "—"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>reframer report</title><style>{CSS}</style></head><body><main>"
        f"<h1>Your journal, reframed</h1>{_crisis(st)}"
        f'<p class="muted">{st.entries} entries{span}.</p>'
        f'<section class="stats" id="summary">{cards}</section>'
        f"{_timeline(st)}{groups_section(st)}{_rankings(st)}{_examples(st)}{_records(st)}"
        f"{skipped_section(summary)}"
        f"<footer>Made on this computer by reframer (model {escape(models)}) on "
        f"{_dmy(now.date())} {now:%H:%M} UTC. This page loads nothing from the internet. Keep it private: "
        "it contains your journal's words.</footer></main></body></html>\n"
    )
