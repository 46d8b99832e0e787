"""Counts over time as an inline SVG bar chart, drawn on the server.

The chart is plain SVG markup inside the page: no script, no external asset, so the
Content-Security-Policy can forbid both. Colours come from the stylesheet through CSS
classes (``style-src 'self'`` forbids inline styles). Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

__all__ = ["BarChart", "bar_chart", "fill_days"]

# The drawing box in SVG user units; the stylesheet scales it to the page width.
WIDTH = 640
HEIGHT = 160
# Room for the axis labels under and left of the bars.
MARGIN_LEFT = 36
MARGIN_BOTTOM = 22
# More bars than this would be under two units wide: the chart keeps the latest ones.
MAX_BARS = 180
# With a few days the bars stay narrow rather than turning into slabs.
MAX_BAR_WIDTH = 16


@dataclass(frozen=True, slots=True)
class BarChart:
    """A rendered chart and what it shows, for the template's caption."""

    svg: Markup
    bars: int
    total: int
    first: str | None
    last: str | None


def _bar(x: float, width: float, value: int, peak: int, label: str) -> Markup:
    plot = HEIGHT - MARGIN_BOTTOM
    height = plot * value / peak if peak else 0.0
    return Markup(
        '<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}">'
        "<title>{}: {}</title></rect>"
    ).format(x, plot - height, max(width, 0.5), height, label, value)


def _axes(first: str, last: str, peak: int) -> Markup:
    """The baseline, the peak value on the left, the first and last day underneath."""
    plot = HEIGHT - MARGIN_BOTTOM
    return Markup(
        '<line class="axis" x1="{left}" y1="{plot}" x2="{right}" y2="{plot}"/>'
        '<text class="label" x="{lx}" y="10" text-anchor="end">{peak}</text>'
        '<text class="label" x="{left}" y="{ty}">{first}</text>'
        '<text class="label" x="{right}" y="{ty}" text-anchor="end">{last}</text>'
    ).format(
        left=MARGIN_LEFT,
        right=WIDTH,
        plot=plot,
        lx=MARGIN_LEFT - 4,
        ty=HEIGHT - 6,
        peak=peak,
        first=first,
        last=last,
    )


def fill_days(points: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The points in day order with the days between them added at zero.

    A store lists only days that have articles; drawn as they are, a quiet week would
    vanish from the time axis. Points whose day is not an ISO date are kept as given.
    """
    try:
        counts = {date.fromisoformat(day): count for day, count in points}
    except (TypeError, ValueError):
        return list(points)
    if not counts:
        return []
    # Only the days the chart can show: a stray 1970 date must not make 20,000 bars.
    last = max(counts)
    first = max(min(counts), last - timedelta(days=MAX_BARS - 1))
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [(day.isoformat(), counts.get(day, 0)) for day in days]


def bar_chart(points: Sequence[tuple[str, int]], *, label: str) -> BarChart:
    """An SVG bar chart of ``(day, count)`` points; ``label`` names it.

    Missing days count zero. The chart keeps the latest :data:`MAX_BARS` days so the
    bars stay readable; the caption says which days are shown.
    """
    shown = fill_days(points)[-MAX_BARS:]
    total = sum(count for _day, count in shown)
    if not shown:
        empty = Markup('<p class="empty">{}</p>').format("Belum ada data.")
        return BarChart(empty, 0, 0, None, None)
    peak = max(count for _day, count in shown)
    step = (WIDTH - MARGIN_LEFT) / len(shown)
    bars = Markup("").join(
        _bar(MARGIN_LEFT + i * step, min(step * 0.8, MAX_BAR_WIDTH), count, peak, day)
        for i, (day, count) in enumerate(shown)
    )
    first, last = shown[0][0], shown[-1][0]
    svg = Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{label}</title>{axes}{bars}</svg>'
    ).format(w=WIDTH, h=HEIGHT, label=label, axes=_axes(first, last, peak), bars=bars)
    return BarChart(svg, len(shown), total, first, last)
