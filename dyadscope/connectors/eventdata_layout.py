"""POLECAT and ICEWS file layouts, recognised by their header row, and the validating DuckDB SQL.

Both producers publish tab-separated files with a header row (ICEWS: yearly and weekly ``.tab``
files on Harvard Dataverse, doi:10.7910/DVN/28075; POLECAT: weekly and yearly ``.txt`` files,
doi:10.7910/DVN/AJGVIT), zipped or not. Columns are found by name, not position, so a release that
adds or reorders columns still reads; a header that lacks a required column is refused (E313).
Names are compared case-blind with spaces and underscores ignored (``Event ID`` = ``event_id``).

The SQL reads ``src(line, l, f)`` (raw line, its tab-split fields) like the GDELT SQL, and gives the
same cache columns (``gdelt_layout.transform_sql``), so analytics and loading are shared. A line
equal to the header (files concatenated with their headers) is skipped like a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gdelt_layout import BLANK

ICEWS_COLUMNS = {  # canonical field -> published column name
    "eid": "Event ID",
    "edate": "Event Date",
    "a1name": "Source Name",
    "a1sectors": "Source Sectors",
    "a1country": "Source Country",
    "etext": "Event Text",
    "code": "CAMEO Code",
    "intensity": "Intensity",
    "a2name": "Target Name",
    "a2sectors": "Target Sectors",
    "a2country": "Target Country",
    "story": "Story ID",
    "sentence": "Sentence Number",
    "publisher": "Publisher",
    "city": "City",
    "district": "District",
    "province": "Province",
    "geo_country": "Country",
    "lat": "Latitude",
    "lon": "Longitude",
}
ICEWS_REQUIRED = ("eid", "edate", "a1name", "a1country", "code", "intensity", "a2name", "a2country")

POLECAT_COLUMNS = {
    "eid": "Event ID",
    "edate": "Event Date",
    "etype": "Event Type",
    "emode": "Event Mode",
    "contexts": "Contexts",
    "a1name": "Actor Name",
    "a1country": "Actor Country",
    "a2name": "Recipient Name",
    "a2country": "Recipient Country",
    "story": "Story ID",
    "publisher": "Publisher",
    "headline": "Headline",
}
POLECAT_REQUIRED = ("eid", "edate", "etype", "a1country", "a2country")


@dataclass(frozen=True)
class HeaderLayout:
    """A producer's layout as found in one file's header: positions of the fields dyadscope reads."""

    name: str  # e.g. icews.v1, polecat.v1 (v1: the Dataverse releases' column names)
    kind: str
    header: str  # the header line itself (skipped wherever it reappears)
    width: int  # number of header names: the expected fields per row
    positions: dict[str, int] = field(default_factory=dict)  # field -> 1-based position


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", "", name.strip().lstrip("\ufeff").lower())


def read_header(kind: str, line: str) -> tuple[HeaderLayout | None, list[str]]:
    """The layout of a file whose first line is ``line``, or (None, missing required column names)."""
    columns, required = (
        (ICEWS_COLUMNS, ICEWS_REQUIRED) if kind == "icews" else (POLECAT_COLUMNS, POLECAT_REQUIRED)
    )
    names = [_norm(n) for n in line.rstrip("\r\n").split("\t")]
    positions = {key: names.index(_norm(col)) + 1 for key, col in columns.items() if _norm(col) in names}
    missing = [columns[key] for key in required if key not in positions]
    if missing:
        return None, missing
    header = line.rstrip("\r\n")
    return HeaderLayout(f"{kind}.v1", kind, header, len(names), positions), []


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _field(layout: HeaderLayout, key: str) -> str:
    """The trimmed field, or NULL when the file has no such column (an optional one)."""
    pos = layout.positions.get(key)
    return f"nullif(trim(rtrim(f[{pos}], chr(13))), '')" if pos else "CAST(NULL AS VARCHAR)"


def _first(expr: str) -> str:
    """The first of several ``;``-separated codes (POLECAT lists co-actors that way)."""
    return f"nullif(trim(split_part({expr}, ';', 1)), '')"


def _width_ok(layout: HeaderLayout) -> str:
    """Right number of fields; surplus trailing empty fields (a known POLECAT quirk) are tolerated."""
    w = layout.width
    return f"(n = {w} OR (n > {w} AND trim(tail, chr(13) || ' ') = ''))"


def _common_checks(layout: HeaderLayout, id_pattern: str) -> list[tuple[str, str]]:
    return [
        (f"l = '{_quote(layout.header)}' OR rtrim(l, chr(13)) = '{_quote(layout.header)}'", f"'{BLANK}'"),
        ("coalesce(l, '') IN ('', chr(13))", f"'{BLANK}'"),
        (
            f"NOT {_width_ok(layout)}",
            f"'wrong column count: ' || CAST(n AS VARCHAR) || ' fields, expected {layout.width}'",
        ),
        (
            f"NOT regexp_full_match(coalesce(eid, ''), '{id_pattern}')",
            "'bad Event ID ' || coalesce(eid, '(empty)')",
        ),
        (
            "NOT regexp_full_match(coalesce(edate, ''), '[0-9]{4}-[0-9]{2}-[0-9]{2}') "
            "OR try_strptime(edate, '%Y-%m-%d') IS NULL OR edate < '1900' OR edate > '2100'",
            "'bad Event Date ' || coalesce(edate, '(empty)')",
        ),
    ]


def _reason(checks: list[tuple[str, str]]) -> str:
    whens = " ".join(f"WHEN coalesce({c}, TRUE) THEN coalesce({m}, 'malformed row')" for c, m in checks)
    return f"CASE {whens} END"


QUAD_OF_ROOT = (
    "CASE WHEN substr(code, 1, 2) <= '05' THEN 1 WHEN substr(code, 1, 2) <= '08' THEN 2 "
    "WHEN substr(code, 1, 2) <= '13' THEN 3 ELSE 4 END"
)


def _output(layout: HeaderLayout, extra: str) -> str:
    """The cache columns (same names as GDELT's) from relation ``r`` with ``reason``."""
    ok = "r.reason IS NULL"
    return f"""
SELECT
  CASE WHEN {ok} THEN CAST(NULL AS BIGINT) ELSE CAST(r.line AS BIGINT) END AS line,
  '{layout.name}' AS layout, r.reason AS reason,
  CASE WHEN {ok} THEN NULL ELSE substr(rtrim(r.l, chr(13)), 1, 2000) END AS raw,
  CASE WHEN {ok} THEN r.eid END AS source_event_id,
  CASE WHEN {ok} THEN r.edate END AS date, CASE WHEN {ok} THEN substr(r.edate, 1, 7) END AS month,
  r.a1name AS actor1_name, r.a1country AS actor1_country,
  r.a2name AS actor2_name, r.a2country AS actor2_country,
  CASE WHEN {ok} THEN r.a1 END AS source_actor, CASE WHEN {ok} THEN r.a2 END AS target_actor,
  r.code AS event_code, substr(r.code, 1, 2) AS event_root,
  CASE WHEN {ok} THEN r.label END AS event_label,
  CASE WHEN {ok} THEN r.dim END AS dimension,
  CASE WHEN {ok} THEN CAST(r.quad AS INTEGER) END AS quad_class,
  CASE WHEN {ok} THEN CAST(r.gold AS DOUBLE) END AS goldstein,
  CASE WHEN {ok} THEN 1 END AS num_mentions, CASE WHEN {ok} THEN 1 END AS num_sources,
  CASE WHEN {ok} THEN 1 END AS num_articles, CAST(NULL AS DOUBLE) AS avg_tone,
  r.story AS story_id, r.publisher AS publisher{extra}
FROM r
"""


def _actor(side: str) -> str:
    """ISO3 of a side: its country (code or name), else an IGO named as the actor."""
    return (
        f"LEFT JOIN country_keys k{side} ON k{side}.key = p.a{side}country_key "
        f"LEFT JOIN country_keys n{side} ON n{side}.key = 'n:' || lower(p.a{side}name)"
    )


def icews_sql(layout: HeaderLayout) -> str:
    """Validate and map ICEWS rows: CAMEO code and Intensity are the producer's own."""
    fields = ", ".join(f"{_field(layout, key)} AS {key}" for key in ICEWS_COLUMNS)
    checks = _common_checks(layout, "[0-9]{1,18}") + [
        ("label IS NULL", "'invalid CAMEO Code ' || coalesce(code, '(empty)')"),
        (
            "TRY_CAST(intensity AS DOUBLE) IS NULL OR NOT isfinite(TRY_CAST(intensity AS DOUBLE)) "
            "OR TRY_CAST(intensity AS DOUBLE) NOT BETWEEN -10 AND 10",
            "'non-numeric or out-of-range Intensity ' || coalesce(intensity, '(empty)')",
        ),
    ]
    return f"""
WITH p AS (
  SELECT line, l, CAST(len(f) AS INTEGER) AS n, array_to_string(f[{layout.width + 1}:], '') AS tail,
         {fields} FROM src
), q AS (
  SELECT p.*, CASE WHEN a1country IS NULL THEN NULL ELSE 'n:' || lower(a1country) END AS a1country_key,
         CASE WHEN a2country IS NULL THEN NULL ELSE 'n:' || lower(a2country) END AS a2country_key FROM p
), j AS (
  SELECT p.*, c.label AS label, coalesce(c.dimension, 'diplomatic') AS dim,
         {QUAD_OF_ROOT.replace("code", "p.code")} AS quad,
         TRY_CAST(p.intensity AS DOUBLE) AS gold,
         coalesce(k1.iso3, n1.iso3) AS a1, coalesce(k2.iso3, n2.iso3) AS a2
  FROM q p LEFT JOIN cameo_lookup c ON c.code = p.code {_actor("1")} {_actor("2")}
), r AS (SELECT j.*, {_reason(checks)} AS reason FROM j)
{_output(layout, ", r.etext AS event_text, r.a1sectors AS source_sectors, r.a2sectors AS target_sectors")}
"""


POLECAT_EXTRA = (
    ", r.etype AS event_type, r.emode AS event_mode, r.contexts AS contexts, r.headline AS headline"
)


def polecat_sql(layout: HeaderLayout, contexts: dict[str, str]) -> str:
    """Validate and map POLECAT rows: PLOVER type/mode -> CAMEO code, first mapped context -> dimension."""
    fields = ", ".join(f"{_field(layout, key)} AS {key}" for key in POLECAT_COLUMNS)
    whens = " ".join(f"WHEN '{_quote(k)}' THEN '{_quote(v)}'" for k, v in contexts.items())
    context_dim = (
        "list_filter(list_transform(string_split_regex(coalesce(contexts, ''), '\\s*[,;|]\\s*'), "
        f"lambda x: CASE replace(lower(trim(x)), '-', '_') {whens} END), lambda y: y IS NOT NULL)[1]"
        if whens
        else "CAST(NULL AS VARCHAR)"
    )
    checks = _common_checks(layout, "[A-Za-z0-9][A-Za-z0-9._:-]{0,55}") + [
        ("ptcode IS NULL", "'unknown PLOVER event type ' || coalesce(etype, '(empty)')"),
        ("label IS NULL", "'PLOVER mapping gives unknown CAMEO code ' || coalesce(code, '(empty)')"),
    ]
    return f"""
WITH p AS (
  SELECT line, l, CAST(len(f) AS INTEGER) AS n, array_to_string(f[{layout.width + 1}:], '') AS tail,
         {fields} FROM src
), q AS (
  SELECT p.*, upper(etype) AS type_key, coalesce(lower(emode), '') AS mode_key,
         {_key(_first("a1country"))} AS a1country_key, {_key(_first("a2country"))} AS a2country_key FROM p
), m AS (
  SELECT q.*, coalesce(pm.code, pt.code) AS code, coalesce(pm.goldstein, pt.goldstein) AS gold_override,
         pt.code AS type_code
  FROM q LEFT JOIN plover_lookup pt ON pt.type = q.type_key AND pt.mode = ''
         LEFT JOIN plover_lookup pm ON pm.type = q.type_key AND pm.mode = q.mode_key AND q.mode_key <> ''
), j AS (
  SELECT p.*, c.label AS label, coalesce({context_dim}, c.dimension, 'diplomatic') AS dim,
         c.quad_class AS quad, coalesce(p.gold_override, c.goldstein) AS gold, p.type_code AS ptcode,
         coalesce(k1.iso3, n1.iso3) AS a1, coalesce(k2.iso3, n2.iso3) AS a2
  FROM m p LEFT JOIN cameo_full c ON c.code = p.code {_actor("1")} {_actor("2")}
), r AS (SELECT j.*, {_reason(checks)} AS reason FROM j)
{_output(layout, POLECAT_EXTRA)}
"""


def _key(expr: str) -> str:
    """Join key of a country field: ``c:USA`` for a three-letter code, else ``n:<lower-case name>``."""
    return (
        f"CASE WHEN {expr} IS NULL THEN NULL WHEN regexp_full_match({expr}, '[A-Za-z]{{3}}') "
        f"THEN 'c:' || upper({expr}) ELSE 'n:' || lower({expr}) END"
    )
