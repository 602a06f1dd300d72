"""Indicators as normalised signals: one value per observation, by the rules in ``signals.yaml``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

SIGNALS_FILE = Path(__file__).with_name("signals.yaml")
PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-\d{2})?|-Q([1-4])|-H([12]))?$")


@lru_cache(maxsize=1)
def signal_rules() -> dict[str, dict[str, Any]]:
    from ..ontology.schemas import load_knowledge

    load_knowledge(SIGNALS_FILE)  # ProfileError E603 on an unknown transform or a misspelt key
    with open(SIGNALS_FILE, encoding="utf-8") as fh:
        rules: dict[str, dict[str, Any]] = yaml.safe_load(fh) or {}
    return {**inline_signals(), **rules}


def inline_signals() -> dict[str, dict[str, Any]]:
    """The ``signal`` an indicator of ontology/indicators.yaml carries, so that a new indicator is
    one entry there (docs/extending.md); signals.yaml keeps the rules written before that."""
    from ..extract.indicators import INDICATORS_PATH
    from ..ontology.schemas import load_knowledge

    vocabulary = load_knowledge(INDICATORS_PATH).indicators
    return {
        name: spec.signal.model_dump(exclude_none=True)
        for name, spec in vocabulary.items()
        if spec.signal is not None
    }


def period_month(period: str) -> tuple[str, bool] | None:
    """Last month of ``period`` and whether it is month-precise: ``2024`` -> (``2024-12``, False)."""
    found = PERIOD.match(str(period or "").strip())
    if not found:
        return None
    year, month, quarter, half = found.groups()
    if month:
        return f"{year}-{month}", True
    if quarter:
        return f"{year}-{int(quarter) * 3:02d}", False
    if half:
        return f"{year}-{int(half) * 6:02d}", False
    return f"{year}-12", False


def place_in_month(row: pd.Series, event_dates: dict[tuple[str, int], str]) -> str | None:
    """The month an observation enters the scores (methodology: "When an indicator counts").

    1. the date of an event extracted from the same sentence (day or month precision);
    2. the period itself when it is a month;
    3. the document's publication month when it falls inside the period's year;
    4. the last month of the period.
    """
    dated = event_dates.get((row["doc_id"], int(row["char_start"])))
    if dated:
        return dated
    placed = period_month(row["period"])
    if placed is None:
        return None
    month, precise = placed
    published = row.get("published")
    published = published if isinstance(published, str) else ""  # NaN/None: no publication date
    if not precise and len(published) >= 7 and published[:4] == str(row["period"])[:4]:
        return published[:7]
    return month


def indicator_signals(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``signal`` (v, before weights) and ``dimension`` to observations with a ``month`` column.

    Observations of one series in one period share one signal (their median value), split evenly
    between them so each document's share stays visible.
    """
    rules = signal_rules()
    frame = frame[frame["name"].isin(rules)].copy()
    if frame.empty:
        return frame.assign(signal=pd.Series(dtype=float), dimension=pd.Series(dtype=str))
    frame["series"] = (
        frame["name"]
        + "|"
        + frame["reporter"].fillna("")
        + "|"
        + frame["partner"].fillna("")
        + "|"
        + frame["source_attribution"].fillna("").str.lower().str.strip()
    )
    obs = frame.groupby(["series", "name", "month"], as_index=False).agg(
        value=("value", "median"), reporter=("reporter", "first"), members=("id", "size")
    )
    obs = obs.sort_values(["series", "month"])
    obs["prev_value"] = obs.groupby("series")["value"].shift()
    obs["prev_month"] = obs.groupby("series")["month"].shift()
    totals = obs[obs["name"] == "goods_trade_total"].groupby("month")["value"].median()
    obs["signal"] = [_signal(r, rules[r["name"]], totals) for r in obs.to_dict("records")]
    obs["dimension"] = obs["name"].map(lambda n: rules[n]["dimension"])
    frame = frame.merge(
        obs[["series", "month", "signal", "dimension", "members", "prev_value"]],
        on=["series", "month"],
        how="left",
    )
    frame["signal"] = frame["signal"] / frame["members"]
    return frame.drop(columns=["members"])


def _signal(obs: dict[str, Any], rule: dict[str, Any], totals: pd.Series) -> float:
    value, prev = float(obs["value"]), obs["prev_value"]
    has_prev = prev is not None and not (isinstance(prev, float) and np.isnan(prev))
    kind = rule["transform"]
    if kind == "growth":
        return rule["sign"] * _clip(_growth(value, prev, obs) / rule["scale"]) if has_prev else 0.0
    if kind == "presence":
        return float(rule["sign"] * rule["scale"])
    if kind == "rank":
        return rule["sign"] * _clip((float(prev) - value) / rule["scale"]) if has_prev else 0.0
    if kind == "tariff":
        base = float(prev) if has_prev else float(rule["base_rate"])
        level = rule["level_share"] * min(value, rule["level_scale"]) / rule["level_scale"]
        change = float(np.clip((value - base) / rule["change_scale"], -1.5, 1.5))
        return -(level + change)
    if kind == "deficit_share":
        if value >= 0:
            return 0.0
        total = totals.get(obs["month"])
        if total and total > 0:
            return -min(1.0, -value / total)
        return -_clip(_growth(-value, -float(prev), obs) / rule["scale"]) if has_prev and prev < 0 else 0.0
    return 0.0


def _growth(value: float, prev: Any, obs: dict[str, Any]) -> float:
    """Annualised growth from the previous observation (months apart / 12 years, at least one month)."""
    prev = float(prev)
    if value <= 0 or prev <= 0:
        return 0.0
    months = _months_between(str(obs["prev_month"]), str(obs["month"]))
    years = max(months, 1) / 12.0
    return float((value / prev) ** (1.0 / max(years, 1.0)) - 1.0)


def _months_between(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7])


def _clip(x: float) -> float:
    return float(np.clip(x, -1.0, 1.0))
