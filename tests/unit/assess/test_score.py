"""The update rule: bounds, asymmetry, saturation, mean reversion, monotonicity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyadscope.assess.levels import at_least, band, level
from dyadscope.assess.score import ModelParams, recurse, update
from dyadscope.errors import InputError

P = ModelParams()


@given(st.floats(-9, 9), st.floats(0, 50), st.floats(-50, 0), st.floats(-9, 9))
def test_score_update_stays_on_scale(r: float, pos: float, neg: float, base: float) -> None:
    new, _ = update(r, pos, neg, base, P)
    assert -9.0 <= float(new) <= 9.0


@given(st.floats(-9, 9), st.floats(0, 20), st.floats(0.001, 5), st.floats(-20, 0), st.floats(-9, 9))
def test_score_update_monotone_in_positive_push(
    r: float, pos: float, extra: float, neg: float, base: float
) -> None:
    low, _ = update(r, pos, neg, base, P)
    high, _ = update(r, pos + extra, neg, base, P)
    assert float(high) >= float(low)


def test_score_harder_to_improve_near_top() -> None:
    near_top, _ = update(8.0, 1.0, 0.0, 8.0, P)
    middle, _ = update(0.0, 1.0, 0.0, 0.0, P)
    assert float(near_top) - 8.0 < float(middle) - 0.0


def test_score_saturation_bounds_one_month() -> None:
    _, terms = update(0.0, 1e6, 0.0, 0.0, P)
    assert float(terms["p_sat"]) == pytest.approx(P.cap)


def test_score_mean_reversion_moves_towards_baseline() -> None:
    zeros = np.zeros((60, 1))
    out = recurse(zeros, zeros, np.full((60, 1), 4.6), np.array([0.0]), P)
    assert np.all(np.diff(out["score"][:, 0]) >= 0) and out["score"][-1, 0] == pytest.approx(4.6, abs=0.01)
    assert out["score"][0, 0] == pytest.approx(P.lam * 4.6)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (-9.0, "confrontational (low)"),
        (-7.5, "confrontational (mid)"),
        (-3.1, "tense (high)"),
        (-0.5, "discord (high)"),
        (0.0, "normal (low)"),
        (4.2, "good (mid)"),
        (5.99, "good (high)"),
        (6.0, "friendly (low)"),
        (9.0, "friendly (high)"),
    ],
)
def test_levels_bands_and_thirds(score: float, expected: str) -> None:
    assert level(score) == expected


def test_levels_at_least() -> None:
    assert at_least(4.0, "good") and at_least(7.0, "good") and not at_least(2.9, "good")
    assert band(float("nan")) == "unknown"


def test_score_unknown_scoring_version_is_e407() -> None:
    with pytest.raises(InputError) as info:
        ModelParams(scoring="levels.v9")
    assert info.value.code == "E407"
