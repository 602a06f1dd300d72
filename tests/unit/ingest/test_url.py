from __future__ import annotations

import socket

import pytest

from dyadscope.errors import DyadscopeError
from dyadscope.ingest import url as url_module
from dyadscope.ingest.url import check_url, fetch_url

PAGE = b"<html><head><title>Statement</title></head><body><article><p>Talks went well.</p></article></body>"


def code_of(call) -> str:
    with pytest.raises(DyadscopeError) as info:
        call()
    return info.value.code


def test_url_fetches_local_page_when_private_allowed(local_server) -> None:
    fetched = fetch_url(local_server.add("/a.html", PAGE), allow_private=True, timeout=5)
    assert fetched.data == PAGE and fetched.content_type == "text/html"


@pytest.mark.parametrize(
    "target, code",
    [
        ("http://127.0.0.1:8000/", "E204"),
        ("http://169.254.169.254/latest/meta-data/", "E204"),
        ("http://10.0.0.1/", "E204"),
        ("http://[::1]/", "E204"),
        ("file:///etc/passwd", "E205"),
        ("ftp://example.org/x", "E205"),
    ],
)
def test_url_ssrf_guard_refuses_before_connecting(target: str, code: str) -> None:
    assert code_of(lambda: check_url(target)) == code


def test_url_redirect_hops_are_each_checked(local_server, monkeypatch) -> None:
    real_public_address = url_module.public_address

    def treating_local_server_as_public(host: str, port: int, url: str) -> str:
        return host if host == "127.0.0.1" else real_public_address(host, port, url)

    monkeypatch.setattr(url_module, "public_address", treating_local_server_as_public)
    start = local_server.add("/go", b"", status=302, headers={"Location": "http://10.0.0.1/admin"})
    with pytest.raises(DyadscopeError) as info:
        fetch_url(start, timeout=5)
    assert info.value.code == "E204" and "10.0.0.1" in info.value.message


def test_url_relative_redirect_followed(local_server) -> None:
    local_server.add("/final.html", PAGE)
    start = local_server.add("/old", b"", status=301, headers={"Location": "/final.html"})
    fetched = fetch_url(start, allow_private=True, timeout=5)
    assert fetched.url.endswith("/final.html") and fetched.data == PAGE


def test_url_redirect_loop_stops(local_server) -> None:
    loop = local_server.add("/loop", b"", status=302, headers={"Location": "/loop"})
    assert code_of(lambda: fetch_url(loop, allow_private=True, timeout=5)) == "E207"


def test_url_slow_server_times_out(local_server) -> None:
    slow = local_server.add("/slow", PAGE, delay=5)
    with pytest.raises(DyadscopeError) as info:
        fetch_url(slow, allow_private=True, timeout=0.5)
    assert info.value.code == "E202" and "/slow" in info.value.message


def test_url_unreachable_port_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert code_of(lambda: fetch_url(f"http://127.0.0.1:{port}/", allow_private=True, timeout=2)) == "E201"


@pytest.mark.parametrize("headers", [{}, {"X-No-Length": "1"}])
def test_url_size_cap_declared_or_streamed(local_server, headers: dict) -> None:
    big = local_server.add("/big", b"x" * 300_000, content_type="text/plain", headers=headers)
    with pytest.raises(DyadscopeError) as info:
        fetch_url(big, allow_private=True, timeout=5, max_bytes=100_000)
    assert info.value.code == "E206" and "100000" in info.value.message


def test_url_http_error_status(local_server) -> None:
    assert code_of(lambda: fetch_url(local_server.url("/missing"), allow_private=True, timeout=5)) == "E203"


def test_url_dns_rebinding_is_refused_at_connect_time(local_server, monkeypatch) -> None:
    """RELIABILITY case 38: the name is public when checked and 127.0.0.1 when connected to."""
    page = local_server.add("/secret", b"internal only")
    port = int(page.rsplit(":", 1)[1].split("/")[0])
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.216.34"])  # the first lookup (the check) sees a public address

    def rebinding(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != "rebind.example":
            return real_getaddrinfo(host, *args, **kwargs)
        address = next(answers, "127.0.0.1")  # every later lookup: loopback
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(DyadscopeError) as info:
        fetch_url(f"http://rebind.example:{port}/secret", timeout=5)
    assert info.value.code == "E204" and "127.0.0.1" in info.value.message
