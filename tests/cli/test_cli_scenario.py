"""`dyadscope scenario` and `dyadscope backtest`: JSON equals the API, same seed same numbers, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "foresight"))
from foresight_store import add_event  # noqa: E402  (one store builder for the foresight and CLI tests)

EVENTS = [
    ("2021-03-15", "042", 1.9, "diplomatic"),
    ("2023-09-10", "057", 8.0, "diplomatic"),
    ("2024-03-02", "062", 7.4, "security"),
    ("2025-04-02", "172", -5.0, "economic"),
]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    db = dyadscope.open(path)
    for row in EVENTS:
        add_event(db, *row)
    db.close()
    return path


def _json(runner, *args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_cli_scenario_json_equals_api_and_is_reproducible(runner, store: Path) -> None:
    args = (
        "scenario",
        "USA",
        "VNM",
        "--db",
        str(store),
        "--months",
        "6",
        "--runs",
        "400",
        "--seed",
        "5",
        "--scenario",
        "tariff_46",
        "--format",
        "json",
    )
    first, again = _json(runner, *args), _json(runner, *args)
    assert first == again
    api = dyadscope.open(store).scenario("USA", "VNM", months=6, runs=400, scenarios=["tariff_46"], seed=5)
    assert first == json.loads(json.dumps(api.to_json()))
    assert [s["id"] for s in first["scenarios"]] == ["baseline", "tariff_46"]
    assert len(first["months"]) == 6 and first["runs"] == 400


def test_cli_scenario_table_shows_bands_and_level_odds(runner, store: Path) -> None:
    result = runner.invoke(app, ["scenario", "USA", "VNM", "--db", str(store), "--runs", "200"])
    assert result.exit_code == 0, result.output
    assert (
        "p50" in result.output
        and "probability of each level" in result.output
        and "high_level_visit" in result.output
    )


def test_cli_backtest_json_equals_api(runner, store: Path) -> None:
    printed = _json(
        runner, "backtest", "USA", "VNM", "--db", str(store), "--horizon", "3", "--format", "json"
    )
    api = dyadscope.open(store).backtest("USA", "VNM", horizon=3)
    assert printed == json.loads(json.dumps(api.to_json()))
    assert [m["method"] for m in printed["metrics"]] == ["model", "persistence", "trend"]


@pytest.mark.parametrize(
    "args, code",
    [
        (["scenario", "USA", "VNM", "--runs", "0"], "E607"),
        (["scenario", "USA", "VNM", "--months", "500"], "E607"),
        (["scenario", "USA", "VNM", "--months", "24", "--runs", "100000"], "E607"),
        (["scenario", "USA", "VNM", "--scenario", "no_such"], "E602"),
        (["backtest", "USA", "VNM", "--horizon", "0"], "E607"),
        (["backtest", "USA", "VNM", "--min-history", "500"], "E608"),
        (["scenario", "USA", "ZZZ"], "E401"),
    ],
)
def test_cli_foresight_bad_options_are_one_line_errors(store: Path, args: list[str], code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", *args, "--db", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"error: [{code}]") and "Traceback" not in result.stderr


def test_cli_scenario_bad_file_names_the_file(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: broken\nname: B\nshocks:\n  - {id: x, label: X, cameo: '042', probability: 2}\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dyadscope.cli",
            "scenario",
            "USA",
            "VNM",
            "--db",
            str(store),
            "--scenario",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "[E602]" in result.stderr and "broken.yaml" in result.stderr
    assert "probability" in result.stderr
