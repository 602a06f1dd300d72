"""Country and organisation codes: ISO 3166-1 alpha-3 (via pycountry) plus the IGO table igos.csv."""

from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd
import pycountry

from ..errors import Errors, UnknownCountry
from . import ONTOLOGY_DIR


@lru_cache(maxsize=1)
def igo_codes() -> dict[str, str]:
    """IGO code -> name, from igos.csv."""
    with open(ONTOLOGY_DIR / "igos.csv", encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=4096)
def country_name(code: str) -> str:
    """Common name of an ISO3 or IGO code (``VNM`` -> ``Viet Nam`` -> shown as 'Vietnam')."""
    code = code.upper()
    if code in igo_codes():
        return igo_codes()[code]
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        raise UnknownCountry(Errors.E401.format(code=code))
    return getattr(found, "common_name", None) or found.name


def is_known_code(code: str) -> bool:
    code = code.upper()
    return code in igo_codes() or pycountry.countries.get(alpha_3=code) is not None


def check_code(code: str) -> str:
    """Upper-cased code if it is ISO3 or a known IGO, else UnknownCountry (E401)."""
    text = (code or "").strip().upper()
    if len(text) < 2 or not text.isalpha() or not is_known_code(text):
        raise UnknownCountry(Errors.E401.format(code=code))
    return text


def countries_frame() -> pd.DataFrame:
    """Every country of gazetteers/countries.csv and every IGO: code, iso2, name, kind, aliases, capitals."""
    with open(ONTOLOGY_DIR / "gazetteers" / "countries.csv", encoding="utf-8") as fh:
        rows = [
            {
                "code": r["iso3"],
                "iso2": r["iso2"],
                "name": r["name"],
                "kind": "country",
                "un_member": r["un_member"] == "1",
                "aliases": r["aliases"].replace("|", ", "),
                "demonyms": r["demonyms"].replace("|", ", "),
                "capitals": r["capitals"].replace("|", ", "),
            }
            for r in csv.DictReader(fh)
        ]
    with open(ONTOLOGY_DIR / "igos.csv", encoding="utf-8") as fh:
        rows += [
            {
                "code": r["code"],
                "iso2": "",
                "name": r["name"],
                "kind": "igo",
                "un_member": False,
                "aliases": r["aliases"].replace("|", ", "),
                "demonyms": "",
                "capitals": "",
            }
            for r in csv.DictReader(fh)
        ]
    return pd.DataFrame(rows)
