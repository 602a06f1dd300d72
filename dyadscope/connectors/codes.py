"""Lookup tables for bulk imports: CAMEO country and IGO codes -> ISO3, FIPS 10-4 -> ISO3, CAMEO events.

GDELT actor fields carry 3-letter *CAMEO* country codes (mostly ISO3, plus BUR, KSV, SUN, ROM, and
region codes that are not states); its geography fields carry *FIPS 10-4* codes, which collide with
ISO-2 (FIPS ``RS`` is Russia, ISO ``RS`` Serbia). Both tables are data files in
``ontology/gazetteers``; this module only reads them.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR

GAZETTEERS = ONTOLOGY_DIR / "gazetteers"
FALLBACK_CAMEO = Path(__file__).with_name("cameo_fallback.csv")


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, csv.Error) as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=exc)) from exc


@lru_cache(maxsize=1)
def cameo_countries() -> pd.DataFrame:
    """CAMEO country code -> ISO3 (columns cameo, iso3), states only; regions are left out."""
    rows = [r for r in _read(GAZETTEERS / "cameo_country_codes.csv") if r["kind"] == "country" and r["iso3"]]
    return pd.DataFrame({"cameo": [r["cameo"] for r in rows], "iso3": [r["iso3"] for r in rows]})


@lru_cache(maxsize=1)
def cameo_igos() -> pd.DataFrame:
    """CAMEO known-group code of an IGO -> dyadscope IGO code (UNO -> UN, ASN -> ASEAN)."""
    rows = [r for r in _read(GAZETTEERS / "cameo_country_codes.csv") if r["kind"] == "igo"]
    return pd.DataFrame({"cameo": [r["cameo"] for r in rows], "iso3": [r["iso3"] for r in rows]})


@lru_cache(maxsize=1)
def fips_countries() -> pd.DataFrame:
    """FIPS 10-4 country code -> ISO3 (columns fips, iso3)."""
    rows = _read(GAZETTEERS / "fips10_4.csv")
    return pd.DataFrame({"fips": [r["fips"] for r in rows], "iso3": [r["iso3"] for r in rows]})


def fips_to_iso3(code: str) -> str | None:
    """``UK`` -> ``GBR``, ``RS`` -> ``RUS``, ``CH`` -> ``CHN`` (never read as ISO-2)."""
    frame = fips_countries()
    found = frame.loc[frame["fips"] == code.upper(), "iso3"]
    return str(found.iloc[0]) if len(found) else None


def cameo_to_iso3(code: str) -> str | None:
    """A CAMEO actor country code (``BUR``, ``KSV``, ``USA``) or IGO group code (``UNO``) as ISO3/IGO."""
    for frame in (cameo_countries(), cameo_igos()):
        found = frame.loc[frame["cameo"] == code.upper(), "iso3"]
        if len(found):
            return str(found.iloc[0])
    return None


def cameo_codes() -> pd.DataFrame:
    """CAMEO event codes with label and dimension (columns code, label, dimension).

    The source is the extraction stage's CAMEO table (``dyadscope.ontology.cameo.table()``); root and
    a few base codes from ``cameo_fallback.csv`` fill in codes that table lacks, so every valid
    root code (01-20) resolves.
    """
    fallback = pd.read_csv(FALLBACK_CAMEO, dtype=str, keep_default_na=False)
    try:
        from ..ontology import cameo  # the extraction stage's loader

        table = cameo.table()[["code", "label", "dimension"]].astype({"code": str})
    except (ImportError, AttributeError, KeyError):
        return fallback
    table = table[table["code"].str.fullmatch(r"[0-9]{2,4}")]
    extra = fallback[~fallback["code"].isin(table["code"])]
    return pd.concat([table, extra], ignore_index=True).drop_duplicates("code")


@lru_cache(maxsize=1)
def actor_keys() -> pd.DataFrame:
    """One join table for GDELT actors: key ``C:<country code>`` or ``G:<IGO group code>`` -> ISO3/IGO."""
    countries = cameo_countries().assign(key=lambda f: "C:" + f["cameo"])
    igos = cameo_igos().assign(key=lambda f: "G:" + f["cameo"])
    return pd.concat([countries, igos], ignore_index=True)[["key", "iso3"]]


@lru_cache(maxsize=1)
def cameo_lookup() -> pd.DataFrame:
    """Every 2-4 digit code under a known root, resolved exact -> base (3 digits) -> root.

    One equi-join against this table validates and labels an EventCode (about 2,200 rows).
    """
    table = cameo_codes()
    known = dict(zip(table["code"], zip(table["label"], table["dimension"], strict=True), strict=True))
    rows = []
    for root in (c for c in known if len(c) == 2):
        for code in [root] + [root + f"{i}" for i in range(10)] + [root + f"{i:02d}" for i in range(100)]:
            hit = next(c for c in (code, code[:3], code[:2]) if c in known)
            rows.append((code, *known[hit]))
    return pd.DataFrame(rows, columns=["code", "label", "dimension"])
