"""Fixtures of the assessment tests (builders live in synthetic_store.py, shared with the CLI tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dyadscope

# Importable under --import-mode=importlib too (it leaves sys.path alone).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_store import build_milestones  # noqa: E402


@pytest.fixture
def milestone_db(tmp_db: dyadscope.Database) -> dyadscope.Database:
    """A small U.S.-Vietnam history: embargo lift, normalization (two reports), upgrades, tariffs."""
    return build_milestones(tmp_db)
