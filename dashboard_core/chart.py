"""The "held by the Taliban over time" chart as inline SVG.

Drawn on the server: the page needs no charting library, which kept the map from drawing
on a first visit (the Vega chart's scripts cost about half a second before the map
appeared). Each series is a step line with its own colour and dash pattern, the chosen day
is a dashed rule, and every change point has a hover title with date, series and count.
Only numbers, dates and the fixed series names reach the markup, all escaped.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

WIDTH, HEIGHT = 900, 250
# The legend has the top row to itself; the chosen day's date sits in the band below it, so
# the two never print over each other.
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 40, 44, 26
_LEGEND_Y = 14
# Okabe-Ito colours, as on the map; the dash patterns tell the series apart without colour.
STYLES = {
    "Provincial capitals": ("#D55E00", ""),
    "Border crossings": ("#0072B2", "7 4"),
    "Districts": ("#009E73", "2 3"),
    "Districts (government)": ("#56B4E9", "8 3 2 3"),
}


def _nice_top(n: int) -> int:
    """A round upper end for the y axis at or above ``n``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if n <= step * 4:
            return max(step, -(-n // step) * step)
    return n


def counts_svg(counts: pd.DataFrame, day: date) -> str:
    """SVG of ``counts`` (columns date as datetime, what, n: one row per day and series)."""
    days = pd.DatetimeIndex(sorted(counts["date"].unique()))
    if len(days) == 0:
        return ""
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    top = _nice_top(int(counts["n"].max()) or 1)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(d: pd.Timestamp) -> float:
        return _LEFT + plot_w * (d - first).days / span

    def y(n: int) -> float:
        return _TOP + plot_h * (1 - n / top)

    parts = [f'<svg class="cm-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
             f'role="img" aria-label="{html.escape(_summary(counts, day))}" '
             'style="font: 11px system-ui, sans-serif; max-width: 100%">']
    for n in sorted({0, top // 2, top}):  # y grid and labels
        parts.append(f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y(n):.1f}" '
                     f'y2="{y(n):.1f}" stroke="#e3e3e3"/>'
                     f'<text x="{_LEFT - 6}" y="{y(n) + 4:.1f}" text-anchor="end" '
                     f'fill="#555">{n}</text>')
    ticks = [first, *pd.date_range(first.replace(day=1), last, freq="MS"), last]
    shown: list[float] = []
    for tick in ticks:  # x labels: the first and last day and each month's first day
        at = x(tick)
        if tick < first or any(abs(at - other) < 60 for other in shown):
            continue
        shown.append(at)
        parts.append(f'<text x="{at:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
                     f'fill="#555">{tick.strftime("%d %b")}</text>')
    for label, (colour, dash) in STYLES.items():
        series = counts[counts["what"] == label].sort_values("date")
        if series.empty:
            continue
        dates, values = list(series["date"]), [int(v) for v in series["n"]]
        path = [f"M{x(dates[0]):.1f},{y(values[0]):.1f}"]
        changes = []
        for i in range(1, len(dates)):
            path.append(f"H{x(dates[i]):.1f}V{y(values[i]):.1f}")
            if values[i] != values[i - 1]:
                changes.append((dates[i], values[i]))
        radius = 3 if len(changes) <= 60 else 2  # smaller dots where changes crowd
        dots = [f'<circle cx="{x(d):.1f}" cy="{y(n):.1f}" r="{radius}" fill="{colour}">'
                f'<title>{d:%Y-%m-%d}: {html.escape(label)} {n}</title></circle>'
                for d, n in changes]
        parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"{_dash(dash)}><title>{html.escape(label)}</title></path>')
        parts.extend(dots)
    chosen = pd.Timestamp(day)
    if first <= chosen <= last:
        parts.append(f'<line class="cm-chart-day" x1="{x(chosen):.1f}" x2="{x(chosen):.1f}" '
                     f'y1="{_TOP - 2}" y2="{HEIGHT - _BOTTOM}" stroke="#222" '
                     'stroke-dasharray="4 3" stroke-width="1.5"/>'
                     f'<text class="cm-chart-date" x="{x(chosen):.1f}" y="{_TOP - 8}" '
                     f'text-anchor="{_anchor(x(chosen))}" '
                     f'fill="#222">{chosen:%Y-%m-%d}</text>')
    legend_x = _LEFT
    for label, (colour, dash) in STYLES.items():  # legend, top left
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 22}" y1="{_LEGEND_Y - 4}" '
                     f'y2="{_LEGEND_Y - 4}" stroke="{colour}" stroke-width="2"{_dash(dash)}/>'
                     f'<text class="cm-chart-legend" x="{legend_x + 27}" y="{_LEGEND_Y}" '
                     f'fill="#333">{html.escape(label)}</text>')
        legend_x += 40 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def _anchor(at: float) -> str:
    """Text anchor for the date label, so it stays inside the chart at either end."""
    if at < _LEFT + 40:
        return "start"
    if at > WIDTH - _RIGHT - 40:
        return "end"
    return "middle"


def _dash(pattern: str) -> str:
    """The stroke-dasharray attribute for a series' dash pattern ("" for a solid line)."""
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def _summary(counts: pd.DataFrame, day: date) -> str:
    """The chart in words, for screen readers: the counts on the chosen day."""
    on_day = counts[counts["date"] == pd.Timestamp(day)]
    if on_day.empty:
        return "Places held by the Taliban over time"
    held = ", ".join(f"{what.lower()} {int(n)}" for what, n in
                     zip(on_day["what"], on_day["n"], strict=True))
    return f"Places held by the Taliban over time; on {day.isoformat()}: {held}"

