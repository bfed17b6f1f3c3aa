"""Timeline charts drawn on the server as SVG: date across, value up, one mark per figure.

Drawn in Python rather than by a JavaScript library so that a chart needs no script (the
page's Content-Security-Policy allows none inline and nothing from elsewhere), shows with
JavaScript off, costs nothing to vendor or keep up to date, and can be checked by counting
its elements. Every text in it (outlets, speakers, sentences in tooltips) is made safe
(:func:`claimledger.safe.terminal_text`) and escaped (:func:`markupsafe.escape`); colours
are presentation attributes, never ``style``, which the policy forbids.

A figure is drawn as what it claims (:attr:`claimledger.present.TimelineEntry.bound`):

- a value (``"1,200"``, ``"around 2,500"``): a dot (``class="mark point"``);
- a bound (``"at least 58"``, ``"up to 60"``): a triangle at the value pointing the way
  the truth may lie, with a line running to the edge of the plot (``class="mark bound"``);
- a range (``"20–30"``): a bar from its low to its high end (``class="mark range"``).

Each mark is coloured by its outlet, links to its article's claim, and carries a ``title``
(shown on hover) with date, value, speaker and outlet; a figure that conflicts with
another has a red ring (``conflict``), the thread's current figure a black one
(``current``). Undated figures are listed under the chart, not drawn.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from urllib.parse import quote

from markupsafe import Markup, escape

from ..present import TimelineEntry, TimelineSeries, format_number
from ..safe import terminal_text

__all__ = ["PALETTE", "outlet_colours", "timeline_svg"]

#: Colours of outlets, in order of first appearance in a thread (Okabe–Ito, then Tableau).
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#8c564b", "#7f7f7f", "#bcbd22", "#17becf",
)
#: Size of the drawing and its margins, in SVG units.
WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 40


def outlet_colours(entries: Iterable[TimelineEntry]) -> dict[str, str]:
    """Each outlet's colour, in order of first appearance (an unknown outlet is ``"?"``)."""
    colours: dict[str, str] = {}
    for e in entries:
        name = e.outlet or "?"
        if name not in colours:
            colours[name] = PALETTE[len(colours) % len(PALETTE)]
    return colours


def text(value: object) -> Markup:
    """Text from an article for an SVG element: made safe, then escaped."""
    return escape(terminal_text(str(value), newlines="space"))


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``–``high``: 0, 500, 1,000 … ."""
    span = high - low or abs(high) or 1.0
    raw = span / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = (low // step) * step
    out, value = [], first
    while value <= high + step * 1e-9:
        if value >= low - step * 1e-9:
            out.append(round(value, 10))
        value += step
    return out


def _marker(e: TimelineEntry, x: float, y_of, colour: str, top: float, bottom: float) -> str:
    """One figure's mark, as SVG (its text escaped)."""
    y_low, y_high = y_of(e.low), y_of(e.high)
    if e.bound == "at least":
        return (f'<line x1="{x:.1f}" y1="{y_low:.1f}" x2="{x:.1f}" y2="{top:.1f}" stroke="{colour}" stroke-width="2"'
                f' stroke-dasharray="4 3"/><path d="M{x - 7:.1f},{y_low + 5:.1f} L{x + 7:.1f},{y_low + 5:.1f}'
                f' L{x:.1f},{y_low - 7:.1f} Z" fill="{colour}"/>')
    if e.bound == "at most":
        return (f'<line x1="{x:.1f}" y1="{y_high:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{colour}" stroke-width="2"'
                f' stroke-dasharray="4 3"/><path d="M{x - 7:.1f},{y_high - 5:.1f} L{x + 7:.1f},{y_high - 5:.1f}'
                f' L{x:.1f},{y_high + 7:.1f} Z" fill="{colour}"/>')
    if e.low != e.high:
        return (f'<rect x="{x - 5:.1f}" y="{y_high:.1f}" width="10" height="{max(2.0, y_low - y_high):.1f}"'
                f' fill="{colour}" fill-opacity="0.7"/>')
    hollow = ' fill-opacity="0.35"' if e.bound == "around" else ""
    return f'<circle cx="{x:.1f}" cy="{y_low:.1f}" r="6" fill="{colour}"{hollow}/>'


