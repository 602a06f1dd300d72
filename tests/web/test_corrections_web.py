"""Issue 15: corrections over the web need a writable server and the write token."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_store import build_sample_store

import dyadscope
from dyadscope.web.app import create_app

TOKEN = "s3cret-token"


@pytest.fixture
def writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[TestClient, dyadscope.Database]:
    monkeypatch.setenv("DYADSCOPE_WRITE_TOKEN", TOKEN)
    path = tmp_path / "w.db"
    build_sample_store(path).close()
    app = create_app(path, read_only=False, allow_ingest=True)
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False), app.state.web.db


def _event_id(db: dyadscope.Database) -> str:
    return str(db.events(dyad="USA-VNM")["id"].iloc[0])


def test_corrections_api_needs_the_token(writable) -> None:
    client, db = writable
    body = {"action": "reject", "record_id": _event_id(db), "who": "ana", "why": "not reported"}
    assert client.post("/api/v1/corrections", json=body).json()["code"] == "E720"
    wrong = client.post("/api/v1/corrections", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.post("/api/v1/corrections", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201 and ok.json()["correction"]["action"] == "reject"
    rows = client.get("/api/v1/corrections").json()["rows"]
    assert [(r["action"], r["who"]) for r in rows] == [("reject", "ana")]
    bad = client.post(
        "/api/v1/corrections",
        json={**body, "record_id": "nope"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "E509"


def test_corrections_form_on_the_dashboard(writable) -> None:
    client, db = writable
    form = {"action": "reject", "record_id": _event_id(db), "who": "ana", "why": "duplicate", "token": TOKEN}
    response = client.post("/corrections", data=form, follow_redirects=False)
    assert response.status_code == 303
    html = client.get("/corrections").text
    assert "duplicate" in html and 'name="token"' in html
    assert client.post("/corrections", data={**form, "token": "x"}).status_code == 401


def test_corrections_refused_on_a_read_only_server(client) -> None:
    response = client.post(
        "/api/v1/corrections", json={"action": "reject"}, headers={"Authorization": "Bearer x"}
    )
    assert response.json()["code"] in ("E719", "E703") and response.status_code in (403, 405)
    assert "read-only" in client.get("/corrections").text
