"""Largest-move markers on the dyad page's timeline: data present, clickable, every string escaped,
and the same months as the report's timeline (one selection rule, ``assess.moves``)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sample_store import XSS_ATTR, XSS_TITLE, SampleAssessment, with_sample_assessment

import dyadscope
from dyadscope.assess.moves import largest_moves
from dyadscope.web.app import create_app

HOSTILE = f"Reporters wrote {XSS_TITLE} and {XSS_ATTR} about the tariff."


def timeline_figure(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="fig-timeline">(.*?)</script>', html, re.S)
    assert found, "no timeline figure on the page"
    return json.loads(found.group(1))


def moves_of(figure: dict) -> tuple[dict, list[dict]]:
    traces = [t for t in figure["data"] if t.get("meta") == "moves"]
    assert len(traces) == 1, [t.get("meta") for t in figure["data"]]
    notes = [a for a in figure["layout"]["annotations"] if a.get("name") == "move"]
    return traces[0], notes


def test_timeline_moves_markers_name_month_and_main_event(client):
    response = client.get("/dyads/USA-VNM")
    assert response.status_code == 200
    trace, notes = moves_of(timeline_figure(response.text))
    assert len(trace["x"]) == 6 and trace["customdata"] == trace["x"]  # a click gives the month
    assert "2025-04" in trace["x"]  # the sample's largest drop (-2.72)
    tariff = trace["hovertext"][trace["x"].index("2025-04")]
    assert "2025-04: -2.72" in tariff and "46 percent tariff" in tariff  # readable, not the CAMEO label
    assert "46 percent tariff" in tariff and "Tariffs strain trade" in tariff
    assert [n["x"] for n in notes] == trace["x"] and all(n["captureevents"] for n in notes)
    assert "46 percent tariff" in notes[-1]["text"] and notes[-1]["text"].startswith("2025-04")
    # the accessible list of the same moves, each a button that explains its month
    assert re.findall(r'data-explain-month="([\d-]+)"', response.text) == trace["x"]
    # the toggles still name the seven score lines only, with their trace indexes
    toggles = re.findall(r'data-trace-index="(\d+)" value="([a-z_]+)"', response.text)
    assert [int(i) for i, _ in toggles] == list(range(7)) and "moves" not in {v for _, v in toggles}


class HostileAssessment(SampleAssessment):
    """The sample assessment whose 2025-04 explanation quotes a hostile sentence and names event e4."""

    def explain(self, month: str) -> pd.DataFrame:
        frame = super().explain(month)
        if month != "2025-04":
            return frame
        row = {**frame.iloc[0].to_dict(), "record_id": "e4", "text": HOSTILE, "doc_title": XSS_ATTR}
        return pd.DataFrame([row], columns=frame.columns)


@pytest.fixture
def hostile_client(sample_path):  # type: ignore[no-untyped-def]
    app = with_sample_assessment(create_app(sample_path), HostileAssessment)
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


def test_timeline_moves_escape_hostile_evidence(hostile_client):
    response = hostile_client.get("/dyads/USA-VNM")
    assert response.status_code == 200
    html = response.text
    trace, notes = moves_of(timeline_figure(html))
    hover = trace["hovertext"][trace["x"].index("2025-04")]
    note = notes[trace["x"].index("2025-04")]["text"]
    # plotly renders HTML in hover text and annotations: the document's markup arrives as entities
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover
    assert "&lt;script&gt;" in note  # the label names event e4, whose CAMEO label is hostile
    for text in (hover, note):
        assert "<script" not in text and "<img" not in text
    # the JSON block cannot close its <script> element, and the list below the chart shows text
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert blocks and all("<" not in b and ">" not in b for b in blocks)
    page = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", html, flags=re.S)
    assert XSS_TITLE not in page and "<img" not in page
    assert '<span class="move-label">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in page


@pytest.fixture(scope="module")
def real_client(sample_path):  # type: ignore[no-untyped-def]
    """The dashboard with the real assessment stage, as `dyadscope serve` runs it."""
    return TestClient(create_app(sample_path), base_url="http://127.0.0.1", raise_server_exceptions=False)


def test_timeline_moves_same_months_in_report_and_dashboard(real_client, sample_path, tmp_path):
    db = dyadscope.open(sample_path, read_only=True)
    expected = largest_moves(db.assess("USA", "VNM", snapshot=False).timeline)["month"].tolist()
    assert expected, "the sample store should move the score"
    trace, _ = moves_of(timeline_figure(real_client.get("/dyads/USA-VNM").text))
    report = db.report("USA", "VNM", output=tmp_path / "r.html").read_text(encoding="utf-8")
    report_trace = [
        t
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', report, re.S)
        for t in json.loads(block).get("data", [])
        if isinstance(t, dict) and t.get("name") == "Largest moves"
    ]
    assert trace["x"] == expected
    assert [t["x"] for t in report_trace] == [expected]
