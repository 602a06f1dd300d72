"""Fixtures for the foresight tests; the store builder lives in foresight_store.py (shared with CLI tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dyadscope

sys.path.insert(0, str(Path(__file__).parent))  # importlib import mode: make the builder importable

from foresight_store import HISTORY, add_event, build_store  # noqa: E402,F401


@pytest.fixture
def store_factory():
    """``build_store(path, extra=[...])``: history + extra (date, code, goldstein, dimension[, published])."""
    return build_store


@pytest.fixture
def history_db(tmp_path: Path) -> dyadscope.Database:
    return build_store(tmp_path / "history.db")


@pytest.fixture
def assessment(history_db):
    return history_db.assess("USA", "VNM", snapshot=False)
