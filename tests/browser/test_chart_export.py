"""Every dashboard chart downloads as PNG or SVG with its source line inside the image (issue #15)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def open_dyad(page, server):  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/dyads/USA-VNM")
    page.wait_for_selector('#plot-timeline[data-drawn="1"]', timeout=20_000)


def download(page, selector: str, tmp_path, name: str):  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=20_000) as info:
        page.locator(selector).click()
    path = tmp_path / name
    info.value.save_as(path)
    return info.value.suggested_filename, path.read_bytes()


def test_timeline_exports_png_and_svg_with_source_line(page, live_server, tmp_path):
    open_dyad(page, live_server)  # at 1280 px (the page fixture)
    line = page.locator('button[data-chart-export="plot-timeline"][data-format="svg"]')
    source = line.get_attribute("data-source")
    pattern = r"Source: dyadscope assessment of USA–VNM, \d+ documents?, evidence to \d{4}-\d{2}; "
    assert re.match(pattern + r"generated \d{4}-\d{2}-\d{2}$", source)
    assert "/" not in source  # no server path

    name, body = download(
        page, 'button[data-chart-export="plot-timeline"][data-format="png"]', tmp_path, "t.png"
    )
    assert name == "USA-VNM-timeline.png"
    assert body.startswith(PNG_MAGIC) and len(body) > 10_000

    name, body = download(
        page, 'button[data-chart-export="plot-timeline"][data-format="svg"]', tmp_path, "t.svg"
    )
    assert name == "USA-VNM-timeline.svg"
    svg = body.decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert source in svg  # the source line is text inside the image
    # the chart on the page is not changed by the export
    assert page.locator("#plot-timeline").inner_text().count("Source: dyadscope") == 0
    assert page.problems == []


def test_every_chart_has_its_download_line(page, live_server):
    open_dyad(page, live_server)
    plots = page.locator(".plot[data-figure]")
    ids = [plots.nth(i).get_attribute("id") for i in range(plots.count())]
    assert "plot-timeline" in ids
    for plot_id in ids:
        for fmt in ("png", "svg"):
            assert page.locator(f'button[data-chart-export="{plot_id}"][data-format="{fmt}"]').count() == 1


def test_compare_chart_exports_svg_with_source_line(page, live_server, tmp_path):
    page.goto(f"{live_server.url}/compare?dyads=USA-VNM")
    page.wait_for_selector('#plot-pairs[data-drawn="1"]', timeout=20_000)
    button = 'button[data-chart-export="plot-pairs"][data-format="svg"]'
    source = page.locator(button).get_attribute("data-source")
    assert source.startswith("Source: dyadscope assessments of USA–VNM")
    name, body = download(page, button, tmp_path, "c.svg")
    assert name == "compare-overall.svg"
    assert source in body.decode("utf-8")
