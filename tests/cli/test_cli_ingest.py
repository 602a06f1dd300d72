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

from dyadscope.cli import app
from dyadscope.ingest.sentences import split_sentences

DYADSCOPE = [sys.executable, "-m", "dyadscope.cli"]
STORY = (
    "The delegations met in Hanoi on {n} March 2025 to discuss trade, education and maritime security. "
    "Both sides said the talks were useful. A follow-up meeting is planned in Washington.\n"
)


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*DYADSCOPE, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "DYADSCOPE_DB": ""},
    )


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(f"Report {i}\n\n" + STORY.format(n=i % 28 + 1) * 3)


def test_cli_ingest_lines_and_exit_code_with_a_bad_file(runner, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["unsupported", "ok", "ok"]
    assert "broken.txt" in lines[0] and "sentences" in lines[1]
    assert "error: [E104]" in result.stderr and "2 ingested, 0 duplicate, 1 failed" in result.stderr
    again = runner.invoke(app, ["ingest", str(tmp_path / "in" / "doc0000.txt"), "--db", db])
    assert again.exit_code == 0 and again.stdout.startswith("duplicate")


def test_cli_ingest_json_is_the_outcome_records(runner, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "x.db"), "-f", "json"]
    )
    records = json.loads(result.stdout)
    assert result.exit_code == 0 and records[0]["status"] == "ok" and len(records[0]["doc_id"]) == 64
    assert set(records[0]) >= {"source", "status", "doc_id", "title", "sentences", "events", "flags"}


@pytest.mark.parametrize(
    "content, code", [(b"", "E103"), (b"   \n", "E103"), (b"\x7fELF\x02\x01\x01" + bytes(300), "E104")]
)
def test_cli_single_bad_file_one_line_no_traceback(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("ingest", str(path), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [errors[0]] and f"[{code}]" in errors[0] and "bad.txt" in errors[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_dry_run_and_no_extract(runner, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    db = str(tmp_path / "x.db")
    dry = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--dry-run"])
    assert dry.exit_code == 0 and "dry run" in dry.stdout
    listed = runner.invoke(app, ["documents", "--db", db, "-f", "json"])
    assert json.loads(listed.stdout) == []


def test_cli_kill_minus_nine_then_rerun_converges(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 300)
    db = tmp_path / "k.db"
    proc = subprocess.Popen(
        [*DYADSCOPE, "ingest", str(tmp_path / "in"), "--db", str(db), "--no-extract"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                stored = conn.execute("select count(*) from documents").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if stored >= 30:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 300, "the ingest should have been killed part-way"
    result = run("ingest", str(tmp_path / "in"), "--db", str(db), "--no-extract")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute(
            "select count(*), count(distinct id), count(distinct source) from documents"
        ).fetchone() == (300, 300, 300)
        for doc_id, text, sentences in conn.execute(
            "select d.id, d.text, (select count(*) from sentences s where s.doc_id = d.id) from documents d"
        ):
            assert sentences == len(split_sentences(text)) > 0, doc_id


def test_cli_two_ingest_processes_on_one_store(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 120)
    db = tmp_path / "c.db"
    run("migrate", "--db", str(db))  # create the store first, as a user would
    procs = [
        subprocess.Popen(
            [*DYADSCOPE, "ingest", str(tmp_path / "in"), "--db", str(db), "--no-extract"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [proc.communicate(timeout=180)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], errors
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*), count(distinct id) from documents").fetchone() == (120, 120)
        assert conn.execute("select count(*) from sentences").fetchone()[0] == 120 * len(
            split_sentences(conn.execute("select text from documents limit 1").fetchone()[0])
        )


def test_cli_ingest_url_refused_without_opt_in(tmp_path: Path) -> None:
    result = run("ingest", "http://169.254.169.254/latest/meta-data/", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1 and "[E204]" in result.stderr and "--allow-private-urls" in result.stderr
