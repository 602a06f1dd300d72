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
    assert sorted(list(t.y) for t in fig.data) == [[149.0], [150.0]]  # two series, never stacked
    assert len({t.name for t in fig.data}) == 2


def test_charts_house_style_keeps_the_legend_clear_of_the_axis():
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=["2025-01"], y=[1.0]))
    fig.update_layout(xaxis={"title": "month"}, legend={"orientation": "h", "y": -0.2})
    charts.house_style(fig)
    assert not fig.layout.xaxis.title.text  # the axis title sat on top of the legend
    assert fig.layout.legend.yanchor == "top" and fig.layout.font.family == charts.FONT


def test_charts_issue_15_trade_one_measure_on_a_time_axis():
    fig = charts.trade_figure(
        view_with(
            [
                indicator("goods_trade_total", "1995", 0.45e9),
                indicator("goods_trade_total", "2021", 100e9),
                indicator("goods_trade_total", "2024", 150e9, source="Census"),
                indicator("goods_trade_total", "2025-H1", 79.7e9, source="Customs"),
                indicator("trade_balance", "2024", -123e9),
            ]
        )
    )
    assert fig.layout.xaxis.type == "date"
    visible = [t for t in fig.data if t.visible is not False]
    assert all(t.x[0][:4] in ("1995", "2021", "2024", "2025") for t in visible)
    assert not any("balance" in str(t.hovertemplate) for t in visible)  # one measure shown at a time
    half = [t for t in fig.data if "part year" in t.name]
    assert len(half) == 1 and half[0].mode == "markers" and list(half[0].x) == ["2025-04-01"]
    assert "USD" in fig.layout.title.text and fig.layout.yaxis.title.text == "USD billion"
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Total", "Balance"]
    assert all(t.name != "USA data" for t in fig.data)  # no attribution invented


def test_sections_issue_15_indicator_observation_listed_once():
    from dyadscope.report.sections import indicator_rows

    def row(period, value, text, name="vessels_transferred", unit="vessels", doc="d1"):
        return {
            "name": name,
            "unit": unit,
            "value": value,
            "period": period,
            "reporter": "USA",
            "partner": "VNM",
            "source_attribution": None,
            "text": text,
            "doc_id": doc,
        }

    rows = indicator_rows(
        pd.DataFrame(
            [
                row("2023", 24.0, "Washington delivered 24 patrol boats since 2017."),
                row("2025", 24.0, "It has provided 24 patrol boats.", doc="d2"),
                row("1995", 450e6, "Trade was $450 million in 1995.", "goods_trade_total", "USD"),
                row(
                    "1995",
                    450e6,
                    "Two-way trade was about $450 million in 1995.",
                    "goods_trade_total",
                    "USD",
                    "d2",
                ),
                row("2024", 150e9, "Trade was $150 billion.", "goods_trade_total", "USD"),
                row("2024", 134.6e9, "Trade was $134.6 billion.", "goods_trade_total", "USD", "d2"),
            ]
        ),
        pd.DataFrame(columns=["id", "title", "published"]),
    )
    shown = [(r["name"], r["period"], r["value"], r["also_periods"], len(r["also"])) for r in rows]
    assert shown == [
        ("goods_trade_total", "1995", 450e6, [], 1),
        ("goods_trade_total", "2024", 150e9, [], 0),
        ("goods_trade_total", "2024", 134.6e9, [], 0),
        ("vessels_transferred", "2023", 24.0, ["2025"], 1),
    ]
