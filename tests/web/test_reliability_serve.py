"""Issue 14, case c47: `serve --host 0.0.0.0 --allow-ingest` needs a token; `Host: 127.0.0.1` is no pass.

A client reaching the machine's other address (here 10.0.0.5) and sending ``Host: 127.0.0.1`` is
refused; uploads on a server with a token need it (header, or the cookie a ``?token=`` GET sets).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_store import build_sample_store

from dyadscope.web import serve as serve_module
from dyadscope.web.app import create_app

DOC = {"file": ("brief.txt", b"The ministers of Vietnam and the United States met in Hanoi on 5 March 2024.")}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    build_sample_store(path).close()
    return path


def test_c47_loopback_host_from_another_interface_refused(store):
    app = create_app(store, allow_ingest=True, allowed_hosts=serve_module.allowed_hosts("0.0.0.0"))
    remote = TestClient(app, base_url="http://10.0.0.5", raise_server_exceptions=False)
    for host in ("127.0.0.1", "localhost", "[::1]", "127.0.0.1:8000"):
        response = remote.get("/api/v1/dyads", headers={"host": host})
        assert (response.status_code, response.json()["code"]) == (400, "E705"), host
        assert remote.post("/api/v1/ingest", headers={"host": host}, files=DOC).status_code == 400
    local = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert local.get("/api/v1/dyads").status_code == 200


def test_c47_writes_need_the_token(store):
    app = create_app(store, allow_ingest=True, token="s3cret-token")
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    refused = client.post("/api/v1/ingest", files=DOC)
    assert (refused.status_code, refused.json()["code"]) == (401, "E717")
    wrong = client.post("/api/v1/ingest", files=DOC, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert client.get("/api/v1/dyads").status_code == 200  # reads need no token
    ok = client.post("/api/v1/ingest", files=DOC, headers={"authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200, ok.text


def test_c47_token_url_sets_a_cookie_the_upload_form_then_uses(store):
    app = create_app(store, allow_ingest=True, token="s3cret-token")
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    first = client.get("/?token=s3cret-token")
    cookie = first.headers["set-cookie"]
    assert "dyadscope_token=s3cret-token" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.post("/api/v1/ingest", files=DOC).status_code == 200  # the client kept the cookie
    assert "set-cookie" not in client.get("/?token=guess").headers


@pytest.mark.parametrize(
    "host, allow_ingest, given, needs",
    [
        ("0.0.0.0", True, None, True),
        ("192.168.1.20", True, None, True),
        ("::", True, None, True),
        ("127.0.0.1", True, None, False),
        ("localhost", True, None, False),
        ("0.0.0.0", False, None, False),
        ("127.0.0.1", True, "mine", True),
    ],
)
def test_c47_token_generated_for_non_loopback_writes(host, allow_ingest, given, needs):
    token = serve_module.write_token(host, allow_ingest, given)
    assert (token is not None) == needs
    if given:
        assert token == given


def test_c47_serve_prints_the_token(store, monkeypatch, capsys):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app))
    serve_module.serve(store, host="0.0.0.0", port=8123, allow_ingest=True)
    out = capsys.readouterr().out
    assert "writes need the token" in out
    token = out.split("?token=", 1)[1].split()[0]
    assert len(token) >= 24
    client = TestClient(seen["app"], base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert client.post("/api/v1/ingest", files=DOC).status_code == 401
