"""`dyadscope watch`: --once over a folder, an alert when a conflictual document arrives, clean errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import _watch_pairs

DYADSCOPE = [sys.executable, "-m", "dyadscope.cli"]
CALM = """---
title: Ministers meet
date: 2025-03-10
---
On 10 March 2025, the President of the United States visited Hanoi and met Vietnamese President Luong Cuong.
The two countries signed an agreement on trade cooperation.
"""
CONFLICT = """---
title: Sanctions imposed
date: 2025-04-05
---
On 2 April 2025, the United States imposed a 46 percent tariff on imports from Vietnam.
The United States imposed sanctions on Vietnamese firms on 3 April 2025, and Vietnam condemned the sanctions.
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DYADSCOPE_DB": "", "PYTHONPATH": str(Path(dyadscope.__file__).parent.parent)}
    return subprocess.run([*DYADSCOPE, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_cli_watch_once_alerts_when_a_conflictual_document_arrives(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "calm.md").write_text(CALM, encoding="utf-8")
    common = ["--db", "w.db", "--once", "--dyad", "USA", "VNM", "--log", "watch.log"]
    first = run("watch", "inbox", *common, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "" and "event=run" in first.stderr and "alerts=0" in first.stderr
    assert not (tmp_path / "dyadscope-alerts.jsonl").exists()
    (inbox / "conflict.md").write_text(CONFLICT, encoding="utf-8")
    second = run("watch", "inbox", *common, "--format", "json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    printed = [json.loads(line) for line in second.stdout.splitlines()]
    stored = [json.loads(line) for line in (tmp_path / "dyadscope-alerts.jsonl").read_text().splitlines()]
    assert printed == stored and stored
    overall = next(a for a in stored if a["series"] == "overall")
    assert overall["dyad"] == "USA-VNM" and overall["delta"] < -0.5
    conflict = dyadscope.open(tmp_path / "w.db").documents().set_index("title").loc["Sanctions imposed", "id"]
    assert conflict in {d["doc_id"] for d in overall["cause"]["documents"]}
    log_lines = (tmp_path / "watch.log").read_text().splitlines()
    assert sum("event=alert" in line and "dyad=USA-VNM" in line for line in log_lines) == len(stored)
    third = run("watch", "inbox", *common, cwd=tmp_path)
    assert third.returncode == 0 and third.stdout == ""  # the same state: no alert again


@pytest.mark.parametrize(
    "args, code",
    [
        (["missing/"], "E111"),
        (["http://127.0.0.1:9/feed.xml"], "E204"),
        (["inbox", "--every", "soon"], "E412"),
        (["inbox", "--threshold", "-1"], "E607"),
        (["inbox", "--webhook", "http://10.1.2.3/hook"], "E204"),
        (["inbox", "--dyad", "USA"], "E402"),
    ],
)
def test_cli_watch_bad_input_is_a_coded_error(tmp_path: Path, args: list[str], code: str) -> None:
    (tmp_path / "inbox").mkdir()
    result = run("watch", *args, "--db", "w.db", "--once", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: [{code}]")
    assert "Traceback" not in result.stderr


def test_cli_watch_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "calm.md").write_text(CALM, encoding="utf-8")
    env = {**os.environ, "DYADSCOPE_DB": "", "PYTHONPATH": str(Path(dyadscope.__file__).parent.parent)}
    proc = subprocess.Popen(
        [*DYADSCOPE, "watch", "inbox", "--db", "w.db", "--every", "1h"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        db = dyadscope.open(tmp_path / "w.db")
        for _ in range(600):  # wait until the first run is recorded as finished
            runs = __import__("dyadscope.watch.state", fromlist=["list_runs"]).list_runs(db)
            if not runs.empty and runs["finished_at"].notna().all():
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "watch stopped after 1 run(s)" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "values, sources, pairs, rest",
    [
        (["USA"], ["inbox", "VNM"], ["USA VNM"], ["inbox"]),
        (["USA", "CHN"], ["VNM", "VNM", "feed.xml"], ["USA VNM", "CHN VNM"], ["feed.xml"]),
        (["USA-VNM"], ["inbox"], ["USA-VNM"], ["inbox"]),
        (["USA"], ["inbox"], ["USA"], ["inbox"]),
    ],
)
def test_cli_watch_pairs_dyad_codes_again(values, sources, pairs, rest) -> None:
    assert _watch_pairs(values, sources) == (pairs, rest)
