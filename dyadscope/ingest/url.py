"""Fetch an http(s) URL with a timeout, a size cap and a guard against server-side request forgery.

Every hop of a redirect chain is checked: only http/https, and (unless ``allow_private``) only hosts
whose every address is public — no loopback, private, link-local (169.254.169.254) or reserved ones.
The body is streamed and cut off at ``max_bytes``; the whole fetch has one wall-clock deadline, so a
server that drips bytes cannot hold ingestion. TLS errors are reported, never retried insecurely.
Known limit: the name is resolved again by the HTTP client after the check (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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
    host = parts.hostname
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(Errors.E201.format(url=url, detail=f"cannot resolve {host}")) from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            raise FetchError(Errors.E204.format(url=url, host=f"{host} ({address})"))


def fetch_url(
    url: str, *, timeout: float = 30.0, max_bytes: int = 50_000_000, allow_private: bool = False
) -> Fetched:
    """GET ``url`` following up to MAX_REDIRECTS checked redirects; the body within ``max_bytes``."""
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5"}
    with httpx.Client(
        timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False, headers=headers
    ) as client:
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
