"""Profile loader: lookup order, both directions, validation errors that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadscope.errors import ProfileError
from dyadscope.profiles import default_profile, list_profiles, load_profile, read_profile

MINIMAL = """
dyad: {dyad}
framework:
  - {{date: "2001-05-01", level: strategic_partnership}}
factors:
  - id: shared_threat
    label: A shared threat
    stance: driver
    dimension: security
    direction: 1
    patterns: ["common (threat|adversary)"]
"""


@pytest.mark.parametrize("dyad", ["USA VNM", "VNM-USA", ("USA", "VNM")])
def test_profiles_load_shipped_either_direction(dyad: object) -> None:
    profile = load_profile(dyad)
    assert profile is not None and profile.dyad == "USA-VNM"
    assert profile.level_at("1994-12") == "none"
    assert profile.level_at("1995-07") == "normalized"
    assert profile.level_at("2013-07") == "comprehensive_partnership"
    assert profile.level_at("2023-09") == "comprehensive_strategic_partnership"
    assert (
        profile.baseline_at("1995-06")
        < profile.baseline_at("1995-07")
        < profile.baseline_at("2013-07")
        < profile.baseline_at("2023-09")
    )


@pytest.mark.parametrize("dyad", ["USA-VNM", "USA-IDN", "CHN-VNM"])
def test_profiles_shipped_profiles_validate(dyad: str) -> None:
    profile = load_profile(dyad)
    assert profile is not None
    assert profile.drivers and profile.constraints
    assert all(f.direction == (1 if f.stance == "driver" else -1) for f in profile.factors)


@pytest.mark.parametrize(
    ("factor", "sentence"),
    [
        (
            "china_reaction_hedging",
            "Hanoi must anticipate how Beijing could respond; China's likely reactions matter.",
        ),
        (
            "china_reaction_hedging",
            "Its line is to avoid leaning too hard, with no dependence on any single country.",
        ),
        ("regime_change_suspicion", "Some officials suspect that American goals include regime change."),
        ("human_rights_limits", "Concerns about human rights narrowed defence ties."),
        ("reliability_doubts", "The abrupt freezing of aid programmes raised doubts."),
        ("trade_deficit_pressure", "Washington imposed a 46% tariff."),
        ("war_legacy", "Teams cleared unexploded ordnance in Quang Tri."),
    ],
)
def test_profiles_factor_patterns_match(factor: str, sentence: str) -> None:
    profile = load_profile("USA-VNM")
    assert profile is not None and profile.factor(factor).matches(sentence)


def test_profiles_national_congress_is_not_us_congress() -> None:
    profile = load_profile("USA-VNM")
    assert profile is not None
    assert not profile.factor("congress_role").matches(
        "The Communist Party's National Congress meets in January."
    )


def test_profiles_leader_tenures() -> None:
    profile = load_profile("USA-VNM")
    assert profile is not None
    names = {x.name for x in profile.leaders_of("VNM", "2025-03") if x.title == "General Secretary"}
    assert names == {"To Lam"}
    assert {x.name for x in profile.leaders_of("VNM", "2024-06") if x.title == "General Secretary"} == {
        "Nguyen Phu Trong"
    }


def test_profiles_user_dir_wins_and_unknown_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "IDN-USA.yaml").write_text(MINIMAL.format(dyad="IDN-USA"), encoding="utf-8")
    monkeypatch.setenv("DYADSCOPE_PROFILES", str(tmp_path))
    profile = load_profile("USA IDN")
    assert profile is not None and profile.path == str((tmp_path / "IDN-USA.yaml").resolve())
    assert [f.id for f in profile.factors] == ["shared_threat"]
    assert load_profile("FRA DEU") is None
    assert any(row["dyad"] == "IDN-USA" for row in list_profiles())


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            "dyad: USA-FRA\nfactors: [{id: x, label: X, stance: ally, dimension: security, direction: 1, "
            "patterns: [a]}]",
            "stance",
        ),
        ("dyad: USA-FRA\nframework: [{date: '2001', level: best_friends}]", "best_friends"),
        (
            "dyad: USA-FRA\nfactors: [{id: x, label: X, stance: driver, dimension: security, direction: 1, "
            "patterns: ['(unclosed']}]",
            "regular expression",
        ),
        (
            "dyad: USA-FRA\nfactors: [{id: x, label: X, stance: driver, dimension: security, direction: -1, "
            "patterns: [a]}]",
            "direction",
        ),
        ("dyad: USA-FRA\nbogus_key: 1", "bogus_key"),
        ("dyad: USA-FRA\n  : : [", "YAML"),
        ("- just a list", "mapping"),
        ("dyad: USA-DEU", "file name"),
    ],
)
def test_profiles_invalid_file_raises_e601_naming_file(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "USA-FRA.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        read_profile(path)
    assert info.value.code == "E601"
    assert "USA-FRA.yaml" in info.value.message and needle in info.value.message


def test_profiles_default_profile_has_ladder_and_weights() -> None:
    profile = default_profile("USA IND")
    assert profile.factors == [] and profile.level_at("2020-01") == "normalized"
    assert abs(sum(profile.dimension_weights.values()) - 1.0) < 1e-9
