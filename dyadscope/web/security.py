"""Security middleware (pure ASGI, so it costs little per request).

- Host allow-list: a Host outside it gets 400 (guards localhost against DNS rebinding).
- Cross-site writes: a non-GET whose ``Sec-Fetch-Site`` is cross-site, or whose ``Origin`` names another
  host, gets 403 (the CSRF check Datasette uses).
- Request body cap: a declared ``Content-Length`` over the cap gets 413 before the body is read.
- Response headers: Content-Security-Policy with a per-request nonce for inline scripts and no inline
  handlers, ``X-Content-Type-Options: nosniff``, ``frame-ancestors 'none'``, same-origin referrer.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import make

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
UPLOAD_PATHS = {"/upload", "/api/v1/ingest"}
SMALL_BODY = 65_536  # no other endpoint takes a body; a 10 MB JSON post is refused unread
CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def refusal(code: str, **fields: object) -> tuple[int, str, str]:
    """(status, message, code) of a catalogue error, for a refusal answered before the app runs."""
    exc = make(code, **fields)
    return exc.status, exc.message, exc.code


def error_body(message: str, code: str, status: int) -> bytes:
    return json.dumps({"ok": False, "error": message, "code": code, "status": status}).encode()


def _host_only(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SecurityMiddleware:
    """Host allow-list, CSRF check on writes, body cap and security headers."""

    def __init__(
        self, app: ASGIApp, *, allowed_hosts: Iterable[str] = DEFAULT_HOSTS, max_body_bytes: int = 60_000_000
    ) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.check(scope["method"], headers, scope.get("path", "/"))
        if refusal is not None:
            await self._refuse(send, *refusal)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        extra = [
            (b"content-security-policy", CSP.format(nonce=nonce).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),  # no-referrer would make form POSTs send Origin: null
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in extra if h[0] not in names
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def check(self, method: str, headers: dict[str, str], path: str = "/") -> tuple[int, str, str] | None:
        """(status, message, code) when the request must be refused, else None."""
        host = _host_only(headers.get("host", ""))
        if "*" not in self.allowed and host not in self.allowed:
            return refusal("E705")
        if method not in SAFE_METHODS:
            site = headers.get("sec-fetch-site")
            if site is not None and site not in ("same-origin", "none"):
                return refusal("E704")
            origin = headers.get("origin")
            if origin is not None and (
                origin == "null" or urlsplit(origin).netloc.lower() != headers.get("host", "").lower()
            ):
                return refusal("E704")
        length = headers.get("content-length")
        cap = self.max_body if path in UPLOAD_PATHS else SMALL_BODY
        if length is not None and (not length.isdigit() or int(length) > cap):
            return refusal("E714", cap=cap)
        return None

    async def _refuse(self, send: Send, status: int, message: str, code: str) -> None:
        body = error_body(message, code, status)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-security-policy", b"default-src 'none'"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
