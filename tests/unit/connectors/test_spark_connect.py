"""Spark Connect: the GDELT import and aggregates sent to a Spark Connect server equal DuckDB's.

A child process starts a local Spark Connect server (``SparkSession.builder.remote("local[2]")``, PySpark
>= 3.4 with the ``connect`` client packages) and imports through it as through a cluster, by
``--master sc://localhost:15002``. It runs apart because PySpark refuses a Connect session in a process
that already holds a classic one (the other Spark tests).
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from gdelt_rows import gdelt2_fields, gdelt2_row

import dyadscope

pytestmark = [pytest.mark.spark, pytest.mark.slow]

CHILD = """
import json, sys
from pyspark.sql import SparkSession
import dyadscope
server = SparkSession.builder.remote("local[2]").getOrCreate()  # a local Spark Connect server
db = dyadscope.open(sys.argv[1])
report = db.import_gdelt(sys.argv[2], engine="spark", master="sc://localhost:15002")
frame = db.gdelt_aggregates("USA VNM", weight="mentions")
print(json.dumps({"report": report.to_json(), "aggregates": frame.to_json(orient="split")}))
server.stop()
"""


def test_spark_connect_import_and_aggregates_equal_duckdb(tmp_path):
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("grpc") is None:
        pytest.skip("needs pyspark with its connect client (pip install 'pyspark[connect]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for Spark")
    rows = [
        gdelt2_row(i, a2cc=["VNM", "CHN", ""][i % 3], sqldate=f"2024{1 + i % 12:02d}15") for i in range(60)
    ]
    rows.insert(7, "\t".join(gdelt2_fields(999)[:40]))  # a malformed line 8
    path = tmp_path / "20240101.export.CSV"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYTHONPATH": str(Path(dyadscope.__file__).parents[1]),
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "connect.db"), str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    got = json.loads(child.stdout.strip().splitlines()[-1])
    duck = dyadscope.open(tmp_path / "duck.db")
    expected = duck.import_gdelt(path).to_json()
    for key in ("rows_read", "rows_loaded", "rows_quarantined", "rows_filtered", "problems", "filtered"):
        assert got["report"][key] == expected[key], key
    assert (got["report"]["rows_read"], got["report"]["rows_loaded"]) == (61, 40)
    left = duck.gdelt_aggregates("USA VNM", weight="mentions")
    right = pd.read_json(io.StringIO(got["aggregates"]), orient="split", dtype=dict(left.dtypes))
    assert len(left) == 4  # USA->VNM rows fall in four months
    pd.testing.assert_frame_equal(
        left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False
    )
