"""Fixtures for the web tests: a sample store on disk and TestClients over it (read-only and ingest)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))

from sample_store import build_sample_store, with_sample_assessment  # noqa: E402

from dyadscope.web.app import create_app  # noqa: E402


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "sample.db"
    build_sample_store(path).close()
    return path


@pytest.fixture(scope="session")
def app(sample_path: Path):  # type: ignore[no-untyped-def]
    return with_sample_assessment(create_app(sample_path))


@pytest.fixture
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.fixture
def ingest_client(tmp_path: Path) -> TestClient:
    path = tmp_path / "ingest.db"
    build_sample_store(path).close()
    app = with_sample_assessment(create_app(path, allow_ingest=True, max_upload_bytes=10_000))
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
