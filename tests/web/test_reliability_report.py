"""Issue 14: the Markdown report escapes imported indicator names and units (c48) and, like the HTML
report, lists the gaps in bulk data (c21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_store import build_sample_store

import dyadscope
from dyadscope.store import tables as t

XSS_NAME = "<script>alert(1)</script>"
XSS_UNIT = "<img src=x onerror=alert(2)>"


@pytest.fixture
def store(tmp_path: Path) -> dyadscope.Database:
    db = build_sample_store(tmp_path / "s.db")
    with db.write() as conn:
        conn.execute(
            t.indicators.insert().values(
                id="hostile-indicator",
                doc_id=None,
                name=XSS_NAME,
                value=5.0,
                unit=XSS_UNIT[:16],
                period="2024",
                reporter="USA",
                partner="VNM",
                source_attribution="Imported table",
                text="hostile row",
                char_start=0,
                char_end=0,
                confidence=0.9,
                origin="csv",
                measure="flow",
            )
        )
        for slice_, status in (("20250401120000", "missing"), ("20250401121500", "failed")):
            conn.execute(
                t.coverage.insert().values(
                    source="gdelt2", slice=slice_, status=status, checked_at="2025-04-02T00:00:00Z"
                )
            )
    return db


def test_c48_markdown_report_escapes_indicator_name_and_unit(store, tmp_path):
    text = store.report("USA", "VNM", format="md", output=tmp_path / "r.md").read_text(encoding="utf-8")
    assert "alert(1)" in text, "the hostile indicator must be in the report for this test to mean anything"
    assert "<script" not in text and "<img" not in text


def test_c21_markdown_report_lists_coverage_gaps(store, tmp_path):
    md = store.report("USA", "VNM", format="md", output=tmp_path / "r.md").read_text(encoding="utf-8")
    html = store.report("USA", "VNM", format="html", output=tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Gaps in bulk data" in html
    assert "### Gaps in bulk data" in md
    assert "gdelt2: 1 slices missing (20250401120000 … 20250401120000)" in md
    assert "gdelt2: 1 slices failed" in md
