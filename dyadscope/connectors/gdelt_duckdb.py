"""Parse, validate and map one plain GDELT file with DuckDB into its Parquet cache file.

Lines are read as one VARCHAR column (no CSV quoting: GDELT has none, so a stray quote is data to
judge, not syntax), split on tabs and validated in SQL (``gdelt_layout.transform_sql``) in one
parallel pass. Line numbers are needed only for quarantined rows, so they are found afterwards,
and only when some row was bad: a second scan numbers a 64-bit hash of each line (8 bytes a line
to buffer, not the line) and matches the bad rows by (hash, occurrence). Validation is a function
of the line's text, so every line identical to a bad one is bad too and the matching is exact.
Lines DuckDB cannot decode (invalid UTF-8) come from its rejects table with their true numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..errors import Errors, InputError
from . import codes
from .gdelt_layout import BLANK, DUCKDB, transform_sql

MEMORY_LIMIT = "1GB"  # DuckDB spills to its temp directory beyond this; keeps a 5M-row import under 2 GB


def connect(workdir: Path, *, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lookup tables registered and a bounded memory budget."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit='{MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory='{_quote(str(workdir / 'spill'))}'")
    con.execute("SET preserve_insertion_order=true")
    con.execute("SET enable_progress_bar=false")
    if threads:
        con.execute(f"SET threads={int(threads)}")
    for name, frame in lookup_tables().items():
        con.register(name, frame)
    return con


def lookup_tables() -> dict:
    """The small tables ``transform_sql`` joins against, by name (shared with the Spark engine)."""
    return {
        "cameo_lookup": codes.cameo_lookup(),
        "actor_keys": codes.actor_keys(),
        "fips_countries": codes.fips_countries(),
    }


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _read_lines(plain: Path, rejects: str) -> str:
    """A read_csv of whole lines: the delimiter is the unit separator, a byte GDELT text never holds."""
    return (
        f"read_csv('{_quote(str(plain))}', header=false, columns={{'l': 'VARCHAR'}}, delim='\x1f', "
        "quote='', escape='', auto_detect=false, store_rejects=true, ignore_errors=true, "
        f"rejects_table='{rejects}', rejects_scan='{rejects}_scan')"
    )


def _copy(con: duckdb.DuckDBPyConnection, query: str, out: Path) -> None:
    con.execute(f"COPY ({query}) TO '{_quote(str(out))}' (FORMAT parquet, COMPRESSION snappy)")


def transform_file(
    con: duckdb.DuckDBPyConnection,
    plain: Path,
    layout: Any,
    out: Path,
    *,
    sql: str | None = None,
    what: str = "GDELT",
) -> None:
    """Write every line of ``plain`` to the Parquet file ``out`` (kept rows and quarantined ones).

    ``sql`` replaces GDELT's validating SELECT over ``src(line, l, f)`` (POLECAT and ICEWS layouts,
    whose ``layout`` only needs a ``name``); ``what`` names the format in errors.
    """
    staged = out.with_suffix(".stage.parquet")
    try:
        con.execute(
            # No WHERE and no rtrim on the whole line here: each costs as much as the split.
            "CREATE OR REPLACE TEMP VIEW src AS SELECT CAST(NULL AS BIGINT) AS line, l, "
            f"string_split(l, chr(9)) AS f FROM {_read_lines(plain, 'rejects')}"
        )
        _copy(con, sql or transform_sql(layout, DUCKDB), staged)
        rejected = con.execute("SELECT count(*) FROM rejects").fetchall()[0][0]
        bad = con.execute(
            f"SELECT count(*) FROM '{_quote(str(staged))}' WHERE reason IS NOT NULL AND reason <> '{BLANK}'"
        ).fetchall()[0][0]
        if not bad and not rejected:
            staged.replace(out)
            return
        _number_bad_lines(con, plain, staged, out, layout)
    except duckdb.IOException:
        raise  # a full disk or a failed write: the caller reports it as a store failure (E505)
    except duckdb.Error as exc:
        raise InputError(
            Errors.E301.format(path=plain, detail=f"cannot be read as {what} text ({exc})")
        ) from exc
    finally:
        staged.unlink(missing_ok=True)


def _number_bad_lines(
    con: duckdb.DuckDBPyConnection, plain: Path, staged: Path, out: Path, layout: Any
) -> None:
    """Give quarantined rows their line numbers and add the undecodable lines (module docstring)."""
    stage = f"'{_quote(str(staged))}'"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE bad AS SELECT *, row_number() OVER () AS ord "
        f"FROM {stage} WHERE reason IS NOT NULL AND reason <> '{BLANK}'"
    )
    # Hash before numbering, in a subquery: the window then buffers 8 bytes a line, not the line.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE seen AS
        SELECT pos, h FROM (SELECT row_number() OVER () AS pos, h FROM (
            SELECT hash(substr(rtrim(l, chr(13)), 1, 2000)) AS h FROM {_read_lines(plain, "rejects_b")}))
        WHERE h IN (SELECT hash(raw) FROM bad)""")
    # Rows after an undecodable line were numbered one short per such line before them.
    con.execute("""CREATE OR REPLACE TEMP TABLE shift AS
        SELECT adj, max(i) AS i FROM (SELECT line - row_number() OVER (ORDER BY line) AS adj,
                                             row_number() OVER (ORDER BY line) AS i
                                      FROM (SELECT DISTINCT line FROM rejects_b)) GROUP BY adj""")
    con.execute("""CREATE OR REPLACE TEMP TABLE matched AS
        SELECT b.ord, s.line FROM
          (SELECT ord, hash(raw) AS h, row_number() OVER (PARTITION BY hash(raw) ORDER BY ord) AS k
           FROM bad) b
        JOIN (SELECT h, line, row_number() OVER (PARTITION BY h ORDER BY line) AS k FROM (
                SELECT seen.h, seen.pos + coalesce(shift.i, 0) AS line
                FROM seen ASOF LEFT JOIN shift ON seen.pos > shift.adj)) s
          ON s.h = b.h AND s.k = b.k""")
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {stage}").fetchall()]
    numbered = ", ".join("CAST(m.line AS BIGINT) AS line" if c == "line" else f"b.{c}" for c in columns)
    unreadable = ", ".join(
        {
            "line": "CAST(line AS BIGINT)",
            "layout": f"'{layout.name}'",
            "reason": "'unreadable line: ' || lower(replace(error_type, '_', ' '))",
            "raw": "substr(csv_line, 1, 2000)",
        }.get(c, "NULL")
        + f" AS {c}"
        for c in columns
    )
    _copy(
        con,
        f"""SELECT * FROM {stage} WHERE reason IS NULL
        UNION ALL BY NAME SELECT {numbered} FROM bad b LEFT JOIN matched m ON m.ord = b.ord
        UNION ALL BY NAME SELECT {unreadable}
        FROM (SELECT DISTINCT line, error_type, csv_line FROM rejects)""",
        out,
    )
    con.execute("DROP TABLE bad; DROP TABLE seen; DROP TABLE shift; DROP TABLE matched")
