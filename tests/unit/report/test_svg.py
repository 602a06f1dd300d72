"""Static SVG charts for the PDF: they fit the column, wrap the legend, mark the largest moves."""

from __future__ import annotations

import re

from dyadscope.report import svg


def series(name: str, colour: str = "#111827") -> svg.Series:
    return svg.Series(name, ["2020-01", "2021-06", "2023-09"], [0.0, 2.5, -1.0], colour)


def test_svg_line_chart_fills_the_column_instead_of_a_fixed_width():
    chart = str(svg.line_chart([series("Overall")], title="t"))
    opening = chart[: chart.index(">")]
    assert 'width="100%"' in opening and "height=" not in opening  # height follows the viewBox


def test_svg_line_chart_wraps_a_long_legend_inside_the_chart():
    names = [f"Scenario number {i} with a long descriptive name (median)" for i in range(5)]
    chart = str(svg.line_chart([series(n) for n in names], title="t"))
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', chart).groups())
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)">Scenario', chart)
    assert len(texts) == 5 and len({y for _, y in texts}) > 1  # more than one legend row
    for x, y in texts:
        assert float(x) + 6 * len(names[0]) <= width and float(y) <= height


def test_svg_line_chart_draws_the_largest_moves_and_plain_ticks():
    chart = str(svg.line_chart([series("Overall")], title="t", points=[("2021-06", 2.5)]))
    assert chart.count("<polygon") == 2  # the marker and its legend swatch
    assert "Largest moves" in chart
    assert ">0</text>" in chart and ">+0<" not in chart and ">−3</text>" in chart
