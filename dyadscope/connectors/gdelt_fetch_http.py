"""HTTP for the GDELT downloader: lists read line by line, files streamed to a temporary file and verified.

Every hop is checked by the ingest SSRF guard (``allow_private`` opts in to loopback and private hosts,
for a mirror on the intranet or a test server). A file is accepted only when its size and MD5 equal the
list's and it is not an HTML page served with status 200 (RELIABILITY case 17); it is then renamed into
place, so a half-written download never carries the final name. A file that is not there (404/410) is
``missing`` at once; a timeout, a dropped connection, HTTP 408/429/5xx or a file that fails verification
is tried again after ``backoff * 2**n`` seconds, at most ``attempts`` times in all, and then ends
``missing`` (nothing arrived, case 21) or ``failed`` (something wrong arrived, case 17).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx

from ..errors import Errors, FetchError, ResourceLimit
from ..ingest.url import MAX_REDIRECTS, USER_AGENT, check_url, guarded_client
from .gdelt_fetch_list import Listed

CHUNK = 1 << 16
DEADLINE_FACTOR = 20  # one file may take 20 times the stall timeout in all (a server that drips bytes)
MAX_LIST_BYTES = 2_000_000_000  # the 2.0 master list grows by about 30 MB a year; it is streamed, never held
RETRY_STATUS = {408, 429, 500, 502, 503, 504}
HTML_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<title")


@dataclass
class Outcome:
    """How one slice's download ended: ``ok`` with ``path``, or ``missing`` / ``failed`` with a reason."""

    status: str
    reason: str = ""
    attempts: int = 0
    path: Path | None = None
    bytes: int = 0


