"""The model core: parameters and the monthly update rule (used by assessment and by foresight).

    R_t = clip(R_{t-1} + g(R_{t-1},+)·P'_t + g(R_{t-1},-)·N'_t - λ·(R_{t-1} - R*_t), -9, 9)
    g(R,+) = (9 - R)/9,   g(R,-) = (9 + R)/9
    P'_t = c·tanh(P_t/c),  N'_t = -c·tanh(|N_t|/c)

P_t and N_t are the sums of the positive and negative weighted values w_i·v_i of one month and one
dimension; c (``cap``) bounds what a single month can do however many items arrive. Every constant is
in :class:`ModelParams` and documented in docs/methodology.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

SCORING_VERSIONS = ("levels.v2",)
CALIBRATED_FILE = Path(__file__).with_name("calibrated.yaml")


@lru_cache(maxsize=1)
def calibrated() -> dict[str, float]:
    """The fitted global constants (``calibrated.yaml``, written by ``make calibrate``)."""
    with open(CALIBRATED_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(k): float(v) for k, v in (data.get("constants") or {}).items()}


def _fitted(name: str, default: float) -> Any:
    return field(default_factory=lambda: calibrated().get(name, default))


@dataclass(frozen=True)
class ModelParams:
    """Every constant of the scoring method ``levels.v2``; stored with each snapshot."""

    scoring: str = "levels.v2"
    k: float = 1.0  # event step: v = goldstein/10 · k
    lam: float = 0.5  # relaxation per month towards the evidence level R*
    cap: float = 3.0  # c: saturation of one month's positive (or negative) push
    # The evidence level R* (assess/level.py); the four fitted ones come from calibrated.yaml.
    level_scale: float = _fitted("level_scale", 8.0)  # a in R* = c + a·m
    level_offset: float = _fitted("level_offset", 0.0)  # c in R* = c + a·m
    conflict_weight: float = _fitted(
        "conflict_weight", 2.0
    )  # ρ: a conflictual unit outweighs a cooperative one
    prior_weight: float = _fitted(
        "prior_weight", 5.0
    )  # w_p: months of evidence the structural prior is worth
    month_unit: float = _fitted("month_unit", 1.0)  # s₀: intensity that makes most of a full month
    prior_weight_none: float = 1.0  # w_p when no structural fact is known (an uninformative prior)
    pool_weight: float = 2.0  # w_L: months of evidence the dyad's pooled level is worth in each dimension
    half_life_long: float = 24.0  # months: the pooled (long-run) window
    half_life_short: float = 6.0  # months: each dimension's window
    prior_sd: float = 2.0  # spread of the structural prior (points), for the interval
    prior_sd_none: float = 4.5  # spread without any structural fact
    coverage_months: int = 12  # trailing window of the coverage counts and of `evidence`
    bootstrap_runs: int = 100  # Poisson-bootstrap replicates of the evidence for the interval
    interval: float = 0.9  # coverage of the interval [lo, hi]
    leader_weight: float = 1.5  # source_person is a head of state/government/party in the profile
    official_weight: float = 1.2  # another named person (minister, envoy)
    joint_weight: float = 1.25  # the evidence sentence is a joint statement / declaration
    corroboration_slope: float = 0.5  # w_corr = 1 + slope·ln(n) for n independent reports
    corroboration_days: int = 3  # reports of one event up to this many days apart are merged
    origin_weights: dict[str, float] = field(
        default_factory=lambda: {
            "document": 1.0,
            "scenario": 1.0,
            "csv": 0.5,
            "gdelt": 0.05,
            "unvotes": 0.0,
            "icews": 0.1,  # one coded sentence per row, deduplicated by the producer (methodology.md)
            "polecat": 0.1,
        }
    )
    kind_weights: dict[str, float] = field(
        default_factory=lambda: {
            "statement": 1.0,
            "fact_sheet": 1.0,
            "report": 0.9,
            "news": 0.8,
            "dataset": 0.7,
            "other": 0.8,
        }
    )
    indicator_k: float = 1.0  # step of a full-strength indicator signal
    half_life_months: float = 24.0  # recency decay of factor evidence
    sentence_confidence: float = 0.5  # a pattern-matched sentence that no extractor tagged
    leader_titles: tuple[str, ...] = (
        "President",
        "General Secretary",
        "Prime Minister",
        "Premier",
        "Chairman",
        "Chancellor",
        "King",
        "Emperor",
    )

    def __post_init__(self) -> None:
        if self.scoring not in SCORING_VERSIONS:
            from ..errors import Errors, InputError

            raise InputError(
                Errors.E407.format(value=self.scoring, field="scoring", choices=", ".join(SCORING_VERSIONS))
            )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["leader_titles"] = list(self.leader_titles)
        return data

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()

    def with_(self, **changes: Any) -> ModelParams:
        return replace(self, **changes)


def g_pos(r: np.ndarray | float) -> np.ndarray | float:
    """Room to improve: 1 at -9... 0 at +9 (harder to improve near the top)."""
    return (9.0 - r) / 9.0


def g_neg(r: np.ndarray | float) -> np.ndarray | float:
    """Room to worsen: 0 at -9 ... 1 at +9 (harder to worsen near the bottom)."""
    return (9.0 + r) / 9.0


def saturate(pos: np.ndarray | float, neg: np.ndarray | float, cap: float) -> tuple[Any, Any]:
    """P' = c·tanh(P/c), N' = -c·tanh(|N|/c): monotone in each item, bounded by ±c."""
    return cap * np.tanh(np.asarray(pos) / cap), -cap * np.tanh(np.abs(np.asarray(neg)) / cap)


def update(
    r_prev: np.ndarray | float,
    pos: np.ndarray | float,
    neg: np.ndarray | float,
    baseline: np.ndarray | float,
    params: ModelParams,
) -> tuple[Any, dict[str, Any]]:
    """One month: the new score(s) and the three terms (``positive``, ``negative``, ``baseline``).

    Works on scalars or arrays (one entry per dimension, or per Monte Carlo run).
    """
    r_prev = np.asarray(r_prev, dtype=float)
    p_sat, n_sat = saturate(pos, neg, params.cap)
    up = g_pos(r_prev) * p_sat
    down = g_neg(r_prev) * n_sat
    pull = -params.lam * (r_prev - np.asarray(baseline, dtype=float))
    r_new = np.clip(r_prev + up + down + pull, -9.0, 9.0)
    return r_new, {"positive": up, "negative": down, "baseline": pull, "p_sat": p_sat, "n_sat": n_sat}


def recurse(
    pos: np.ndarray, neg: np.ndarray, baseline: np.ndarray, r0: np.ndarray, params: ModelParams
) -> dict[str, np.ndarray]:
    """Run :func:`update` over T months. Inputs are (T, D) arrays; returns (T, D) arrays.

    ``score[t]`` is the score at the end of month t; the terms explain ``score[t] - score[t-1]``
    (with ``score[-1] = r0``).
    """
    months, dims = pos.shape
    out = {
        name: np.zeros((months, dims))
        for name in ("score", "positive", "negative", "baseline", "p_sat", "n_sat", "prev")
    }
    r = np.asarray(r0, dtype=float)
    for t in range(months):
        out["prev"][t] = r
        r, terms = update(r, pos[t], neg[t], baseline[t], params)
        out["score"][t] = r
        for name, value in terms.items():
            out[name][t] = value
    return out
