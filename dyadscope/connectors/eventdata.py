"""Import POLECAT (PLOVER) and ICEWS event files with the GDELT pipeline's guarantees.

Same steps as ``gdelt.import_files``: hash, skip a finished file, unpack safely, recognise the layout
(here by the header row, ``eventdata_layout``), validate and map every line with DuckDB into the
Parquet cache, quarantine malformed lines with file and line, and store the kept rows that pass the
filters as events in one transaction per file, keyed on the producer's event id (``icews-<Event ID>``,
``polecat-<Event ID>``): the weekly and the yearly file of one event store it once.

Mapping into the scoring model (docs/methodology.md, "POLECAT and ICEWS events"):

- ICEWS carries a CAMEO code and its own Goldstein-like ``Intensity``; the quad class follows the
  code's root (01-05 verbal cooperation ... 14-20 material conflict).
- POLECAT's PLOVER type and mode give a CAMEO code through ``ontology/plover_mapping.yaml``; that
  code's row of the CAMEO table gives label, Goldstein value and quad class; the first mapped
  context sets the dimension.
- Countries: ISO3 codes, or names matched against the gazetteer (names and aliases), pycountry's
  names and ``eventdata_countries.csv``; with no country, an actor named like an IGO (``United
  Nations``) is that IGO. Only the first of several ``;``-separated countries is read.
- Confidence 0.6 for every row (one coded sentence; no mention counts to grade it).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from ..errors import Errors, InputError
from ..ontology import ONTOLOGY_DIR
from . import archive, codes, gdelt_duckdb
from .eventdata_layout import HeaderLayout, icews_sql, polecat_sql, read_header
from .gdelt import BulkSource, Progress, import_files
from .report import ImportReport

PLOVER_MAPPING = ONTOLOGY_DIR / "plover_mapping.yaml"
EXTRA_COUNTRIES = Path(__file__).with_name("eventdata_countries.csv")
CONFIDENCE = 0.6
CITATIONS = {"icews": "https://doi.org/10.7910/DVN/28075", "polecat": "https://doi.org/10.7910/DVN/AJGVIT"}
PRODUCERS = {"icews": "ICEWS (Dataverse .tab)", "polecat": "POLECAT (Dataverse weekly/yearly .txt)"}


@lru_cache(maxsize=1)
def plover_mapping() -> dict[str, Any]:
    """The PLOVER -> CAMEO mapping (types with modes, contexts) from its YAML data file."""
    from ..ontology.schemas import load_knowledge

    model = load_knowledge(PLOVER_MAPPING)  # E603 naming the file and the key on a bad entry
    types = {name: t.model_dump(exclude_none=True) for name, t in model.types.items()}
    contexts = dict(model.contexts)
    return {"types": types, "contexts": {str(k).lower(): str(v) for k, v in contexts.items()}}


def plover_lookup() -> pd.DataFrame:
    """(type, mode, code, goldstein): one row per type (mode '') and per listed mode."""
    rows = []
    for name, spec in plover_mapping()["types"].items():
        gold = spec.get("goldstein")
        rows.append((str(name).upper(), "", str(spec["cameo"]), gold))
        for mode, code in (spec.get("modes") or {}).items():
            rows.append((str(name).upper(), str(mode).lower(), str(code), gold))  # the type's override holds
    frame = pd.DataFrame(rows, columns=["type", "mode", "code", "goldstein"])
    return frame.astype({"goldstein": "float64"})


def cameo_full() -> pd.DataFrame:
    """CAMEO codes with label, dimension, Goldstein value and quad class (the ontology's table)."""
    from ..ontology import cameo

    table = cameo.table()[["code", "label", "dimension", "goldstein", "quad_class"]].astype({"code": str})
    return table.assign(dimension=table["dimension"].replace("", None).fillna("diplomatic"))


@lru_cache(maxsize=1)
def country_keys() -> pd.DataFrame:
    """Join keys -> ISO3/IGO: ``c:<ISO3>`` for codes, ``n:<lower-case name>`` for names and aliases."""
    pairs: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                pairs.setdefault("n:" + getattr(country, attr).lower(), country.alpha_3)
    for path in (ONTOLOGY_DIR / "gazetteers" / "countries.csv", ONTOLOGY_DIR / "igos.csv", EXTRA_COUNTRIES):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row.get("iso3") or row.get("code") or ""
                names = [row.get("name", "")] + (row.get("aliases") or "").split("|")
                for name in filter(None, (n.strip() for n in names)):
                    pairs["n:" + name.lower()] = code
                pairs["c:" + code.upper()] = code
    return pd.DataFrame({"key": list(pairs), "iso3": list(pairs.values())})


def _detect(kind: str) -> Any:
    def detect(path: Path, plain: Path) -> HeaderLayout:
        first = archive.head_lines(plain, 1)
        layout, missing = read_header(kind, first[0] if first else "")
        if layout is None:
            raise InputError(
                Errors.E313.format(path=path, producer=PRODUCERS[kind], columns=", ".join(missing))
            )
        return layout

    return detect


def _transform(kind: str) -> Any:
    def transform(plain: Path, layout: HeaderLayout, staged: Path, work: Path, _spark: Any) -> None:
        con = gdelt_duckdb.connect(work)
        try:
            con.register("country_keys", country_keys())
            if kind == "icews":
                sql = icews_sql(layout)
            else:
                con.register("plover_lookup", plover_lookup())
                con.register("cameo_full", cameo_full())
                sql = polecat_sql(layout, plover_mapping()["contexts"])
            gdelt_duckdb.transform_file(con, plain, layout, staged, sql=sql, what=kind.upper())
        finally:
            con.close()

    return transform


def _shape(kind: str, detail: str) -> dict[str, str]:
    """events columns as SQL over the cache (the GDELT shape with this producer's text and origin)."""
    from .gdelt_load import SHAPE

    text = (
        "coalesce(nullif(actor1_name, ''), source_actor) || ' -> ' || "
        "coalesce(nullif(actor2_name, ''), target_actor) || ': ' || event_label || "
        f"' (' || {detail} || ', {kind.upper()} ' || source_event_id || "
        "coalesce(', ' || nullif(publisher, ''), '') || ')'"
    )
    return {
        **SHAPE,
        "id": f"'{kind}-' || source_event_id",
        "text": text,
        "confidence": f"CAST({CONFIDENCE} AS DOUBLE)",
        "origin": f"'{kind}'",
        "source_url": f"'{CITATIONS[kind]}'",
        "avg_tone": "CAST(NULL AS DOUBLE)",
    }


ICEWS = BulkSource("icews", _detect("icews"), _transform("icews"), _shape("icews", "'CAMEO ' || event_code"))
POLECAT = BulkSource(
    "polecat",
    _detect("polecat"),
    _transform("polecat"),
    _shape(
        "polecat", "'PLOVER ' || event_type || coalesce('/' || event_mode, '') || ' as CAMEO ' || event_code"
    ),
)


def import_eventdata(
    db,
    kind: str,
    sources: Any,
    *,
    dyad: Any = None,
    since: str | None = None,
    until: str | None = None,
    max_bytes: int = archive.DEFAULT_MAX_BYTES,
    batch_size: int = 100_000,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ICEWS (``kind="icews"``) or POLECAT (``kind="polecat"``) files; see the module docstring."""
    source = {"icews": ICEWS, "polecat": POLECAT}.get(kind)
    if source is None:
        raise InputError(Errors.E407.format(value=kind, field="kind", choices="icews, polecat"))
    codes.cameo_lookup()  # fail early on a broken CAMEO table, before any file is read
    return import_files(
        db,
        sources,
        source,
        dyad=dyad,
        since=since,
        until=until,
        max_bytes=max_bytes,
        batch_size=batch_size,
        progress=progress,
    )
