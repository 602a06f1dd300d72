"""Issue 14, case c45: bulk imports validate what they load; case c52: a glob matching nothing fails.

Periods of 9999, 0001 or 20991231, unknown indicator names, the same country as reporter and
partner, negative counts or tariffs, numbers in the other decimal convention and non-ASCII digits
are quarantined with their row number, never stored.
"""

from __future__ import annotations

from datetime import date

import pytest
from gdelt_rows import gdelt2_row

from dyadscope.connectors.validate import check_period, parse_number
from dyadscope.errors import InputError

ARABIC_2024 = "\u0662\u0660\u0662\u0664"
HEADER = "Name,Year,Reporter,Partner,Value\n"
MAP = "name=Name,value=Value,period=Year,reporter=Reporter,partner=Partner,unit='USD',source='Test'"


def _import(tmp_db, tmp_path, rows: list[str], mapping: str = MAP):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return tmp_db.import_csv(path, mapping)


@pytest.mark.parametrize(
    "row, reason",
    [
        ("goods_exports,9999,USA,VNM,5", "after the import date"),
        ("goods_exports,0001,USA,VNM,5", "before 1900"),
        ("goods_exports,20991231,USA,VNM,5", "is not YYYY"),
        ("goods_exports,2099-01,USA,VNM,5", "after the import date"),
        (f"goods_exports,{ARABIC_2024},USA,VNM,5", "is not YYYY"),
        ("goods_exprots,2024,USA,VNM,5", "unknown indicator name"),
        ("goods_exports,2024,USA,USA,5", "the same country"),
        ("tariff_rate,2024,USA,VNM,-46", "cannot be -46"),
        ("students,2024,USA,VNM,-3", "cannot be -3"),
        ("fdi_rank,2024,USA,VNM,0", "cannot be 0"),
        ('goods_exports,2024,USA,VNM,"1.234,5"', "not a number"),
        (f"goods_exports,2024,USA,VNM,{ARABIC_2024}", "not a number"),
        ("goods_exports,2024,USA,VNM,nan", "not a number"),
    ],
)
def test_c45_csv_bad_rows_quarantined(tmp_db, tmp_path, row, reason):
    report = _import(tmp_db, tmp_path, ["goods_exports,2024,USA,VNM,7", row])
    assert (report.rows_loaded, report.rows_quarantined, report.ok) == (1, 1, False)
    assert report.problems[0]["line"] == 3 and reason in report.problems[0]["reason"]
    assert tmp_db.indicators(origin="csv")["value"].tolist() == [7.0]


def test_c45_csv_decimal_comma_read_when_declared(tmp_db, tmp_path):
    rows = ['goods_exports,2023,USA,VNM,"1.234,5"', 'goods_exports,2024,USA,VNM,"2,5"']
    report = _import(tmp_db, tmp_path, rows, MAP + ",decimal=','")
    assert (report.rows_loaded, report.rows_quarantined) == (2, 0)
    assert sorted(tmp_db.indicators(origin="csv")["value"]) == [2.5, 1234.5]


def test_c45_csv_bad_decimal_mark_refused(tmp_db, tmp_path):
    with pytest.raises(InputError, match=r"\[E305\].*decimal mark"):
        _import(tmp_db, tmp_path, ["goods_exports,2024,USA,VNM,7"], MAP + ",decimal=';'")


@pytest.mark.parametrize(
    "text, decimal, value",
    [
        ("1,234.5", ".", 1234.5),
        ("1 234.5", ".", 1234.5),
        ("1.234,5", ",", 1234.5),
        ("(12)", ".", -12.0),
        ("-3,2", ",", -3.2),
        ("1e9", ".", 1e9),
    ],
)
def test_c45_numbers_by_decimal_mark(text, decimal, value):
    assert parse_number(text, decimal) == value


@pytest.mark.parametrize(
    "text, decimal", [("1.234,5", "."), ("1,5", "."), ("1,234.5", ","), ("inf", "."), ("12,34,567", ".")]
)
def test_c45_numbers_in_the_other_convention_refused(text, decimal):
    with pytest.raises(ValueError):
        parse_number(text, decimal)


def test_c45_period_bounds():
    today = date(2026, 6, 15)
    assert check_period("2026-06", latest=today) == "2026-06"
    assert check_period("2026-Q2", latest=today) == "2026-Q2"
    for text in ("2026-07", "2026-Q3", "2027", "1899"):
        with pytest.raises(ValueError):
            check_period(text, latest=today)


def test_c45_unvotes_roll_calls_out_of_range_quarantined(tmp_db, tmp_path):
    (tmp_path / "v.csv").write_text(
        "rcid,country,country_code,vote\n1,United States,US,yes\n1,Vietnam,VN,yes\n"
        "2,United States,US,no\n2,Vietnam,VN,yes\n3,United States,US,yes\n3,Vietnam,VN,yes\n"
    )
    (tmp_path / "c.csv").write_text(f"rcid,date\n1,2015-10-01\n2,9999-01-01\n3,{ARABIC_2024}-01-01\n")
    report = tmp_db.import_unvotes(tmp_path / "v.csv", tmp_path / "c.csv", dyad="USA VNM")
    assert report.rows_quarantined == 4
    assert sorted(tmp_db.indicators(origin="unvotes")["period"].unique()) == ["2015"]


@pytest.mark.parametrize("sqldate", ["20991231", "99991231", "00010101"])
def test_c45_gdelt_event_dates_after_the_import_quarantined(tmp_db, write_gdelt2, sqldate):
    report = tmp_db.import_gdelt(write_gdelt2([gdelt2_row(1), gdelt2_row(2, sqldate=sqldate)]))
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    assert report.problems[0]["reason"] == f"bad SQLDATE {sqldate}"


def test_c52_import_gdelt_glob_matching_nothing_fails(tmp_db, tmp_path):
    with pytest.raises(InputError, match=r"\[E111\].*no file matches"):
        tmp_db.import_gdelt(str(tmp_path / "nothing-*.CSV"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"\[E111\]"):
        tmp_db.import_gdelt(tmp_path / "empty")
