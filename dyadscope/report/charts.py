"""Plotly figures for the report and the dashboard: timeline, third-party line, dimensions, trade, fan.

Every string that comes from a document (labels, hover text, legend names) is HTML-escaped before it
enters a figure, because plotly renders a subset of HTML in hover labels, legends and annotations.
The figures carry ``customdata`` = month so a click on the dashboard can ask for that month's evidence.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from markupsafe import escape

from .data import DIMENSION_LABELS, DIMENSIONS, LEVEL_BANDS, DyadView, frame_attr
from .markers import move_hover, move_note

FONT = "Inter, 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"
COLOURS = {
    "overall": "#111827",
    "diplomatic": "#2563eb",
    "security": "#b91c1c",
    "economic": "#059669",
    "human_rights": "#7c3aed",
    "people": "#d97706",
    "legacy": "#6b7280",
}
TRADE_NAMES = (  # flows in USD; FDI stocks and ranks are tabled, not charted beside trade
    "goods_trade_total",
    "goods_exports",
    "goods_imports",
    "trade_balance",
)


def esc(value: Any) -> str:
    return str(escape("" if value is None else str(value)))


def base_layout(title: str, height: int = 420) -> dict[str, Any]:
    return {
        "title": {"text": esc(title), "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        "font": {"family": FONT, "size": 13, "color": "#1f2937"},
        "height": height,
        "margin": {"l": 56, "r": 96, "t": 48, "b": 40},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
    }


def level_shapes(x0: str, x1: str) -> tuple[list[dict], list[dict]]:
    """Background colour bands for the six levels, with their names at the right edge."""
    shapes, notes = [], []
    for name, low, high, colour in LEVEL_BANDS:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": x0,
                "x1": x1,
                "y0": low,
                "y1": high,
                "fillcolor": colour,
                "opacity": 0.14,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        notes.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 1.005,
                "y": (low + high) / 2,
                "text": name,
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 11, "color": "#4b5563"},
            }
        )
    return shapes, notes


def milestones(view: DyadView) -> list[tuple[str, str]]:
    """(month, label) for each framework change, from the timeline's framework column or the profile."""
    timeline = view.timeline
    found: list[tuple[str, str]] = []
    if "framework" in timeline and not timeline.empty:
        previous = None
        for month, framework in zip(timeline["month"], timeline["framework"], strict=False):
            if framework and framework != previous and previous is not None:
                found.append((str(month), str(framework)))
            previous = framework
    if not found:
        for item in getattr(view.profile, "framework", None) or []:
            when, level = (
                item
                if isinstance(item, (tuple, list))
                else (getattr(item, "date", None), getattr(item, "level", None))
            )
            if when and level:
                found.append((str(when)[:7], str(level)))
    return found


def default_dimension(view: DyadView) -> str:
    """The dimension shown beside the overall score by default: the one with the largest weight."""
    weights = getattr(getattr(view.assessment, "result", None), "weights", None)
    if weights is None or len(weights) != len(DIMENSIONS):
        return DIMENSIONS[0]
    return DIMENSIONS[int(max(range(len(DIMENSIONS)), key=lambda i: float(weights[i])))]


