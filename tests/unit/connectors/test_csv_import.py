"""Indicator CSV tables: --map parsing, constants, units and attribution, bad rows by row number."""

from __future__ import annotations

import pytest

from dyadscope.connectors.csv import parse_mapping, parse_number
from dyadscope.errors import InputError

TABLE = """Year,Reporter,Partner,Value,Source
2023,USA,VNM,"114,400,000,000",U.S. Census Bureau
2024,USA,VNM,(12),U.S. Census Bureau
2024,USA,XXX,5,U.S. Census Bureau
abc,USA,VNM,5,x
2024,USA,VNM,n/a,x
"""
MAP = (
    "name='goods_imports',value=Value,period=Year,reporter=Reporter,partner=Partner,unit='USD',source=Source"
)


def test_csv_import_rows_and_problems(tmp_db, tmp_path):
    path = tmp_path / "trade.csv"
    path.write_text(TABLE)
    report = tmp_db.import_csv(path, MAP)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (5, 2, 3)
    assert [p["line"] for p in report.problems] == [4, 5, 6]
    frame = tmp_db.indicators(origin="csv").sort_values("period")
    assert frame[
        ["name", "value", "unit", "period", "reporter", "partner", "source_attribution"]
    ].values.tolist() == [
        ["goods_imports", 114_400_000_000.0, "USD", "2023", "USA", "VNM", "U.S. Census Bureau"],
        ["goods_imports", -12.0, "USD", "2024", "USA", "VNM", "U.S. Census Bureau"],
    ]
    assert tmp_db.import_csv(path, MAP).rows_loaded == 0


@pytest.mark.parametrize(
    "spec, needle",
    [
        ("value=V,period=P", "missing name"),
        ("name=N,value=V,period=P,colour=C", "unknown field"),
        ("name=N,value=,period=P", "not field=column"),
    ],
)
def test_csv_mapping_errors(spec, needle):
    with pytest.raises(InputError, match=needle):
        parse_mapping(spec)


@pytest.mark.parametrize("text, value", [("1,234.5", 1234.5), ("(12)", -12.0), ("-3.2", -3.2), ("7", 7.0)])
def test_csv_numbers(text, value):
    assert parse_number(text) == value


def test_csv_missing_column_is_an_error(tmp_db, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="E304"):
        tmp_db.import_csv(path, "name=a,value=b,period=Year")
