"""Issue 15: several pairs on one chart, in the Python API, the JSON API, the dashboard and the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app as cli_app
from dyadscope.web.app import create_app

PAIRS = "USA-VNM,CHN-VNM,JPN-VNM"


@pytest.fixture(scope="module")
def demo_client(demo_db: dyadscope.Database) -> TestClient:
    return TestClient(create_app(demo_db.url), base_url="http://127.0.0.1", raise_server_exceptions=False)


def test_compare_pairs_python_api(demo_db: dyadscope.Database) -> None:
    c = demo_db.compare_pairs(PAIRS.split(","), dimension="security", since="2015-01", until="2025-06")
    assert list(c.latest["dyad"]) == ["USA-VNM", "CHN-VNM"]
    assert [m["dyad"] for m in c.missing] == ["JPN-VNM"] and "E605" in c.missing[0]["error"]
    assert c.scores["month"].min() >= "2015-01" and c.scores["month"].max() <= "2025-06"
    usa = demo_db.assess("USA", "VNM", since="2015-01", until="2025-06", snapshot=False).timeline
    got = c.scores[c.scores["dyad"] == "USA-VNM"]["score"].tolist()
    assert got == pytest.approx(usa["security"].tolist())


def test_compare_pairs_json_api(demo_client: TestClient) -> None:
    body = demo_client.get(f"/api/v1/compare?dyads={PAIRS}&dimension=economic&since=2020-01").json()
    assert body["ok"] and body["dimension"] == "economic" and body["dyads"] == ["USA-VNM", "CHN-VNM"]
    assert {r["dyad"] for r in body["scores"]} == {"USA-VNM", "CHN-VNM"}
    assert body["missing"][0]["dyad"] == "JPN-VNM"


@pytest.mark.parametrize(
    "query, status, code",
    [
        ("dyads=USA-XXX", 404, "E401"),
        ("dyads=USA-VNM&dimension=bogus", 400, "E407"),
        ("dyads=USA-VNM&since=2020-13", 400, "E404"),
        (
            "dyads="
            + ",".join(["USA-VNM"] * 3 + ["CHN-VNM", "USA-CHN", "USA-JPN", "USA-IND", "USA-IDN", "USA-KOR"]),
            400,
            "E708",
        ),
    ],
)
def test_compare_pairs_bad_parameters(demo_client: TestClient, query: str, status: int, code: str) -> None:
    response = demo_client.get(f"/api/v1/compare?{query}")
    assert response.status_code == status and response.json()["code"] == code


def test_compare_pairs_page(demo_client: TestClient) -> None:
    html = demo_client.get(f"/compare?dyads={PAIRS}&dimension=security").text
    assert 'id="plot-pairs"' in html and "JPN-VNM: [E605]" in html and 'href="/compare"' in html
    assert demo_client.get("/compare").status_code == 200  # defaults to the pairs in the store


def test_compare_pairs_report_cli(demo_db: dyadscope.Database, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = CliRunner().invoke(
        cli_app,
        [
            "report",
            "USA",
            "VNM",
            "--compare",
            "CHN-VNM,JPN-VNM",
            "-f",
            "md",
            "-o",
            str(out),
            "--db",
            demo_db.url,
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Beside other pairs" in text and "| CHN-VNM |" in text and "JPN-VNM: \\[E605\\]" in text
