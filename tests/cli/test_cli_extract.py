"""CLI: `dyadscope extract FILE` (no database) and `dyadscope countries [QUERY]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadscope import api
from dyadscope.cli import app

NOTE = """---
title: Test note on Indonesia and Australia
date: 2024-06-01
---

In March 2024, Indonesian President Joko Widodo paid a state visit to Canberra.
Two-way trade between Australia and Indonesia reached $18.5 billion in 2023, according to Australian data.
Doubts about the pace of reform limit cooperation between Indonesia and Australia.
"""


@pytest.fixture()
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.md"
    path.write_text(NOTE, encoding="utf-8")
    return path


def test_cli_extract_json_is_the_schema_records(runner: CliRunner, note: Path) -> None:
    result = runner.invoke(app, ["extract", str(note), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"document", "events", "indicators", "claims", "quarantined"}
    direct = {k: v for k, v in api.extract(note).items() if k != "dyad"}
    # ingested_at is the wall clock of each run; two runs may straddle a second boundary.
    for record in (data, direct):
        record["document"].pop("ingested_at")
    assert data == direct
    visit = data["events"][0]
    assert (visit["date"], visit["source_actor"], visit["target_actor"], visit["event_code"]) == (
        "2024-03",
        "IDN",
        "AUS",
        "042",
    )
    trade = data["indicators"][0]
    assert (trade["name"], trade["value"], trade["period"]) == ("goods_trade_total", 18.5e9, "2023")


def test_cli_extract_csv_and_table(runner: CliRunner, note: Path) -> None:
    csv_out = runner.invoke(app, ["extract", str(note), "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.splitlines()[0].startswith("record,")
    assert {"event", "indicator"} <= {line.split(",")[0] for line in csv_out.output.splitlines()[1:]}
    table = runner.invoke(app, ["extract", str(note)])
    assert table.exit_code == 0 and "events (1)" in table.output and "goods_trade_total" in table.output


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("missing.txt", None, "E111"),
        ("empty.txt", b"   \n", "E103"),
        ("blob.txt", b"\x00\x01\x02" * 100, "E104"),
    ],
)
def test_cli_extract_bad_input_is_a_coded_error(
    tmp_path: Path, name: str, content: bytes | None, code: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = _run("extract", str(path))
    assert result.returncode == 1 and result.stderr.startswith(f"error: [{code}]")
    assert "Traceback" not in result.stderr


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyadscope.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("query", "codes"), [("Niger", ["NER"]), ("UK", ["GBR"]), ("Congo", ["COD", "COG"]), ("Hanoi", ["VNM"])]
)
def test_cli_countries_resolves_exactly(runner: CliRunner, query: str, codes: list[str]) -> None:
    result = runner.invoke(app, ["countries", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sorted(r["code"] for r in rows) == codes
    assert all(r["ambiguous"] is (len(codes) > 1) for r in rows)


def test_cli_countries_unknown_and_list(runner: CliRunner) -> None:
    bad = _run("countries", "Nigerr")
    assert bad.returncode == 1 and bad.stderr.startswith("error: [E401]")
    listing = runner.invoke(app, ["countries", "--format", "csv"])
    assert listing.exit_code == 0 and len(listing.output.splitlines()) > 193


def test_cli_extract_lists_quarantined_records(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "undated.md"
    path.write_text("In 2099 the United States imposed sanctions on Vietnam over trade.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["events"] == []
    assert [(q["kind"], q["date"]) for q in data["quarantined"]] == [("event", "2099")]
    table = runner.invoke(app, ["extract", str(path)])
    assert "quarantined event dated 2099" in table.output


def test_c23_extract_reads_a_us_sources_event_dates_month_first(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "us_note.md"
    path.write_text(
        "---\ncountry: US\npublished: 02/03/2025\n---\n\n"
        "Japanese Prime Minister Fumio Kishida paid a state visit to Washington on 02/03/2025.\n",
        encoding="utf-8",
    )
    data = api.extract(path)
    assert data["document"]["published"] == "2025-02-03"
    assert [e["date"] for e in data["events"]] == ["2025-02-03"]
