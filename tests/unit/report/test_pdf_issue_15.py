"""Issue 15, the PDF: chart on page 1, no raw ids, labelled move markers, the scenario table in one piece."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dyadscope
from dyadscope.report import svg


def test_svg_milestone_labels_sit_above_the_plot_and_never_overlap() -> None:
    series = [svg.Series("Overall", ["2013-01", "2023-12"], [2.0, 4.0])]
    markers = [("2013-07", "Comprehensive partnership"), ("2023-09", "Comprehensive strategic partnership")]
    out = str(svg.line_chart(series, title="t", markers=markers, points=[("2023-09", 4.0)]))
    plot_top = min(float(v) for v in re.findall(r'<rect x="44" y="([\d.]+)"', out))
    labels = re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*font-size="8.5">([^<]+)</text>', out)
    assert [t for _, t in labels] == [
        "Comprehensive partnership (2013)",
        "Comprehensive strategic partnership (2023) ▸",
    ]
    assert all(float(y) < plot_top for y, _ in labels)  # in the strip, not over the lines
    assert ">2023-09</text>" in out  # the move marker is labelled
    rows = svg.milestone_rows([(100.0, "a" * 40), (120.0, "b" * 10)], 700)
    assert len(rows) == 2  # the second would overlap the first: a row down


@pytest.mark.slow
def test_pdf_issue_15_layout(demo_db: dyadscope.Database, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    path = demo_db.report("USA", "VNM", format="pdf", output=tmp_path / "r.pdf")
    pages = [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]
    assert "relationship score by month" in pages[0]  # page 1 is not half empty
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", " ".join(pages[:3])), "raw ids on the first pages"
    holding = [i for i, text in enumerate(pages) if "Where each scenario leaves" in text]
    assert len(holding) == 1 and "U.S. tariff on Vietnamese goods" in pages[holding[0]]
