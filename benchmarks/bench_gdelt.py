"""GDELT import benchmark: rows/s, ratio to a bare DuckDB read_csv, aggregation time, peak RSS.

Generates a GDELT 2.0 export (default 5,000,000 rows, 61 tab-separated columns) in a temporary
folder, then in this process: imports it with ``--dyad USA VNM`` (the Parquet cache gets every row,
the SQLite store the dyad's), imports it again into a fresh store with no filter (every
state-to-state row into SQLite), aggregates by month and dyad, and finally reads the file with a
bare ``duckdb.read_csv`` for the ratio. Prints numbers; asserts nothing.

    python benchmarks/bench_gdelt.py [--rows N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = "['USA','VNM','CHN','RUS','GBR','FRA','DEU','IND','JPN','KOR','','','UIS']"


def generate(path: Path, rows: int) -> None:
    """Write a synthetic GDELT 2.0 file with DuckDB (run in a child process: its memory is not ours)."""
    import duckdb

    day = "(DATE '2015-02-18' + (i % 3650)::INT)"
    cols = [
        "(100000000 + i)::VARCHAR",
        f"strftime({day}, '%Y%m%d')",
        f"strftime({day}, '%Y%m')",
        f"strftime({day}, '%Y')",
        "'2015.1234'",
    ]
    for salt in (7, 11):
        cc = f"{COUNTRIES}[1 + (hash(i * {salt}) % 13)::INT]"
        cols += [f"{cc} || 'GOV'", "'GOVERNMENT'", cc, "''", "''", "''", "''", "'GOV'", "''", "''"]
    cols += [
        "'1'",
        "['010','042','0251','190','036','057','112','173'][1 + (i % 8)::INT]",
        "'01'",
        "'01'",
        "(1 + (i % 4))::VARCHAR",
        "((i % 201) / 10.0 - 10)::VARCHAR",
        "(1 + i % 50)::VARCHAR",
        "(1 + i % 5)::VARCHAR",
        "(1 + i % 40)::VARCHAR",
        "(-3.1415926 + (i % 7))::VARCHAR",
    ]
    for _ in range(3):
        cols += [
            "'4'",
            "'Hanoi, Ha Noi, Vietnam'",
            "['VM','US','CH','RS','UK'][1 + (i % 5)::INT]",
            "'VM44'",
            "''",
            "'21.0333'",
            "'105.85'",
            "'-3714993'",
        ]
    cols += [
        f"strftime({day}, '%Y%m%d') || '151500'",
        "'https://news.example.org/world/asia/' || i::VARCHAR || '/story.html'",
    ]
    select = ", ".join(f"{c} AS c{k}" for k, c in enumerate(cols))
    duckdb.connect().execute(
        f"COPY (SELECT {select} FROM range({rows}) t(i)) TO '{path}' "
        "(FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')"
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, func):
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    print(f"{label:<48} {seconds:8.2f} s", flush=True)
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep it.")
    parser.add_argument("--generate", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, args.rows)
        return
    import duckdb

    import dyadscope
    from dyadscope.store.analytics import monthly_dyad_aggregates

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-gdelt-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "20250101.export.CSV"
    print(f"machine: {os.cpu_count()} cores; rows: {args.rows:,}; folder: {folder}")
    timed(
        "generate (child process)",
        lambda: subprocess.run(
            [sys.executable, __file__, "--generate", str(data), "--rows", str(args.rows)], check=True
        ),
    )
    print(f"file size {data.stat().st_size / 1e6:,.0f} MB")

    db = dyadscope.open(folder / "dyad.db")
    report, t_dyad = timed(
        "import --dyad USA VNM (cache + SQLite)", lambda: db.import_gdelt(data, dyad="USA VNM")
    )
    print(
        f"  rows/s {report.rows_read / t_dyad:,.0f}; loaded {report.rows_loaded:,}; "
        f"quarantined {report.rows_quarantined:,}; peak RSS {peak_mb():,.0f} MB"
    )
    full = dyadscope.open(folder / "full.db")
    report_full, t_full = timed(
        "import, no filter (all state dyads to SQLite)", lambda: full.import_gdelt(data)
    )
    print(
        f"  rows/s {report_full.rows_read / t_full:,.0f}; loaded {report_full.rows_loaded:,}; "
        f"peak RSS {peak_mb():,.0f} MB"
    )
    rss_import = peak_mb()

    frame, t_agg = timed("monthly dyad aggregates, all dyads", lambda: monthly_dyad_aggregates(db))
    _, t_agg_opts = timed(
        "  same, weight=mentions dedupe normalise",
        lambda: monthly_dyad_aggregates(db, weight="mentions", dedupe=True, normalise=True),
    )
    _, t_agg_dyad = timed("  one dyad (USA VNM)", lambda: monthly_dyad_aggregates(db, dyad="USA VNM"))
    print(f"  {len(frame):,} rows of aggregates")

    def bare() -> int:
        con = duckdb.connect()
        con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{data}', delim='\t', header=false)")
        return con.execute("SELECT count(*) FROM raw").fetchone()[0]

    count, t_bare = timed("bare duckdb read_csv (into a DuckDB table)", bare)
    print(f"\nrows {count:,}")
    print(
        f"import --dyad: {report.rows_read / t_dyad:,.0f} rows/s, "
        f"ratio to bare read_csv {t_dyad / t_bare:.2f}x "
        "(target <= 2x)"
    )
    print(f"import, no filter: {report_full.rows_read / t_full:,.0f} rows/s, ratio {t_full / t_bare:.2f}x")
    print(
        f"aggregation: {t_agg:.2f} s all dyads, {t_agg_opts:.2f} s with options, {t_agg_dyad:.2f} s one dyad "
        "(target <= 1 s)"
    )
    print(f"peak RSS during imports: {rss_import:,.0f} MB (target <= 2048 MB)")


if __name__ == "__main__":
    main()
