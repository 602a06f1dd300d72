"""Backtesting: rolling-origin h-month-ahead forecasts of the overall score, with no look-ahead.

For each origin month t, a *vintage* is rebuilt from the records an analyst could have had at t:
events dated on or before t from documents published on or before t, indicators whose period
ended and whose document appeared by t, bulk rows of months up to t. The forecasters see only that
vintage. The forecast for t+h is compared with the full-information assessment of month t+h.

Forecasters: ``model`` (the update rule run h months from the vintage's last state, each month
pushed by the mean of the vintage's last 36 months of inputs, the framework in force at t held
fixed), ``persistence`` (the score at t) and ``trend`` (least-squares line over the vintage's last
12 months, extrapolated).

An outside check (``evidence``): the forecasts are also set against something the model does not
produce, the balance of the evidence that arrives in the forecast window (t, t+h]:
b = (P − |N|) / (P + |N|) over the window's summed cooperative (P) and conflictual (N) w·v, for the
origins whose window holds evidence. Per method: the share of forecasts whose sign matches the sign of b
(a cooperative forecast followed by mostly cooperative news) and the Spearman correlation of the
forecasts with b.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..assess.indicators import period_month
from ..assess.model import ModelResult, compute
from ..assess.score import update
from ..errors import Errors, InputError
from ..render import records
from .montecarlo import history_inputs

LOOKBACK = 36
TREND_MONTHS = 12


@dataclass
class Vintage:
    """What was knowable at ``origin``: the timeline up to it and the model state behind it."""

    origin: str
    timeline: pd.DataFrame  # month, overall (and dimensions), months <= origin only
    result: Any = None  # ModelResult of the vintage (for the model forecaster)
    params: Any = None  # ModelParams the vintage was computed with
    pos: Any = None  # (months, D) positive pushes per month up to the origin
    neg: Any = None  # (months, D) negative pushes per month up to the origin


@dataclass
class BacktestResult:
    dyad: str
    horizon: int
    metrics: pd.DataFrame  # method, mae, rmse, within_0_1, within_0_5, n
    forecasts: pd.DataFrame  # origin, target, actual, one column per method
    evidence: pd.DataFrame | None = None  # method, sign_agreement, spearman, n (see the module docstring)

    def to_json(self) -> dict[str, Any]:
        out = {
            "dyad": self.dyad,
            "horizon": self.horizon,
            "metrics": records(self.metrics),
            "forecasts": records(self.forecasts),
        }
        if self.evidence is not None:
            out["evidence"] = records(self.evidence)
        return out


def persistence(vintage: Vintage, horizon: int) -> float:
    return float(vintage.timeline["overall"].iloc[-1])


def trend(vintage: Vintage, horizon: int) -> float:
    y = vintage.timeline["overall"].to_numpy(float)[-TREND_MONTHS:]
    if len(y) < 2:
        return float(y[-1])
    slope, intercept = np.polyfit(np.arange(len(y)), y, 1)
    return float(np.clip(intercept + slope * (len(y) - 1 + horizon), -9.0, 9.0))


def model(vintage: Vintage, horizon: int) -> float:
    """The update rule from the vintage's last state with the mean recent push; framework held at t."""
    result = vintage.result
    pos, neg = (vintage.pos, vintage.neg) if vintage.pos is not None else history_inputs(result)
    mean_pos, mean_neg = pos[-LOOKBACK:].mean(axis=0), neg[-LOOKBACK:].mean(axis=0)
    r = np.asarray(result.scores[-1], dtype=float)
    for _ in range(horizon):
        r, _terms = update(r, mean_pos, mean_neg, result.baseline[-1], vintage.params)
    return float(r @ result.weights)


FORECASTERS: dict[str, Callable[[Vintage, int], float]] = {
    "model": model,
    "persistence": persistence,
    "trend": trend,
}


