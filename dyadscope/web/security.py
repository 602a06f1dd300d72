"""Security middleware (pure ASGI, so it costs little per request).

- Host allow-list: a Host outside it gets 400 (guards localhost against DNS rebinding).
- Cross-site writes: a non-GET whose ``Sec-Fetch-Site`` is cross-site, or whose ``Origin`` names another
  host, gets 403 (the CSRF check Datasette uses).
- Request body cap: a declared ``Content-Length`` over the cap gets 413 before the body is read.
- Response headers: Content-Security-Policy with a per-request nonce for inline scripts and no inline
  handlers, ``X-Content-Type-Options: nosniff``, ``frame-ancestors 'none'``, same-origin referrer.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import Iterable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import make

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
UPLOAD_PATHS = {"/upload", "/api/v1/ingest"}
SMALL_BODY = 65_536  # no other endpoint takes a body; a 10 MB JSON post is refused unread
# img-src blob: lets plotly draw a chart's SVG onto a canvas for the PNG download (same-page blobs only)
CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
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
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str] = DEFAULT_HOSTS,
        max_body_bytes: int = 60_000_000,
        token: str | None = None,
    ) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.max_body = max_body_bytes
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.check(scope["method"], headers, scope.get("path", "/"))
        refusal = refusal or spoofed_loopback(headers, scope.get("server"))
        if refusal is None and self.token is not None:
            refusal = check_token(self.token, scope["method"], headers)
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

        if self.token is not None and given_token(scope.get("query_string", b"")) == self.token:
            # the URL printed by `serve` carries the token once; the browser keeps it as a cookie
            extra.append((b"set-cookie", token_cookie(self.token).encode()))

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


TOKEN_COOKIE = "dyadscope_token"


def spoofed_loopback(headers: dict[str, str], server: tuple[str, int] | None) -> tuple[int, str, str] | None:
    """400 when the Host names loopback but the connection came in on another interface.

    Bound to 0.0.0.0, the server also answers on the machine's public address; a client there
    sending ``Host: 127.0.0.1`` must not pass for a local one.
    """
    host = _host_only(headers.get("host", "")).strip("[]")
    if not server or not _is_loopback_name(host):
        return None
    try:
        local = ipaddress.ip_address(str(server[0]).split("%", 1)[0])
    except ValueError:
        return None  # a Unix socket or a test transport: no interface to compare
    if local.is_loopback or (local.version == 6 and local.ipv4_mapped and local.ipv4_mapped.is_loopback):
        return None
    return refusal("E705")


def _is_loopback_name(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_token(token: str, method: str, headers: dict[str, str]) -> tuple[int, str, str] | None:
    """401 for a write without the server's token (``Authorization: Bearer …`` or the cookie)."""
    if method in SAFE_METHODS:
        return None
    sent = headers.get("authorization", "")
    candidates = [sent[7:].strip()] if sent.lower().startswith("bearer ") else []
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", ""))
    except CookieError:
        pass
    if TOKEN_COOKIE in cookies:
        candidates.append(cookies[TOKEN_COOKIE].value)
    if any(secrets.compare_digest(c.encode(), token.encode()) for c in candidates):
        return None
    return refusal("E717")


def given_token(query_string: bytes) -> str | None:
    values = parse_qs(query_string.decode("latin-1")).get("token")
    return values[0] if values else None


def token_cookie(token: str) -> str:
    return f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
