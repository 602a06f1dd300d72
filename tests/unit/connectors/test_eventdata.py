"""POLECAT and ICEWS imports: published layouts, mapping, quarantine, filters, idempotence, assessment."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from eventdata_rows import ICEWS_HEADER, POLECAT_HEADER, icews_row, polecat_row, write_table
from sqlalchemy import text
from typer.testing import CliRunner

from dyadscope.cli import app
from dyadscope.connectors.eventdata import plover_lookup

COLUMNS = ["id", "date", "source_actor", "target_actor", "event_code", "goldstein", "quad_class", "dimension"]


def events(db, origin: str) -> list[tuple]:
    frame = db.events(origin=origin).sort_values("id")
    return [tuple(row) for row in frame[COLUMNS].itertuples(index=False)]


def quarantine(db) -> list[tuple]:
    with db.read() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT line, reason FROM quarantine ORDER BY line"))]


def test_icews_rows_mapped_and_malformed_rows_quarantined(tmp_db, tmp_path):
    lines = [
        icews_row(1),
        icews_row(
            2,
            **{
                "Source Country": "Vietnam",
                "Source Name": "Vietnam",
                "Target Country": "United States",
                "CAMEO Code": "111",
                "Intensity": "-2",
                "Event Date": "2024-02-03",
            },
        ),
        icews_row(
            3, **{"Source Country": "", "Source Name": "United Nations", "CAMEO Code": "02", "Intensity": "3"}
        ),
        icews_row(4, **{"Event Date": "2024-02-30"}),  # no such day
        icews_row(5, **{"CAMEO Code": "42"}),  # a code that lost its leading zero
        icews_row(6, **{"Intensity": "11.5"}),
        "\t".join(icews_row(7).split("\t")[:8]),  # a truncated row
        "",  # a blank line is not a row
        icews_row(8, **{"Event ID": "x8"}),
        icews_row(9, **{"Source Country": "Occupied Palestinian Territory", "Target Country": "Iran"}),
    ]
    path = write_table(tmp_path / "events.2024.sample.tab", ICEWS_HEADER, lines)
    report = tmp_db.import_icews(path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined, report.rows_filtered) == (
        9,
        4,
        5,
        0,
    )
    assert not report.ok
    assert quarantine(tmp_db) == [
        (5, "bad Event Date 2024-02-30"),
        (6, "invalid CAMEO Code 42"),
        (7, "non-numeric or out-of-range Intensity 11.5"),
        (8, "wrong column count: 8 fields, expected 20"),
        (10, "bad Event ID x8"),
    ]
    assert events(tmp_db, "icews") == [
        ("icews-20000001", "2024-01-15", "USA", "VNM", "042", 1.9, 1, "diplomatic"),
        ("icews-20000002", "2024-02-03", "VNM", "USA", "111", -2.0, 3, "diplomatic"),
        ("icews-20000003", "2024-01-15", "UN", "VNM", "02", 3.0, 1, "diplomatic"),
        ("icews-20000009", "2024-01-15", "PSE", "IRN", "042", 1.9, 1, "diplomatic"),
    ]
    first = tmp_db.events(origin="icews").sort_values("id").iloc[0]
    assert first["text"] == (
        "Secretary of State (United States) -> Vietnam: "
        "Make a visit (CAMEO 042, ICEWS 20000001, Example Wire)"
    )
    assert first["source_url"] == "https://doi.org/10.7910/DVN/28075"


def test_polecat_plover_type_mode_and_contexts_map_to_cameo(tmp_db, tmp_path):
    lines = [
        polecat_row(1),  # CONSULT/visit -> 042
        polecat_row(2, **{"Event Type": "AID", "Event Mode": "military", "Contexts": ""}),
        polecat_row(3, **{"Event Type": "RETREAT", "Event Mode": "", "Contexts": "military"}),
        polecat_row(
            4,
            **{
                "Event Type": "ASSAULT",
                "Event Mode": "firearms",
                "Actor Country": "VNM",
                "Recipient Country": "USA",
            },
        ),
        polecat_row(5, **{"Event Type": "COOPERATE", "Event Mode": "", "Contexts": "trade; military"}),
        polecat_row(6, **{"Event Type": "CONSULT", "Event Mode": "hovercraft"}),  # unlisted mode: type's code
        polecat_row(7, **{"Actor Country": "USA;GBR"}),  # co-actors: the first one
        polecat_row(8, **{"Recipient Country": "Viet Nam"}),  # a name, not a code
        polecat_row(9, **{"Event Type": "FROBNICATE"}),
        polecat_row(10, **{"Event Date": "15/01/2024"}),
        polecat_row(11, **{"Event Type": "retreat", "Event Mode": "Ceasefire", "Contexts": ""}),
    ]
    path = write_table(tmp_path / "ngec_coded_all_2024_01.txt", POLECAT_HEADER, lines)
    report = tmp_db.import_polecat(path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (11, 9, 2)
    assert quarantine(tmp_db) == [
        (10, "unknown PLOVER event type FROBNICATE"),
        (11, "bad Event Date 15/01/2024"),
    ]
    got = {row[0].split("-")[2]: row[2:] for row in events(tmp_db, "polecat")}
    assert got == {
        "000001": ("USA", "VNM", "042", 1.9, 1, "diplomatic"),
        "000002": ("USA", "VNM", "072", 8.3, 2, "security"),  # no context: the CAMEO code's dimension
        "000003": ("USA", "VNM", "087", 5.0, 2, "security"),  # RETREAT's stated Goldstein override
        "000004": ("VNM", "USA", "193", -10.0, 4, "diplomatic"),  # context "diplomatic" sets the dimension
        "000005": ("USA", "VNM", "06", 6.0, 2, "economic"),  # the first mapped context
        "000006": ("USA", "VNM", "04", 1.0, 1, "diplomatic"),
        "000007": ("USA", "VNM", "042", 1.9, 1, "diplomatic"),
        "000008": ("USA", "VNM", "042", 1.9, 1, "diplomatic"),
        "000011": ("USA", "VNM", "0871", 5.0, 2, "security"),  # case-blind type and mode; override kept
    }
    text_of = tmp_db.events(origin="polecat").sort_values("id").iloc[0]["text"]
    assert "PLOVER CONSULT/visit as CAMEO 042, POLECAT 20240115-000001-a" in text_of


def test_plover_mapping_codes_all_exist_in_the_cameo_table():
    from dyadscope.ontology import cameo

    known = set(cameo.table()["code"].astype(str))
    assert set(plover_lookup()["code"]) <= known


def test_eventdata_filters_account_for_every_row(tmp_db, tmp_path):
    lines = [
        polecat_row(1),
        polecat_row(2, **{"Recipient Country": "CHN"}),
        polecat_row(3, **{"Event Date": "2023-12-31"}),
        polecat_row(4, **{"Recipient Country": "USA"}),  # domestic
        polecat_row(5, **{"Recipient Country": "", "Recipient Name": "Unnamed protesters"}),  # no state
    ]
    path = write_table(tmp_path / "w.txt", POLECAT_HEADER, lines)
    report = tmp_db.import_polecat(path, dyad="USA VNM", since="2024-01")
    assert report.rows_read == report.rows_loaded + report.rows_quarantined + report.rows_filtered == 5
    assert report.rows_loaded == 1
    assert dict(report.filtered) == {
        "not the dyad USA-VNM": 1,
        "before 2024-01": 1,
        "same country on both sides (domestic)": 1,
        "no state or IGO actor on both sides": 1,
    }


def test_eventdata_reimport_zip_and_weekly_yearly_overlap_store_each_event_once(tmp_db, tmp_path):
    weekly = write_table(tmp_path / "weekly.tab", ICEWS_HEADER, [icews_row(i) for i in range(3)])
    yearly = write_table(tmp_path / "yearly.tab", ICEWS_HEADER, [icews_row(i) for i in range(6)])
    zipped = tmp_path / "yearly.tab.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(yearly, "events.2024.tab")
    assert tmp_db.import_icews(weekly).rows_loaded == 3
    assert tmp_db.import_icews(zipped).rows_loaded == 3  # the weekly file's events are not doubled
    again = tmp_db.import_icews([weekly, zipped, yearly])
    assert [f["status"] for f in again.files] == ["duplicate", "duplicate", "ok"]
    assert again.rows_loaded == 0
    assert len(tmp_db.events(origin="icews")) == 6


def test_eventdata_header_without_required_columns_fails_that_file_only(tmp_db, tmp_path):
    bad = write_table(tmp_path / "a.tab", ["Event ID", "Event Date", "Source Name"], ["1\t2024-01-01\tX"])
    good = write_table(tmp_path / "b.tab", ICEWS_HEADER, [icews_row(1)])
    report = tmp_db.import_icews([bad, good])
    assert [f["status"] for f in report.files] == ["failed", "ok"]
    message = report.files[0]["message"]
    assert message.startswith("[E313]") and "'Source Country'" not in message and "Source Country" in message


def test_eventdata_header_names_are_matched_by_name_not_position(tmp_db, tmp_path):
    header = list(reversed(POLECAT_HEADER))
    lines = ["\t".join(reversed(polecat_row(1).split("\t")))]
    report = tmp_db.import_polecat(write_table(tmp_path / "r.txt", header, lines))
    assert report.rows_loaded == 1 and report.ok


def test_eventdata_rows_enter_the_assessment_with_their_origin_weight(tmp_db, tmp_path):
    lines = [
        icews_row(i, **{"Event Date": f"2024-{1 + i % 6:02d}-15", "CAMEO Code": "057", "Intensity": "8"})
        for i in range(12)
    ]
    tmp_db.import_icews(write_table(tmp_path / "e.tab", ICEWS_HEADER, lines))
    result = tmp_db.assess("USA", "VNM", since="2024-01", until="2024-06", snapshot=False, origins=("icews",))
    assert result.timeline["overall"].iloc[-1] > result.timeline["overall"].iloc[0]
    documents_only = tmp_db.assess(
        "USA", "VNM", since="2024-01", until="2024-06", snapshot=False, origins=("document",)
    )
    assert result.timeline["overall"].iloc[-1] > documents_only.timeline["overall"].iloc[-1]


@pytest.mark.parametrize(
    "kind, header, row", [("icews", ICEWS_HEADER, icews_row), ("polecat", POLECAT_HEADER, polecat_row)]
)
def test_cli_import_eventdata_exit_codes(tmp_path, kind, header, row):
    good = write_table(tmp_path / f"{kind}.tsv", header, [row(1), row(2)])
    store = str(tmp_path / "s.db")
    result = CliRunner().invoke(app, ["import", kind, str(good), "--db", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"rows_loaded": 2' in result.output
    bad = write_table(tmp_path / f"{kind}-bad.tsv", header, [row(3), "1\t2"])
    result = CliRunner().invoke(app, ["import", kind, str(bad), "--db", store])
    assert result.exit_code == 1
    assert f"quarantined {bad}:3: wrong column count" in result.output
    missing = subprocess.run(
        [sys.executable, "-m", "dyadscope.cli", "import", kind, str(tmp_path / "none-*.tsv"), "--db", store],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 1 and missing.stderr.startswith("error: [E111]")  # a glob matching nothing


def test_eventdata_cache_feeds_the_monthly_aggregates(tmp_db, tmp_path):
    tmp_db.import_icews(write_table(tmp_path / "e.tab", ICEWS_HEADER, [icews_row(1), icews_row(2)]))
    tmp_db.import_polecat(write_table(tmp_path / "p.txt", POLECAT_HEADER, [polecat_row(1)]))
    frame = tmp_db.gdelt_aggregates("USA VNM", by_dimension=False)
    assert frame[["month", "source_actor", "target_actor", "events", "goldstein_mean"]].values.tolist() == [
        ["2024-01", "USA", "VNM", 3, 1.9]
    ]
