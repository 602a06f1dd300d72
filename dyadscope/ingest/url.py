"""Fetch an http(s) URL with a timeout, a size cap and a guard against server-side request forgery.

Every hop of a redirect chain is checked: only http/https, and (unless ``allow_private``) only hosts
whose every address is public — no loopback, private, link-local (169.254.169.254) or reserved ones.
The body is streamed and cut off at ``max_bytes``; the whole fetch has one wall-clock deadline, so a
server that drips bytes cannot hold ingestion. TLS errors are reported, never retried insecurely.

DNS rebinding (a name that resolves to a public address when checked and to 127.0.0.1 when the client
connects) is closed by connecting to the checked address itself: the HTTP client's network backend
resolves the name, checks every address, and opens the socket to that address, while TLS still verifies
the certificate against the host name.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..errors import Errors, FetchError, ResourceLimit

MAX_REDIRECTS = 5
USER_AGENT = "dyadscope (+https://github.com/dyadscope) httpx"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str


def is_url(text: str) -> bool:
    return "://" in text and text.split("://", 1)[0].lower().isalpha()


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse non-http(s) schemes (E205) and, unless allowed, non-public hosts (E204)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(Errors.E205.format(url=url))
    if allow_private:
        return
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    public_address(parts.hostname, port, url)


def public_address(host: str, port: int, url: str) -> str:
    """The first address of ``host``, after checking that every one is public (E204), else E201."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(Errors.E201.format(url=url, detail=f"cannot resolve {host}")) from exc
    if not infos:
        raise FetchError(Errors.E201.format(url=url, detail=f"cannot resolve {host}"))
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            raise FetchError(Errors.E204.format(url=url, host=f"{host} ({address})"))
    return str(infos[0][4][0])


class _PinnedBackend(httpcore.NetworkBackend):
    """Opens each TCP connection to an address checked at that moment, never to a second lookup."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        address = public_address(host, port, f"{host}:{port}")
        return self._inner.connect_tcp(
            address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise FetchError(Errors.E205.format(url=path))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_client(timeout: float, *, allow_private: bool, headers: dict[str, str]) -> httpx.Client:
    """An httpx client that never follows redirects itself and, unless ``allow_private``, connects only
    to addresses it has just checked (see the module docstring)."""
    transport = httpx.HTTPTransport(trust_env=False)
    if not allow_private:
        pool = getattr(transport, "_pool", None)
        if not isinstance(pool, httpcore.ConnectionPool):  # httpx changed its internals: fail closed
            raise FetchError(Errors.E201.format(url="(any)", detail="cannot pin connections in this httpx"))
        pool._network_backend = _PinnedBackend()
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        headers=headers,
        transport=transport,
    )


def fetch_url(
    url: str, *, timeout: float = 30.0, max_bytes: int = 50_000_000, allow_private: bool = False
) -> Fetched:
    """GET ``url`` following up to MAX_REDIRECTS checked redirects; the body within ``max_bytes``."""
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5"}
    with guarded_client(timeout, allow_private=allow_private, headers=headers) as client:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=allow_private)
            try:
                result = _get(client, current, deadline, timeout, max_bytes)
            except httpx.TimeoutException as exc:
                raise FetchError(Errors.E202.format(url=current, seconds=timeout)) from exc
            except httpx.HTTPError as exc:
                raise FetchError(Errors.E201.format(url=current, detail=_detail(exc))) from exc
            if isinstance(result, str):
                current = result
                continue
            return result
    raise FetchError(Errors.E207.format(url=url))


def _get(client: httpx.Client, url: str, deadline: float, timeout: float, max_bytes: int) -> Fetched | str:
    """One request: a Fetched body, or the next URL when the server redirects."""
    with client.stream("GET", url) as response:
        if response.is_redirect and response.headers.get("location"):
            return urljoin(url, response.headers["location"])
        if response.status_code >= 400:
            raise FetchError(Errors.E203.format(url=url, status=response.status_code))
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise ResourceLimit(Errors.E206.format(url=url, cap=max_bytes))
        chunks, size = [], 0
        for chunk in response.iter_bytes(65536):
            size += len(chunk)
            if size > max_bytes:
                raise ResourceLimit(Errors.E206.format(url=url, cap=max_bytes))
            if time.monotonic() > deadline:
                raise FetchError(Errors.E202.format(url=url, seconds=timeout))
            chunks.append(chunk)
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Fetched(str(response.url), b"".join(chunks), content_type)


def _detail(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]
