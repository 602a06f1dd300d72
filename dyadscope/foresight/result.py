"""ScenarioResult: per month, scenario and series the score distribution (bands) and level probabilities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..assess.levels import BANDS
from ..render import records
from ..schema import DIMENSIONS

QUANTILES = (("p05", 5), ("p25", 25), ("p50", 50), ("p75", 75), ("p95", 95))
SERIES = ("overall", *DIMENSIONS)
LEVELS = tuple(name for _, name in BANDS)
BAND_COLUMNS = ["month", "step", "scenario", "series", "p05", "p25", "p50", "p75", "p95", "mean"]


@dataclass
class ScenarioResult:
    """What ``db.scenario`` returns. ``bands`` and ``level_probs`` are tidy DataFrames."""

    dyad: str
    origin: str
    months: list[str]
    runs: int
    seed: int
    scenarios: list[dict[str, Any]]
    bands: pd.DataFrame
    level_probs: pd.DataFrame
    history: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __repr__(self) -> str:
        return (
            f"<ScenarioResult {self.dyad} from {self.origin}: {len(self.scenarios)} scenarios × "
            f"{self.runs} runs × {len(self.months)} months>"
        )

    def median(self, scenario: str = "baseline", series: str = "overall") -> pd.Series:
        """The median path of one scenario and series, indexed by month (the origin included)."""
        rows = self.bands[(self.bands["scenario"] == scenario) & (self.bands["series"] == series)]
        return rows.set_index("month")["p50"]

    def to_json(self) -> dict[str, Any]:
        return {
            "dyad": self.dyad,
            "origin": self.origin,
            "months": self.months,
            "runs": self.runs,
            "seed": self.seed,
            "scenarios": self.scenarios,
            "bands": records(self.bands),
            "level_probs": records(self.level_probs),
            "history": records(self.history),
        }


def summarise(
    assessment: Any,
    scenarios: list[Any],
    paths: dict[str, np.ndarray],
    months: list[str],
    r0: np.ndarray,
    shock_rates: dict[str, dict[str, float]],
    *,
    runs: int,
    seed: int,
) -> ScenarioResult:
    """Percentile bands and level probabilities from the simulated paths (runs, months, D)."""
    weights = np.asarray(assessment.result.weights, dtype=float)
    origin = assessment.result.months[-1]
    band_rows: list[dict[str, Any]] = []
    level_rows: list[dict[str, Any]] = []
    for scenario in scenarios:
        scores = paths[scenario.id]
        series = np.concatenate([(scores @ weights)[..., None], scores], axis=2)  # (runs, months, 1 + D)
        start = np.concatenate([[float(r0 @ weights)], r0])
        band_rows += _bands(scenario.id, origin, months, series, start)
        level_rows += _levels(scenario.id, origin, months, series[..., 0], float(start[0]))
    meta = [
        {
            "id": s.id,
            "name": s.name,
            "description": s.description,
            "path": s.path,
            "shocks": [
                {
                    "id": k.id,
                    "label": k.label,
                    "probability": k.probability,
                    "occurred": round(shock_rates[s.id].get(k.id, 0.0), 4),
                }
                for k in s.shocks
            ],
        }
        for s in scenarios
    ]
    history = assessment.timeline[["month", "overall", *DIMENSIONS]].tail(36).reset_index(drop=True)
    return ScenarioResult(
        str(assessment.dyad),
        origin,
        months,
        runs,
        seed,
        meta,
        pd.DataFrame(band_rows, columns=BAND_COLUMNS),
        pd.DataFrame(level_rows, columns=["month", "step", "scenario", "level", "probability"]),
        history,
    )


def _bands(
    scenario: str, origin: str, months: list[str], series: np.ndarray, start: np.ndarray
) -> list[dict]:
    qs = np.percentile(series, [q for _, q in QUANTILES], axis=0)  # (5, months, S)
    means = series.mean(axis=0)
    rows = []
    for j, name in enumerate(SERIES):
        rows.append(
            {
                "month": origin,
                "step": 0,
                "scenario": scenario,
                "series": name,
                **{k: round(float(start[j]), 4) for k, _ in QUANTILES},
                "mean": round(float(start[j]), 4),
            }
        )
        for t, month in enumerate(months):
            rows.append(
                {
                    "month": month,
                    "step": t + 1,
                    "scenario": scenario,
                    "series": name,
                    **{k: round(float(qs[i, t, j]), 4) for i, (k, _) in enumerate(QUANTILES)},
                    "mean": round(float(means[t, j]), 4),
                }
            )
    return rows


def band_index(scores: np.ndarray) -> np.ndarray:
    """Index into ``LEVELS`` for each score (same bands as ``assess.levels.band``)."""
    return np.minimum(((np.clip(scores, -9.0, 9.0) + 9.0) // 3.0).astype(int), len(LEVELS) - 1)


def _levels(scenario: str, origin: str, months: list[str], overall: np.ndarray, start: float) -> list[dict]:
    rows = []
    first = band_index(np.array([start]))[0]
    for i, name in enumerate(LEVELS):
        rows.append(
            {
                "month": origin,
                "step": 0,
                "scenario": scenario,
                "level": name,
                "probability": 1.0 if i == first else 0.0,
            }
        )
    counts = np.stack([(band_index(overall) == i).mean(axis=0) for i in range(len(LEVELS))])  # (L, months)
    for t, month in enumerate(months):
        for i, name in enumerate(LEVELS):
            rows.append(
                {
                    "month": month,
                    "step": t + 1,
                    "scenario": scenario,
                    "level": name,
                    "probability": round(float(counts[i, t]), 4),
                }
            )
    return rows
