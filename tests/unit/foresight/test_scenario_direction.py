"""Issue 15: every shipped scenario moves the score the way its events push, and one path count."""

from __future__ import annotations

import inspect

import pytest

import dyadscope
from dyadscope.errors import ProfileError
from dyadscope.foresight import DEFAULT_RUNS
from dyadscope.foresight.scenarios import available, read_scenario

SHIPPED = [s for s in available() if s.path and "dyadscope/scenarios" in s.path.replace("\\", "/")]


@pytest.mark.parametrize("scenario", [s for s in SHIPPED if s.id != "baseline"], ids=lambda s: s.id)
def test_scenario_issue_15_ends_on_the_side_its_events_push(demo_db: dyadscope.Database, scenario) -> None:
    assert scenario.direction in (-1, 1), f"{scenario.id}: a shipped scenario states its direction"
    dyad = scenario.dyad or "USA-VNM"
    result = demo_db.scenario(dyad, scenarios=[scenario.id], seed=0)
    bands = result.bands[(result.bands["series"] == "overall") & (result.bands["step"] == 12)]
    mean = bands.set_index("scenario")["mean"]
    shift = float(mean[scenario.id] - mean["baseline"])
    assert shift * scenario.direction > 0, (scenario.id, shift)


def test_scenario_issue_15_scs_incident_below_and_visit_above(demo_db: dyadscope.Database) -> None:
    result = demo_db.scenario("USA", "VNM", scenarios=["scs_incident", "high_level_visit"], seed=0)
    end = result.bands[(result.bands["series"] == "overall") & (result.bands["step"] == 12)]
    mean = end.set_index("scenario")["mean"]
    assert mean["scs_incident"] < mean["baseline"] < mean["high_level_visit"]


def test_scenario_direction_that_contradicts_its_shocks_is_refused(tmp_path) -> None:
    path = tmp_path / "wrong.yaml"
    path.write_text(
        "id: wrong\nname: Wrong\ndirection: 1\nshocks:\n"
        "  - {id: cut, label: Ties cut, cameo: '160', probability: 0.9}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="E602.*direction"):
        read_scenario(path)


def test_scenario_issue_15_one_default_path_count() -> None:
    from dyadscope.cli import scenario_cli
    from dyadscope.foresight.montecarlo import run_scenarios

    defaults = [
        inspect.signature(dyadscope.Database.scenario).parameters["runs"].default,
        inspect.signature(run_scenarios).parameters["runs"].default,
        inspect.signature(scenario_cli).parameters["runs"].default,
    ]
    assert defaults == [DEFAULT_RUNS] * 3


def test_fan_issue_15_medians_can_be_told_apart(demo_db: dyadscope.Database) -> None:
    from dyadscope.foresight.charts import fan_chart

    fig = fan_chart(demo_db.scenario("USA", "VNM", seed=0))
    medians = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(medians) == 5
    assert len({t.line.dash for t in medians}) == 5 and len({t.marker.symbol for t in medians}) == 5
    low, high = fig.layout.yaxis.range
    assert high - low < 6  # zoomed to the data, not the whole −9…+9 scale
    labels = sorted(a.y for a in fig.layout.annotations if a.text.startswith(("+", "-", "−")))
    gaps = [b - a for a, b in zip(labels, labels[1:], strict=False)]
    assert len(labels) == 5 and min(gaps) > 0.05 * (high - low)
