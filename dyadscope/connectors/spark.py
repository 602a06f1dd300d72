"""The GDELT import-and-aggregate on Apache Spark (PySpark) over Parquet, for histories beyond one machine.

``dyadscope import gdelt FILES --engine spark --master local[2]`` (or ``spark://host:7077``) parses,
validates and maps each file with the *same SQL* as the DuckDB engine (``gdelt_layout``), writing
the file's Parquet cache as a folder of parts; ``spark_aggregates`` runs the same aggregate SQL as
``store.analytics``. Both engines therefore give identical caches and monthly dyad aggregates
(checked by a test on ``local[2]``). With a cluster master the input files and the cache folder
must be on storage every worker can read.

Spark Connect: ``--master sc://host:15002`` sends the same SQL to a Spark Connect server (Spark >= 3.4;
the client needs ``pyspark[connect]``); lines are then numbered with SQL instead of an RDD. Tested
against a local server that the test starts itself (``builder.remote("local[2]")``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Errors, InputError
from ..store.analytics import aggregate_sql
from .gdelt_layout import SPARK, Layout, transform_sql


def session(master: str | None = None) -> Any:
    """A SparkSession (``local[2]`` by default) set up for the shared SQL: no ANSI errors on bad casts."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise InputError(Errors.E307.format(detail="no Java runtime found on PATH or in JAVA_HOME"))
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError(Errors.E307.format(detail=f"pyspark is not installed: {exc}")) from exc
    if master and master.startswith("sc://"):
        return _connect(SparkSession, master)
    builder = (
        SparkSession.builder.master(master or "local[2]")
        .appName("dyadscope-gdelt")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
    )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Py4J / JVM start-up failures carry no stable type
        raise InputError(Errors.E307.format(detail=f"Spark did not start: {exc}")) from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _connect(spark_session: Any, url: str) -> Any:
    """A Spark Connect session on ``sc://host:port``: the cluster runs the SQL, this process only sends it."""
    try:
        spark = spark_session.builder.remote(url).getOrCreate()
        spark.conf.set("spark.sql.ansi.enabled", "false")
        spark.conf.set("spark.sql.legacy.timeParserPolicy", "CORRECTED")
    except ImportError as exc:  # the Connect client needs grpcio and friends
        raise InputError(Errors.E307.format(detail=f"Spark Connect client missing: {exc}")) from exc
    except Exception as exc:  # gRPC errors carry no stable type either
        raise InputError(Errors.E307.format(detail=f"Spark Connect at {url} did not answer: {exc}")) from exc
    return spark


def is_connect(spark: Any) -> bool:
    """True for a Spark Connect session (no SparkContext, no RDDs on the client)."""
    return type(spark).__module__.startswith("pyspark.sql.connect")


def _register_lookups(spark: Any) -> None:
    from .gdelt_duckdb import lookup_tables

    for name, frame in lookup_tables().items():
        spark.createDataFrame(frame.astype(str)).createOrReplaceTempView(name)


def transform_file(spark: Any, plain: Path, layout: Layout, out: Path) -> None:
    """Write every line of ``plain`` to the Parquet folder ``out`` (the DuckDB engine's columns)."""
    _register_lookups(spark)
    if is_connect(spark):
        # No RDDs over Connect: number the lines by the reader's increasing ids (one file, read in order).
        spark.read.text(str(plain)).withColumnRenamed("value", "l").createOrReplaceTempView("text_lines")
        spark.sql(
            "SELECT row_number() OVER (ORDER BY id) AS line, l FROM "
            "(SELECT monotonically_increasing_id() AS id, l FROM text_lines)"
        ).createOrReplaceTempView("raw_lines")
    else:
        numbered = spark.sparkContext.textFile(str(plain)).zipWithIndex().map(lambda p: (p[1] + 1, p[0]))
        spark.createDataFrame(numbered, "line BIGINT, l STRING").createOrReplaceTempView("raw_lines")
    spark.sql("SELECT line, regexp_replace(l, '\\r$', '') AS l FROM raw_lines").createOrReplaceTempView(
        "trimmed"
    )
    spark.sql("SELECT line, l, split(l, chr(9), -1) AS f FROM trimmed WHERE l <> ''").createOrReplaceTempView(
        "src"
    )
    spark.sql(transform_sql(layout, SPARK)).write.mode("overwrite").parquet(str(out))


def spark_aggregates(spark: Any, caches: list[Path], **options: Any) -> pd.DataFrame:
    """Monthly dyad aggregates with Spark over cache files/folders (options as in ``store.analytics``)."""
    paths = [str(p) for p in caches]
    spark.read.parquet(*paths).createOrReplaceTempView("gdelt_cache")
    frame = spark.sql(aggregate_sql("gdelt_cache", **options)).toPandas()
    return frame
