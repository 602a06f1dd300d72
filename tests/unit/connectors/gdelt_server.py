"""A GDELT mirror on 127.0.0.1 for the downloader tests: generated lists and zipped exports, with faults.

``Mirror.add_export`` zips rows as one export slice and lists it; ``fault(name, kind, times)`` makes the
next ``times`` requests for a file answer 404, 503, an HTML page with status 200, altered bytes, or
nothing for a while. ``requests`` records every path asked for, so a test can prove what was downloaded.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML_PAGE = b"<!DOCTYPE html><html><head><title>Oops</title></head><body>Service busy</body></html>\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass
class Mirror:
    port: int = 0
    files: dict[str, bytes] = field(default_factory=dict)  # name -> bytes served
    listed: dict[str, bytes] = field(default_factory=dict)  # name -> bytes the list describes
    faults: dict[str, list[str]] = field(default_factory=dict)  # name -> faults still to serve, in order
    requests: list[str] = field(default_factory=list)
    master_override: bytes | None = None
    absent: set[str] = field(default_factory=set)  # lists answered with 404
    stall: float = 1.0

    def url(self, version: int = 2) -> str:
        return f"http://127.0.0.1:{self.port}/{'gdeltv2' if version == 2 else 'events'}/"

    def add_export(self, stamp: str, rows: list[str], *, listed: bool = True) -> str:
        name = f"{stamp}.export.CSV.zip"
        self.add_file(name, zip_bytes({name[:-4]: ("\n".join(rows) + "\n").encode()}), listed=listed)
        return name

    def add_file(self, name: str, data: bytes, *, listed: bool = True) -> None:
        self.files[name] = data
        if listed:
            self.listed[name] = data

    def fault(self, name: str, kind: str, times: int = 99) -> None:
        self.faults[name] = [kind] * times

    def heal(self, name: str) -> None:
        self.faults.pop(name, None)

    def downloads(self) -> list[str]:
        """File names asked for (not the lists)."""
        return [p.rsplit("/", 1)[-1] for p in self.requests if p.endswith(".zip")]

    def master(self) -> bytes:
        if self.master_override is not None:
            return self.master_override
        lines = []
        for name in sorted(self.listed):
            data = self.listed[name]
            # Absolute URLs of another host, as GDELT writes them: the downloader must use only the name.
            lines.append(f"{len(data)} {hashlib.md5(data).hexdigest()} http://mirror.invalid/gdeltv2/{name}")
            mentions = name.replace(".export.", ".mentions.")
            lines.append(f"123 {'0' * 32} http://mirror.invalid/gdeltv2/{mentions}")
        return ("\n".join(lines) + "\n").encode()

    def md5sums(self) -> bytes:
        return "".join(
            f"{hashlib.md5(d).hexdigest()}  {n}\n" for n, d in sorted(self.listed.items())
        ).encode()

    def filesizes(self) -> bytes:
        return "".join(f"{len(d)} {n}\n" for n, d in sorted(self.listed.items())).encode()

    def answer(self, path: str) -> tuple[int, str, bytes]:
        self.requests.append(path)
        name = path.rsplit("/", 1)[-1]
        lists = {"masterfilelist.txt": self.master, "md5sums": self.md5sums, "filesizes": self.filesizes}
        if name in lists and name not in self.absent:
            return 200, "text/plain", lists[name]()
        if name not in self.files or name in self.absent:
            return 404, "text/html", b"<html><body>404 Not Found</body></html>"
        pending = self.faults.get(name) or []
        kind = pending.pop(0) if pending else "ok"
        data = self.files[name]
        if kind == "404":
            return 404, "text/html", b"<html><body>404 Not Found</body></html>"
        if kind == "503":
            return 503, "text/plain", b"busy"
        if kind == "html":
            return 200, "text/html", HTML_PAGE
        if kind == "corrupt":
            return 200, "application/zip", data[:-1] + bytes([data[-1] ^ 0xFF])
        if kind == "slow":
            time.sleep(self.stall)
        return 200, "application/zip", data


def _handler(mirror: Mirror) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, content_type, body = mirror.answer(self.path)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@contextmanager
def serve() -> Iterator[Mirror]:
    """A running mirror on a free port of 127.0.0.1, stopped at exit."""
    mirror = Mirror()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(mirror))
    server.daemon_threads = True
    mirror.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield mirror
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
