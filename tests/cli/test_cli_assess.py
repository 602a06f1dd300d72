"""`dyadscope assess | explain | snapshots | diff | profile`: output formats, parity with the API, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "assess"))
from synthetic_store import add_document, build_milestones, event  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    build_milestones(dyadscope.open(path))
    return path


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_assess_table_shows_level_dimensions_and_factors(runner: CliRunner, store: Path) -> None:
    out = _run(runner, "assess", "USA", "VNM", "--db", str(store), "--from", "1994-01", "--to", "2026-01")
    for needle in (
        "assessment USA-VNM",
        "2026-01",
        "interval (90 %)",  # issue #11: the interval and the evidence coverage beside the score
        "coverage (12 months)",
        "Comprehensive strategic partnership",
        "dimensions",
        "human_rights",
        "top drivers",
        "top constraints",
        "Trade deficit and tariff pressure",
    ):
        assert needle in out


def test_cli_assess_json_equals_api(runner: CliRunner, store: Path) -> None:
    payload = json.loads(_run(runner, "assess", "USA", "VNM", "--db", str(store), "--format", "json"))
    api = dyadscope.open(store).assess("USA", "VNM").to_json()
    assert payload["snapshot_id"] == api["snapshot_id"]
    assert payload["timeline"] == json.loads(json.dumps(api["timeline"]))
    # the 2025 tariffs pull the end of this history below "good"; the level still comes with its interval
    assert payload["current"]["level"].startswith(("normal", "good", "friendly"))
    current = payload["current"]
    assert current["lo"] <= current["score"] <= current["hi"] and current["coverage_reports"] > 0


def test_cli_assess_csv_is_the_timeline(runner: CliRunner, store: Path) -> None:
    out = _run(runner, "assess", "USA", "VNM", "--db", str(store), "--format", "csv")
    assert out.splitlines()[0].startswith(
        "month,overall,diplomatic,security,economic,human_rights,people,legacy"
    )


def test_cli_explain_lists_contributions(runner: CliRunner, store: Path) -> None:
    out = _run(runner, "explain", "USA", "VNM", "2025-04", "--db", str(store), "--format", "json")
    rows = json.loads(out)
    assert {"event", "indicator", "baseline"} <= {r["kind"] for r in rows}
    assert any("46 percent" in (r["text"] or "") for r in rows)


def test_cli_snapshots_and_diff_name_the_new_document(runner: CliRunner, store: Path) -> None:
    first = json.loads(_run(runner, "assess", "USA", "VNM", "--db", str(store), "--format", "json"))[
        "snapshot_id"
    ]
    db = dyadscope.open(store)
    doc_id = add_document(
        db,
        "Hegseth in Hanoi",
        "2025-11-05",
        events=[
            event(
                "2025-11-03",
                "042",
                1.9,
                dimension="security",
                text="On 3 November 2025 Hegseth visited Hanoi.",
            )
        ],
    )
    second = json.loads(_run(runner, "assess", "USA", "VNM", "--db", str(store), "--format", "json"))[
        "snapshot_id"
    ]
    listed = json.loads(_run(runner, "snapshots", "--db", str(store), "--format", "json"))
    assert {first, second} <= {row["id"] for row in listed}
    result = json.loads(_run(runner, "diff", first[:12], second, "--db", str(store), "--format", "json"))
    assert [d["doc_id"] for d in result["documents_added"]] == [doc_id]
    assert result["causes"][0]["doc_id"] == doc_id and result["causes"][0]["status"] == "added"
    assert any(c["month"] == "2025-11" for c in result["changes"])
    table = _run(runner, "diff", first, second, "--db", str(store))
    assert "Hegseth in Hanoi" in table


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["assess", "USA", "XXX"], "E401"),
        (["assess", "USA", "VNM", "--from", "2024-13"], "E404"),
        (["explain", "USA", "VNM", "1980-01"], "E606"),
        (["diff", "deadbeef00", "cafebabe00"], "E406"),
        (["assess", "USA", "IND"], "E605"),
    ],
)
def test_cli_assess_errors_are_one_line(store: Path, args: list[str], code: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", *args, "--db", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: [{code}]") and "Traceback" not in proc.stderr


def test_cli_profile_new_show_list(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DYADSCOPE_PROFILES", str(tmp_path))
    out = _run(runner, "profile", "new", "USA", "IND", "--dir", str(tmp_path))
    assert Path(out.strip()) == tmp_path / "USA-IND.yaml"
    again = runner.invoke(app, ["profile", "new", "IND", "USA", "--dir", str(tmp_path)])
    assert again.exit_code != 0 and "E604" in str(again.exception or again.output)
    shown = json.loads(_run(runner, "profile", "show", "IND", "USA", "--format", "json"))
    assert shown["dyad"] == "USA-IND" and shown["factors"]
    listed = json.loads(_run(runner, "profile", "list", "--format", "json"))
    assert {"USA-VNM", "USA-IDN", "CHN-VNM", "USA-IND"} <= {row["dyad"] for row in listed}
    table = _run(runner, "profile", "show", "USA", "VNM")
    assert "comprehensive_strategic_partnership" in table and "china_reaction_hedging" in table


def test_cli_issue_15_diff_refuses_two_pairs_and_shows_every_dimension(
    runner: CliRunner, store: Path
) -> None:
    db = dyadscope.open(store)
    add_document(db, "Beijing and Hanoi", "2025-06-01", events=[event("2025-05-20", "042", 1.9, a="CHN")])
    usa = db.assess("USA", "VNM").snapshot_id
    chn = db.assess("CHN", "VNM").snapshot_id
    mismatch = runner.invoke(app, ["diff", usa, chn, "--db", str(store)])
    assert mismatch.exit_code == 1 and "E415" in str(mismatch.exception or "") + mismatch.output
    add_document(db, "More", "2025-11-05", events=[event("2025-11-03", "042", 1.9, dimension="security")])
    later = db.assess("USA", "VNM").snapshot_id
    result = json.loads(_run(runner, "diff", usa, later, "--db", str(store), "--format", "json"))
    assert [r["series"] for r in result["dimensions"]] == [
        "overall",
        "diplomatic",
        "security",
        "economic",
        "human_rights",
        "people",
        "legacy",
    ]
    table = _run(runner, "diff", usa, later, "--db", str(store))
    assert "human_rights" in table and "legacy" in table


def test_cli_issue_15_two_decimals_and_whole_explanations(runner: CliRunner, store: Path) -> None:
    out = _run(runner, "assess", "USA", "VNM", "--db", str(store), "--from", "1994-01", "--to", "2026-01")
    dims = out.split("dimensions", 1)[1].split("top drivers", 1)[0]
    import re

    scores = re.findall(r"[+-]\d+\.\d+", dims)
    assert scores and all(len(s.split(".")[1]) == 2 for s in scores), scores
    frame = dyadscope.open(store).findings("USA-VNM")
    assert not frame.empty
    table = _run(runner, "findings", "USA", "VNM", "--db", str(store))
    for explanation in frame["explanation"]:
        assert " ".join(explanation.split()[-3:]) in " ".join(table.replace("│", " ").split())
