"""Static SVG charts (no JavaScript) for the PDF report and the overview sparklines.

WeasyPrint draws SVG but runs no scripts, and kaleido would need a browser download, so the PDF gets
these small hand-made charts; every text node is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from .data import LEVEL_BANDS


@dataclass
class Series:
    name: str
    months: list[str]
    values: list[float]
    colour: str = "#111827"
    width: float = 1.5


def month_number(month: str) -> float:
    """'2023-09' -> 2023.667 (fractional years), tolerant of YYYY and YYYY-MM-DD."""
    parts = str(month).split("-")
    year = int(parts[0])
    mon = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    return year + (mon - 1) / 12


def sparkline(values: list[float], *, width: int = 120, height: int = 28) -> Markup:
    """A tiny line of the recent overall score, for tables of dyads."""
    if len(values) < 2:
        return Markup("")
    step = width / (len(values) - 1)
    # scaled to the line's own range (at least one scale point) so a decade of small moves stays visible
    low, high = min(values), max(values)
    pad = max(0.0, 1.0 - (high - low)) / 2
    low, high = low - pad, high + pad
    points = " ".join(
        f"{i * step:.1f},{(height - 2) - (v - low) / (high - low) * (height - 4):.1f}"
        for i, v in enumerate(values)
    )
    colour = "#059669" if values[-1] >= values[0] else "#dc2626"
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="trend of the overall score"><polyline fill="none" stroke="{colour}" stroke-width="1.6" '
        f'points="{points}"/></svg>'
    )


def tick_label(value: int) -> str:
    """Axis numbers as the dashboard prints them: 0, +3, −3 (a true minus sign)."""
    return "0" if value == 0 else f"{value:+d}".replace("-", "−")


def legend_rows(names: list[str], start: int, width: int) -> list[list[tuple[int, str]]]:
    """Legend entries (x, name) wrapped into rows that fit between ``start`` and ``width``."""
    rows: list[list[tuple[int, str]]] = [[]]
    lx = start
    for name in names:
        step = 22 + 6 * len(name)
        if rows[-1] and lx + step > width - 4:
            rows.append([])
            lx = start
        rows[-1].append((lx, name))
        lx += step
    return rows


def milestone_rows(
    marks: list[tuple[float, str]], limit: float, char: float = 4.6
) -> list[list[tuple[float, float, str]]]:
    """Milestone labels (x, text) placed left to right in rows so none overlaps another: each label starts
    at its line (or ends there when it would run past ``limit``); a label that collides goes a row down."""
    rows: list[list[tuple[float, float, str]]] = []
    ends: list[float] = []
    for mx, label in sorted(marks):
        if mx + 3 + char * len(label) > limit:  # no room on the right: end at the line, pointing at it
            label += " ▸"
        w = char * len(label)
        tx = mx + 3 if mx + 3 + w <= limit else mx - 1 - w
        for r, end in enumerate(ends):
            if tx > end + 6:
                rows[r].append((mx, tx, label))
                ends[r] = tx + w
                break
        else:
            rows.append([(mx, tx, label)])
            ends.append(tx + w)
    return rows


def diamond(cx: float, cy: float, r: float = 4.5) -> str:
    return f"{cx:.1f},{cy - r:.1f} {cx + r:.1f},{cy:.1f} {cx:.1f},{cy + r:.1f} {cx - r:.1f},{cy:.1f}"


def line_chart(
    series: list[Series],
    *,
    title: str,
    markers: list[tuple[str, str]] | None = None,
    points: list[tuple[str, float]] | None = None,
    width: int = 760,
    height: int = 320,
    bands: bool = True,
) -> Markup:
    """Lines by month on the -9..+9 scale with level bands, year ticks, legend and milestone markers.

    ``points`` (month, score) are drawn as diamonds, the largest monthly moves. The SVG fills the width
    of its column (``width`` and ``height`` set the proportions), so it never runs past the page margin.
    """
    pts = [month_number(m) for s in series for m in s.months]
    if not pts:
        return Markup("")
    names = [s.name for s in series] + (["Largest moves"] if points else [])
    rows = legend_rows(names, 44, width)
    height += 16 * (len(rows) - 1)
    x0, x1 = min(pts), max(pts) + 1 / 12
    left, right, bottom = 44, 96, 30 + 16 * len(rows)
    pw = width - left - right

    def x(v: float) -> float:
        return left + (v - x0) / max(x1 - x0, 1e-9) * pw

    # Milestone labels sit in a strip above the plot, never over the data lines: a row each until they fit.
    strip = milestone_rows(
        [(x(month_number(m)), f"{label} ({m[:4]})") for m, label in markers or []], width - 4
    )
    top = 30 + 12 * len(strip)
    height += 12 * len(strip)
    ph = height - top - bottom

    def y(v: float) -> float:
        return top + (9 - max(-9.0, min(9.0, v))) / 18 * ph

    out = [
        # width 100% and no height: the chart takes the column's width, its height from the viewBox ratio
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'font-family="sans-serif" font-size="10" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    if bands:
        for name, low, high, colour in LEVEL_BANDS:
            out.append(
                f'<rect x="{left}" y="{y(high):.1f}" width="{pw}" height="{y(low) - y(high):.1f}" '
                f'fill="{colour}" fill-opacity="0.18"/>'
            )
            out.append(
                f'<text x="{left + pw + 4}" y="{(y(low) + y(high)) / 2 + 3:.1f}" fill="#4b5563">{name}</text>'
            )
    for v in range(-9, 10, 3):
        out.append(
            f'<text x="{left - 6}" y="{y(v) + 3:.1f}" text-anchor="end" fill="#4b5563">{tick_label(v)}</text>'
        )
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#9ca3af"/>')
    span = int(x1) - int(x0)
    tick = 1 if span <= 8 else 2 if span <= 16 else 5
    for year in range(int(x0) + (-int(x0)) % tick, int(x1) + 1, tick):
        if x0 <= year <= x1:
            out.append(
                f'<text x="{x(year):.1f}" y="{top + ph + 14}" text-anchor="middle" '
                f'fill="#4b5563">{year}</text>'
            )
    for r, row in enumerate(strip):
        ly = 30 + 12 * r + 9
        for mx, tx, label in row:
            out.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{ly + 2}" y2="{top + ph}" stroke="#374151" '
                f'stroke-dasharray="2,3"/>'
            )
            flipped = label.endswith("▸")  # ends at its line: anchor the text's end there, whatever the font
            at, anchor = (mx - 1, "end") if flipped else (tx, "start")
            out.append(
                f'<text x="{at:.1f}" y="{ly}" text-anchor="{anchor}" fill="#111827" font-size="8.5">'
                f"{escape(label)}</text>"
            )
    for s in series:
        coords = " ".join(
            f"{x(month_number(m)):.1f},{y(v):.1f}" for m, v in zip(s.months, s.values, strict=False) if v == v
        )
        out.append(f'<polyline fill="none" stroke="{s.colour}" stroke-width="{s.width}" points="{coords}"/>')
    placed: list[tuple[float, float]] = []
    for month, value in points or []:
        px, py = x(month_number(month)), y(value)
        out.append(
            f'<polygon points="{diamond(px, py)}" fill="#f59e0b" stroke="#111827" stroke-width="0.8"/>'
        )
        # the month beside its diamond, on a white halo so a line running through stays readable; a label
        # that would overlap one already placed tries below, then further out
        for dy in (-7, 14, -17, 24):
            my = py + dy
            if all(abs(my - qy) > 9 or abs(px - qx) > 34 for qx, qy in placed):
                break
        placed.append((px, my))
        out.append(
            f'<text x="{px:.1f}" y="{my:.1f}" text-anchor="middle" font-size="8" fill="#92400e" '
            f'stroke="#ffffff" stroke-width="2.5" paint-order="stroke">{escape(month)}</text>'
        )
    out += legend_svg(rows, {s.name: s.colour for s in series}, height)
    out.append("</svg>")
    return Markup("".join(out))


def legend_svg(rows: list[list[tuple[int, str]]], colours: dict[str, str], height: int) -> list[str]:
    """A line swatch per series, a diamond for the largest moves, rows from the bottom edge up."""
    out = []
    for r, row in enumerate(rows):
        ly = height - 16 * (len(rows) - r) + 6
        for lx, name in row:
            if name in colours:
                out.append(f'<rect x="{lx}" y="{ly - 4}" width="12" height="3" fill="{colours[name]}"/>')
            else:
                swatch = diamond(lx + 6, ly - 3, 4)
                out.append(f'<polygon points="{swatch}" fill="#f59e0b" stroke="#111827"/>')
            out.append(f'<text x="{lx + 15}" y="{ly}">{escape(name)}</text>')
    return out


def today_month() -> str:
    return date.today().strftime("%Y-%m")
