"""Monte Carlo: the vectorised path equals the assessment's scalar rule; seeds; monotone scenarios."""

from __future__ import annotations

import numpy as np
import pytest

from dyadscope.assess.score import ModelParams, recurse, update
from dyadscope.foresight.charts import fan_chart
from dyadscope.foresight.montecarlo import future_baseline, future_months, run_scenarios, shocks, simulate
from dyadscope.foresight.result import LEVELS
from dyadscope.foresight.scenarios import Background, Scenario, Shock, baseline
from dyadscope.schema import DIMENSIONS


def scenario(*items: dict, sid: str = "test", background: Background | None = None) -> Scenario:
    return Scenario(id=sid, name=sid, shocks=[Shock(**item) for item in items], background=background)


DETERMINISTIC = scenario(
    {"id": "summit", "label": "summit", "cameo": "057", "window": [2, 2], "leader": True},
    {"id": "sanction", "label": "sanction", "cameo": "172", "window": [5, 5], "magnitude": 1.5},
    {"id": "patrol", "label": "patrol", "cameo": "062", "after": {"shock": "summit", "lag": [3, 3]}},
    background=Background(method="none"),
)


def test_montecarlo_deterministic_vectorised_path_equals_scalar_rule(assessment):
    params: ModelParams = assessment.params
    months = future_months(assessment.result.months[-1], 8)
    base = future_baseline(assessment.profile, months)
    r0 = assessment.result.scores[-1]
    pos, neg, rates = shocks(DETERMINISTIC, 4, len(months), 0, params, signal_fn=None)
    assert rates == {"summit": 1.0, "sanction": 1.0, "patrol": 1.0}
    vectorised = simulate(r0, pos, neg, base, params)
    scalar = recurse(pos[0], neg[0], base, r0, params)["score"]
    assert np.allclose(vectorised, scalar[None, :, :], atol=1e-12)
    # and one dimension, one month at a time, with plain floats
    j = DIMENSIONS.index("security")
    r = float(r0[j])
    for t in range(len(months)):
        r = float(update(r, pos[0, t, j], neg[0, t, j], base[t, j], params)[0])
        assert r == pytest.approx(vectorised[0, t, j], abs=1e-12)
    # the shocks land where the scenario puts them (summit in month 2, patrol three months later)
    assert pos[0, 1, DIMENSIONS.index("diplomatic")] > 0 and pos[0, 4, j] > 0 and neg[0, 4].sum() < 0


def test_montecarlo_same_seed_same_numbers_other_seed_other_numbers(assessment):
    chosen = [
        baseline(),
        scenario({"id": "visit", "label": "v", "cameo": "042", "probability": 0.5, "window": [1, 6]}),
    ]
    first = run_scenarios(assessment, chosen, months=6, runs=500, seed=7)
    again = run_scenarios(assessment, chosen, months=6, runs=500, seed=7)
    other = run_scenarios(assessment, chosen, months=6, runs=500, seed=8)
    assert first.to_json() == again.to_json()
    assert first.bands["mean"].tolist() != other.bands["mean"].tolist()


@pytest.mark.parametrize(
    "items",
    [
        [
            {
                "id": "visit",
                "label": "v",
                "cameo": "042",
                "probability": 0.6,
                "window": [1, 12],
                "leader": True,
            }
        ],
        [
            {
                "id": "deal",
                "label": "d",
                "cameo": "061",
                "probability": 0.3,
                "window": [2, 5],
                "magnitude": {"distribution": "uniform", "low": 0.2, "high": 2.0},
            },
            {"id": "aid", "label": "a", "cameo": "072", "after": {"shock": "deal", "lag": [0, 3]}},
        ],
    ],
)
def test_montecarlo_cooperative_scenario_never_lowers_the_median(assessment, items):
    coop = scenario(*items, sid="coop")
    result = run_scenarios(assessment, [baseline(), coop], months=12, runs=2000, seed=1)
    for series in ("overall", *DIMENSIONS):
        base = result.median("baseline", series)
        with_coop = result.median("coop", series)
        assert (with_coop >= base - 1e-12).all(), series
    assert (result.median("coop") > result.median("baseline")).any()


