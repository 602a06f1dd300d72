"""Indicator shocks as signals, computed by the assessment's own indicator rules (``signals.yaml``).

The signal of an assumed observation depends on the last stored observation of the same series
(a tariff rise is measured from the rate in force). The rule is evaluated on a grid over the
magnitude's support and interpolated, so 10,000 sampled values cost a handful of rule calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..assess.indicators import indicator_signals, period_month, signal_rules
from .scenarios import Shock

GRID = 17
SignalFn = Callable[[Shock, np.ndarray], tuple[np.ndarray, str]]


def indicator_signal_fn(db: Any, dyad: Any, origin: str) -> SignalFn:
    """A function (shock, sampled values) -> (signals, dimension) for observations after ``origin``."""
    month = (pd.Period(origin, freq="M") + 1).strftime("%Y-%m")

    def signal(shock: Shock, values: np.ndarray) -> tuple[np.ndarray, str]:
        rule = signal_rules()[str(shock.name)]
        previous = _previous(db, dyad, shock, origin)
        low, high = shock.value.support() if shock.value is not None else (0.0, 0.0)
        grid = np.unique(np.linspace(low, high, GRID))
        signals = np.array([_one(shock, float(v), month, previous) for v in grid])
        return np.interp(values, grid, signals), str(rule["dimension"])

    return signal


def _one(shock: Shock, value: float, month: str, previous: dict[str, Any] | None) -> float:
    row = {
        "id": "scenario",
        "doc_id": None,
        "name": shock.name,
        "value": value,
        "unit": "",
        "period": month,
        "reporter": shock.reporter,
        "partner": shock.partner,
        "source_attribution": previous.get("source_attribution") if previous else None,
        "month": month,
        "origin": "scenario",
        "confidence": 1.0,
    }
    rows = [row] if previous is None else [previous, row]
    frame = indicator_signals(pd.DataFrame(rows))
    found = frame[frame["id"] == "scenario"]
    return float(found["signal"].iloc[0]) if not found.empty else 0.0


def _previous(db: Any, dyad: Any, shock: Shock, origin: str) -> dict[str, Any] | None:
    """The latest stored observation of the shock's series on or before ``origin``."""
    if db is None:
        return None
    frame = db.indicators(dyad=dyad, name=shock.name)
    if frame.empty:
        return None
    for column, wanted in (("reporter", shock.reporter), ("partner", shock.partner)):
        if wanted is not None:
            frame = frame[frame[column] == wanted]
    frame = frame.assign(month=[(period_month(p) or (None,))[0] for p in frame["period"]])
    frame = frame[frame["month"].notna() & (frame["month"] <= origin)]
    if frame.empty:
        return None
    last = frame.sort_values(["month", "id"]).iloc[-1]
    return {
        "id": "previous",
        "doc_id": None,
        "name": shock.name,
        "value": float(last["value"]),
        "unit": "",
        "period": last["period"],
        "reporter": shock.reporter,
        "partner": shock.partner,
        "source_attribution": last.get("source_attribution"),
        "month": last["month"],
        "origin": "scenario",
        "confidence": 1.0,
    }
