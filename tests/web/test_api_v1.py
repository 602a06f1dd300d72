"""JSON API v1: every endpoint, good and bad parameters, one error shape, pagination, ETags."""

from __future__ import annotations

import pytest
from sample_store import DOCS, XSS_ATTR, XSS_TITLE, doc_id

ERROR_KEYS = {"ok", "error", "code", "status"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == status
    if code:
        assert body["code"] == code
    if body["error"].startswith("[E"):
        assert body["error"].startswith(f"[{body['code']}] "), body  # text and field name one code
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dyads",
        "/api/v1/dyads/USA-VNM/assessment",
        "/api/v1/dyads/USA-VNM/timeline",
        "/api/v1/dyads/VNM-USA/timeline?since=2023-01&until=2023-12",
        "/api/v1/dyads/USA-VNM/explain/2023-09",
        "/api/v1/dyads/USA-VNM/findings",
        "/api/v1/events",
        "/api/v1/events?dyad=USA-VNM&dimension=economic&status=reported&sort=goldstein",
        "/api/v1/events?actor=VNM&root=03&since=2021&until=2021-06-30&q=gdelt",
        "/api/v1/indicators?dyad=USA-VNM&name=goods_trade_total",
        "/api/v1/claims?dyad=USA-VNM&stance=constraint",
        "/api/v1/documents",
        "/api/v1/documents?kind=news",
        "/api/v1/openapi.json",
    ],
)
def test_api_endpoint_answers_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    if "openapi" not in url:
        assert response.json()["ok"] is True


def test_api_timeline_filters_months(client):
    rows = client.get("/api/v1/dyads/USA-VNM/timeline?since=2023-01&until=2023-12").json()["rows"]
    assert [r["month"] for r in rows] == [f"2023-{m:02d}" for m in range(1, 13)]


def test_api_explain_lists_the_month_evidence(client):
    rows = client.get("/api/v1/dyads/USA-VNM/explain/2023-09").json()["rows"]
    cited = [r for r in rows if r["doc_id"]]
    assert {r["record_id"] for r in cited} == {"e1", "e2"}  # plus one bulk (GDELT) row without a document
    assert all(r["doc_id"] == doc_id(DOCS[0]["text"]) for r in cited) and len(rows) == 3


@pytest.mark.parametrize(
    "query, ids",
    [
        ("dimension=economic", {"e3"}),
        ("status=planned", {"e4"}),
        ("q=46%20percent", {"e3"}),
        ("q=100%25", set()),  # a literal % is searched for, not a wildcard
        ("root=05", {"e2"}),
        ("since=2023-09-10&until=2023-09-10&actor=USA", {"e1", "e2"}),
    ],
)
def test_api_events_filters(client, query, ids):
    body = client.get(f"/api/v1/events?{query}").json()
    assert {r["id"] for r in body["rows"]} == ids


def test_api_events_pagination_and_cap(client):
    first = client.get("/api/v1/events?size=10&sort=date").json()
    assert first["total"] == 64 and first["pages"] == 7 and first["has_next"] and not first["truncated"]
    last = client.get("/api/v1/events?size=10&page=7&sort=date").json()
    assert len(last["rows"]) == 4 and not last["has_next"]
    capped = client.get("/api/v1/events?size=1000000000").json()
    assert capped["truncated"] is True and capped["size"] == 200 and len(capped["rows"]) == 64


@pytest.mark.parametrize(
    "url, status, code",
    [
        ("/api/v1/dyads/USA-XXX/timeline", 404, "E401"),
        ("/api/v1/dyads/USA/timeline", 400, "E402"),
        ("/api/v1/dyads/USA-VNM/explain/2023-13", 400, "E404"),
        ("/api/v1/dyads/USA-VNM/explain/Sept", 400, "E404"),
        ("/api/v1/events?since=2023-02-30", 400, "E409"),
        ("/api/v1/events?until=yesterday", 400, "E409"),
        ("/api/v1/events?page=99", 400, "E408"),
        ("/api/v1/events?page=0", 400, "E408"),
        ("/api/v1/events?page=abc", 400, "E708"),
        ("/api/v1/events?size=0", 400, "E708"),
        ("/api/v1/events?sort=date;DROP%20TABLE%20events", 400, "E407"),
        ("/api/v1/events?sort=text", 400, "E407"),
        ("/api/v1/events?dimension=culture", 400, "E407"),
        ("/api/v1/events?status=rumoured", 400, "E407"),
        ("/api/v1/events?actor=%27%20OR%201=1--", 404, "E401"),
        ("/api/v1/events?root=1%3B", 400, "E708"),
        ("/api/v1/claims?stance=both", 400, "E407"),
        ("/api/v1/documents?kind=%22%5D", 400, "E407"),
        ("/api/v1/indicators?page=5", 400, "E408"),
        ("/api/v1/documents/..%2f..%2fetc%2fpasswd", 404, None),  # decoded to a path no route matches
        ("/api/v1/documents/" + "0" * 64, 404, "E405"),
        ("/api/v1/documents/" + "g" * 64, 404, "E405"),
        ("/api/v1/diff?a=x;y&b=z", 400, "E708"),
        ("/api/v1/nothing-here", 404, "E701"),
        ("/api/v1/dyads/USA-VNM/scenario?runs=10000000", 400, "E708"),
    ],
)
def test_api_bad_parameters_give_the_json_error_shape(client, url, status, code):
    assert_error(client.get(url), status, code)


