"""Move kept GDELT rows from a Parquet cache file into the store's ``events`` table.

DuckDB selects and shapes the rows (id, synthetic text, confidence) in vectorised SQL and hands
them over as Arrow record batches, inserted with ``INSERT OR IGNORE`` keyed on the natural key. One
file is one transaction (its rows, its quarantined lines and its ledger row ``ok``): a killed import
leaves nothing of the file visible, and running it again loads it whole (reliability case 28).

Confidence of a GDELT event (documented in README): ``0.5 + 0.1 * min(NumSources - 1, 3)
+ 0.01 * min(NumMentions - 1, 10)``: one article from one source gives 0.5; four or more
sources and eleven or more mentions give the cap of 0.9. Coverage is not truth, so GDELT never
reaches the 1.0 a hand-checked document event can.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
from sqlalchemy import Connection, insert

from ..dyads import Dyad
from ..store import tables as t

EVENT_COLUMNS = [c.name for c in t.events.c]
Progress = Callable[[int], None]

SHAPE = {  # GDELT cache column -> events column (the POLECAT/ICEWS shapes live in eventdata.py)
    "id": "'gdelt-' || source_event_id",
    "doc_id": "NULL::VARCHAR",
    "date": "date",
    "month": "month",
    "date_precision": "'day'",
    "source_actor": "source_actor",
    "target_actor": "target_actor",
    "source_person": "NULL::VARCHAR",
    "event_code": "event_code",
    "event_root": "event_root",
    "event_label": "event_label",
    "goldstein": "goldstein",
    "quad_class": "quad_class",
    "dimension": "dimension",
    "status": "'reported'",
    "text": "coalesce(nullif(actor1_name, ''), actor1_code, source_actor) || ' -> ' || "
    "coalesce(nullif(actor2_name, ''), actor2_code, target_actor) || ': ' || event_label || "
    "' (CAMEO ' || event_code || ', GDELT ' || source_event_id || ')'",
    "char_start": "0",
    "char_end": "0",
    "confidence": "CAST(round(0.5 + 0.1 * least(num_sources - 1, 3) "
    "+ 0.01 * least(num_mentions - 1, 10), 3) AS DOUBLE)",
    "origin": "'gdelt'",
    "source_url": "source_url",
    "date_ambiguous": "false",
    "date_uncertain": "false",
    "num_mentions": "num_mentions",
    "num_sources": "num_sources",
    "num_articles": "num_articles",
    "avg_tone": "avg_tone",
    "source_event_id": "source_event_id",
}


def _quote(text: str) -> str:
    return text.replace("'", "''")


def selection(dyad: Dyad | None, since: str | None, until: str | None) -> list[tuple[str, str]]:
    """(reason, SQL condition a row must meet) for every filter, in the order they are reported."""
    conds = [
        ("no state or IGO actor on both sides", "source_actor IS NOT NULL AND target_actor IS NOT NULL"),
        ("same country on both sides (domestic)", "source_actor <> target_actor"),
    ]
    if dyad is not None:
        a, b = dyad.a, dyad.b
        conds.append(
            (
                f"not the dyad {dyad}",
                f"((source_actor = '{a}' AND target_actor = '{b}') OR "
                f"(source_actor = '{b}' AND target_actor = '{a}'))",
            )
        )
    if since:
        conds.append((f"before {since}", f"date >= '{_quote(since)}'"))
    if until:
        conds.append((f"after {until}", f"substr(date, 1, {len(until)}) <= '{_quote(until)}'"))
    return conds


def filter_counts(con: duckdb.DuckDBPyConnection, cache: str, conds: list[tuple[str, str]]) -> Counter:
    """Kept rows left out, by the first filter each one fails."""
    if not conds:
        return Counter()
    cases = " ".join(f"WHEN NOT coalesce({cond}, FALSE) THEN '{_quote(reason)}'" for reason, cond in conds)
    rows = con.execute(
        f"SELECT CASE {cases} END AS why, count(*) FROM {cache} WHERE reason IS NULL GROUP BY why"
    ).fetchall()
    return Counter({why: n for why, n in rows if why is not None})


BULK_ROWS = 250_000  # above this many rows to insert, secondary indexes are rebuilt once instead of updated


def load_events(
    db,
    con: duckdb.DuckDBPyConnection,
    cache: str,
    conds: list[tuple[str, str]],
    *,
    batch_size: int = 100_000,
    progress: Progress | None = None,
    expected: int = 0,
    shape: dict[str, str] | None = None,
    finish: Callable[[Connection, int], None] | None = None,
) -> int:
    """Insert the kept, selected rows of ``cache`` into ``events``; returns the rows newly inserted.

    Everything runs in ONE transaction, closed by ``finish(conn, inserted)`` (the caller's quarantine
    and ledger writes): readers see the file's rows all at once or not at all, a kill -9 or a full disk leaves
    the store as it was, and a re-run completes the file. ``shape`` maps events columns to SQL over
    the cache (default: GDELT's). SQLite maintains five B-trees per event row; for a bulk load
    (``expected`` > BULK_ROWS) the secondary indexes are dropped inside the transaction and rebuilt
    once at its end (a sorted build is several times faster; a rollback restores them).
    """
    shape = shape or SHAPE
    where = " AND ".join(["reason IS NULL"] + [f"coalesce({c}, FALSE)" for _, c in conds])
    select = ", ".join(f"{shape[name]} AS {name}" for name in EVENT_COLUMNS)
    reader = con.sql(f"SELECT {select} FROM {cache} WHERE {where}").to_arrow_reader(batch_size)
    sqlite = db.url.startswith("sqlite")
    insert_rows = _sqlite_insert if sqlite else _generic_insert
    bulk = sqlite and expected > BULK_ROWS
    inserted = 0
    with db.write() as conn:
        if sqlite:  # pysqlite opens no transaction before DDL: take the write lock now, explicitly
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        if bulk:
            _drop_indexes(conn)
        for batch in reader:
            columns = batch.to_pydict()
            rows = list(zip(*(columns[name] for name in EVENT_COLUMNS), strict=True))
            inserted += insert_rows(conn, rows)
            if progress:
                progress(len(rows))
        if bulk:
            for index in _secondary_indexes():
                index.create(conn, checkfirst=True)
        if finish is not None:
            finish(conn, inserted)
    return inserted


def _secondary_indexes() -> list:
    return [index for index in t.events.indexes if not index.unique]


def _drop_indexes(conn: Connection) -> None:
    for index in _secondary_indexes():
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')


def ensure_indexes(db) -> None:
    """Create any secondary index of ``events`` that is missing (after a bulk load or a crash in one)."""
    with db.write() as conn:
        for index in _secondary_indexes():
            index.create(conn, checkfirst=True)


_INSERT_SQL = (
    f"INSERT OR IGNORE INTO events ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
)


def _sqlite_insert(conn: Connection, rows: list[tuple]) -> int:
    """Driver-level executemany (5-10x faster than ORM-level inserts) in the caller's transaction."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_INSERT_SQL, rows)
        return max(cursor.rowcount, 0)
    finally:
        cursor.close()


def _generic_insert(conn: Connection, rows: list[tuple]) -> int:
    """Any other SQLAlchemy backend: skip rows whose natural key is already stored."""
    records = [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]
    have = {
        r[0]
        for r in conn.execute(
            t.events.select()
            .with_only_columns(t.events.c.id)
            .where(t.events.c.id.in_([r["id"] for r in records]))
        )
    }
    fresh = [r for r in records if r["id"] not in have]
    if fresh:
        conn.execute(insert(t.events), fresh)
    return len(fresh)


def cache_source(paths: list[Path]) -> str:
    """A DuckDB FROM clause over cache files (DuckDB writes files; Spark writes folders of parts)."""
    globs = [str(p / "*.parquet") if p.is_dir() else str(p) for p in paths]
    listed = ", ".join(f"'{_quote(g)}'" for g in globs)
    return f"read_parquet([{listed}], union_by_name=true)"
