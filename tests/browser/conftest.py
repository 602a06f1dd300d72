"""Real-browser fixtures: the real ``dyadscope serve`` on a free loopback port, and Debian's Chromium.

The server runs as a subprocess (the CLI users run), its log is printed when a test fails, and it is
stopped in ``finally``. Chromium is the one the Makefile's ``browser-deps`` installs (/usr/bin/chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))

from sample_store import build_sample_store  # noqa: E402

CHROMIUM = os.environ.get("DYADSCOPE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A ``dyadscope serve`` subprocess; ``url`` is its base URL, ``log`` its output file."""

    def __init__(self, db: Path, log: Path, *, allow_ingest: bool) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        mode = "--allow-ingest" if allow_ingest else "--read-only"
        cmd = [
            sys.executable,
            "-m",
            "dyadscope.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(self.port),
            mode,
        ]
        self._out = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()}")
            try:
                if httpx.get(self.url + "/api/v1/dyads", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not answer within {timeout} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._out.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _serve(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest, *, allow_ingest: bool
) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("browser")
    build_sample_store(folder / "sample.db").close()
    server = LiveServer(folder / "sample.db", folder / "server.log", allow_ingest=allow_ingest)
    try:
        server.wait()
        yield server
    finally:
        server.stop()
        if request.session.testsfailed:
            print(f"\n--- server log ({server.log}) ---\n{server.log.read_text()}")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, request) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    yield from _serve(tmp_path_factory, request, allow_ingest=False)


@pytest.fixture(scope="module")
def ingest_server(tmp_path_factory, request) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    yield from _serve(tmp_path_factory, request, allow_ingest=True)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Debian chromium not found at {CHROMIUM}; run `make browser-deps`")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, request):  # type: ignore[no-untyped-def]
    """A fresh page that records dialogs, CSP violations and page errors; a screenshot on failure."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.problems = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on(
        "console", lambda m: page.problems.append(m.text) if "Content Security Policy" in m.text else None
    )
    try:
        yield page
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in request.node.name)
            page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)
        context.close()


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    """``screenshot(page, name)`` saves a full-page PNG under test-artifacts/."""
    return shot


# Playwright's devices["iPhone 13"]: a true 390 px phone viewport (device emulation, touch, mobile UA),
# not a narrow desktop window.
IPHONE_13 = {
    "viewport": {"width": 390, "height": 664},
    "screen": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/15.0 Mobile/15E148 Safari/604.1"
    ),
}


@pytest.fixture(params=["desktop", "phone"])
def any_page(browser, request):  # type: ignore[no-untyped-def]
    """The page at 1280 px and on an emulated iPhone 13 (390 px); ``any_page.kind`` says which."""
    options = {"viewport": {"width": 1280, "height": 900}} if request.param == "desktop" else IPHONE_13
    context = browser.new_context(**options)
    page = context.new_page()
    page.kind, page.problems = request.param, []
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A server with --allow-ingest and a write token (set only while it starts)."""
    import os

    folder = tmp_path_factory.mktemp("corrections")
    build_sample_store(folder / "w.db").close()
    old = os.environ.get("DYADSCOPE_WRITE_TOKEN")
    os.environ["DYADSCOPE_WRITE_TOKEN"] = "browser-token"
    try:
        server = LiveServer(folder / "w.db", folder / "server.log", allow_ingest=True)
    finally:
        if old is None:
            del os.environ["DYADSCOPE_WRITE_TOKEN"]
        else:
            os.environ["DYADSCOPE_WRITE_TOKEN"] = old
    try:
        server.wait()
        yield server
    finally:
        server.stop()
