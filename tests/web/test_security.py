"""Web defaults: CSP, Host allow-list, cross-site writes, read-only, upload cap and type, traversal, XSS."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sample_store import DOCS, XSS_ATTR, XSS_TITLE, doc_id

from dyadscope.web.app import create_app

HOSTILE = [XSS_TITLE, XSS_ATTR, "<img src=x onerror=alert(1)>"]


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert (
        "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    )
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_security_nonce_differs_per_request(client):
    first = client.get("/").headers["content-security-policy"]
    second = client.get("/").headers["content-security-policy"]
    assert first != second


@pytest.mark.parametrize("host", ["attacker.example", "127.0.0.1.attacker.example", "evil:8000"])
def test_security_host_outside_allow_list_gets_400(client, host):
    response = client.get("/api/v1/dyads", headers={"host": host})
    assert response.status_code == 400 and response.json()["code"] == "E705"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "localhost:1234"])
def test_security_local_hosts_allowed(client, host):
    assert client.get("/api/v1/dyads", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "http://attacker.example"},
        {"origin": "null"},
    ],
)
def test_security_cross_site_post_refused(ingest_client, headers):
    response = ingest_client.post(
        "/api/v1/ingest", headers=headers, files={"file": ("a.txt", b"hello world.")}
    )
    assert response.status_code == 403 and response.json()["code"] == "E704"


@pytest.mark.parametrize("url", ["/api/v1/ingest", "/upload"])
def test_security_read_only_refuses_writes(client, url):
    response = client.post(url, files={"file": ("a.txt", b"The ministers met in Hanoi.")})
    assert response.status_code == 403
    if url.startswith("/api"):
        assert response.json()["code"] == "E703"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_security_other_write_methods_not_allowed(client, method):
    response = getattr(client, method)("/api/v1/events")
    assert response.status_code == 405 and response.json()["code"] == "E702"


def test_security_read_only_store_opened_read_only(app):
    state = app.state.web
    assert state.read_only and state.db.read_only


def test_security_upload_form_hidden_when_read_only(client):
    response = client.get("/upload")
    assert response.status_code == 403 and "--allow-ingest" in response.text
    assert 'href="/upload"' not in client.get("/").text


@pytest.mark.parametrize(
    "name, data, status, code",
    [
        ("evil.exe", b"MZ\x90\x00", 415, "E707"),
        ("fake.pdf", b"just text pretending", 415, "E707"),
        ("binary.txt", b"\x00\x01\x02\x00" * 10, 415, "E707"),
        ("big.txt", b"a" * 20_000, 413, "E706"),
    ],
)
def test_security_upload_type_and_size_checked(ingest_client, name, data, status, code):
    response = ingest_client.post("/api/v1/ingest", files={"file": (name, data)})
    assert response.status_code == status and response.json()["code"] == code


def test_security_declared_body_over_cap_refused_before_reading(ingest_client):
    response = ingest_client.post("/api/v1/ingest", content=b"x", headers={"content-length": "999999999"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    "url",
    [
        "/static/../dyadscope.db",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fapi.py",
        "/documents/..%2f..%2fetc%2fpasswd",
        "/documents/" + "a" * 63,
        "/documents/" + "0" * 64,
    ],
)
def test_security_no_path_traversal(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "sqlite" not in response.text.lower() and "[project]" not in response.text


def test_security_static_does_not_follow_symlinks(tmp_path, sample_path):
    from dyadscope.web import app as app_module

    link = app_module.STATIC / "zz-test-link.txt"
    target = tmp_path / "secret.txt"
    target.write_text("top secret")
    try:
        link.symlink_to(target)
        client = TestClient(create_app(sample_path), base_url="http://127.0.0.1")
        response = client.get("/static/zz-test-link.txt")
        assert response.status_code == 404 and "top secret" not in response.text
    finally:
        link.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/dyads/USA-VNM",
        "/documents",
        f"/documents/{doc_id(DOCS[2]['text'])}",
        "/events",
        "/events?status=planned",
        "/dyads/USA-VNM/explain/2024-01",
    ],
)
def test_security_hostile_strings_render_escaped(client, url):
    html = client.get(url).text
    for text in HOSTILE:
        assert text not in html
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html.replace("&gt;", "")
    # the only executable scripts are our own, loaded from this server
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert re.search(r'src="/(static|vendor)/|type="application/json"', tag), tag


def test_security_hostile_strings_in_chart_json_are_escaped(client):
    html = client.get("/dyads/USA-VNM").text
    blocks = re.findall(r'<script type="application/json" id="fig-[a-z]+">(.*?)</script>', html, re.S)
    assert blocks and all("<" not in block for block in blocks)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in "".join(b.replace("\\u0026", "&") for b in blocks)


def test_security_404_page_does_not_echo_the_path(client):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 404 and "alert(1)" not in response.text


@pytest.mark.parametrize(
    "url, body, status",
    [
        ("/api/v1/events", b"{" + b'"a": 1,' * 1_500_000 + b"}", 413),  # 10 MB JSON
        ("/upload", "&".join(f"f{i}=1" for i in range(100_000)).encode(), 400),  # 10^5 urlencoded fields
    ],
)
def test_security_big_bodies_refused(ingest_client, url, body, status):
    form = url == "/upload"
    headers = {"content-type": "application/x-www-form-urlencoded" if form else "application/json"}
    response = ingest_client.post(url, content=body, headers=headers)
    assert response.status_code == status
    if url.startswith("/api/"):
        assert response.json()["code"] == "E714"


def test_security_slow_query_stopped_by_time_limit(sample_path):
    from sqlalchemy import text

    app = create_app(sample_path, query_seconds=0.2)
    db = app.state.web.db

    def slow(*_args, **_kwargs):  # a recursive CTE that would run for minutes
        with db.read() as conn:
            conn.execute(
                text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
            ).scalar()

    db.assess = slow
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = client.get("/api/v1/dyads/USA-VNM/assessment")
    assert response.status_code == 503 and response.json()["code"] == "E715"
    assert client.get("/api/v1/documents").status_code == 200  # the server goes on
