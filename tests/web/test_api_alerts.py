"""GET /api/v1/alerts (newest first, paginated, dyad filter) and the overview's recent alerts (escaped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dyadscope
from dyadscope.watch import state
from dyadscope.web.app import create_app

EVIL = '<script>alert("x")</script>'


def alert(n: int, dyad: str, title: str) -> dict:
    return {
        "id": f"{n:064x}",
        "created_at": f"2026-01-0{n}T10:00:00+00:00",
        "run_id": n,
        "kind": "score",
        "dyad": dyad,
        "month": "2025-04",
        "series": "overall",
        "old_score": 4.0,
        "new_score": 3.0,
        "delta": -1.0,
        "threshold": 0.5,
        "severity": None,
        "title": title,
        "cause": {"documents": [{"doc_id": "a" * 64, "title": "Doc"}], "events": []},
    }


@pytest.fixture
def alerts_client(tmp_path: Path) -> TestClient:
    db = dyadscope.open(tmp_path / "alerts.db")
    state.ensure_tables(db)
    with db.write() as conn:
        for n, dyad, title in [(1, "USA-VNM", "first"), (2, "CHN-VNM", "second"), (3, "USA-VNM", EVIL)]:
            state.add_alert(conn, alert(n, dyad, title))
    db.close()
    return TestClient(
        create_app(tmp_path / "alerts.db"), base_url="http://127.0.0.1", raise_server_exceptions=False
    )


def test_api_alerts_newest_first_and_paginated(alerts_client: TestClient) -> None:
    body = alerts_client.get("/api/v1/alerts").json()
    assert body["ok"] and body["total"] == 3
    assert [r["run_id"] for r in body["rows"]] == [3, 2, 1]
    assert body["rows"][2]["cause"]["documents"][0]["doc_id"] == "a" * 64
    page = alerts_client.get("/api/v1/alerts", params={"size": 1, "page": 2}).json()
    assert ([r["title"] for r in page["rows"]], page["pages"], page["has_next"]) == (["second"], 3, True)
    usa = alerts_client.get("/api/v1/alerts", params={"dyad": "VNM-USA"}).json()
    assert [r["run_id"] for r in usa["rows"]] == [3, 1]


@pytest.mark.parametrize(
    "params, status, code",
    [({"page": 9}, 400, "E408"), ({"page": 0}, 400, "E408"), ({"dyad": "XXX-VNM"}, 404, "E401")],
)
def test_api_alerts_bad_parameters(alerts_client: TestClient, params, status, code) -> None:
    response = alerts_client.get("/api/v1/alerts", params=params)
    assert response.status_code == status
    assert response.json()["ok"] is False and response.json()["code"] == code


def test_api_alerts_store_that_never_watched(client: TestClient) -> None:
    body = client.get("/api/v1/alerts").json()
    assert body["ok"] and body["rows"] == [] and body["total"] == 0


def test_overview_lists_recent_alerts_escaped(alerts_client: TestClient) -> None:
    html = alerts_client.get("/").text
    assert 'id="alerts"' in html and "second" in html
    assert EVIL not in html and "&lt;script&gt;" in html


def test_api_alerts_are_fresh_after_a_watch_run(alerts_client: TestClient, tmp_path: Path) -> None:
    """Alerts arrive without new documents, so the store-change cache must not hide them."""
    assert alerts_client.get("/api/v1/alerts").json()["total"] == 3
    assert "fourth" not in alerts_client.get("/").text
    db = dyadscope.open(tmp_path / "alerts.db")
    with db.write() as conn:
        state.add_alert(conn, alert(4, "USA-VNM", "fourth"))
    assert alerts_client.get("/api/v1/alerts").json()["rows"][0]["title"] == "fourth"
    assert "fourth" in alerts_client.get("/").text