def test_montecarlo_hostile_scenario_lowers_the_economic_median_and_tariff_signal_is_negative(
    assessment, history_db
):
    hostile = scenario(
        {
            "id": "tariff",
            "label": "t",
            "kind": "indicator",
            "name": "tariff_rate",
            "value": 46,
            "reporter": "USA",
            "partner": "VNM",
            "window": [1, 1],
        },
        sid="hostile",
    )
    result = run_scenarios(assessment, [baseline(), hostile], months=3, runs=200, seed=0, db=history_db)
    assert (
        result.median("hostile", "economic").iloc[1:] < result.median("baseline", "economic").iloc[1:]
    ).all()


def test_montecarlo_level_probabilities_sum_to_one_and_bands_are_ordered(assessment):
    result = run_scenarios(assessment, [baseline()], months=4, runs=300, seed=2)
    sums = result.level_probs.groupby(["scenario", "month"])["probability"].sum()
    assert np.allclose(sums, 1.0, atol=1e-3)
    assert set(result.level_probs["level"]) == set(LEVELS)
    bands = result.bands
    assert (bands["p05"] <= bands["p25"]).all() and (bands["p25"] <= bands["p50"]).all()
    assert (bands["p50"] <= bands["p75"]).all() and (bands["p75"] <= bands["p95"]).all()
    assert sorted(bands["step"].unique()) == [0, 1, 2, 3, 4]
    assert set(bands.columns) >= {"month", "scenario", "series", "p05", "p25", "p50", "p75", "p95"}


def test_montecarlo_fan_chart_has_bands_and_median_per_scenario(assessment):
    chosen = [
        baseline(),
        scenario({"id": "visit", "label": "v", "cameo": "042", "window": [1, 2]}, sid="visit"),
    ]
    result = run_scenarios(assessment, chosen, months=3, runs=100, seed=0)
    figure = fan_chart(result)
    names = [trace.name for trace in figure.data]
    assert names[0] == "assessed"
    assert sum(1 for trace in figure.data if trace.mode == "lines+markers") == 2  # one median each
    assert sum(1 for trace in figure.data if trace.fill == "toself") == 4


def test_montecarlo_demo_shipped_scenarios_move_the_right_way(demo_db):
    result = demo_db.scenario("USA", "VNM", months=12, runs=2000, seed=3)
    assert [s["id"] for s in result.scenarios][0] == "baseline" and len(result.scenarios) == 5
    visit = next(s for s in result.scenarios if s["id"] == "high_level_visit")
    assert all(shock["probability"] > 0 for shock in visit["shocks"])
    for series in ("overall", *DIMENSIONS):  # the visit scenario holds only cooperative events
        assert (result.median("high_level_visit", series) >= result.median("baseline", series) - 1e-12).all()
    tariff = result.bands[(result.bands["scenario"] == "tariff_46") & (result.bands["series"] == "economic")]
    base = result.bands[(result.bands["scenario"] == "baseline") & (result.bands["series"] == "economic")]
    assert (tariff["p05"].to_numpy() <= base["p05"].to_numpy() + 1e-12).all()
    assert tariff["p05"].iloc[-1] < base["p05"].iloc[-1]


def test_montecarlo_fan_chart_escapes_scenario_names(assessment):
    hostile = scenario({"id": "visit", "label": "v", "cameo": "042", "window": [1, 1]}, sid="xss")
    hostile = hostile.model_copy(update={"name": '<img src=x onerror=alert(1)><a href="javascript:x">s</a>'})
    result = run_scenarios(assessment, [baseline(), hostile], months=2, runs=20, seed=0)
    text = fan_chart(result).to_json()
    assert "<img" not in text and "<a href" not in text and "&lt;img" in text


def test_montecarlo_history_inputs_reproduce_the_assessed_scores(assessment):
    """The background is drawn from the pushes the assessment used: replaying them gives its scores."""
    from dyadscope.foresight.montecarlo import history_inputs

    result = assessment.result
    pos, neg = history_inputs(result)
    replay = recurse(pos, neg, result.baseline, result.baseline[0], assessment.params)["score"]
    assert np.allclose(replay, result.scores, atol=1e-9)
    assert (pos > 0).any() and (neg < 0).any()
