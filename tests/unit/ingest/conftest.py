"""Fixtures for ingest tests: a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# importlib import mode does not put test folders on sys.path; the builders live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

from ingest_builders import LocalServer  # noqa: E402


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """An HTTP server on 127.0.0.1 (tests pass allow_private_urls=True to reach it)."""
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