def timeline_figure(view: DyadView, *, title: str | None = None, dimension: str | None = None) -> go.Figure:
    """Overall score by month with its interval band, ONE dimension (``dimension``, else the heaviest;
    the others are one click away in the legend or the dashboard's toggles), level bands, framework
    milestones, and the months that rest on the prior only drawn dashed and labelled "no evidence"."""
    timeline = view.timeline
    fig = go.Figure()
    if timeline.empty:
        return fig
    months = timeline["month"].astype(str).tolist()
    shown = dimension if dimension in DIMENSIONS else default_dimension(view)
    for column in ("overall", *DIMENSIONS):
        if column not in timeline:
            continue
        fig.add_trace(
            go.Scatter(
                x=months,
                y=timeline[column].round(3).tolist(),
                name=DIMENSION_LABELS[column],
                mode="lines",
                line={"color": COLOURS[column], "width": 3 if column == "overall" else 1.4},
                customdata=months,
                meta=column,
                visible=True if column in ("overall", shown) else "legendonly",
                hovertemplate="%{y:+.2f}<extra>" + DIMENSION_LABELS[column] + "</extra>",
            )
        )
    _add_interval(fig, timeline, months)
    gaps = _add_no_evidence(fig, timeline, months)
    shapes, notes = level_shapes(months[0], months[-1])
    inside = [(m, label) for m, label in milestones(view) if months[0] <= m <= months[-1]]
    late = months[int(len(months) * 0.8)]
    for i, (month, label) in enumerate(inside):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": month,
                "x1": month,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#374151", "width": 1, "dash": "dot"},
            }
        )
        notes.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": month,
                "y": 1.0 - 0.07 * (i % 3),
                "showarrow": False,
                "text": f"{esc(label.replace('_', ' '))}<br>{esc(month)}",
                # labels near the right edge grow leftwards so they stay inside the plot
                "xanchor": "right" if month >= late else "left",
                "align": "right" if month >= late else "left",
                "bgcolor": "rgba(255,255,255,0.85)",
                "font": {"size": 10, "color": "#111827"},
            }
        )
    for start, _end in gaps:
        notes.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": start,
                "y": 0.02,
                "showarrow": False,
                "text": "no evidence",
                "xanchor": "left",
                "font": {"size": 10, "color": "#6b7280"},
            }
        )
    layout = base_layout(title or f"{view.names[0]} – {view.names[1]}: relationship score by month", 460)
    layout.update(
        shapes=shapes,
        annotations=notes,
        yaxis={
            "range": [-9, 9],
            "dtick": 3,
            "title": "score (−9…+9)",
            "zeroline": True,
            "zerolinecolor": "#9ca3af",
            "gridcolor": "#eef0f3",
        },
        xaxis={"type": "date", "gridcolor": "#eef0f3", "range": [months[0], months[-1]]},
    )
    fig.update_layout(layout)
    return fig


def _add_interval(fig: go.Figure, timeline: pd.DataFrame, months: list[str]) -> None:
    """The 90 % interval of the overall score as a shaded band (two traces, the lower one filled up)."""
    if not {"lo", "hi"} <= set(timeline.columns):
        return
    common = {"x": months, "mode": "lines", "line": {"width": 0}, "showlegend": False, "customdata": months}
    fig.add_trace(
        go.Scatter(y=timeline["hi"].round(3).tolist(), meta="interval_hi", hoverinfo="skip", **common)
    )
    fig.add_trace(
        go.Scatter(
            y=timeline["lo"].round(3).tolist(),
            meta="interval_lo",
            name="90 % interval",
            fill="tonexty",
            fillcolor="rgba(17,24,39,0.12)",
            hovertemplate="%{y:+.2f}<extra>interval (lower bound)</extra>",
            **common,
        )
    )


def _add_no_evidence(fig: go.Figure, timeline: pd.DataFrame, months: list[str]) -> list[tuple[str, str]]:
    """Months resting on the prior only, drawn as a grey dashed line; returns their (first, last) spans."""
    if "evidence" not in timeline:
        return []
    flags = timeline["evidence"].astype(bool).tolist()
    if all(flags):
        return []
    values = timeline["overall"].round(3).tolist()
    y = [None if flags[i] else values[i] for i in range(len(months))]
    spans, start = [], None
    for i, flag in enumerate(flags + [True]):
        if not flag and start is None:
            start = i
        elif flag and start is not None:
            spans.append((months[start], months[i - 1]))
            start = None
    fig.add_trace(
        go.Scatter(
            x=months,
            y=y,
            mode="lines",
            name="no evidence (prior only)",
            meta="no_evidence",
            line={"color": "#9ca3af", "width": 4, "dash": "dash"},
            customdata=months,
            hovertemplate="%{y:+.2f}<extra>no evidence: prior only</extra>",
        )
    )
    return spans


