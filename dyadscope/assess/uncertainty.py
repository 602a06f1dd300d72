"""Coverage and uncertainty beside every score: trailing evidence counts and a bootstrap interval.

coverage_reports_t = scored reports (document items and bulk rows) dated in the trailing window
(t − W, t], coverage_docs_t = distinct documents among them; W = ``coverage_months``.

The interval of the overall score is a Poisson bootstrap over the evidence: each report (and each
summed bulk cell) is drawn Poisson(1) times in each of B replicates (fixed seed, so the same inputs
give the same interval), the whole model (R* and recursion) is rerun, and the replicates' (5 %, 95 %)
quantiles q_lo, q_hi are widened by the prior's own spread, which only fades as evidence accumulates:

    h_t = z · σ_p · w_p / (w_p + n_t)          (z = 1.645 for 90 %; n_t the evidence mass of the long window)
    lo_t = O_t − sqrt((O_t − q_lo)² + h_t²),   hi_t = O_t + sqrt((q_hi − O_t)² + h_t²)   (clipped to ±9)
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from ..schema import DIMENSIONS
from .level import evidence_level
from .score import ModelParams, update


def coverage(
    items: pd.DataFrame, bulk: pd.DataFrame, months: list[str], params: ModelParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(documents, reports) in the trailing window of each month, and the reports dated in each month."""
    month_pos = pd.Index(months)
    n, window = len(months), max(int(params.coverage_months), 1)
    rows = month_pos.get_indexer(items["month"].astype(object))
    per_month = np.bincount(rows[rows >= 0], minlength=n).astype(float)
    if not bulk.empty:
        b_rows = month_pos.get_indexer(bulk["month"].astype(object))
        per_month += np.bincount(b_rows, weights=bulk["n"].astype(float).to_numpy(), minlength=n)
    reports = _rolling(per_month, window)
    docs = np.zeros(n)
    known = items.dropna(subset=["doc_id"])
    if not known.empty:
        doc_codes, doc_index = np.unique(known["doc_id"].astype(str), return_inverse=True)
        present = np.zeros((len(doc_codes), n))
        present[doc_index, month_pos.get_indexer(known["month"].astype(object))] = 1.0
        docs = (np.apply_along_axis(_rolling, 1, present, window) > 0).sum(axis=0)
    return (
        np.asarray(docs, dtype=int),
        np.asarray(np.rint(reports), dtype=int),
        np.asarray(per_month, dtype=int),
    )


def _rolling(values: np.ndarray, window: int) -> np.ndarray:
    total = np.cumsum(values)
    out = total.copy()
    out[window:] = total[window:] - total[:-window]
    return out


def interval(
    items: pd.DataFrame,
    bulk: pd.DataFrame,
    months: list[str],
    prior: np.ndarray,
    prior_weight: np.ndarray,
    offsets: np.ndarray,
    weights: np.ndarray,
    overall: np.ndarray,
    mass: np.ndarray,
    params: ModelParams,
) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) of the overall score per month (see the module docstring)."""
    runs = max(int(params.bootstrap_runs), 1)
    rng = np.random.default_rng(0)
    shape = (runs, len(months), len(DIMENSIONS))
    pos, neg = np.zeros(shape), np.zeros(shape)
    month_pos, dim_pos = pd.Index(months), pd.Index(list(DIMENSIONS))
    cells = [(items, items["raw"], None)]
    if not bulk.empty:
        cells.append((bulk, bulk["pos"], bulk["neg"]))
    for frame, first, second in cells:
        rows = month_pos.get_indexer(frame["month"].astype(object))
        cols = dim_pos.get_indexer(frame["dimension"].astype(object))
        if len(rows) == 0:
            continue
        draws = rng.poisson(1.0, size=(runs, len(rows))).astype(float)
        values = first.astype(float).to_numpy()
        if second is None:
            up, down = np.where(values > 0, values, 0.0), np.where(values < 0, values, 0.0)
        else:
            up, down = values, second.astype(float).to_numpy()
        # one weighted bincount over (replicate, month, dimension) cells: far faster than np.add.at
        cells_per_run = shape[1] * shape[2]
        flat = (np.arange(runs)[:, None] * cells_per_run + (rows * shape[2] + cols)[None, :]).ravel()
        size = runs * cells_per_run
        pos += np.bincount(flat, weights=(draws * up[None, :]).ravel(), minlength=size).reshape(shape)
        neg += np.bincount(flat, weights=(draws * down[None, :]).ravel(), minlength=size).reshape(shape)
    levels = evidence_level(pos, neg, prior, prior_weight, offsets, params)
    star = levels["level"]
    r = star[:, 0]
    scores = np.zeros(shape)
    for t in range(len(months)):
        r, _terms = update(r, pos[:, t], neg[:, t], star[:, t], params)
        scores[:, t] = r
    replicate = scores @ weights
    tail = (1.0 - params.interval) / 2.0
    q_lo, q_hi = np.quantile(replicate, [tail, 1.0 - tail], axis=0)
    z = NormalDist().inv_cdf(1.0 - tail)
    spread = np.where(prior_weight > params.prior_weight_none, params.prior_sd, params.prior_sd_none)
    half = z * spread * prior_weight / (prior_weight + mass)
    lo = overall - np.sqrt(np.clip(overall - q_lo, 0.0, None) ** 2 + half**2)
    hi = overall + np.sqrt(np.clip(q_hi - overall, 0.0, None) ** 2 + half**2)
    return np.clip(lo, -9.0, 9.0), np.clip(hi, -9.0, 9.0)
