"""`dyadscope report` and `dyadscope serve --get`: exit codes, printed paths, errors, parity with the API."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dyadscope.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from sample_store import build_sample_store  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli-report") / "s.db"
    build_sample_store(path).close()
    return path


@pytest.mark.parametrize(
    "fmt, magic", [("html", b"<!doctype html>"), ("md", b"# United States"), ("pdf", b"%PDF-")]
)
def test_cli_report_writes_and_prints_the_path(runner, store, tmp_path, fmt, magic):
    out = tmp_path / f"r.{fmt}"
    result = runner.invoke(app, ["report", "USA", "VNM", "--db", str(store), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out) and out.read_bytes().startswith(magic)


def test_cli_report_bad_format_is_one_line_error(store, tmp_path):
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dyadscope.cli",
            "report",
            "USA",
            "VNM",
            "--db",
            str(store),
            "--format",
            "docx",
            "-o",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and result.stderr.startswith("error: [E713]")


def test_cli_serve_get_answers_in_process(runner, store):
    result = runner.invoke(app, ["serve", "--db", str(store), "--get", "/api/v1/documents?size=2"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["ok"] is True and len(body["rows"]) == 2 and body["total"] == 3


def test_cli_serve_get_error_exits_1(runner, store):
    result = runner.invoke(app, ["serve", "--db", str(store), "--get", "/api/v1/events?sort=evil"])
    assert result.exit_code == 1 and json.loads(result.output)["code"] == "E407"


def test_cli_serve_get_matches_the_python_api(runner, store):
    import dyadscope

    result = runner.invoke(app, ["serve", "--db", str(store), "--get", "/api/v1/claims"])
    rows = json.loads(result.output)["rows"]
    frame = dyadscope.open(store).claims()
    assert [r["id"] for r in rows] == list(frame["id"]) and rows[0]["text"] == frame["text"].iloc[0]
