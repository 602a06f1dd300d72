"""Fan charts of scenario results (plotly): history line, then per scenario the 90 % and 50 % bands
and the median path. The report and the dashboard embed the figure; nothing here loads a CDN."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

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
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(rows["p50"]),
                mode="lines+markers",
                legendgroup=scenario,
                name=f"{names.get(scenario, scenario)} (median)",
                line={"color": color},
            )
        )
    for y, name in LEVEL_LINES:
        fig.add_hline(
            y=y,
            line={"color": "#bbbbbb", "width": 1, "dash": "dot"},
            annotation_text=name,
            annotation_position="right",
        )
    fig.update_layout(
        title=title or f"{result.dyad}: {series} score, {result.runs:,} runs per scenario",
        yaxis={"title": "score (−9 … +9)"},
        xaxis={"title": "month"},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 80, "t": 60, "b": 60},
    )
    return fig