def add_key_moves(
    fig: go.Figure, view: DyadView, key_months: list[dict[str, Any]], *, annotate: bool = False
) -> go.Figure:
    """Mark the months that moved the overall score most (``assess.moves``), the main evidence on hover.

    ``key_months`` items hold ``month``, ``change`` and ``evidence`` (citation rows) or ``main`` (the
    explanation row), optionally ``label``; ``annotate`` adds a clickable label per marker naming the
    month and what moved it (the dashboard). Every document string is escaped: plotly reads HTML there.
    """
    timeline = view.timeline
    if not key_months or timeline.empty:
        return fig
    score = dict(zip(timeline["month"].astype(str), timeline["overall"], strict=False))
    chosen = [k for k in key_months if k["month"] in score]
    months = [k["month"] for k in chosen]
    fig.add_trace(
        go.Scatter(
            x=months,
            y=[round(float(score[m]), 3) for m in months],
            mode="markers",
            name="Largest moves",
            meta="moves",
            marker={
                "size": 11 if annotate else 9,
                "color": "#f59e0b",
                "line": {"color": "#111827", "width": 1},
                "symbol": "diamond",
            },
            hovertext=[move_hover(k) for k in chosen],
            # the change itself (not shown): the dashboard labels the largest moves first
            text=[round(float(k["change"]), 3) for k in chosen],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=months,
        )
    )
    if annotate:
        notes = [*fig.layout.annotations]
        notes += [move_note(k, float(score[k["month"]]), i) for i, k in enumerate(chosen)]
        fig.update_layout(annotations=notes)
    return fig


def third_party_figure(view: DyadView) -> go.Figure:
    """The dyad's overall line beside the third party's line with the same country."""
    fig = go.Figure()
    lines = [(f"{view.names[0]} – {view.names[1]}", view.timeline, COLOURS["overall"])]
    other = frame_attr(view.third_assessment, "timeline")
    if view.third_party and not other.empty:
        partner = view.names[1] if view.third_party != view.dyad.b else view.names[0]
        from .data import display_name

        lines.append((f"{display_name(view.third_party)} – {partner}", other, "#dc2626"))
    for name, frame, colour in lines:
        if frame.empty:
            continue
        months = frame["month"].astype(str).tolist()
        fig.add_trace(
            go.Scatter(
                x=months,
                y=frame["overall"].round(3).tolist(),
                name=esc(name),
                mode="lines",
                line={"color": colour, "width": 2.5},
                customdata=months,
            )
        )
    if fig.data:
        xs = sorted(str(x) for trace in fig.data for x in (trace.x[0], trace.x[-1]))
        shapes, notes = level_shapes(xs[0], xs[-1])
        layout = base_layout("Overall score beside the key third party", 380)
        layout.update(
            shapes=shapes,
            annotations=notes,
            yaxis={"range": [-9, 9], "dtick": 3},
            # the first year tick sits at the plot's left edge: keep it clear of the −9 beside it
            xaxis={"type": "date", "ticklabelstandoff": 6},
        )
        fig.update_layout(layout)
    return fig


def dimensions_figure(view: DyadView) -> go.Figure:
    frame = frame_attr(view.assessment, "dimensions")
    fig = go.Figure()
    if frame.empty:
        return fig
    labels = [DIMENSION_LABELS.get(str(d), esc(d)) for d in frame["dimension"]]
    fig.add_trace(
        go.Bar(
            x=frame["score"].round(2).tolist(),
            y=labels,
            orientation="h",
            marker={"color": [COLOURS.get(str(d), "#6b7280") for d in frame["dimension"]]},
            hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        )
    )
    layout = base_layout("Dimension scores now", 300)
    layout.update(xaxis={"range": [-9, 9], "dtick": 3}, hovermode="closest", showlegend=False)
    fig.update_layout(layout)
    return fig


