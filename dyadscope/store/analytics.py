"""DuckDB analytics over the GDELT Parquet cache (or any event table): monthly dyad aggregates.

The aggregate is one SQL text that DuckDB and Spark SQL both run (``aggregate_sql``), so the two
engines give identical tables. Options, each answering a known GDELT bias:

- ``weight``: ``count`` (each row 1), ``mentions`` (NumMentions), ``sources`` (NumSources) or
  ``articles`` (NumArticles): weight an event by how widely it was reported.
- ``dedupe``: one event per day, directed dyad and CAMEO code; the many rows one story spawns
  count once, with the largest weight among them (duplicate stories).
- ``normalise``: add ``actor_volume`` (the weighted number of all events involving the source
  actor that month, any counterpart) and ``per_1000`` = weighted events per 1,000 of that volume,
  so growth of GDELT's coverage over the years does not read as growth of relations.
- ``by_dimension``: one row per dimension (default) or one per dyad-month; ``directed``: keep
  A->B apart from B->A (default) or fold them (actors in alphabetical order).

Columns: month, source_actor, target_actor, [dimension], events, weighted_events, goldstein_mean,
goldstein_total, tone_mean, cooperation_share, [actor_volume, per_1000]. Means are weighted;
floats are rounded to 6 decimals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..dyads import parse_dyad
from ..errors import Errors, InputError

WEIGHTS = {"count": "1", "mentions": "num_mentions", "sources": "num_sources", "articles": "num_articles"}


def _quote(text: str) -> str:
    return text.replace("'", "''")


def aggregate_sql(
    source: str,
    *,
    dyad: Any = None,
    since: str | None = None,
    until: str | None = None,
    weight: str = "count",
    dedupe: bool = False,
    normalise: bool = False,
    by_dimension: bool = True,
    directed: bool = True,
) -> str:
    """The aggregate as SQL over ``source`` (a table name or FROM expression with cache columns)."""
    if weight not in WEIGHTS:
        raise InputError(Errors.E407.format(value=weight, field="weight", choices=", ".join(WEIGHTS)))
    w = f"CAST({WEIGHTS[weight]} AS DOUBLE)"
    sa, ta = (
        ("source_actor", "target_actor")
        if directed
        else ("least(source_actor, target_actor)", "greatest(source_actor, target_actor)")
    )
    valid = (
        "reason IS NULL AND source_actor IS NOT NULL AND target_actor IS NOT NULL "
        "AND source_actor <> target_actor"
    )
    where = [valid] + _period(since, until)
    if dyad is not None:
        pair = parse_dyad(dyad)
        where.append(
            f"((source_actor = '{pair.a}' AND target_actor = '{pair.b}') OR "
            f"(source_actor = '{pair.b}' AND target_actor = '{pair.a}'))"
        )
    dim = "dimension" if by_dimension else "'all'"
    base = (
        f"SELECT date, month, {sa} AS sa, {ta} AS ta, source_actor AS src, event_code, {dim} AS dim, "
        f"quad_class, goldstein, avg_tone, {w} AS w FROM {source} WHERE {' AND '.join(where)}"
    )
    if dedupe:
        base = (
            "SELECT date, month, sa, ta, min(src) AS src, event_code, min(dim) AS dim, min(quad_class) AS "
            "quad_class, avg(goldstein) AS goldstein, avg(avg_tone) AS avg_tone, max(w) AS w "
            f"FROM ({base}) b GROUP BY date, month, sa, ta, event_code"
        )
    keys = "month, sa, ta" + (", dim" if by_dimension else "")
    agg = (
        "SELECT month, sa AS source_actor, ta AS target_actor"
        f"{', dim AS dimension' if by_dimension else ''}, "
        "count(*) AS events, round(sum(w), 6) AS weighted_events, "
        "round(sum(w * goldstein) / sum(w), 6) AS goldstein_mean, "
        "round(sum(w * goldstein), 6) AS goldstein_total, "
        "round(sum(w * avg_tone) / sum(w), 6) AS tone_mean, "
        "round(sum(CASE WHEN quad_class IN (1, 2) THEN w ELSE 0 END) / sum(w), 6) AS cooperation_share, "
        "min(src) AS volume_actor "
        f"FROM ({base}) e GROUP BY {keys}"
    )
    keys_out = ["month", "source_actor", "target_actor"] + (["dimension"] if by_dimension else [])
    measures = [
        "events",
        "weighted_events",
        "goldstein_mean",
        "goldstein_total",
        "tone_mean",
        "cooperation_share",
    ]
    cols = ", ".join(f"a.{c}" for c in keys_out + measures)
    order = ", ".join(keys_out)
    if not normalise:
        return f"SELECT {cols} FROM ({agg}) a ORDER BY {order}"
    volume = _volume_sql(source, w, since, until)
    return (
        f"SELECT {cols}, round(v.volume, 6) AS actor_volume, "
        "round(1000 * a.weighted_events / v.volume, 6) AS per_1000 "
        f"FROM ({agg}) a LEFT JOIN ({volume}) v ON v.month = a.month AND v.actor = a.volume_actor "
        f"ORDER BY {order}"
    )


def _period(since: str | None, until: str | None) -> list[str]:
    where = []
    if since:
        where.append(f"date >= '{_quote(since)}'")
    if until:
        where.append(f"substr(date, 1, {len(until)}) <= '{_quote(until)}'")
    return where


def _volume_sql(source: str, w: str, since: str | None, until: str | None) -> str:
    """Weighted monthly volume of every actor: all kept rows where it is source or target."""
    where = " AND ".join(["reason IS NULL"] + _period(since, until))
    return (
        f"SELECT month, actor, sum(w) AS volume FROM ("
        f"SELECT month, source_actor AS actor, {w} AS w FROM {source} "
        f"WHERE {where} AND source_actor IS NOT NULL "
        f"UNION ALL SELECT month, target_actor AS actor, {w} AS w FROM {source} WHERE {where} "
        "AND target_actor IS NOT NULL AND (source_actor IS NULL OR target_actor <> source_actor)"
        ") x GROUP BY month, actor"
    )


def monthly_dyad_aggregates(
    source: Any, *, dyad: Any = None, since: str | None = None, until: str | None = None, **options: Any
) -> pd.DataFrame:
    """Monthly dyad aggregates (module docstring) from a Database's GDELT cache or Parquet paths.

    ``source``: a :class:`~dyadscope.api.Database` (the caches of its GDELT, ICEWS and POLECAT
    imports), a Parquet file/folder, or a list of them. Returns an empty frame with the columns
    when there is nothing to aggregate.

    >>> monthly_dyad_aggregates(db, dyad="USA VNM", weight="mentions", dedupe=True, normalise=True)
    """
    paths = _paths(source)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar=false")
        if paths:
            from ..connectors.gdelt_load import cache_source

            from_clause = cache_source(paths)
        else:
            con.execute(_EMPTY)
            from_clause = "empty_cache"
        sql = aggregate_sql(from_clause, dyad=dyad, since=since, until=until, **options)
        return con.execute(sql).df()
    finally:
        con.close()


EVENT_DATA = ("gdelt", "icews", "polecat")  # bulk event data whose caches share the columns aggregated here


def _paths(source: Any) -> list[Path]:
    if hasattr(source, "url") and hasattr(source, "engine"):
        from ..connectors.gdelt import cache_files

        return cache_files(source, EVENT_DATA)
    items = source if isinstance(source, (list, tuple)) else [source]
    return [Path(p) for p in items]


_EMPTY = """CREATE TEMP TABLE empty_cache (reason VARCHAR, date VARCHAR, month VARCHAR, source_actor VARCHAR,
 target_actor VARCHAR, event_code VARCHAR, dimension VARCHAR, quad_class INTEGER, goldstein DOUBLE,
 avg_tone DOUBLE, num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER)"""
