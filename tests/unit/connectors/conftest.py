"""Fixtures of the connector tests: files of GDELT rows written in tmp_path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# gdelt_rows.py is importable under --import-mode=importlib too (it leaves sys.path alone).
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def write_gdelt2(tmp_path: Path) -> Callable[..., Path]:
    """Write lines (strings) to a file in tmp_path; returns its path."""

    def write(lines: list[str], name: str = "20240115.export.CSV") -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