TRADE_MEASURES = {  # one measure per chart: the buttons switch between them, never mixing units or kinds
    "goods_trade_total": "Two-way goods trade",
    "goods_exports": "Goods exports",
    "goods_imports": "Goods imports",
    "trade_balance": "Goods trade balance",
}
TRADE_BUTTONS = {"goods_trade_total": "Total", "goods_exports": "Exports", "goods_imports": "Imports"}
TRADE_BUTTONS["trade_balance"] = "Balance"
PART_YEAR = re.compile(r"^\d{4}-(H[12]|Q[1-4]|\d{2})")


def trade_frame(indicators: pd.DataFrame) -> pd.DataFrame:
    if indicators.empty:
        return indicators
    frame = indicators[indicators["name"].isin(TRADE_NAMES) & (indicators["unit"] == "USD")].copy()
    # one figure repeated by several documents is one point
    key = [c for c in ("name", "period", "value", "reporter", "source_attribution") if c in frame]
    return frame.drop_duplicates(subset=key).sort_values(["name", "period"])


def attribution(source: Any, reporter: Any) -> str:
    """Who the figure is attributed to: the source the text names, else "source not stated"
    (the reporter says whose flow it is, not whose data it is)."""
    if isinstance(source, str) and source:
        return source
    return "source not stated"


def period_date(period: Any) -> str | None:
    """A period's middle as an ISO date for a true time axis: 2024 -> 2024-07-01, 2025-H1 -> 2025-04-01."""
    text = str(period or "")
    if not text[:4].isdigit():
        return None
    year, rest = text[:4], text[5:]
    if not rest:
        return f"{year}-07-01"
    if rest in ("H1", "H2"):
        return f"{year}-{'04' if rest == 'H1' else '10'}-01"
    if rest[:1] == "Q" and rest[1:].isdigit():
        return f"{year}-{3 * int(rest[1:]) - 1:02d}-15"
    if len(rest) == 2 and rest.isdigit():
        return f"{year}-{rest}-15"
    return text[:10] if len(text) >= 10 else None


def trade_figure(view: DyadView) -> go.Figure:
    """One trade measure at a time on a true time axis (buttons switch measure), a line per source.

    Full-year values are joined by lines; part-year values (2025-H1, a month) are hollow markers in a
    trace of their own, never joined to full years. Figures from different sources stay separate
    series, never averaged.
    """
    frame = trade_frame(view.indicators)
    fig = go.Figure()
    if frame.empty:
        return fig
    frame = frame.assign(x=[period_date(p) for p in frame["period"]]).dropna(subset=["x"])
    frame["part"] = [bool(PART_YEAR.match(str(p))) for p in frame["period"]]
    frame["source"] = [attribution(a, None) for a in frame["source_attribution"]]
    # a revised figure (same source and period, another value) is a series of its own, never stacked
    frame["revision"] = frame.groupby(["name", "source", "period"]).cumcount()
    measures = [m for m in TRADE_MEASURES if m in set(frame["name"])]
    owners: list[str] = []
    for name in measures:
        rows = frame[frame["name"] == name]
        for (source, part, revision), group in rows.groupby(["source", "part", "revision"], sort=True):
            label = f"{source}{' (part year)' if part else ''}{f' (revised {revision})' if revision else ''}"
            fig.add_trace(
                go.Scatter(
                    x=group["x"].tolist(),
                    y=(group["value"] / 1e9).round(2).tolist(),
                    customdata=group["period"].astype(str).tolist(),
                    name=esc(label),
                    mode="markers",  # observations years apart: a line would invent the years between
                    marker={"size": 9, "symbol": "circle-open" if part else "circle"},
                    visible=name == measures[0],
                    hovertemplate="%{customdata}: $%{y:,.1f} bn<extra>" + esc(label) + "</extra>",
                )
            )
            owners.append(name)
    titles = {m: f"{TRADE_MEASURES[m]}, USD billion" for m in measures}
    layout = base_layout(titles[measures[0]], 420)
    layout["meta"] = {"keep_title": True}  # narrow screens keep the measure and unit (chart-labels.js)
    buttons = [
        {
            "label": TRADE_BUTTONS[m],
            "method": "update",
            "args": [{"visible": [o == m for o in owners]}, {"title.text": esc(titles[m])}],
        }
        for m in measures
    ]
    layout.update(
        hovermode="closest",
        xaxis={"type": "date", "title": {"text": ""}},
        yaxis={"title": {"text": "USD billion"}, "zeroline": True},
        legend={"orientation": "h", "y": -0.15, "x": 0, "font": {"size": 11}},
        margin={"l": 56, "r": 16, "t": 84, "b": 40},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "buttons": buttons,
                "x": 0,
                "y": 1.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "pad": {"t": 0, "r": 4},
                "showactive": True,
                "font": {"size": 11},
            }
        ]
        if len(measures) > 1
        else [],
    )
    fig.update_layout(layout)
    return fig