def rolling_origin(
    vintage_at: Callable[[str], Vintage],
    origins: list[str],
    horizon: int,
    actual: pd.Series,
    forecasters: dict[str, Callable[[Vintage, int], float]] | None = None,
) -> pd.DataFrame:
    """One row per origin: the target month, the actual score and each forecaster's forecast.

    Each forecaster gets only ``vintage_at(origin)``; a vintage holding a month after its origin is
    refused, so no forecast can use later data.
    """
    forecasters = forecasters or FORECASTERS
    months = list(actual.index)
    rows = []
    for origin in origins:
        target_i = months.index(origin) + horizon
        if target_i >= len(months):
            continue
        vintage = vintage_at(origin)
        if vintage.timeline.empty or str(vintage.timeline["month"].max()) > origin:
            raise ValueError(f"vintage for {origin} holds months after its origin")
        row = {"origin": origin, "target": months[target_i], "actual": float(actual.iloc[target_i])}
        row.update({name: fn(vintage, horizon) for name, fn in forecasters.items()})
        rows.append(row)
    return pd.DataFrame(rows, columns=["origin", "target", "actual", *forecasters])


def metrics(forecasts: pd.DataFrame, methods: list[str]) -> pd.DataFrame:
    """MAE, RMSE and the share of forecasts within ±0.1 and ±0.5 of the actual score, per method."""
    rows = []
    for method in methods:
        err = (forecasts[method] - forecasts["actual"]).to_numpy(float)
        n = len(err)
        rows.append(
            {
                "method": method,
                "mae": float(np.abs(err).mean()) if n else None,
                "rmse": float(np.sqrt((err**2).mean())) if n else None,
                "within_0_1": float((np.abs(err) <= 0.1).mean()) if n else None,
                "within_0_5": float((np.abs(err) <= 0.5).mean()) if n else None,
                "n": n,
            }
        )
    return pd.DataFrame(rows, columns=["method", "mae", "rmse", "within_0_1", "within_0_5", "n"])


def evidence_balance(result: Any, forecasts: pd.DataFrame) -> pd.Series:
    """Per forecast row, the balance b of the evidence dated in (origin, target]; NaN without evidence."""
    pos, neg = history_inputs(result)
    index = {m: i for i, m in enumerate(result.months)}
    coop, conf = pos.sum(axis=1), np.abs(neg).sum(axis=1)
    out = []
    for origin, target in zip(forecasts["origin"], forecasts["target"], strict=True):
        lo, hi = index[origin] + 1, index[target] + 1
        c, k = float(coop[lo:hi].sum()), float(conf[lo:hi].sum())
        out.append((c - k) / (c + k) if c + k > 0 else np.nan)
    return pd.Series(out, index=forecasts.index, dtype=float)


def evidence_check(forecasts: pd.DataFrame, balance: pd.Series, methods: list[str]) -> pd.DataFrame:
    """Sign agreement and Spearman correlation of each method's forecasts with the evidence balance."""
    rows = []
    known = balance.notna()
    for method in [*methods, "actual"]:
        y, b = forecasts.loc[known, method].astype(float), balance[known]
        n = int(len(b))
        spearman = float(y.rank().corr(b.rank())) if n >= 3 and y.nunique() > 1 and b.nunique() > 1 else None
        rows.append(
            {
                "method": method,
                "sign_agreement": float((np.sign(y) == np.sign(b)).mean()) if n else None,
                "spearman": spearman,
                "n": n,
            }
        )
    return pd.DataFrame(rows, columns=["method", "sign_agreement", "spearman", "n"])


