"""Scenario files: the shipped ones validate; bad ones fail with E602 naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dyadscope.dyads import parse_dyad
from dyadscope.errors import ProfileError
from dyadscope.foresight.scenarios import Magnitude, available, load_scenarios, read_scenario


def test_scenarios_shipped_for_usa_vnm_are_baseline_plus_four():
    found = available(parse_dyad("VNM USA"))
    assert [s.id for s in found] == ["baseline", "arms_sale", "high_level_visit", "scs_incident", "tariff_46"]
    for scenario in found[1:]:
        assert scenario.shocks and scenario.description
        for shock in scenario.shocks:
            assert 0 <= shock.probability <= 1 and shock.dimension or shock.kind == "indicator"


def test_scenarios_other_dyads_get_only_the_baseline():
    assert [s.id for s in available(parse_dyad("USA IDN"))] == ["baseline"]


def test_scenarios_tariff_scenario_sets_the_rate_to_46_percent():
    tariff = next(s for s in available() if s.id == "tariff_46")
    rate = next(k for k in tariff.shocks if k.kind == "indicator")
    assert (rate.name, rate.value.support()[1], rate.after.shock) == ("tariff_rate", 46.0, "tariff_decision")


GOOD = """id: test_case
name: Test
shocks:
  - id: first
    label: First
    cameo: "042"
    window: [1, 3]
"""


@pytest.mark.parametrize(
    "text, detail",
    [
        (GOOD.replace("window: [1, 3]", "window: [0, 3]"), "window [0, 3]"),
        (GOOD + "    probability: 1.5\n", "shocks.0.probability"),
        (GOOD.replace('"042"', '"13y"'), "13y"),
        (
            GOOD.replace('cameo: "042"', "dimension: diplomatic"),
            "needs a cameo code, or goldstein and dimension",
        ),
        (
            GOOD + "  - {id: second, label: S, cameo: '042', after: {shock: third}}\n",
            "must name an earlier shock",
        ),
        (
            GOOD + "  - {id: rate, label: R, kind: indicator, name: gdp, value: 3}\n",
            "does not enter the scores",
        ),
        (
            GOOD + "  - {id: r2, label: R, cameo: '042',\n"
            "     magnitude: {distribution: triangular, low: 1, mode: 3, high: 2}}\n",
            "mode (3.0) must lie between",
        ),
        (GOOD + "  - {id: first, label: again, cameo: '042'}\n", "duplicate shock id 'first'"),
        ("- just a list\n", "the top level must be a mapping"),
        ("id: [unclosed\n", "not valid YAML"),
    ],
)
def test_scenarios_bad_file_is_e602_naming_file_and_problem(tmp_path: Path, text: str, detail: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        read_scenario(path)
    assert info.value.code == "E602" and str(path) in info.value.message and detail in info.value.message


def test_scenarios_written_for_another_dyad_are_refused(tmp_path: Path):
    path = tmp_path / "idn.yaml"
    path.write_text(GOOD + "dyad: USA-IDN\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"written for USA-IDN, not USA-VNM"):
        load_scenarios([path], parse_dyad("USA VNM"))


def test_scenarios_unknown_id_lists_the_known_ones():
    with pytest.raises(ProfileError, match=r"known ids: arms_sale, baseline"):
        load_scenarios(["no_such_scenario"], parse_dyad("USA VNM"))


@pytest.mark.parametrize(
    "spec",
    [
        {"value": 2.0},
        {"distribution": "uniform", "low": -1, "high": 3},
        {"distribution": "triangular", "low": 0, "mode": 1, "high": 1},
        {"distribution": "normal", "mean": 1, "sd": 2, "low": 0, "high": 2},
    ],
)
def test_scenarios_magnitudes_sample_inside_their_support(spec):
    magnitude = Magnitude(**spec)
    draws = magnitude.sample(np.random.default_rng(3), 5000)
    low, high = magnitude.support()
    assert draws.min() >= low and draws.max() <= high and len(draws) == 5000


def test_scenarios_oversized_file_is_refused(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_text(GOOD + "# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"larger than 1,000,000 bytes"):
        read_scenario(path)