def fan_figure(view: DyadView) -> go.Figure:
    """The foresight stage's fan chart in the house style; an empty figure without a scenario."""
    if view.scenario is None:
        return go.Figure()
    from ..foresight.charts import fan_chart

    return house_style(fan_chart(view.scenario))


def house_style(fig: go.Figure) -> go.Figure:
    """The dashboard's font, title and legend placement for a figure drawn elsewhere (the fan chart).

    The legend sits below the month ticks with no axis title between them, where they used to overlap.
    """
    fig.update_layout(
        font={"family": FONT, "size": 13, "color": "#1f2937"},
        title={"x": 0.0, "xanchor": "left", "font": {"size": 16}},
        xaxis={"title": {"text": ""}},
        legend={"orientation": "h", "y": -0.14, "x": 0, "yanchor": "top", "font": {"size": 11}},
        margin={"l": 56, "r": 96, "t": 48, "b": 40},
        height=440,
    )
    return fig


def figure_json(fig: go.Figure) -> dict[str, Any]:
    """The figure as a plain dict for ``Plotly.newPlot`` (data, layout)."""
    payload = json.loads(fig.to_json())
    payload.setdefault("layout", {}).pop("template", None)
    return {"data": payload.get("data", []), "layout": payload["layout"]}


PAIR_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")


def pairs_figure(comparison: Any) -> go.Figure:
    """Several pairs' scores in one dimension on one time axis (``assess.pairs.compare_pairs``)."""
    fig = go.Figure()
    scores = comparison.scores
    if scores.empty:
        return fig
    for i, (dyad, rows) in enumerate(scores.groupby("dyad", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=rows["month"].tolist(),
                y=rows["score"].round(2).tolist(),
                name=esc(dyad),
                mode="lines",
                line={"width": 2.2, "dash": PAIR_DASHES[i % len(PAIR_DASHES)]},
                customdata=rows["level"].tolist(),
                hovertemplate="%{x}: %{y:+.2f} (%{customdata})<extra>" + esc(dyad) + "</extra>",
            )
        )
    label = DIMENSION_LABELS.get(comparison.dimension, comparison.dimension.replace("_", " "))
    layout = base_layout(f"{label} score by month (−9 … +9)", 420)
    low, high = float(scores["score"].min()), float(scores["score"].max())
    pad = max(0.5, 0.1 * (high - low))
    layout.update(
        hovermode="closest",
        xaxis={"type": "date"},
        yaxis={"range": [max(-9.0, low - pad), min(9.0, high + pad)], "zeroline": True},
        margin={"l": 48, "r": 16, "t": 48, "b": 40},
        meta={"keep_title": True},
    )
    fig.update_layout(layout)
    return fig
