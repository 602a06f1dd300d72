"""Chart data for the report and the dashboard: one bar per reported figure, the fan chart's layout."""

from __future__ import annotations

import pandas as pd

from dyadscope.dyads import Dyad
from dyadscope.report import charts
from dyadscope.report.data import DyadView


def indicator(name: str, period: str, value: float, *, source: str | None = None) -> dict:
    return {
        "name": name,
        "period": period,
        "value": value,
        "unit": "USD",
        "reporter": "USA",
        "partner": "VNM",
        "source_attribution": source,
    }


def view_with(rows: list[dict]) -> DyadView:
    names = ("United States", "Vietnam")
    return DyadView(dyad=Dyad("USA", "VNM"), names=names, indicators=pd.DataFrame(rows))


def test_charts_trade_figure_counts_a_repeated_figure_once():
    # two documents quote the same 2024 deficit: one bar of -123, not a stacked bar of -246
    fig = charts.trade_figure(
        view_with([indicator("trade_balance", "2024", -123e9), indicator("trade_balance", "2024", -123e9)])
    )
    assert len(fig.data) == 1 and list(fig.data[0].y) == [-123.0]


def test_charts_trade_figure_sets_revised_figures_side_by_side():
    fig = charts.trade_figure(
        view_with(
            [
                indicator("goods_trade_total", "2024", 150e9, source="Census"),
                indicator("goods_trade_total", "2024", 149e9, source="Census"),
            ]
        )
    )
    assert sorted(list(t.y) for t in fig.data) == [[149.0], [150.0]]  # two traces, so never stacked
    assert len({t.name for t in fig.data}) == 2


def test_charts_house_style_keeps_the_legend_clear_of_the_axis():
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=["2025-01"], y=[1.0]))
    fig.update_layout(xaxis={"title": "month"}, legend={"orientation": "h", "y": -0.2})
    charts.house_style(fig)
    assert not fig.layout.xaxis.title.text  # the axis title sat on top of the legend
    assert fig.layout.legend.yanchor == "top" and fig.layout.font.family == charts.FONT
