"""Shared fixtures, defined once: tmp_db, demo_db, runner, shared_dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DYADSCOPE_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def tmp_db(tmp_path: Path) -> dyadscope.Database:
    """An empty store in a temporary directory."""
    return dyadscope.open(tmp_path / "test.db")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> dyadscope.Database:
    """A store holding the embedded demo corpus, ingested once per test session."""
    db = dyadscope.open(tmp_path_factory.mktemp("demo") / "demo.db")
    db.ingest(None)
    return db


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project; tests that need it skip with a reason when it is absent."""
    if not (SHARED / "DESIGN.md").exists():
        pytest.skip(
            f"../shared not found at {SHARED}; set DYADSCOPE_SHARED to run tests on the seeds and eval data"
        )
    return SHARED
