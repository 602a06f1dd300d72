"""Reliability cases 28 and 29: a bulk import killed or starved of disk leaves the store as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from gdelt_rows import gdelt2_row
from sqlalchemy import event, text
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app

ROWS = 100_000

KILLER = """
import os, signal, sys
import dyadscope
db = dyadscope.open(sys.argv[1])
def progress(name, done, total):
    if done >= int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 in the middle of the file's transaction
db.import_gdelt(sys.argv[2], batch_size=5_000, progress=progress)
"""


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("c28") / "20240115.export.CSV"
    path.write_text("\n".join(gdelt2_row(i) for i in range(ROWS)) + "\n", encoding="utf-8")
    return path


def counts(path: Path) -> dict:
    with sqlite3.connect(path) as con:
        return {
            "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
            "events": con.execute("SELECT count(*) FROM events").fetchone()[0],
            "imports": con.execute("SELECT status, rows_loaded FROM imports").fetchall(),
            "indexes": con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'").fetchone()[0],
        }


def test_c28_kill_9_mid_import_leaves_nothing_and_rerun_completes(tmp_path, big_file):
    store = tmp_path / "killed.db"
    dyadscope.open(store).close()
    fresh = counts(store)
    env = {**os.environ, "PYTHONPATH": str(Path(dyadscope.__file__).parents[1])}
    run = subprocess.run(
        [sys.executable, "-c", KILLER, str(store), str(big_file), str(ROWS // 2)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    after_kill = counts(store)
    # Half the rows were inserted when the process died: none of them is visible, no import is
    # left "running", the bulk load's dropped indexes are back (the DROP was inside the transaction).
    assert after_kill == fresh
    report = dyadscope.open(store).import_gdelt(big_file)
    assert (report.rows_read, report.rows_loaded) == (ROWS, ROWS)
    final = counts(store)
    assert final["integrity"] == "ok"
    assert final["events"] == ROWS
    assert final["imports"] == [("ok", ROWS)]


def full_disk(db: dyadscope.Database, pages: int) -> None:
    """Make SQLite answer SQLITE_FULL once the file would grow past ``pages`` pages: a full disk."""

    @event.listens_for(db.engine, "connect")
    def cap(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()


def test_c29_full_disk_gives_e505_exit_1_and_no_running_import(tmp_path, write_gdelt2):
    store = tmp_path / "full.db"
    db = dyadscope.open(store)
    with sqlite3.connect(store) as con:
        used = con.execute("PRAGMA page_count").fetchone()[0]
    full_disk(db, used + 3)
    path = write_gdelt2([gdelt2_row(i) for i in range(3_000)])
    report = db.import_gdelt(path)
    assert not report.ok
    assert report.files[0]["status"] == "failed"
    assert report.files[0]["message"].startswith("[E505]")
    assert "full" in report.files[0]["message"]
    with db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM imports WHERE status = 'running'")).scalar() == 0
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.close()
    # The store still opens; with room again, the same import completes.
    again = dyadscope.open(store).import_gdelt(path)
    assert (again.rows_loaded, again.ok) == (3_000, True)


def test_c29_full_disk_from_the_cli_exits_1_with_a_coded_error(tmp_path, write_gdelt2, monkeypatch):
    path = write_gdelt2([gdelt2_row(i) for i in range(50)])

    def no_space(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dyadscope.connectors.gdelt._publish", no_space)
    store = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["import", "gdelt", str(path), "--db", str(store)])
    assert result.exit_code == 1, result.output
    assert "[E505]" in result.output and "No space left" in result.output
    assert "unexpected" not in result.output
    db = dyadscope.open(store)
    assert len(db.events()) == 0  # the cache could not be written: the file's rows were rolled back
    doctor = CliRunner().invoke(app, ["doctor", "--db", str(store), "--format", "json"])
    assert '"status": "running"' not in doctor.output
    assert '"status": "failed"' in doctor.output  # doctor names the incomplete import
