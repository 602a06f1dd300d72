"""FIPS 10-4 and CAMEO country codes: never read as ISO-2, historic and region codes handled."""

from __future__ import annotations

import pycountry
import pytest

from dyadscope.connectors.codes import cameo_lookup, cameo_to_iso3, fips_to_iso3


@pytest.mark.parametrize(
    "fips, iso3, iso2_reading",
    [
        ("UK", "GBR", None),
        ("RS", "RUS", "SRB"),
        ("CH", "CHN", "CHE"),
        ("VM", "VNM", None),
        ("SZ", "CHE", "SWZ"),
        ("RI", "SRB", None),
        ("GM", "DEU", "GMB"),
        ("KV", "XKX", None),
    ],
)
def test_codes_fips_is_not_iso2(fips, iso3, iso2_reading):
    assert fips_to_iso3(fips) == iso3
    found = pycountry.countries.get(alpha_2=fips)
    assert (found.alpha_3 if found else None) == iso2_reading  # what a naive ISO-2 reading would give


@pytest.mark.parametrize(
    "cameo, expected",
    [
        ("USA", "USA"),
        ("BUR", "MMR"),
        ("KSV", "XKX"),
        ("SUN", "RUS"),
        ("ROM", "ROU"),
        ("DDR", "DDR"),
        ("UNO", "UN"),
        ("ASN", "ASEAN"),
        ("WST", None),
        ("AFR", None),
        ("XYZ", None),
    ],
)
def test_codes_cameo_countries(cameo, expected):
    assert cameo_to_iso3(cameo) == expected


def test_codes_cameo_lookup_resolves_every_code_under_a_root():
    table = cameo_lookup().set_index("code")
    assert {"010", "10", "0251", "1823", "20"} <= set(table.index)
    assert not ({"13y", "21", "00", "1"} & set(table.index))
    assert table.loc["010", "label"] != table.loc["10", "label"]
    assert set(table["dimension"]) <= {
        "diplomatic",
        "security",
        "economic",
        "human_rights",
        "people",
        "legacy",
    }
