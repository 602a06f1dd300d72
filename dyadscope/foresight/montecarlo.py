"""Monte Carlo over scenarios through the assessment's own update rule (``assess.score.update``).

Each run starts from the last assessed month. Month by month it draws an ordinary month from the
dyad's recent history (the baseline background), adds the scenario's shocks that happen in that
run (Bernoulli on the probability, timing uniform in the window, magnitude from its distribution),
and applies ``update`` to all runs at once: arrays of shape (runs, dimensions), 12 steps, no
Python loop over runs. The background draws depend on the seed only, so every scenario shares
them with the baseline (common random numbers): differences between scenarios are the shocks.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd

from ..assess.score import ModelParams, update
from ..schema import DIMENSIONS
from . import DEFAULT_RUNS
from .result import ScenarioResult, summarise
from .scenarios import Scenario, Shock
from .signals import indicator_signal_fn


def history_inputs(result: Any) -> tuple[np.ndarray, np.ndarray]:
    """Monthly positive and negative sums (T, D) of the items and bulk rows, as compute() sums them."""
    index = {m: i for i, m in enumerate(result.months)}
    dims = {d: j for j, d in enumerate(DIMENSIONS)}
    pos, neg = np.zeros((len(index), len(dims))), np.zeros((len(index), len(dims)))
    items = result.items[result.items["month"].isin(index) & result.items["dimension"].isin(dims)]
    rows, cols = items["month"].map(index).to_numpy(int), items["dimension"].map(dims).to_numpy(int)
    raw = items["raw"].astype(float).to_numpy()
    np.add.at(pos, (rows, cols), np.where(raw > 0, raw, 0.0))
    np.add.at(neg, (rows, cols), np.where(raw < 0, raw, 0.0))
    bulk = result.bulk
    if bulk is not None and not bulk.empty:
        bulk = bulk[bulk["month"].isin(index) & bulk["dimension"].isin(dims)]
        b_rows, b_cols = bulk["month"].map(index).to_numpy(int), bulk["dimension"].map(dims).to_numpy(int)
        np.add.at(pos, (b_rows, b_cols), bulk["pos"].astype(float).to_numpy())
        np.add.at(neg, (b_rows, b_cols), bulk["neg"].astype(float).to_numpy())
    return pos, neg


def simulate(
    r0: np.ndarray, pos: np.ndarray, neg: np.ndarray, baseline: np.ndarray, params: ModelParams
) -> np.ndarray:
    """Scores (runs, months, D) from start ``r0`` (D,), pushes (runs, months, D), baseline R* (months, D)."""
    runs, months, dims = pos.shape
    out = np.empty((runs, months, dims))
    r = np.broadcast_to(np.asarray(r0, dtype=float), (runs, dims))
    for t in range(months):
        r, _terms = update(r, pos[:, t, :], neg[:, t, :], baseline[t][None, :], params)
        out[:, t, :] = r
    return out


def background(
    hist_pos: np.ndarray, hist_neg: np.ndarray, scenario: Scenario, runs: int, months: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Whole past months drawn with replacement from the lookback window (same draws for every scenario)."""
    shape = (runs, months, hist_pos.shape[1] if hist_pos.ndim == 2 else len(DIMENSIONS))
    spec = scenario.background
    if spec is None or spec.method == "none" or len(hist_pos) == 0 or spec.scale == 0:
        return np.zeros(shape), np.zeros(shape)
    window = min(spec.lookback_months, len(hist_pos))
    rng = np.random.default_rng([seed, 0])
    picks = rng.integers(len(hist_pos) - window, len(hist_pos), size=(runs, months))
    return hist_pos[picks] * spec.scale, hist_neg[picks] * spec.scale


def shock_value(shock: Shock, params: ModelParams) -> float:
    """w·v of one occurrence at magnitude 1, weighted as the assessment weighs a reported event."""
    weight = params.origin_weights.get("scenario", 1.0) * params.kind_weights.get("statement", 1.0)
    weight *= params.leader_weight if shock.leader else 1.0
    weight *= params.joint_weight if shock.joint else 1.0
    return weight * float(shock.goldstein or 0.0) / 10.0 * params.k


