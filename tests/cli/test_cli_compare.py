"""`dyadscope compare A B` and `assess --origins`: formats, parity with the Python API, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "assess"))
from compare_store import gdelt_file  # noqa: E402
from synthetic_store import build_milestones  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    db = build_milestones(dyadscope.open(path))
    db.import_gdelt([gdelt_file(tmp_path)])
    db.close()
    return path


def test_cli_compare_json_matches_the_api(runner: CliRunner, store: Path) -> None:
    result = runner.invoke(app, ["compare", "USA", "VNM", "--db", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    direct = dyadscope.open(store).compare_origins("USA", "VNM").to_json()
    assert data["summary"] == direct["summary"] and data["divergences"] == direct["divergences"]
    assert data["summary"]["months_compared"] == 9


def test_cli_compare_table_and_csv(runner: CliRunner, store: Path) -> None:
    table = runner.invoke(app, ["compare", "USA", "VNM", "--db", str(store), "--min-events", "7"])
    assert table.exit_code == 0, table.output
    assert "documents vs GDELT" in table.output and "r_level" in table.output
    assert "largest divergences" in table.output
    csv_out = runner.invoke(app, ["compare", "USA", "VNM", "--db", str(store), "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.splitlines()[0].startswith("month,doc_score,doc_events")


def test_cli_compare_without_gdelt_exits_1_with_the_code(tmp_path: Path) -> None:
    path = tmp_path / "docs.db"
    build_milestones(dyadscope.open(path)).close()
    proc = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "compare", "USA", "VNM", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stderr.startswith("error: [E609]"), proc.stderr
    assert "dyadscope import gdelt" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_assess_origins_keeps_only_those(runner: CliRunner, store: Path) -> None:
    docs = runner.invoke(
        app, ["assess", "USA", "VNM", "--db", str(store), "--origins", "document", "-f", "json"]
    )
    both = runner.invoke(app, ["assess", "USA", "VNM", "--db", str(store), "-f", "json"])
    assert docs.exit_code == 0 and both.exit_code == 0, docs.output + both.output
    assert json.loads(docs.output)["snapshot_id"] != json.loads(both.output)["snapshot_id"]
    bad = runner.invoke(app, ["assess", "USA", "VNM", "--db", str(store), "--origins", "rumours"])
    assert bad.exit_code == 1 and "E407" in str(bad.exception)
