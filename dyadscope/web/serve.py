"""``dyadscope serve``: run the app with uvicorn, or answer one GET in-process (``--get PATH``)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import warnings
from pathlib import Path
from typing import Any

from ..store.engine import redact
from .app import create_app

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")


def get_once(db: str | Path | None, path: str, *, allow_ingest: bool = False) -> tuple[int, str]:
    """(status, body) of one GET answered in-process, as ``datasette --get`` does."""
    with warnings.catch_warnings():  # starlette's note about httpx is for test suites, not users
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    app = create_app(db, read_only=not allow_ingest, allow_ingest=allow_ingest)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        response = client.get(path if path.startswith("/") else "/" + path)
    return response.status_code, response.text


def allowed_hosts(host: str) -> tuple[str, ...]:
    """The Host allow-list: loopback names, plus the bound name when it is another interface."""
    return LOCAL_HOSTS if host in LOCAL_HOSTS else (*LOCAL_HOSTS, host)


def write_token(host: str, allow_ingest: bool, given: str | None = None) -> str | None:
    """The token writes need: ``given``, else a fresh one when uploads are open beyond loopback."""
    if given:
        return given
    if allow_ingest and not is_loopback(host):
        return secrets.token_urlsafe(24)
    return None


def is_loopback(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_from_env() -> Any:
    """App factory for worker processes: the parent passes its settings through the environment."""
    env = os.environ
    allow = env.get("DYADSCOPE_SERVE_INGEST") == "1"
    return create_app(
        env.get("DYADSCOPE_SERVE_DB") or None,
        read_only=not allow,
        allow_ingest=allow,
        allowed_hosts=allowed_hosts(env.get("DYADSCOPE_SERVE_HOST", "127.0.0.1")),
        token=env.get("DYADSCOPE_SERVE_TOKEN") or None,
    )


def serve(
    db: str | Path | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_ingest: bool = False,
    workers: int = 1,
    token: str | None = None,
) -> None:
    """Run the app with uvicorn; ``workers`` > 1 starts that many processes, each with its own cache.

    Uploads enabled on a non-loopback interface need a token (``token``, else a generated one,
    printed): anyone who can reach the port could otherwise write to the store.
    """
    import uvicorn

    token = write_token(host, allow_ingest, token)
    app = create_app(
        db,
        read_only=not allow_ingest,
        allow_ingest=allow_ingest,
        allowed_hosts=allowed_hosts(host),
        token=token,
    )
    mode = "ingest enabled" if allow_ingest else "read-only"
    print(
        f"dyadscope: serving {redact(app.state.web.db.url)} on http://{host}:{port}/ "
        f"with {workers} worker(s) ({mode}); API docs at /api/v1/docs",
        flush=True,
    )
    if token is not None:
        print(
            f"dyadscope: writes need the token {token}: open http://{host}:{port}/?token={token} once "
            "in the browser, or send the header 'Authorization: Bearer <token>'",
            flush=True,
        )
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
        return
    app.state.web.db.close()
    os.environ.update(
        DYADSCOPE_SERVE_DB=str(db or ""),
        DYADSCOPE_SERVE_HOST=host,
        DYADSCOPE_SERVE_INGEST="1" if allow_ingest else "0",
        DYADSCOPE_SERVE_TOKEN=token or "",
    )
    uvicorn.run(
        "dyadscope.web.serve:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
    )
