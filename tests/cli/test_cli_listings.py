"""One vocabulary (issue #13): events/indicators/claims in the CLI, db.* and /api/v1 agree; global --db;
country names wherever a country is asked for; --since/--until with the old --from/--to hidden."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient

import dyadscope
from dyadscope.cli import app
from dyadscope.demo import CORPUS_DIR
from dyadscope.render import records


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("listings")
    for name in ("03_strategic_upgrade_2023.md", "06_trade_framework_2025.md"):
        shutil.copyfile(CORPUS_DIR / name, folder / name)
    db = dyadscope.open(folder / "l.db")
    db.ingest(sorted(folder.glob("*.md")))
    return str(folder / "l.db")


def cli_json(runner, *args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "listing, cli_args, db_kwargs, query",
    [
        ("events", ["--dyad", "USA-VNM"], {"dyad": "USA-VNM"}, "dyad=USA-VNM"),
        (
            "events",
            ["--dyad", "USA-VNM", "--root", "04"],
            {"dyad": "USA-VNM", "root": "04"},
            "dyad=USA-VNM&root=04",
        ),
        (
            "events",
            ["--since", "2025-01", "--dimension", "economic"],
            {"since": "2025-01", "dimension": "economic"},
            "since=2025-01&dimension=economic",
        ),
        (
            "events",
            ["--actor", "VNM", "--status", "reported"],
            {"actor": "VNM", "status": "reported"},
            "actor=VNM&status=reported",
        ),
        ("indicators", ["--dyad", "USA-VNM"], {"dyad": "USA-VNM"}, "dyad=USA-VNM"),
        (
            "indicators",
            ["--name", "tariff_rate"],
            {"name": "tariff_rate"},
            "name=tariff_rate",
        ),
        ("claims", ["--dyad", "USA-VNM"], {"dyad": "USA-VNM"}, "dyad=USA-VNM"),
        ("claims", ["--stance", "driver"], {"stance": "driver"}, "stance=driver"),
    ],
)
def test_cli_listings_parity_over_three_layers(
    runner, store: str, listing: str, cli_args: list[str], db_kwargs: dict, query: str
) -> None:
    from dyadscope.web.app import create_app

    db = dyadscope.open(store)
    expected = records(getattr(db, listing)(**db_kwargs))
    assert expected, "the filter should keep some rows"
    assert cli_json(runner, listing, *cli_args, "--db", store) == expected
    client = TestClient(create_app(store), base_url="http://127.0.0.1")
    body = client.get(f"/api/v1/{listing}?{query}&size=200").json()
    assert body["ok"] and body["total"] == len(expected)
    columns = list(body["rows"][0])
    assert body["rows"] == [{k: row[k] for k in columns} for row in expected]


def test_cli_listings_limit_offset_and_min_confidence(runner, store: str) -> None:
    every = records(dyadscope.open(store).events())
    assert cli_json(runner, "events", "--db", store, "--limit", "2", "--offset", "1") == every[1:3]
    confident = [row for row in every if row["confidence"] >= 0.8]
    assert cli_json(runner, "events", "--db", store, "--min-confidence", "0.8") == confident
    assert records(dyadscope.open(store).events(min_confidence=0.8)) == confident


def test_cli_global_db_before_the_command(runner, store: str) -> None:
    assert cli_json(runner, "--db", store, "claims") == records(dyadscope.open(store).claims())
    result = runner.invoke(app, ["--db", store, "assess", "USA", "VNM", "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["dyad"] == "USA-VNM"


@pytest.mark.parametrize(
    "a, b", [("Viet Nam", "United States"), ("vietnam", "US"), ("VN", "USA"), ("VNM", "usa")]
)
def test_cli_country_arguments_accept_what_countries_resolves(runner, store: str, a: str, b: str) -> None:
    result = runner.invoke(app, ["--db", store, "assess", a, b, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dyad"] in ("VNM-USA", "USA-VNM")


def test_cli_ambiguous_or_unknown_country_is_refused(runner, store: str) -> None:
    from dyadscope.errors import InputError, UnknownCountry

    ambiguous = runner.invoke(app, ["--db", store, "assess", "Congo", "USA"])
    assert isinstance(ambiguous.exception, InputError) and ambiguous.exception.code == "E407"
    assert "COD" in ambiguous.exception.message and "COG" in ambiguous.exception.message
    unknown = runner.invoke(app, ["--db", store, "assess", "Atlantis", "USA"])
    assert isinstance(unknown.exception, UnknownCountry) and unknown.exception.code == "E401"


def test_cli_since_until_with_old_names_hidden(runner, store: str) -> None:
    help_text = runner.invoke(app, ["assess", "--help"]).stdout
    assert "--since" in help_text and "--until" in help_text and "--from" not in help_text
    new = runner.invoke(app, ["--db", store, "assess", "USA", "VNM", "--since", "2024-01", "-f", "csv"])
    old = runner.invoke(app, ["--db", store, "assess", "USA", "VNM", "--from", "2024-01", "-f", "csv"])
    assert new.exit_code == old.exit_code == 0 and new.stdout == old.stdout
    assert new.stdout.splitlines()[1].startswith("2024-01")


@pytest.mark.parametrize(
    "listing, extra_cli, extra_db, extra_query",
    [
        (
            "events",
            ["--origin", "document", "--min-confidence", "0.8"],
            {"origin": "document", "min_confidence": 0.8},
            "origin=document&min_confidence=0.8",
        ),
        ("indicators", ["--origin", "document"], {"origin": "document"}, "origin=document"),
        ("claims", [], {}, ""),
    ],
)
def test_cli_listings_doc_and_origin_filters_agree(
    runner, store: str, listing: str, extra_cli: list[str], extra_db: dict, extra_query: str
) -> None:
    from dyadscope.web.app import create_app

    db = dyadscope.open(store)
    doc = db.documents()["id"].iloc[0]
    expected = records(getattr(db, listing)(doc_id=doc, **extra_db))
    assert expected and {row["doc_id"] for row in expected} == {doc}
    assert cli_json(runner, listing, "--doc", doc, *extra_cli, "--db", store) == expected
    client = TestClient(create_app(store), base_url="http://127.0.0.1")
    body = client.get(f"/api/v1/{listing}?doc={doc}&{extra_query}&size=200").json()
    columns = list(body["rows"][0])
    assert body["rows"] == [{k: row[k] for k in columns} for row in expected]
