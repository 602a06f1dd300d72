"""`dyadscope fetch gdelt`: plan, exit codes, the coded error naming a slice, results read via the API."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "connectors"))
from gdelt_rows import gdelt2_row  # noqa: E402
from gdelt_server import serve  # noqa: E402

STAMPS = [
    (datetime(2025, 4, 1, tzinfo=UTC) + timedelta(minutes=15 * i)).strftime("%Y%m%d%H%M%S") for i in range(4)
]
WINDOW = ["--since", "2025-04-01T00:00", "--until", "2025-04-01T01:00"]


@pytest.fixture
def mirror():
    """Four 2.0 slices, each with two USA->VNM rows and one CHN->RUS row."""
    with serve() as running:
        for i, stamp in enumerate(STAMPS):
            rows = [gdelt2_row(i * 10 + k) for k in range(2)]
            rows.append(gdelt2_row(i * 10 + 5, a1code="CHN", a1cc="CHN", a2code="RUS", a2cc="RUS"))
            running.add_export(stamp, rows)
        yield running


def fetch_args(mirror, store: Path, *extra: str) -> list[str]:
    return [
        "fetch",
        "gdelt",
        *WINDOW,
        "--db",
        str(store),
        "--base-url",
        mirror.url(),
        "--allow-private-urls",
        "--backoff",
        "0",
        *extra,
    ]


def test_cli_fetch_gdelt_loads_the_dyad_and_prints_a_summary(runner, tmp_path, mirror):
    result = runner.invoke(app, fetch_args(mirror, tmp_path / "s.db", "--dyad", "USA", "VNM"))
    assert result.exit_code == 0, result.output
    assert "rows_loaded" in result.stdout and "imported" in result.stdout
    events = dyadscope.open(tmp_path / "s.db").events(origin="gdelt")
    assert len(events) == 8 and set(events["source_actor"]) | set(events["target_actor"]) == {"USA", "VNM"}


def test_cli_fetch_gdelt_failed_slice_exits_1_and_names_it(runner, tmp_path, mirror):
    mirror.fault(f"{STAMPS[2]}.export.CSV.zip", "corrupt")
    result = runner.invoke(app, fetch_args(mirror, tmp_path / "s.db", "--attempts", "2"))
    assert result.exit_code == 1
    assert (
        f"error: [E310] GDELT slice {STAMPS[2]} ({STAMPS[2]}.export.CSV.zip) failed after 2" in result.stderr
    )
    assert "MD5" in result.stderr
    assert len(dyadscope.open(tmp_path / "s.db").events(origin="gdelt")) == 9  # three slices of three rows


def test_cli_fetch_gdelt_missing_slice_exits_1_then_a_rerun_fills_it(runner, tmp_path, mirror):
    name = f"{STAMPS[1]}.export.CSV.zip"
    mirror.fault(name, "404")
    first = runner.invoke(app, fetch_args(mirror, tmp_path / "s.db"))
    assert first.exit_code == 1 and f"error: [E311] GDELT slice {STAMPS[1]}" in first.stderr
    mirror.heal(name)
    second = runner.invoke(app, fetch_args(mirror, tmp_path / "s.db", "--format", "json"))
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout)
    assert (report["already_ok"], report["downloaded"], report["rows_loaded"]) == (3, 1, 3)
    assert len(dyadscope.open(tmp_path / "s.db").events(origin="gdelt")) == 12


def test_cli_fetch_gdelt_dry_run_prints_the_plan_and_writes_nothing(runner, tmp_path, mirror):
    store = tmp_path / "s.db"
    table = runner.invoke(app, fetch_args(mirror, store, "--dry-run"))
    assert table.exit_code == 0, table.output
    assert all(f"{s}.export.CSV.zip" in table.stdout for s in STAMPS) and "bytes_to_download" in table.stdout
    plan = json.loads(runner.invoke(app, fetch_args(mirror, store, "--dry-run", "--format", "json")).stdout)
    assert plan["dry_run"] and plan["to_download"] == 4
    assert plan["bytes_to_download"] == sum(len(mirror.files[f"{s}.export.CSV.zip"]) for s in STAMPS)
    assert mirror.downloads() == [] and len(dyadscope.open(store).events()) == 0
    assert not (tmp_path / "s.db.cache").exists()
    assert runner.invoke(app, fetch_args(mirror, store)).exit_code == 0
    after = json.loads(runner.invoke(app, fetch_args(mirror, store, "--dry-run", "--format", "json")).stdout)
    assert (after["already_ok"], after["to_download"], after["bytes_to_download"]) == (4, 0, 0)


def test_cli_fetch_gdelt_keep_folder(runner, tmp_path, mirror):
    keep = tmp_path / "gdelt files"
    result = runner.invoke(app, fetch_args(mirror, tmp_path / "s.db", "--keep", str(keep)))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in keep.iterdir()) == [f"{s}.export.CSV.zip" for s in STAMPS]


@pytest.mark.parametrize(
    "window, code",
    [(["--since", "next week"], "E308"), (["--since", "2025-04-02", "--until", "2025-04-01"], "E309")],
)
def test_cli_fetch_gdelt_bad_window_is_one_line_error(tmp_path, window, code):
    proc = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "fetch", "gdelt", *window, "--db", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: [{code}]") and "Traceback" not in proc.stderr