@pytest.mark.parametrize(
    "url", ["/api/v1/dyads/%3Cscript%3Ealert(1)%3C%2Fscript%3E-VNM/timeline", "/api/v1/%3Cscript%3Ex"]
)
def test_api_404_text_does_not_echo_input(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "script" not in response.text.lower()


def test_api_sql_ish_parameters_leave_the_table_unchanged(client):
    before = client.get("/api/v1/events?size=1").json()["total"]
    client.get("/api/v1/events?sort=date;DROP TABLE events")
    client.get("/api/v1/events?q=' OR 1=1--")
    assert client.get("/api/v1/events?size=1").json()["total"] == before


def test_api_json_returns_raw_strings(client):
    docs = client.get("/api/v1/documents").json()["rows"]
    hostile = next(d for d in docs if d["title"] == XSS_TITLE)
    assert hostile["source"] == XSS_ATTR
    full = client.get(f"/api/v1/documents/{hostile['id']}").json()
    assert full["document"]["text"] == DOCS[2]["text"] and len(full["sentences"]) == 2


def test_api_etag_gives_304(client):
    first = client.get("/api/v1/events?size=5")
    tag = first.headers["etag"]
    again = client.get("/api/v1/events?size=5", headers={"if-none-match": tag})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/events?size=6", headers={"if-none-match": tag})
    assert other.status_code == 200


def test_api_dyads_lists_the_store_dyads(client):
    rows = client.get("/api/v1/dyads").json()["rows"]
    assert [r["dyad"] for r in rows] == ["USA-VNM"]
    assert rows[0]["score"] == 3.0 and rows[0]["level"] == "good (low)" and len(rows[0]["recent"]) == 72


def test_api_stage_bug_is_a_500_not_a_501(sample_path):
    """Issue #13: a bug in a stage is an internal error, not "stage not available" (E711 is retired)."""
    from fastapi.testclient import TestClient

    from dyadscope.web.app import create_app

    app = create_app(sample_path)
    app.state.web.db.assess = lambda a, b, **kw: (_ for _ in ()).throw(NotImplementedError("secret"))
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    body = assert_error(client.get("/api/v1/dyads/USA-VNM/timeline"), 500)
    assert body["code"] == "E700" and "secret" not in body["error"]


def test_api_stage_refusal_answers_its_own_code(sample_path):
    from fastapi.testclient import TestClient

    from dyadscope.errors import make
    from dyadscope.web.app import create_app

    def refuse(a, b, **kw):
        raise make("E605", dyad=f"{a}-{b}")

    app = create_app(sample_path)
    app.state.web.db.assess = refuse
    body = assert_error(
        TestClient(app, base_url="http://127.0.0.1").get("/api/v1/dyads/USA-VNM/timeline"), 400
    )
    assert body["code"] == "E605" and body["error"].startswith("[E605] ")


def test_api_snapshots_and_diff(client):
    body = client.get("/api/v1/snapshots").json()
    assert body["ok"] is True and isinstance(body["rows"], list)
    assert_error(client.get("/api/v1/diff?a=abcdef1&b=abcdef2"), 404, "E701")
    assert_error(client.get("/api/v1/diff?a=abc"), 400, "E708")


def test_api_timeline_carries_coverage_and_interval(sample_path):
    """Issue #11: every month has its interval and evidence coverage beside the score (real assessment)."""
    from fastapi.testclient import TestClient

    from dyadscope.web.app import create_app

    real = TestClient(create_app(sample_path), base_url="http://127.0.0.1", raise_server_exceptions=False)
    rows = real.get("/api/v1/dyads/USA-VNM/timeline").json()["rows"]
    assert {"lo", "hi", "coverage_docs", "coverage_reports", "evidence"} <= set(rows[0])
    assert all(r["lo"] <= r["overall"] + 1e-9 <= r["hi"] + 2e-9 for r in rows)
    assert all(r["evidence"] == (r["coverage_reports"] > 0) for r in rows)