def _kind(e: TimelineEntry) -> str:
    if e.bound in ("at least", "at most"):
        return "bound"
    return "range" if e.low != e.high else "point"


def timeline_svg(
    series: TimelineSeries, colours: Mapping[str, str], *, current: Sequence[int] = (), title: str = "",
) -> Markup:
    """The chart of one unit series: its dated figures by date and value, as an
    ``<svg>`` element; ``current`` are the indexes of the thread's current figures."""
    dated = [e for e in series.entries if e.date]
    unit = series.unit
    label = text(title or f"Figures in {unit}")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}"'
            f' role="img" aria-label="{label}" data-unit="{text(unit)}" data-marks="{len(dated)}">'
            f'<title>{label}</title>')
    if not dated:
        return Markup(head + f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no dated figures</text></svg>')
    days = [date.fromisoformat(e.date) for e in dated if e.date]
    first, last = min(days), max(days)
    span_days = max(1, (last - first).days)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [v for e in dated for v in (e.low, e.high)]
    low = min(0.0, min(values))
    high = max(values) or 1.0
    high = high * 1.1 if high > 0 else high + 1
    y_ticks = ticks(low, high)
    high = max(high, y_ticks[-1])
    top, bottom = TOP, TOP + plot_h

    def x_of(day: date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + 60 + (plot_w - 120) * (day - first).days / span_days

    def y_of(value: float) -> float:
        return bottom - plot_h * (value - low) / (high - low)

    parts = [head, f'<rect class="plot" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa"'
                   ' stroke="#ccc"/>']
    for t in y_ticks:
        y = y_of(t)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#e4e4e4"/>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">'
                     f'{escape(format_number(t))}</text>')
    shown_days = sorted(set(days))
    step = max(1, len(shown_days) // 6)
    for day in shown_days[::step]:
        x = x_of(day)
        parts.append(f'<text class="tick" x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="12">'
                     f'{escape(day.isoformat())}</text>')
    parts.append(f'<text x="14" y="{TOP + plot_h / 2:.1f}" font-size="12" text-anchor="middle"'
                 f' transform="rotate(-90 14 {TOP + plot_h / 2:.1f})">{text(unit)}</text>')
    # figures of one day side by side, so that none hides another
    same_day: dict[str, int] = {}
    for e in dated:
        same_day[e.date or ""] = same_day.get(e.date or "", 0) + 1
    placed: dict[str, int] = {}
    for e in dated:
        day = date.fromisoformat(e.date or "")
        n, k = same_day[e.date or ""], placed.get(e.date or "", 0)
        placed[e.date or ""] = k + 1
        x = x_of(day) + (k - (n - 1) / 2) * min(14.0, 100.0 / n)
        colour = colours.get(e.outlet or "?", PALETTE[-1])
        classes = ["mark", _kind(e)]
        if e.conflicts_with:
            classes.append("conflict")
        if e.index in current:
            classes.append("current")
        qualifier = f"{e.qualifier} " if e.qualifier else ""
        tip = (f"#{e.index} {e.date}: {qualifier}{e.value} {'' if unit == 'count' else unit}".rstrip()
               + f" — {e.who} ({e.outlet or '?'})"
               + (f"; conflicts with #{', #'.join(map(str, e.conflicts_with))}" if e.conflicts_with else "")
               + ("; current figure" if e.index in current else ""))
        href = f"/article/{quote(e.article_id, safe='')}#claim-{e.claim_id}"
        ring = ""
        if e.conflicts_with or e.index in current:
            stroke = "#000" if e.index in current else "#d00"
            ring = (f'<circle class="ring" cx="{x:.1f}" cy="{y_of(e.low if e.bound != "at most" else e.high):.1f}"'
                    f' r="10" fill="none" stroke="{stroke}" stroke-width="2"/>')
        parts.append(
            f'<a href="{escape(href)}"><g class="{" ".join(classes)}" data-index="{e.index}"'
            f' data-outlet="{text(e.outlet or "?")}"><title>{text(tip)}</title>'
            f'{_marker(e, x, y_of, colour, top, bottom)}{ring}</g></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
