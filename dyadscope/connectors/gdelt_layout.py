"""GDELT event-file layouts (1.0 backfile 57, 1.0 daily 58, 2.0 61 columns) and the validating SQL.

The same SQL text runs on DuckDB and on Spark SQL (only list indexing, regex matching and date
parsing differ, see ``Dialect``), so both engines keep, reject and map exactly the same rows.
Input: a relation ``src(line BIGINT, l STRING, f ARRAY<STRING>)`` with the 1-based line number, the
raw line and its tab-split fields. Output: one row per line, with ``reason`` NULL for kept rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from .validate import run_date

# 1-based positions of the fields dyadscope keeps; the geo blocks are 7 wide in 1.0, 8 in 2.0.
COMMON = {
    "gid": 1,
    "sqldate": 2,
    "a1code": 6,
    "a1name": 7,
    "a1cc": 8,
    "a1known": 9,
    "a2code": 16,
    "a2name": 17,
    "a2cc": 18,
    "a2known": 19,
    "isroot": 26,
    "code": 27,
    "base": 28,
    "root": 29,
    "quad": 30,
    "goldstein": 31,
    "mentions": 32,
    "sources": 33,
    "articles": 34,
    "tone": 35,
}


@dataclass(frozen=True)
class Layout:
    name: str
    field_counts: tuple[int, ...]  # accepted numbers of tab-separated fields per row
    action_cc: int
    dateadded: int
    url: int  # position of SOURCEURL; rows with fewer fields have none (1.0 backfile)


GDELT1 = Layout("gdelt1", (57, 58), action_cc=52, dateadded=57, url=58)
GDELT2 = Layout("gdelt2", (61,), action_cc=54, dateadded=60, url=61)
LAYOUTS = (GDELT1, GDELT2)


def detect_layout(lines: list[str]) -> Layout | None:
    """The layout whose field counts match most of the sampled lines (None if none matches)."""
    counts = Counter(line.count("\t") + 1 for line in lines if line.strip())
    best, votes = None, 0
    for layout in LAYOUTS:
        n = sum(counts[c] for c in layout.field_counts)
        if n > votes:
            best, votes = layout, n
    return best


@dataclass(frozen=True)
class Dialect:
    """The few spellings that differ between DuckDB and Spark SQL."""

    name: str
    index_base: int  # DuckDB lists are 1-based, Spark arrays 0-based

    def field(self, pos: int) -> str:
        return f"f[{pos - 1 + self.index_base}]"

    def matches(self, expr: str, pattern: str) -> str:
        if self.name == "duckdb":
            return f"regexp_full_match({expr}, '{pattern}')"
        return f"({expr} RLIKE '^{pattern}$')"

    def strip_cr(self, expr: str) -> str:
        """``expr`` without trailing carriage returns (Spark's two-argument rtrim takes them reversed)."""
        return f"rtrim({expr}, chr(13))" if self.name == "duckdb" else f"rtrim(chr(13), {expr})"

    def valid_date(self, expr: str) -> str:
        if self.name == "duckdb":
            return f"(try_strptime({expr}, '%Y%m%d') IS NOT NULL)"
        return f"(to_date({expr}, 'yyyyMMdd') IS NOT NULL)"


DUCKDB = Dialect("duckdb", 1)
SPARK = Dialect("spark", 0)

BLANK = "blank line"  # reason of an empty line: neither read nor quarantined, only skipped
NUMBER = "-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?"  # no backslashes: Spark unescapes them
INTEGER = "[0-9]+"
# Fields that hold codes or numbers: a double quote in one of them is a broken row, not data.
STRUCTURED = (
    "gid",
    "sqldate",
    "a1cc",
    "a1known",
    "a2cc",
    "a2known",
    "code",
    "quad",
    "goldstein",
    "mentions",
    "sources",
    "articles",
    "tone",
)


def _fields_sql(layout: Layout, d: Dialect) -> str:
    cols = [f"{d.field(pos)} AS {name}" for name, pos in COMMON.items()]
    cols.append(f"{d.field(layout.action_cc)} AS action_fips")
    # A CRLF file leaves "\r" at the end of the last field only: trimmed there, not on the whole line.
    cols.append(f"{d.strip_cr(d.field(layout.dateadded))} AS date_added")
    cols.append(
        f"CASE WHEN size(f) >= {layout.url} THEN {d.strip_cr(d.field(layout.url))} END AS source_url"
        if d.name == "spark"
        else f"CASE WHEN len(f) >= {layout.url} THEN {d.strip_cr(d.field(layout.url))} END AS source_url"
    )
    size = "size(f)" if d.name == "spark" else "len(f)"
    return f"SELECT line, l, CAST({size} AS INTEGER) AS n, {', '.join(cols)} FROM src"


def latest_sqldate() -> str:
    """The latest SQLDATE accepted: tomorrow in UTC (an event cannot happen after its import)."""
    return (run_date() + timedelta(days=1)).strftime("%Y%m%d")


def _reason_sql(layout: Layout, d: Dialect) -> str:
    expected = "/".join(str(c) for c in layout.field_counts)
    counts = ", ".join(str(c) for c in layout.field_counts)
    quote_check = " OR ".join(f"coalesce({c}, '') LIKE '%\"%'" for c in STRUCTURED)
    checks = [
        ("coalesce(l, '') IN ('', chr(13))", f"'{BLANK}'"),
        (
            f"n NOT IN ({counts})",
            f"'wrong column count: ' || CAST(n AS STRING) || ' fields, expected {expected}'",
        ),
        (quote_check, "'stray quote character in a code or number field'"),
        (f"NOT {d.matches('gid', INTEGER)}", "'bad GLOBALEVENTID ' || gid"),
        (
            f"NOT {d.matches('sqldate', '[0-9]{8}')} OR NOT {d.valid_date('sqldate')} "
            f"OR substr(sqldate, 1, 4) < '1900' OR sqldate > '{latest_sqldate()}'",
            "'bad SQLDATE ' || sqldate",
        ),
        ("label IS NULL", "'invalid CAMEO EventCode ' || code"),  # cameo_lookup holds every valid code
        (
            f"NOT {d.matches('goldstein', NUMBER)} OR TRY_CAST(goldstein AS DOUBLE) < -10 "
            "OR TRY_CAST(goldstein AS DOUBLE) > 10",
            "'non-numeric or out-of-range GoldsteinScale ' || goldstein",
        ),
        ("quad NOT IN ('1', '2', '3', '4')", "'bad QuadClass ' || quad"),
        (
            " OR ".join(
                f"NOT {d.matches(c, INTEGER)} OR TRY_CAST({c} AS INTEGER) IS NULL"
                for c in ("mentions", "sources", "articles")
            ),
            "'non-numeric NumMentions/NumSources/NumArticles'",
        ),
        (f"NOT {d.matches('tone', NUMBER)}", "'non-numeric AvgTone ' || tone"),
    ]
    # coalesce: a NULL field (short row) must still yield a reason, never a NULL one.
    whens = " ".join(
        f"WHEN coalesce({cond}, TRUE) THEN coalesce({msg}, 'malformed row')" for cond, msg in checks
    )
    return f"CASE {whens} END"


def transform_sql(layout: Layout, d: Dialect) -> str:
    """SELECT over ``src`` giving the canonical GDELT cache columns (see module docstring)."""
    ok = "r.reason IS NULL"
    return f"""
WITH p AS ({_fields_sql(layout, d)}),
j AS (
  SELECT p.*, c.label AS label, c.dimension AS dim, k1.iso3 AS a1, k2.iso3 AS a2, fp.iso3 AS action_iso3
  FROM p
  LEFT JOIN cameo_lookup c ON c.code = p.code
  LEFT JOIN actor_keys k1
    ON k1.key = CASE WHEN coalesce(p.a1cc, '') <> '' THEN 'C:' || p.a1cc ELSE 'G:' || p.a1known END
  LEFT JOIN actor_keys k2
    ON k2.key = CASE WHEN coalesce(p.a2cc, '') <> '' THEN 'C:' || p.a2cc ELSE 'G:' || p.a2known END
  LEFT JOIN fips_countries fp ON fp.fips = p.action_fips
),
r AS (SELECT j.*, {_reason_sql(layout, d)} AS reason FROM j)
SELECT
  CASE WHEN {ok} THEN CAST(NULL AS BIGINT) ELSE CAST(r.line AS BIGINT) END AS line, '{layout.name}' AS layout,
  r.reason AS reason,
  CASE WHEN {ok} THEN NULL ELSE substr({d.strip_cr("r.l")}, 1, 2000) END AS raw,
  CASE WHEN {ok} THEN r.gid END AS source_event_id,
  CASE WHEN {ok} THEN substr(r.sqldate, 1, 4) || '-' || substr(r.sqldate, 5, 2) || '-'
    || substr(r.sqldate, 7, 2) END AS date,
  CASE WHEN {ok} THEN substr(r.sqldate, 1, 4) || '-' || substr(r.sqldate, 5, 2) END AS month,
  r.a1code AS actor1_code, r.a1name AS actor1_name, r.a1cc AS actor1_country,
  r.a2code AS actor2_code, r.a2name AS actor2_name, r.a2cc AS actor2_country,
  CASE WHEN {ok} THEN r.a1 END AS source_actor, CASE WHEN {ok} THEN r.a2 END AS target_actor,
  r.code AS event_code, r.base AS event_base, substr(r.code, 1, 2) AS event_root,
  CASE WHEN {ok} THEN r.label END AS event_label,
  CASE WHEN {ok} THEN coalesce(r.dim, 'diplomatic') END AS dimension,
  CASE WHEN {ok} THEN TRY_CAST(r.quad AS INTEGER) END AS quad_class,
  CASE WHEN {ok} THEN TRY_CAST(r.goldstein AS DOUBLE) END AS goldstein,
  CASE WHEN {ok} THEN TRY_CAST(r.mentions AS INTEGER) END AS num_mentions,
  CASE WHEN {ok} THEN TRY_CAST(r.sources AS INTEGER) END AS num_sources,
  CASE WHEN {ok} THEN TRY_CAST(r.articles AS INTEGER) END AS num_articles,
  CASE WHEN {ok} THEN TRY_CAST(r.tone AS DOUBLE) END AS avg_tone,
  r.isroot AS is_root_event, r.action_fips AS action_geo_fips, r.action_iso3 AS action_geo_country,
  r.date_added AS date_added, nullif(r.source_url, '') AS source_url
FROM r
"""