class Problem(Exception):
    """One failed download attempt: what it means for the slice, and whether another attempt may help."""

    def __init__(self, status: str, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.status, self.reason, self.retry = status, reason, retry


def client(timeout: float, *, allow_private: bool = False) -> httpx.Client:
    """The ingest's guarded client: connections go only to addresses checked when they are opened."""
    return guarded_client(timeout, allow_private=allow_private, headers={"User-Agent": USER_AGENT})


@contextmanager
def _response(http: httpx.Client, url: str, allow_private: bool) -> Iterator[httpx.Response]:
    """The streamed final response to GET ``url``, every redirect hop checked by the SSRF guard."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(current, allow_private=allow_private)
        with http.stream("GET", current) as response:
            if response.is_redirect and response.headers.get("location"):
                current = urljoin(current, response.headers["location"])
                continue
            yield response
            return
    raise FetchError(Errors.E207.format(url=url))


def list_lines(http: httpx.Client, url: str, *, required: bool, allow_private: bool) -> Iterator[str]:
    """The lines of a published list, streamed (the 2.0 list is large and never held whole); an
    optional list that is absent (404/410) gives no lines. Errors are coded E201-E207."""
    try:
        with _response(http, url, allow_private) as response:
            if response.status_code in (404, 410) and not required:
                return
            if response.status_code >= 400:
                raise FetchError(Errors.E203.format(url=url, status=response.status_code))
            size = 0
            for line in response.iter_lines():
                size += len(line) + 1
                if size > MAX_LIST_BYTES:
                    raise ResourceLimit(Errors.E206.format(url=url, cap=MAX_LIST_BYTES))
                yield line
    except httpx.TimeoutException as exc:
        raise FetchError(Errors.E202.format(url=url, seconds=http.timeout.read)) from exc
    except httpx.HTTPError as exc:
        raise FetchError(Errors.E201.format(url=url, detail=_detail(exc))) from exc


def download(
    http: httpx.Client,
    url: str,
    target: Path,
    listed: Listed,
    *,
    max_bytes: int,
    attempts: int,
    backoff: float,
    sleep: Callable[[float], None],
    allow_private: bool,
) -> Outcome:
    """Fetch ``url`` into ``target`` and verify it against ``listed``, retrying with exponential backoff."""
    if listed.size is not None and listed.size > max_bytes:
        reason = f"the list gives {listed.size:,} bytes, over the download cap of {max_bytes:,}"
        return Outcome("failed", reason, attempts=0)
    problem = Problem("missing", "not tried", retry=False)
    for attempt in range(1, max(attempts, 1) + 1):
        try:
            size = _download_once(http, url, target, listed, max_bytes, allow_private)
            return Outcome("ok", attempts=attempt, path=target, bytes=size)
        except Problem as caught:
            problem = caught
        if not problem.retry or attempt >= attempts:
            return Outcome(problem.status, problem.reason, attempts=attempt)
        sleep(backoff * 2 ** (attempt - 1))
    return Outcome(problem.status, problem.reason, attempts=attempts)


def _download_once(
    http: httpx.Client, url: str, target: Path, listed: Listed, max_bytes: int, allow_private: bool
) -> int:
    """One attempt: stream to a temporary file beside ``target``, verify, rename; raises Problem."""
    stall = http.timeout.read or 30.0
    deadline = time.monotonic() + stall * DEADLINE_FACTOR
    handle, temp_name = tempfile.mkstemp(prefix=".part-", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            digest, size = _stream(http, url, out, max_bytes, deadline, allow_private)
        _verify(listed, digest, size)
        os.replace(temp, target)
        return size
    except httpx.TimeoutException as exc:
        raise Problem("missing", f"no answer within {stall:g} s", retry=True) from exc
    except httpx.HTTPError as exc:
        raise Problem("missing", f"connection failed ({_detail(exc)})", retry=True) from exc
    except FetchError as exc:  # the SSRF guard refused a redirect hop: never retried
        raise Problem("failed", exc.message, retry=False) from exc
    finally:
        temp.unlink(missing_ok=True)


def _stream(
    http: httpx.Client, url: str, out, max_bytes: int, deadline: float, allow_private: bool
) -> tuple[str, int]:
    """Write the body to ``out``; returns (md5 hex, size). HTML instead of a zip is refused early."""
    digest = hashlib.md5(usedforsecurity=False)  # the list's checksum, not a security measure
    size = 0
    with _response(http, url, allow_private) as response:
        status = response.status_code
        if status >= 400:
            raise Problem("missing", f"HTTP {status}", retry=status in RETRY_STATUS)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise Problem(
                "failed", f"{int(declared):,} bytes announced, over the cap of {max_bytes:,}", retry=False
            )
        html_type = response.headers.get("content-type", "").lower().startswith("text/html")
        for chunk in response.iter_bytes(CHUNK):
            if size == 0 and (html_type or _looks_like_html(chunk)):
                raise Problem(
                    "failed",
                    "an HTML page came instead of the file (an error page sent as HTTP 200)",
                    retry=True,
                )
            size += len(chunk)
            if size > max_bytes:
                raise Problem(
                    "failed", f"the body is over the download cap of {max_bytes:,} bytes", retry=False
                )
            if time.monotonic() > deadline:
                raise Problem("missing", "too slow: the download outlasted its time limit", retry=True)
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _looks_like_html(head: bytes) -> bool:
    start = head[:512].lstrip().lower()
    return not head.startswith(b"PK") and (start.startswith(HTML_STARTS) or b"<html" in start)


def _verify(listed: Listed, digest: str, size: int) -> None:
    if listed.size is not None and size != listed.size:
        raise Problem("failed", f"{size:,} bytes arrived, the list says {listed.size:,}", retry=True)
    if listed.md5 is not None and digest != listed.md5:
        raise Problem("failed", f"MD5 {digest} differs from the list's {listed.md5}", retry=True)


def file_matches(path: Path, listed: Listed) -> bool:
    """True when a kept download still has the listed size and MD5 (then it is not fetched again)."""
    if not path.is_file() or (listed.size is not None and path.stat().st_size != listed.size):
        return False
    if listed.md5 is None:
        return listed.size is not None
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest() == listed.md5


def _detail(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]
