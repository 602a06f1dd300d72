"""GDELT import: layouts, quarantine of malformed rows, code mapping, filters, idempotence."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest
from gdelt_rows import gdelt2_fields, gdelt2_row
from sqlalchemy import text

import dyadscope
from dyadscope.connectors.gdelt import cache_files

SAMPLE = "eval/gdelt/gdelt1_events_sample_reed9999.tsv"


def cache_rows(db: dyadscope.Database, where: str = "TRUE") -> list[dict]:
    files = ", ".join(f"'{p / '*.parquet' if p.is_dir() else p}'" for p in cache_files(db))
    con = duckdb.connect()
    frame = con.execute(f"SELECT * FROM read_parquet([{files}]) WHERE {where} ORDER BY line").df()
    return frame.to_dict("records")


def quarantine(db: dyadscope.Database) -> list[tuple[int, str]]:
    with db.read() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT line, reason FROM quarantine ORDER BY line"))]


def test_gdelt_eval_sample_both_v1_layouts(tmp_db, shared_dir):
    report = tmp_db.import_gdelt(shared_dir / SAMPLE)
    assert (report.rows_read, report.rows_quarantined, report.ok) == (710, 0, True)
    assert report.files[0]["layout"] == "gdelt1"
    rows = cache_rows(tmp_db)
    with_url = [r for r in rows if isinstance(r["source_url"], str)]
    assert (len(rows), len(with_url)) == (710, 509)  # 201 backfile rows (57 fields) have no SOURCEURL
    events = tmp_db.events(origin="gdelt")
    assert len(events) == report.rows_loaded > 0
    assert set(events["status"]) == {"reported"} and events["source_event_id"].is_unique
    assert events["confidence"].between(0.5, 0.9).all()
    deu_vnm = tmp_db.events(origin="gdelt", dyad="DEU VNM")
    assert deu_vnm[["date", "event_code", "dimension"]].values.tolist() == [
        ["2016-07-28", "051", "diplomatic"]
    ]


def test_gdelt_same_file_twice_adds_nothing(tmp_db, shared_dir):
    first = tmp_db.import_gdelt(shared_dir / SAMPLE)
    second = tmp_db.import_gdelt(shared_dir / SAMPLE)
    assert second.files[0]["status"] == "duplicate" and second.rows_loaded == 0
    assert len(tmp_db.events(origin="gdelt")) == first.rows_loaded


INJECTED = [
    ("\t".join(gdelt2_fields(1)[:60]), "wrong column count: 60 fields, expected 61"),
    ("\t".join(gdelt2_fields(2) + ["extra"]), "wrong column count: 62 fields, expected 61"),
    (gdelt2_row(3, sqldate="20240231"), "bad SQLDATE 20240231"),
    (gdelt2_row(4, sqldate="2024-01-15"), "bad SQLDATE 2024-01-15"),
    (gdelt2_row(5, goldstein="high"), "non-numeric or out-of-range GoldsteinScale high"),
    (gdelt2_row(6, goldstein="11.0"), "non-numeric or out-of-range GoldsteinScale 11.0"),
    (gdelt2_row(7, code="13y"), "invalid CAMEO EventCode 13y"),
    (gdelt2_row(8, code="21"), "invalid CAMEO EventCode 21"),
    (gdelt2_row(9, goldstein='"5.0'), "stray quote character in a code or number field"),
    (gdelt2_row(10, quad="7"), "bad QuadClass 7"),
    (gdelt2_row(11, mentions="many"), "non-numeric NumMentions/NumSources/NumArticles"),
    (gdelt2_row(12, gid="12a"), "bad GLOBALEVENTID 12a"),
]


def test_gdelt_injected_malformed_rows_are_counted_exactly(tmp_db, write_gdelt2):
    lines = []
    for k in range(40):
        lines.append(gdelt2_row(100 + k))
        if k < len(INJECTED):
            lines.append(INJECTED[k][0])
    report = tmp_db.import_gdelt(write_gdelt2(lines))
    assert (report.rows_read, report.rows_quarantined, report.rows_loaded) == (52, 12, 40)
    assert not report.ok
    expected = [(2 * k + 2, reason) for k, (_, reason) in enumerate(INJECTED)]
    assert quarantine(tmp_db) == expected
    assert [(p["line"], p["reason"]) for p in report.problems] == expected


def test_gdelt_undecodable_line_keeps_line_numbers(tmp_db, tmp_path):
    path = tmp_path / "bad-bytes.CSV"
    body = [
        gdelt2_row(1).encode(),
        gdelt2_row(2, a1name="CAF\xff").encode("latin-1"),
        gdelt2_row(3).encode(),
        gdelt2_row(4, code="99").encode(),
    ]
    path.write_bytes(b"\n".join(body) + b"\n")
    report = tmp_db.import_gdelt(path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 2, 2)
    assert [line for line, _ in quarantine(tmp_db)] == [2, 4]
    assert quarantine(tmp_db)[0][1].startswith("unreadable line")


@pytest.mark.parametrize("code", ["010", "10", "0251", "1"])
def test_gdelt_event_code_zeros_kept(tmp_db, write_gdelt2, code):
    rows = [
        gdelt2_row(1, code="010"),
        gdelt2_row(2, code="10"),
        gdelt2_row(3, code="0251"),
        gdelt2_row(4, code="1"),
    ]
    tmp_db.import_gdelt(write_gdelt2(rows))
    events = tmp_db.events(origin="gdelt")
    stored = dict(zip(events["source_event_id"], events["event_code"], strict=True))
    assert stored == {"1000001": "010", "1000002": "10", "1000003": "0251"}  # "1" is not a CAMEO code
    roots = dict(zip(events["event_code"], events["event_root"], strict=True))
    assert roots == {"010": "01", "10": "10", "0251": "02"}
    assert code == "1" or code in stored.values()


@pytest.mark.parametrize(
    "a1cc, a1known, a2cc, fips, expected",
    [
        ("USA", "", "VNM", "UK", ("USA", "VNM", "GBR")),
        ("BUR", "", "CHN", "RS", ("MMR", "CHN", "RUS")),
        ("KSV", "", "SRB", "CH", ("XKX", "SRB", "CHN")),
        ("SUN", "", "USA", "SZ", ("RUS", "USA", "CHE")),
        ("", "UNO", "VNM", "VM", ("UN", "VNM", "VNM")),
        ("WST", "", "VNM", "RI", (None, "VNM", "SRB")),  # WST is "the West" in CAMEO, not Samoa
    ],
)
def test_gdelt_codes_mapped_cameo_and_fips(tmp_db, write_gdelt2, a1cc, a1known, a2cc, fips, expected):
    tmp_db.import_gdelt(write_gdelt2([gdelt2_row(1, a1cc=a1cc, a1known=a1known, a2cc=a2cc, action_cc=fips)]))
    row = cache_rows(tmp_db)[0]
    got = tuple(
        v if isinstance(v, str) else None
        for v in (row["source_actor"], row["target_actor"], row["action_geo_country"])
    )
    assert got == expected


def test_gdelt_dyad_and_period_filters(tmp_db, write_gdelt2):
    rows = [
        gdelt2_row(1),
        gdelt2_row(2, a2cc="CHN"),
        gdelt2_row(3, sqldate="20231231"),
        gdelt2_row(4, a1cc="VNM", a2cc="USA", sqldate="20240301"),
        gdelt2_row(5, a2cc="USA"),
    ]
    report = tmp_db.import_gdelt(write_gdelt2(rows), dyad="USA VNM", since="2024-01", until="2024-02")
    assert report.rows_loaded == 1 and report.ok
    assert dict(report.filtered) == {
        "not the dyad USA-VNM": 1,
        "before 2024-01": 1,
        "after 2024-02": 1,
        "same country on both sides (domestic)": 1,
    }
    assert tmp_db.events(origin="gdelt")["source_event_id"].tolist() == ["1000001"]
    # Another selection of the same file is another import; the overlap is not stored twice.
    again = tmp_db.import_gdelt(write_gdelt2(rows))
    assert again.rows_loaded == 3 and len(tmp_db.events(origin="gdelt")) == 4


def test_gdelt_zipped_equals_plain_and_overlap_dedupes(tmp_path, write_gdelt2):
    plain = write_gdelt2([gdelt2_row(i) for i in range(5)])
    packed = tmp_path / "20240115.export.CSV.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(plain, "20240115.export.CSV")
    db = dyadscope.open(tmp_path / "z.db")
    first = db.import_gdelt(packed)
    second = db.import_gdelt(plain)  # other bytes, same events: natural key dedupes
    assert (first.rows_loaded, second.rows_loaded, second.rows_read) == (5, 0, 5)
    assert len(db.events(origin="gdelt")) == 5


def test_gdelt_unknown_layout_fails_the_file_not_the_batch(tmp_db, write_gdelt2, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    good = write_gdelt2([gdelt2_row(1)])
    report = tmp_db.import_gdelt([bad, good])
    assert [f["status"] for f in report.files] == ["failed", "ok"]
    assert "E302" in report.files[0]["message"] and report.rows_loaded == 1 and not report.ok


def test_gdelt_event_text_and_provenance(tmp_db, write_gdelt2):
    tmp_db.import_gdelt(write_gdelt2([gdelt2_row(7, mentions="1", sources="1")]))
    event = tmp_db.events(origin="gdelt").iloc[0]
    assert event["text"].startswith("UNITED STATES -> VIETNAM: ")
    assert "CAMEO 042" in event["text"] and event["source_url"] == "https://news.example.org/7.html"
    assert (event["char_start"], event["char_end"], event["confidence"], event["id"]) == (
        0,
        0,
        0.5,
        "gdelt-1000007",
    )
    assert Path(cache_files(tmp_db)[0]).name.endswith(".parquet")


def index_names(db: dyadscope.Database) -> set[str]:
    with db.read() as conn:
        return {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='index' "
                    "AND tbl_name='events' AND name LIKE 'ix_%'"
                )
            )
        }


def test_gdelt_bulk_load_rebuilds_indexes_and_heals_a_crashed_one(tmp_db, write_gdelt2, monkeypatch):
    if tmp_db.engine.dialect.name != "sqlite":
        pytest.skip("the index rebuild is SQLite's bulk-load path")
    from dyadscope.connectors import gdelt_load

    before = index_names(tmp_db)
    monkeypatch.setattr(gdelt_load, "BULK_ROWS", 0)  # every load counts as bulk
    assert tmp_db.import_gdelt(write_gdelt2([gdelt2_row(i) for i in range(5)])).rows_loaded == 5
    assert index_names(tmp_db) == before and "ix_events_dyad_month" in before
    with tmp_db.write() as conn:  # as if killed between drop and rebuild
        conn.execute(text("DROP INDEX ix_events_dyad_month"))
    tmp_db.import_gdelt(write_gdelt2([gdelt2_row(9)], name="other.CSV"))
    assert index_names(tmp_db) == before


def test_gdelt_identical_bad_lines_each_get_their_own_number(tmp_db, tmp_path):
    bad = gdelt2_row(5, goldstein="x").encode()
    body = [gdelt2_row(1).encode(), bad, b"\xff\xfe broken", gdelt2_row(2).encode(), bad, b"", bad]
    path = tmp_path / "dups.CSV"
    path.write_bytes(b"\n".join(body) + b"\n")
    report = tmp_db.import_gdelt(path)
    assert [line for line, _ in quarantine(tmp_db)] == [2, 3, 5, 7]
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (6, 2, 4)


def test_gdelt_coverage_marks_missing_slices(tmp_db, write_gdelt2):
    def slice_file(stamp: str, i: int) -> Path:
        return write_gdelt2([gdelt2_row(i)], name=f"{stamp}.export.CSV")

    tmp_db.import_gdelt([slice_file("20250401120000", 1), slice_file("20250401124500", 2)])
    with tmp_db.read() as conn:
        rows = conn.execute(
            text("SELECT slice, status FROM coverage WHERE source='gdelt2' ORDER BY slice")
        ).all()
    assert [tuple(r) for r in rows] == [
        ("20250401120000", "ok"),
        ("20250401121500", "missing"),
        ("20250401123000", "missing"),
        ("20250401124500", "ok"),
    ]
    tmp_db.import_gdelt(slice_file("20250401121500", 3))  # the gap filled later
    with tmp_db.read() as conn:
        missing = conn.execute(text("SELECT slice FROM coverage WHERE status='missing'")).scalars().all()
    assert missing == ["20250401123000"]


@pytest.mark.parametrize("body", ["<html><body>404 Not Found</body></html>\n", "rcid,country\n1,US\n"])
def test_gdelt_error_page_or_other_table_commits_nothing(tmp_db, tmp_path, body):
    path = tmp_path / "20250401120000.export.CSV"
    path.write_text(body)
    report = tmp_db.import_gdelt(path)
    assert report.files[0]["status"] == "failed" and "E302" in report.files[0]["message"]
    assert len(tmp_db.events()) == 0


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_gdelt_blank_lines_skipped_and_crlf_trimmed(tmp_db, tmp_path, newline):
    path = tmp_path / "crlf.CSV"
    lines = [gdelt2_row(1), "", gdelt2_row(2, goldstein="x"), "", gdelt2_row(3)]
    path.write_bytes(newline.join(lines).encode() + newline.encode())
    report = tmp_db.import_gdelt(path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (3, 2, 1)
    assert quarantine(tmp_db) == [(3, "non-numeric or out-of-range GoldsteinScale x")]
    assert set(tmp_db.events(origin="gdelt")["source_url"]) == {
        "https://news.example.org/1.html",
        "https://news.example.org/3.html",
    }
