from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import app

TEXT = (
    "TITLE: Joint statement on trade\nDATE: 2025-10-26\n\nThe two governments issued a joint statement "
    "on a framework for a trade agreement. Tariffs remain at 20 percent."
)


@pytest.fixture
def stored(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "statement.txt").write_text(TEXT)
    db = str(tmp_path / "d.db")
    outcome = dyadscope.open(db).ingest([tmp_path / "statement.txt"])[0]
    return db, outcome.doc_id


def test_cli_documents_json_equals_api(runner, stored) -> None:
    db, doc_id = stored
    result = runner.invoke(app, ["documents", "--db", db, "-f", "json"])
    records = json.loads(result.stdout)
    assert result.exit_code == 0 and len(records) == 1
    api = json.loads(dyadscope.open(db).documents().to_json(orient="records"))
    assert records == api
    assert records[0]["id"] == doc_id and records[0]["published"] == "2025-10-26"
    assert records[0]["title"] == "Joint statement on trade" and records[0]["kind"] == "statement"


@pytest.mark.parametrize("fmt, needle", [("table", "Joint statement on trade"), ("csv", "published")])
def test_cli_documents_formats(runner, stored, fmt: str, needle: str) -> None:
    result = runner.invoke(app, ["documents", "--db", stored[0], "-f", fmt])
    assert result.exit_code == 0 and needle in result.stdout


def test_cli_show_by_prefix_with_sentence_count(runner, stored) -> None:
    db, doc_id = stored
    result = runner.invoke(app, ["show", doc_id[:10], "--db", db, "-f", "json"])
    record = json.loads(result.stdout)
    assert record["id"] == doc_id and record["sentence_count"] == 2
    assert record["text"].startswith("The two governments")


def test_cli_show_unknown_id_is_one_line(tmp_path: Path, stored) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "show", "abcdef123456", "--db", stored[0]],
        capture_output=True,
        text=True,
        env={**os.environ, "DYADSCOPE_DB": ""},
    )
    assert result.returncode == 1 and result.stderr.startswith("error: [E405]")
    assert "Traceback" not in result.stderr


def test_cli_doctor_and_migrate(runner, stored, tmp_path: Path) -> None:
    db, _ = stored
    (tmp_path / "empty.txt").write_text("")
    runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--db", db])
    report = json.loads(runner.invoke(app, ["doctor", "--db", db, "-f", "json"]).stdout)
    assert report["integrity_check"] == "ok" and report["schema_version"] == report["expected_schema_version"]
    assert report["counts"]["documents"] == 1 and report["counts"]["sentences"] == 2
    assert report["recent_problems"][0]["status"] == "no_text"
    assert "empty.txt" in report["recent_problems"][0]["message"]
    table = runner.invoke(app, ["doctor", "--db", db])
    assert table.exit_code == 0 and "integrity_check" in table.stdout
    migrated = json.loads(runner.invoke(app, ["migrate", "--db", db, "-f", "json"]).stdout)
    assert migrated["up_to_date"] is True