def shocks(
    scenario: Scenario, runs: int, months: int, seed: int, params: ModelParams, signal_fn: Any
) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """The scenario's pushes (runs, months, D) and each shock's probability of happening in the horizon."""
    pos, neg = np.zeros((runs, months, len(DIMENSIONS))), np.zeros((runs, months, len(DIMENSIONS)))
    when: dict[str, np.ndarray] = {}  # month index per run, -1 when the shock does not happen
    rates: dict[str, float] = {}
    for shock in scenario.shocks:
        rng = np.random.default_rng([seed, 1, zlib.crc32(f"{scenario.id}/{shock.id}".encode())])
        happens = rng.random(runs) < shock.probability
        if shock.after is None:
            month = rng.integers(shock.window[0] - 1, shock.window[1], size=runs)
        else:
            parent = when[shock.after.shock]
            month = parent + rng.integers(shock.after.lag[0], shock.after.lag[1] + 1, size=runs)
            happens &= parent >= 0
        happens &= month < months
        when[shock.id] = np.where(happens, month, -1)
        rates[shock.id] = float(happens.mean())
        values, dim = _values(shock, rng, runs, params, signal_fn)
        hit = np.flatnonzero(happens)
        np.add.at(pos, (hit, month[hit], dim), np.where(values[hit] > 0, values[hit], 0.0))  # type: ignore[arg-type]
        np.add.at(neg, (hit, month[hit], dim), np.where(values[hit] < 0, values[hit], 0.0))  # type: ignore[arg-type]
    return pos, neg, rates


def _values(
    shock: Shock, rng: np.random.Generator, runs: int, params: ModelParams, signal_fn: Any
) -> tuple[np.ndarray, int]:
    if shock.kind == "event":
        return shock_value(shock, params) * shock.magnitude.sample(rng, runs), DIMENSIONS.index(
            shock.dimension
        )
    values = shock.value.sample(rng, runs) if shock.value is not None else np.zeros(runs)
    signal, dimension = signal_fn(shock, values)
    weight = params.origin_weights.get("scenario", 1.0) * params.kind_weights.get("statement", 1.0)
    return weight * signal * params.indicator_k, DIMENSIONS.index(dimension)


def future_months(origin: str, months: int) -> list[str]:
    start = pd.Period(origin, freq="M")
    return [(start + i).strftime("%Y-%m") for i in range(1, months + 1)]


def future_baseline(profile: Any, months: list[str]) -> np.ndarray:
    """R* per future month and dimension: the framework in force plus the profile's dimension offsets."""
    offsets = np.array([profile.dimension_offsets.get(d, 0.0) for d in DIMENSIONS])
    return np.clip(np.array([profile.baseline_at(m) for m in months])[:, None] + offsets[None, :], -9.0, 9.0)


def run_scenarios(
    assessment: Any,
    scenarios: list[Scenario],
    *,
    months: int = 12,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    db: Any = None,
) -> ScenarioResult:
    """Monte Carlo of every scenario from the assessment's last month; see the module docstring."""
    result, params, profile = assessment.result, assessment.params, assessment.profile
    r0 = np.asarray(result.scores[-1], dtype=float)
    hist_pos, hist_neg = history_inputs(result)
    horizon = future_months(result.months[-1], months)
    # The evidence level R* of the last assessed month, held fixed over the horizon (levels.v2); a
    # result without it (older callers) falls back to the profile's framework baseline.
    last_level = np.asarray(getattr(result, "baseline", np.zeros((0, 0))), dtype=float)
    base = (
        np.repeat(last_level[-1][None, :], len(horizon), axis=0)
        if last_level.ndim == 2 and len(last_level)
        else future_baseline(profile, horizon)
    )
    signal_fn = indicator_signal_fn(db, assessment.dyad, result.months[-1])
    reference = (
        next(s for s in scenarios if s.background is not None)
        if any(s.background is not None for s in scenarios)
        else None
    )
    paths, shock_rates = {}, {}
    for scenario in scenarios:
        spec = scenario if scenario.background is not None else (reference or scenario)
        b_pos, b_neg = background(hist_pos, hist_neg, spec, runs, months, seed)
        s_pos, s_neg, rates = shocks(scenario, runs, months, seed, params, signal_fn)
        paths[scenario.id] = simulate(r0, b_pos + s_pos, b_neg + s_neg, base, params)
        shock_rates[scenario.id] = rates
    return summarise(assessment, scenarios, paths, horizon, r0, shock_rates, runs=runs, seed=seed)