class StoreVintages:
    """Vintages of one dyad rebuilt from the store's records (see the module docstring)."""

    def __init__(
        self, assessment: Any, inputs: Any, items_fn: Callable[..., pd.DataFrame], bulk: pd.DataFrame
    ):
        self.assessment, self.inputs, self.items_fn, self.bulk = assessment, inputs, items_fn, bulk
        self.months = list(assessment.result.months)
        self._items: dict[tuple, pd.DataFrame] = {}
        self._runs: dict[tuple, tuple[Any, pd.DataFrame, Any]] = {}
        self.event_from, self.ind_from = self._visible_from()

    def _visible_from(self) -> tuple[pd.Series, pd.Series]:
        """Per event and indicator, the first month it was knowable: its own date and its publication."""
        docs = self.inputs.docs
        published = docs.set_index("id")["published"].str[:7] if not docs.empty else pd.Series(dtype=object)
        events, indicators = self.inputs.events, self.inputs.indicators
        event_from = pd.Series(dtype=object)
        if not events.empty:
            event_from = _later(events["date"].str[:7], events["doc_id"].map(published))
        ind_from = pd.Series(dtype=object)
        if not indicators.empty:
            ends = indicators["period"].map(lambda p: (period_month(p) or ("9999-12",))[0])
            ind_from = _later(ends, indicators["doc_id"].map(published))
        return event_from, ind_from

    def visible(self, origin: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Events and indicators an analyst could have seen at the end of ``origin``."""
        events, indicators = self.inputs.events, self.inputs.indicators
        if not events.empty:
            events = events[self.event_from.to_numpy() <= origin]
        if not indicators.empty:
            indicators = indicators[self.ind_from.to_numpy() <= origin]
        return events, indicators

    def __call__(self, origin: str) -> Vintage:
        events, indicators = self.visible(origin)
        key = (len(events), len(indicators))  # visibility only grows with the origin: counts name the set
        if key not in self._items:
            view = _replace(self.inputs, events=events, indicators=indicators)
            self._items[key] = self.items_fn(view, self.assessment.profile, self.assessment.params)
        items = self._items[key]
        items = items[items["month"] <= origin]
        bulk = self.bulk[self.bulk["month"] <= origin] if not self.bulk.empty else self.bulk
        full_key = (key, len(items), len(bulk))
        if full_key not in self._runs:
            # The recursion is causal and every item here is dated <= origin, so one run over the whole
            # range, cut at the origin, equals a run that stops at the origin (computed once per vintage).
            result = compute(
                items, bulk, self.assessment.profile, self.assessment.params, self.months, uncertainty=False
            )
            self._runs[full_key] = (result, result.timeline(self.assessment.profile), history_inputs(result))
        result, timeline, (pos, neg) = self._runs[full_key]
        n = self.months.index(origin) + 1
        cut = ModelResult(
            self.months[:n],
            result.scores[:n],
            result.prev[:n],
            result.baseline[:n],
            result.pull[:n],
            result.items,
            result.bulk,
            result.weights,
        )
        return Vintage(
            origin, timeline.iloc[:n].reset_index(drop=True), cut, self.assessment.params, pos[:n], neg[:n]
        )


def _later(first: pd.Series, second: pd.Series) -> pd.Series:
    """Element-wise later of two YYYY-MM series (a missing publication date leaves the first)."""
    second = second.where(second.notna(), first)
    return first.where(first >= second, second)


def _replace(inputs: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(inputs, **changes)


def backtest(
    db: Any,
    a: Any,
    b: str | None = None,
    *,
    horizon: int = 3,
    min_history: int = 24,
    max_origins: int | None = None,
) -> BacktestResult:
    """Rolling-origin ``horizon``-month forecasts over the dyad's history; see the module docstring."""
    from ..assess import assessment as assess_module
    from ..assess.inputs import load_inputs

    full = assess_module.assess(db, a, b, snapshot=False)
    with db.read() as conn:
        inputs = load_inputs(conn, full.dyad)
    # Bulk rows are already per month: the full run's table, cut at each origin, is what was knowable.
    bulk = full.result.bulk.drop(columns=["contribution"], errors="ignore")
    vintages = StoreVintages(full, inputs, assess_module._items, bulk)
    actual = full.timeline.set_index("month")["overall"]
    months = list(actual.index)
    origins = months[min_history : len(months) - horizon]
    if not origins:
        raise InputError(
            Errors.E608.format(
                dyad=full.dyad, months=len(months), horizon=horizon, needed=min_history + horizon + 1
            )
        )
    if max_origins is not None:
        origins = origins[-max_origins:]
    forecasts = rolling_origin(vintages, origins, horizon, actual)
    evidence = evidence_check(forecasts, evidence_balance(full.result, forecasts), list(FORECASTERS))
    return BacktestResult(str(full.dyad), horizon, metrics(forecasts, list(FORECASTERS)), forecasts, evidence)
