"""`dyadscope demo --out DIR`: exit 0, a short summary, and the path of an existing output file last."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dyadscope
from dyadscope.cli import app
from dyadscope.demo import corpus_paths


def test_demo_command_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo out"
    result = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    path = Path(lines[-1])
    assert path.is_file() and path.parent == out and path.stat().st_size > 0
    assert path.name in {"report.html", "summary.md"}
    assert f"documents: {len(corpus_paths())} ingested" in result.stdout
    assert "Traceback" not in result.stderr
    assert len(dyadscope.open(out / "demo.db").documents()) == len(corpus_paths())
    # docs/getting-started.md shows this output: the numbers there must be the ones printed now
    guide = (Path(__file__).resolve().parents[2] / "docs" / "getting-started.md").read_text(encoding="utf-8")
    for line in lines[1:-1]:
        assert line in guide, f"docs/getting-started.md shows other demo output than: {line}"


def test_demo_help_names_the_out_option(runner) -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0 and "--out" in result.output


def test_demo_into_an_unwritable_place_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "demo", "--out", str(blocker / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: [E801]") and str(blocker / "out") in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
