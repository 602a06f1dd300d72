"""The evidence chapter sets the documents-only score beside GDELT when the store holds GDELT rows."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import html as lxml_html

import dyadscope

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "assess"))
from compare_store import gdelt_file  # noqa: E402
from synthetic_store import build_milestones  # noqa: E402


def test_report_evidence_chapter_compares_documents_with_gdelt(tmp_path: Path) -> None:
    db = build_milestones(dyadscope.open(tmp_path / "r.db"))
    before = db.report("USA", "VNM", output=tmp_path / "before.html")
    without = lxml_html.fromstring(before.read_text("utf-8"))
    assert "Documents against GDELT" not in without.xpath("string(//section[@id='evidence'])")
    db.import_gdelt([gdelt_file(tmp_path)])
    tree = lxml_html.fromstring(db.report("USA", "VNM", output=tmp_path / "after.html").read_text("utf-8"))
    section = tree.xpath("//section[@id='evidence']")[0]
    text = " ".join(section.text_content().split())
    summary = db.compare_origins("USA", "VNM").summary
    assert "Documents against GDELT" in text and f"r = {summary['r_level']:.2f}" in text
    assert f"Over {summary['months_compared']} months" in text
    months = [td.text for td in section.xpath(".//table[caption[contains(., 'diverge')]]//tbody/tr/td[1]")]
    assert months == list(db.compare_origins("USA", "VNM").divergences["month"].head(3))
    markdown = db.report("USA", "VNM", format="md", output=tmp_path / "after.md").read_text("utf-8")
    assert "Documents against GDELT" in markdown
