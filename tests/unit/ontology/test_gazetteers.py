"""Gazetteers and pattern files: complete, consistent, and loud about bad data."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest

from dyadscope.errors import ProfileError
from dyadscope.extract import patterns
from dyadscope.ontology import ONTOLOGY_DIR
from dyadscope.ontology.countries import countries_frame

GAZ = ONTOLOGY_DIR / "gazetteers"


def _rows(name: str) -> list[dict[str, str]]:
    with open(GAZ / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_gazetteer_has_all_un_members_with_valid_codes() -> None:
    rows = _rows("countries.csv")
    assert sum(r["un_member"] == "1" for r in rows) == 193
    for row in rows:
        found = pycountry.countries.get(alpha_3=row["iso3"])
        assert found is not None and found.alpha_2 == row["iso2"], row["iso3"]


def test_gazetteer_aliases_are_unique_across_countries() -> None:
    owner: dict[str, str] = {}
    for row in _rows("countries.csv"):
        for alias in [row["name"], *row["aliases"].split("|"), *row["capitals"].split("|")]:
            if alias:
                assert owner.setdefault(alias, row["iso3"]) == row["iso3"], alias


@pytest.mark.parametrize("iso3", ["USA", "VNM", "CHN", "IDN", "IND", "PHL", "AUS", "JPN"])
def test_leaders_cover_the_required_countries_with_tenures(iso3: str) -> None:
    rows = [r for r in _rows("leaders.csv") if r["iso3"] == iso3]
    roles = {r["role"] for r in rows}
    assert rows and ({"head_of_state", "head_of_government"} & roles) and "foreign_minister" in roles
    assert all(r["start"] and (not r["end"] or r["end"] >= r["start"]) for r in rows)


def test_countries_frame_lists_countries_and_igos() -> None:
    frame = countries_frame()
    assert {"VNM", "USA", "ASEAN"} <= set(frame["code"]) and frame["code"].is_unique


def test_event_patterns_load_with_valid_codes() -> None:
    loaded = patterns.event_patterns()
    assert len(loaded) >= 20 and len({p.id for p in loaded}) == len(loaded)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("patterns: [{id: x, trigger: 'visit', code: '13y'}]", "unknown CAMEO code"),
        ("patterns: [{id: x, trigger: '(', code: '042'}]", "bad regex"),
        ("patterns: [{id: x, trigger: 'a', code: '042', roles: sideways}]", "bad roles"),
        ("nothing: here", "patterns"),
        ("patterns: [oops", "E603"),
    ],
)
def test_event_patterns_bad_file_names_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "event_patterns.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError, match=message) as info:
        patterns.event_patterns(path)
    assert str(path) in str(info.value) and "E603" in str(info.value)
