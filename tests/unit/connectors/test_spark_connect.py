"""Spark Connect: the GDELT import and aggregates sent to a Spark Connect server equal DuckDB's.

The test starts a local Spark Connect server itself (``SparkSession.builder.remote("local[2]")``, PySpark
>= 3.4 with the ``connect`` client packages) and then talks to it as to a cluster, by ``sc://localhost``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from gdelt_rows import gdelt2_fields, gdelt2_row

import dyadscope

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="module")
def connect_url():
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("grpc") is None:
        pytest.skip("needs pyspark with its connect client (pip install 'pyspark[connect]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for Spark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    server = SparkSession.builder.remote("local[2]").getOrCreate()  # starts a local Connect server
    yield "sc://localhost:15002"
    server.stop()


def test_spark_connect_import_and_aggregates_equal_duckdb(connect_url, tmp_path):
    rows = [
        gdelt2_row(i, a2cc=["VNM", "CHN", ""][i % 3], sqldate=f"2024{1 + i % 12:02d}15") for i in range(60)
    ]
    rows.insert(7, "\t".join(gdelt2_fields(999)[:40]))  # a malformed line 8
    path = tmp_path / "20240101.export.CSV"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    by_duckdb = dyadscope.open(tmp_path / "duck.db")
    by_connect = dyadscope.open(tmp_path / "connect.db")
    expected = by_duckdb.import_gdelt(path)
    got = by_connect.import_gdelt(path, engine="spark", master=connect_url)
    assert (got.rows_read, got.rows_loaded, got.rows_quarantined) == (61, 40, 1)
    assert got.to_json()["problems"] == expected.to_json()["problems"]
    assert (got.rows_read, got.rows_loaded, got.rows_filtered) == (
        expected.rows_read,
        expected.rows_loaded,
        expected.rows_filtered,
    )
    left = by_duckdb.gdelt_aggregates("USA VNM", weight="mentions")
    right = by_connect.gdelt_aggregates("USA VNM", weight="mentions")
    assert left.equals(right) and len(left) == 4  # USA->VNM rows fall in four months
