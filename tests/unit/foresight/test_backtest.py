"""Backtesting: forecasts at origin t see only data dated (and published) up to t; metrics are right."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dyadscope.errors import InputError
from dyadscope.foresight.backtest import FORECASTERS, Vintage, metrics, rolling_origin


def series(values: list[float], start: str = "2020-01") -> pd.Series:
    months = [p.strftime("%Y-%m") for p in pd.period_range(start, periods=len(values), freq="M")]
    return pd.Series(values, index=months, name="overall")


def test_backtest_forecasters_only_ever_see_the_past():
    actual = series([float(i % 7) for i in range(40)])
    seen: list[tuple[str, str]] = []

    def vintage_at(origin: str) -> Vintage:
        past = actual[actual.index <= origin]
        return Vintage(origin, pd.DataFrame({"month": past.index, "overall": past.to_numpy()}))

    def spy(vintage: Vintage, horizon: int) -> float:
        seen.append((vintage.origin, str(vintage.timeline["month"].max())))
        return float(vintage.timeline["overall"].iloc[-1])

    origins = list(actual.index[12:])
    out = rolling_origin(vintage_at, origins, 3, actual, {"spy": spy})
    assert len(out) == len(origins) - 3 and out["target"].iloc[0] == "2021-04"
    assert seen and all(latest <= origin for origin, latest in seen)


def test_backtest_a_vintage_that_leaks_the_future_is_refused():
    actual = series([1.0] * 20)

    def leaky(origin: str) -> Vintage:
        return Vintage(origin, pd.DataFrame({"month": list(actual.index), "overall": actual.to_numpy()}))

    with pytest.raises(ValueError, match="after its origin"):
        rolling_origin(leaky, ["2020-06"], 3, actual, {"persistence": FORECASTERS["persistence"]})


def test_backtest_metrics_by_hand():
    frame = pd.DataFrame({"actual": [1.0, 2.0, 3.0, 4.0], "m": [1.05, 2.3, 2.0, 4.0]})
    row = metrics(frame, ["m"]).iloc[0]
    assert row["mae"] == pytest.approx((0.05 + 0.3 + 1.0 + 0) / 4)
    assert row["rmse"] == pytest.approx(np.sqrt((0.05**2 + 0.3**2 + 1.0 + 0) / 4))
    assert (row["within_0_1"], row["within_0_5"], row["n"]) == (0.5, 0.75, 4)


def test_backtest_store_forecasts_ignore_later_events_and_later_publications(tmp_path: Path, store_factory):
    """By construction: data dated after an origin, or published after it, cannot change its forecast."""
    plain = store_factory(tmp_path / "plain.db").backtest("USA", "VNM", horizon=3)
    later = [
        ("2024-11-20", "190", -10.0, "security"),  # a future clash
        ("2022-01-10", "062", 7.4, "security", "2025-06-01"),
    ]  # an old event only published in 2025
    more = store_factory(tmp_path / "more.db", extra=later).backtest("USA", "VNM", horizon=3)
    methods = list(FORECASTERS)
    before = plain.forecasts[plain.forecasts["origin"] < "2024-11"].set_index("origin")[methods]
    after = more.forecasts[more.forecasts["origin"] < "2024-11"].set_index("origin")[methods]
    assert len(before) > 30
    pd.testing.assert_frame_equal(before, after)
    # ...while the full-information "actual" scores do see the added evidence
    assert not np.allclose(plain.forecasts["actual"], more.forecasts["actual"])
    moved = more.forecasts[more.forecasts["origin"] >= "2024-11"].set_index("origin")["model"]
    assert (moved < plain.forecasts.set_index("origin").loc[moved.index, "model"]).all()


def test_backtest_reports_three_methods(history_db):
    result = history_db.backtest("USA", "VNM", horizon=3)
    assert list(result.metrics["method"]) == ["model", "persistence", "trend"]
    assert (result.metrics["n"] == len(result.forecasts)).all() and len(result.forecasts) > 20
    assert set(result.to_json()) == {"dyad", "horizon", "metrics", "forecasts", "evidence"}
    # issue #11: an outside check, the balance of the evidence that followed each origin
    assert list(result.evidence["method"]) == ["model", "persistence", "trend", "actual"]
    assert result.evidence["n"].max() > 0 and result.evidence["sign_agreement"].between(0, 1).all()


def test_backtest_too_short_history_is_e608(history_db):
    with pytest.raises(InputError) as info:
        history_db.backtest("USA", "VNM", horizon=3, min_history=600)
    assert info.value.code == "E608"
