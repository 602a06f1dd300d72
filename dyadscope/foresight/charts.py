"""Fan charts of scenario results (plotly): history line, then per scenario the 90 % and 50 % bands
and the median path. The report and the dashboard embed the figure; nothing here loads a CDN."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "x", "cross", "star")
PALETTE = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c")
LEVEL_LINES = ((-6, "tense"), (-3, "discord"), (0, "normal"), (3, "good"), (6, "friendly"))


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def fan_chart(
    result: Any, *, series: str = "overall", scenarios: list[str] | None = None, title: str | None = None
) -> go.Figure:
    """A plotly Figure: the last 36 assessed months and, per scenario, p05–p95, p25–p75 and the median."""
    fig = go.Figure()
    history = getattr(result, "history", None)
    if history is not None and not history.empty and series in history:
        fig.add_trace(
            go.Scatter(
                x=list(history["month"]),
                y=list(history[series].round(3)),
                mode="lines",
                name="assessed",
                line={"color": "#333333", "width": 2},
            )
        )
    bands = result.bands[result.bands["series"] == series]
    wanted = scenarios or [s["id"] for s in result.scenarios]
    # Scenario names come from user YAML; plotly renders a subset of HTML in legends, so escape them.
    names = {s["id"]: html.escape(str(s["name"])) for s in result.scenarios}
    # Medians a few tenths apart must stay apart: each has its own colour, dash and marker, an end label
    # with its value, and only the baseline's bands are drawn (the others' are one legend click away).
    ends: list[tuple[float, str, str]] = []
    for i, scenario in enumerate(wanted):
        rows = bands[bands["scenario"] == scenario].sort_values("step")
        if rows.empty:
            continue
        color = PALETTE[i % len(PALETTE)]
        x = list(rows["month"])
        for low, high, alpha, label in (("p05", "p95", 0.12, "90 %"), ("p25", "p75", 0.25, "50 %")):
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=list(rows[high]) + list(rows[low])[::-1],
                    fill="toself",
                    fillcolor=_rgba(color, alpha),
                    line={"width": 0},
                    hoverinfo="skip",
                    name=f"{names.get(scenario, scenario)} {label}",
                    legendgroup=scenario,
                    showlegend=False,
                    visible=True if i == 0 else "legendonly",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(rows["p50"]),
                mode="lines+markers",
                legendgroup=scenario,
                name=names.get(scenario, scenario),
                line={"color": color, "dash": DASHES[i % len(DASHES)], "width": 2.5 if i == 0 else 2},
                marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 6},
                hovertemplate="%{x}: %{y:+.2f}<extra>" + names.get(scenario, scenario) + "</extra>",
            )
        )
        ends.append((float(rows["p50"].iloc[-1]), x[-1], color))
    y_low, y_high = _value_range(history, bands, series)
    _end_labels(fig, ends, gap=0.06 * (y_high - y_low))
    for y, name in LEVEL_LINES:
        if not y_low <= y <= y_high:
            continue
        fig.add_hline(
            y=y,
            line={"color": "#bbbbbb", "width": 1, "dash": "dot"},
            annotation_text=name,
            annotation_position="right",
        )
    fig.update_layout(
        title=title or f"{result.dyad}: {series} score, medians and bands, {result.runs:,} runs each",
        yaxis={"title": "score (−9 … +9)", "range": [y_low, y_high]},
        xaxis={"title": "month"},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 80, "t": 60, "b": 60},
    )
    return fig


def _end_labels(fig: go.Figure, ends: list[tuple[float, str, str]], gap: float) -> None:
    """Each median's last value at the right end, nudged apart so close values stay readable."""
    placed: list[float] = []
    for value, month, color in sorted(ends):
        y = value
        if placed and y - placed[-1] < gap:
            y = placed[-1] + gap
        placed.append(y)
        fig.add_annotation(
            x=month,
            y=y,
            text=f"{value:+.2f}",
            showarrow=False,
            xanchor="left",
            xshift=6,
            font={"size": 11, "color": color},
        )


def _value_range(history: Any, bands: Any, series: str) -> tuple[float, float]:
    """The y range the data needs (history and the 90 % bands), padded, within −9 … +9."""
    values = list(bands["p05"]) + list(bands["p95"])
    if history is not None and not history.empty and series in history:
        values += list(history[series])
    if not values:
        return -9.0, 9.0
    low, high = min(values), max(values)
    pad = max(0.3, 0.1 * (high - low))
    return max(-9.0, low - pad), min(9.0, high + pad)
