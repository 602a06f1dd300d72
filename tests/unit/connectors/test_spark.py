"""Spark (local[2]) and DuckDB give identical GDELT caches and monthly dyad aggregates on the same files."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pandas as pd
import pytest
from gdelt_rows import gdelt2_fields, gdelt2_row

import dyadscope
from dyadscope.connectors.gdelt import cache_files

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed (pip install 'dyadscope[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for Spark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from dyadscope.connectors.spark import session

    return session("local[2]")


def generated_rows() -> list[str]:
    rows = []
    partners = ["VNM", "CHN", "RUS", "", "USA"]
    codes = ["010", "042", "0251", "190", "10", "13y"]
    for i in range(300):
        rows.append(
            gdelt2_row(
                i,
                a2cc=partners[i % 5],
                code=codes[i % 6],
                mentions=str(1 + i % 7),
                sqldate=f"2024{1 + i % 12:02d}{1 + i % 28:02d}",
                goldstein=f"{(i % 21) - 10}.0",
            )
        )
    rows.append("\t".join(gdelt2_fields(999)[:58]))
    return rows


@pytest.fixture(scope="module")
def imported(spark, tmp_path_factory, shared_dir):
    """The eval sample and a generated 2.0 file imported once by each engine."""
    folder = tmp_path_factory.mktemp("spark")
    generated = folder / "20240101.export.CSV"
    generated.write_text("\n".join(generated_rows()) + "\n", encoding="utf-8")
    files = [shared_dir / "eval/gdelt/gdelt1_events_sample_reed9999.tsv", generated]
    by_duckdb = dyadscope.open(folder / "duck.db")
    by_spark = dyadscope.open(folder / "spark.db")
    return (
        by_duckdb,
        by_duckdb.import_gdelt(files),
        by_spark,
        by_spark.import_gdelt(files, engine="spark", master="local[2]"),
    )


def test_spark_import_reports_and_events_identical(imported):
    by_duckdb, report_d, by_spark, report_s = imported
    counts = [(r.rows_read, r.rows_loaded, r.rows_quarantined) for r in (report_d, report_s)]
    assert counts[0] == counts[1] and counts[0][0] == 1011 and counts[0][2] == 51
    assert report_s.problems == report_d.problems
    events = [
        db.events(origin="gdelt").sort_values("id").reset_index(drop=True) for db in (by_duckdb, by_spark)
    ]
    pd.testing.assert_frame_equal(events[0], events[1])


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"weight": "mentions", "dedupe": True, "normalise": True},
        {"by_dimension": False, "directed": False},
    ],
)
def test_spark_and_duckdb_aggregates_identical(spark, imported, options):
    from dyadscope.connectors.spark import spark_aggregates
    from dyadscope.store.analytics import monthly_dyad_aggregates

    by_duckdb, _, by_spark, _ = imported
    duck = monthly_dyad_aggregates(cache_files(by_duckdb), **options)
    sparked = spark_aggregates(spark, cache_files(by_spark), **options)
    assert len(duck) > 10
    pd.testing.assert_frame_equal(sparked, duck, check_dtype=False)
