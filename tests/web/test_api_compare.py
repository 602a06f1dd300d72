"""GET /api/v1/dyads/{dyad}/compare: the Python comparison as JSON, and 4xx for bad parameters."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dyadscope
from dyadscope.web.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "assess"))
from compare_store import gdelt_file  # noqa: E402
from synthetic_store import build_milestones  # noqa: E402


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("compare")
    both, docs = folder / "both.db", folder / "docs.db"
    db = build_milestones(dyadscope.open(both))
    db.import_gdelt([gdelt_file(folder)])
    db.close()
    build_milestones(dyadscope.open(docs)).close()
    return both, docs


def _client(path: Path) -> TestClient:
    return TestClient(create_app(path), base_url="http://127.0.0.1", raise_server_exceptions=False)


def test_api_compare_equals_the_python_result(stores: tuple[Path, Path]) -> None:
    response = _client(stores[0]).get("/api/v1/dyads/USA-VNM/compare?min_events=6")
    assert response.status_code == 200 and response.headers["etag"]
    body = response.json()
    direct = dyadscope.open(stores[0]).compare_origins("USA", "VNM", min_events=6).to_json()
    assert body["ok"] is True and body["summary"] == direct["summary"]
    assert body["divergences"] == direct["divergences"] and len(body["monthly"]) == len(direct["monthly"])


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("/api/v1/dyads/USA-XXX/compare", 404, "E401"),
        ("/api/v1/dyads/USA-VNM/compare?weight=likes", 400, "E407"),
        ("/api/v1/dyads/USA-VNM/compare?since=2023-13", 400, "E409"),
        ("/api/v1/dyads/USA-VNM/compare?min_events=0", 400, "E708"),
    ],
)
def test_api_compare_bad_parameters_are_4xx_json(
    stores: tuple[Path, Path], query: str, status: int, code: str
) -> None:
    response = _client(stores[0]).get(query)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code and "likes" not in response.text


def test_api_compare_without_gdelt_is_404_with_the_hint(stores: tuple[Path, Path]) -> None:
    response = _client(stores[1]).get("/api/v1/dyads/USA-VNM/compare")
    assert response.status_code == 404 and response.json()["code"] == "E609"
    assert "dyadscope import gdelt" in response.json()["error"]
