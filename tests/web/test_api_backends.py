"""The JSON API answers identically from a SQLite store and from a PostgreSQL one (DYADSCOPE_TEST_PG_URL)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sample_store import build_sample_store

from dyadscope.web.app import create_app

URLS = [
    "/api/v1/dyads",
    "/api/v1/documents",
    "/api/v1/events?size=50&sort=date",
    "/api/v1/events?size=3&page=2&sort=date",
    "/api/v1/events?q=visit",
    "/api/v1/dyads/USA-VNM/timeline",
    "/api/v1/snapshots",
]


def answers(url: str) -> dict[str, tuple[int, object]]:
    client = TestClient(create_app(url), base_url="http://127.0.0.1", raise_server_exceptions=False)
    found = {}
    for path in URLS:
        response = client.get(path)
        body = response.json() if "json" in response.headers.get("content-type", "") else response.text
        found[path] = (response.status_code, body)
    return found


def test_api_answers_are_identical_on_every_backend(tmp_db, tmp_path):
    """On SQLite it compares a store with itself; with DYADSCOPE_TEST_PG_URL set it runs on PostgreSQL too."""
    reference = build_sample_store(tmp_path / "reference.db")
    reference.close()
    build_sample_store(tmp_db.url).close()  # type: ignore[arg-type]
    expected = answers(str(tmp_path / "reference.db"))
    got = answers(tmp_db.url)
    assert [path for path in URLS if got[path] != expected[path]] == []
    assert all(status < 500 for status, _ in got.values())
