"""`dyadscope import gdelt|unvotes|csv`: exit codes, summaries, JSON report, and kill -9 convergence."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import app

DYADSCOPE = [sys.executable, "-m", "dyadscope.cli"]
FIELDS = {
    "gid": 0,
    "sqldate": 1,
    "a1cc": 7,
    "a2cc": 17,
    "code": 26,
    "quad": 29,
    "goldstein": 30,
    "mentions": 31,
    "sources": 32,
    "articles": 33,
    "tone": 34,
}
COUNTRIES = ["USA", "VNM", "CHN", "RUS", "JPN", "IND", "FRA"]


def gdelt2_lines(count: int, *, bad_every: int = 0) -> list[str]:
    """GDELT 2.0 rows among seven countries; every ``bad_every``-th row has a non-numeric Goldstein."""
    lines = []
    for i in range(count):
        fields = [""] * 61
        values = {
            "gid": str(5_000_000 + i),
            "sqldate": f"2023{1 + i % 12:02d}{1 + i % 28:02d}",
            "a1cc": COUNTRIES[i % 7],
            "a2cc": COUNTRIES[(i // 7 + 1 + i) % 7],
            "code": "042",
            "quad": "1",
            "goldstein": "x" if bad_every and i % bad_every == 0 else "1.9",
            "mentions": "3",
            "sources": "1",
            "articles": "3",
            "tone": "0.5",
        }
        for name, value in values.items():
            fields[FIELDS[name]] = value
        lines.append("\t".join(fields))
    return lines


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_import_gdelt_clean_file_exits_0(runner, tmp_path):
    data = write(tmp_path / "a.CSV", gdelt2_lines(50))
    result = runner.invoke(
        app, ["import", "gdelt", str(data), "--db", str(tmp_path / "s.db"), "--dyad", "USA", "VNM"]
    )
    assert result.exit_code == 0, result.output
    events = dyadscope.open(tmp_path / "s.db").events(origin="gdelt", dyad="USA VNM")
    assert len(events) > 0 and set(events["source_actor"]) <= {"USA", "VNM"}


def test_cli_import_gdelt_failed_file_is_reported_once(tmp_path):
    good = write(tmp_path / "a.CSV", gdelt2_lines(20))
    page = tmp_path / "20240101.export.CSV"
    page.write_text("<html><body>Service unavailable</body></html>\n", encoding="utf-8")
    proc = subprocess.run(
        [*DYADSCOPE, "import", "gdelt", str(good), str(page), "--db", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "E302" in proc.stderr
    assert proc.stderr.count(str(page)) == 1, proc.stderr


def test_cli_import_gdelt_quarantine_exits_1_with_lines(runner, tmp_path):
    data = write(tmp_path / "b.CSV", gdelt2_lines(30, bad_every=10))
    result = runner.invoke(
        app, ["import", "gdelt", str(data), "--db", str(tmp_path / "s.db"), "--format", "json"]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert (report["rows_read"], report["rows_quarantined"]) == (30, 3)
    assert [p["line"] for p in report["problems"]] == [1, 11, 21]
    assert "quarantined" in result.stderr and f"{data}:11" in result.stderr


def test_cli_import_unvotes_and_csv(runner, tmp_path):
    (tmp_path / "v.csv").write_text("rcid,country,country_code,vote\n1,A,US,yes\n1,B,VN,yes\n")
    (tmp_path / "c.csv").write_text("rcid,date\n1,2016-10-01\n")
    db = str(tmp_path / "s.db")
    result = runner.invoke(
        app,
        [
            "import",
            "unvotes",
            str(tmp_path / "v.csv"),
            str(tmp_path / "c.csv"),
            "--countries",
            "USA,VNM",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0, result.output
    (tmp_path / "t.csv").write_text("year,value\n2024,5\n2024,x\n")
    result = runner.invoke(
        app,
        [
            "import",
            "csv",
            str(tmp_path / "t.csv"),
            "--db",
            db,
            "--map",
            "name='students',value=value,period=year,unit='persons'",
        ],
    )
    assert result.exit_code == 1 and "t.csv:3" in result.stderr
    names = sorted(dyadscope.open(db).indicators()["name"])
    assert names == ["students", "unga_vote_agreement", "unga_vote_distance"]


def test_cli_import_unknown_country_is_a_coded_error(tmp_path):
    data = write(tmp_path / "a.CSV", gdelt2_lines(3))
    done = subprocess.run(
        [*DYADSCOPE, "import", "gdelt", str(data), "--db", str(tmp_path / "s.db"), "--dyad", "USA", "XXX"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "[E401]" in done.stderr and "Traceback" not in done.stderr


def counts(db: Path) -> tuple[int, int, str]:
    with sqlite3.connect(db) as conn:
        events = conn.execute("SELECT count(*), count(DISTINCT source_event_id) FROM events").fetchone()
        return events[0], events[1], conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.slow
def test_cli_import_kill_9_then_rerun_converges(tmp_path):
    data = write(tmp_path / "big.CSV", gdelt2_lines(100_000))
    env = {**os.environ, "DYADSCOPE_DB": ""}
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    args = ["import", "gdelt", str(data), "--batch-size", "2000"]
    proc = subprocess.Popen(
        [*DYADSCOPE, *args, "--db", str(killed_db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = killed_db.with_name(killed_db.name + "-wal")
    deadline = time.time() + 120
    # Wait until the file's transaction is writing (its WAL grows), then kill it mid-file.
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = counts(killed_db)
    assert partial == (0, 0, "ok")  # case 28: a file's rows are visible only when complete
    subprocess.run(
        [*DYADSCOPE, *args, "--db", str(killed_db)], env=env, check=True, capture_output=True, timeout=300
    )
    subprocess.run(
        [*DYADSCOPE, *args, "--db", str(clean_db)], env=env, check=True, capture_output=True, timeout=300
    )
    assert counts(killed_db) == counts(clean_db)
    assert counts(clean_db)[0] == counts(clean_db)[1] > 50_000


@pytest.mark.slow
def test_cli_import_readers_and_a_second_importer_during_an_import(tmp_path):
    data = write(tmp_path / "big.CSV", gdelt2_lines(60_000))
    env = {**os.environ, "DYADSCOPE_DB": ""}
    store = tmp_path / "busy.db"
    dyadscope.open(store).close()
    args = [*DYADSCOPE, "import", "gdelt", str(data), "--batch-size", "2000", "--db", str(store)]
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    reader = dyadscope.open(store, read_only=True)
    seen = []
    while any(p.poll() is None for p in procs):
        seen.append(len(reader.events(origin="gdelt")))  # never "database is locked" under WAL
        time.sleep(0.05)
    errors = [p.stderr.read() for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    assert seen == sorted(seen)  # each read is a consistent snapshot: counts only grow
    total, distinct, integrity = counts(store)
    assert total == distinct and integrity == "ok" and total > 30_000
