"""`dyadscope findings A B`: table and JSON output, JSON parity with db.findings, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import app
from dyadscope.store import tables as t


def _store(path: Path) -> dyadscope.Database:
    """Two documents whose 2024 trade figures disagree (U.S. data vs Vietnam Customs)."""
    db = dyadscope.open(path)
    with db.write() as conn:
        for n, (value, reporter, partner, who) in enumerate(
            [(150e9, "USA", "VNM", "U.S. data"), (134.6e9, "VNM", "USA", "Vietnam Customs")]
        ):
            doc_id = f"{n:064x}"
            conn.execute(
                t.documents.insert().values(
                    id=doc_id,
                    title=f"Source {n}",
                    published="2025-02-01",
                    source=f"s{n}",
                    text="x",
                    ingested_at="2026-01-01T00:00:00Z",
                )
            )
            conn.execute(
                t.indicators.insert().values(
                    id=f"ind{n}",
                    doc_id=doc_id,
                    name="goods_trade_total",
                    value=value,
                    unit="USD",
                    period="2024",
                    reporter=reporter,
                    partner=partner,
                    source_attribution=who,
                    text=f"{who} figure",
                    char_start=0,
                    char_end=10,
                    confidence=0.8,
                    origin="document",
                    measure="flow",
                )
            )
    return db


def test_cli_findings_json_equals_api(runner, tmp_path: Path) -> None:
    db = _store(tmp_path / "s.db")
    result = runner.invoke(
        app, ["findings", "USA", "VNM", "--db", str(tmp_path / "s.db"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    expected = json.loads(db.findings("USA", "VNM").to_json(orient="records"))
    assert printed == expected
    assert [(f["kind"], len(f["evidence"])) for f in printed] == [("figure_conflict", 2)]


def test_cli_findings_table_names_the_conflict(runner, tmp_path: Path) -> None:
    _store(tmp_path / "s.db")
    result = runner.invoke(app, ["findings", "USA", "VNM", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "figure_conflict" in result.output and "USD 150.0 B" in result.output


@pytest.mark.parametrize("args, code", [(["USA", "XXX"], "E401"), (["USA", "USA"], "E403")])
def test_cli_findings_bad_dyad_is_one_line_error(tmp_path: Path, args: list[str], code: str) -> None:
    dyadscope.open(tmp_path / "e.db").close()
    result = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "findings", *args, "--db", str(tmp_path / "e.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: [{code}]") and "Traceback" not in result.stderr
