"""From weighted items to monthly scores: aggregate per month × dimension, recurse, attribute."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..profiles import Profile, defaults
from ..schema import DIMENSIONS
from .events import weigh_document_events
from .indicators import indicator_signals, place_in_month
from .level import evidence_level
from .levels import level
from .prior import Fact, facts_for, prior_series
from .score import ModelParams, g_neg, g_pos, recurse

ITEM_COLUMNS = [
    "kind",
    "record_id",
    "dimension",
    "month",
    "raw",
    "weight",
    "value",
    "date",
    "text",
    "doc_id",
    "doc_title",
    "char_start",
    "char_end",
    "cluster_id",
    "corroboration",
]


@dataclass
class ModelResult:
    months: list[str]
    scores: np.ndarray  # (T, D) dimension indices at the end of each month
    prev: np.ndarray  # (T, D) indices at the start of each month
    baseline: np.ndarray  # (T, D) R* + dimension offset
    pull: np.ndarray  # (T, D) mean-reversion term
    items: pd.DataFrame  # ITEM_COLUMNS + contribution (in dimension points)
    bulk: pd.DataFrame  # month, dimension, pos, neg, n, contribution
    weights: np.ndarray  # (D,) dimension weights in the overall score, summing to 1
    # Coverage and uncertainty (empty when not computed, e.g. inside a backtest vintage).
    lo: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (T,) interval of the overall score
    hi: np.ndarray = field(default_factory=lambda: np.zeros(0))
    coverage_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # (T,) trailing window
    coverage_reports: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    month_reports: np.ndarray = field(
        default_factory=lambda: np.zeros(0, dtype=int)
    )  # (T,) dated in the month
    prior: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (T,) structural prior P_t
    facts: list[Fact] = field(default_factory=list)  # structural facts of the pair

    def timeline(self, profile: Profile) -> pd.DataFrame:
        frame = pd.DataFrame(self.scores, columns=list(DIMENSIONS))
        overall = frame[list(DIMENSIONS)].to_numpy() @ self.weights
        frame.insert(0, "overall", overall)
        frame.insert(0, "month", self.months)
        frame["level"] = [level(x) for x in frame["overall"]]
        frame["framework"] = [profile.level_at(m) for m in self.months]
        n = len(self.months)
        frame["lo"] = self.lo if len(self.lo) == n else overall
        frame["hi"] = self.hi if len(self.hi) == n else overall
        docs = self.coverage_docs if len(self.coverage_docs) == n else np.zeros(n, dtype=int)
        reports = self.coverage_reports if len(self.coverage_reports) == n else np.zeros(n, dtype=int)
        frame["coverage_docs"] = np.asarray(docs, dtype=int)
        frame["coverage_reports"] = np.asarray(reports, dtype=int)
        frame["evidence"] = frame["coverage_reports"] > 0
        month = self.month_reports if len(self.month_reports) == n else np.zeros(n, dtype=int)
        frame["reports"] = np.asarray(month, dtype=int)
        return frame


def month_range(since: str, until: str) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(since, until, freq="M")]


def dimension_weights(profile: Profile) -> np.ndarray:
    weights = {**defaults()["dimension_weights"], **profile.dimension_weights}
    vector = np.array([float(weights.get(d, 0.0)) for d in DIMENSIONS])
    return vector / vector.sum()


def event_items(events: pd.DataFrame, profile: Profile, params: ModelParams) -> pd.DataFrame:
    frame = weigh_document_events(events, profile, params)
    if frame.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    return frame.assign(kind="event", record_id=frame["id"])[ITEM_COLUMNS]


def indicator_items(
    indicators: pd.DataFrame, events: pd.DataFrame, docs: pd.DataFrame, params: ModelParams
) -> pd.DataFrame:
    """Indicator observations as items: placed in a month, turned into a signal, weighted."""
    if indicators.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    frame = indicators.copy()
    dated = _event_dates(frame, events)
    frame["month"] = [place_in_month(r, dated) for _, r in frame.iterrows()]
    frame = indicator_signals(frame.dropna(subset=["month"]))
    if frame.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    kinds = frame["doc_id"].map(docs.set_index("id")["kind"]) if not docs.empty else None
    titles = frame["doc_id"].map(docs.set_index("id")["title"]) if not docs.empty else None
    kind_w = kinds.map(params.kind_weights).fillna(params.kind_weights["other"]) if kinds is not None else 1.0
    origin_w = frame["origin"].map(params.origin_weights).fillna(1.0)
    frame["weight"] = frame["confidence"].astype(float) * kind_w * origin_w
    frame["value"] = frame["signal"] * params.indicator_k
    frame["raw"] = frame["weight"] * frame["value"]
    return frame.assign(
        kind="indicator",
        record_id=frame["id"],
        date=frame["period"],
        doc_title=titles,
        cluster_id=None,
        corroboration=1,
    )[ITEM_COLUMNS]


def _event_dates(indicators: pd.DataFrame, events: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(doc_id, indicator start) -> month of a day/month-precise event in an overlapping span."""
    if events.empty:
        return {}
    precise = events[events["date_precision"].isin(["day", "month"])][
        ["doc_id", "char_start", "char_end", "date"]
    ]
    pairs = indicators[["doc_id", "char_start", "char_end"]].merge(precise, on="doc_id", suffixes=("", "_e"))
    overlap = pairs[(pairs["char_start_e"] < pairs["char_end"]) & (pairs["char_start"] < pairs["char_end_e"])]
    overlap = overlap.sort_values(["doc_id", "char_start", "char_start_e"]).drop_duplicates(
        ["doc_id", "char_start"]
    )
    return {
        (d, int(s)): str(date)[:7]
        for d, s, date in zip(overlap["doc_id"], overlap["char_start"], overlap["date"], strict=True)
    }


def month_sums(
    items: pd.DataFrame, bulk: pd.DataFrame, months: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    """Items and bulk rows in range, and the (T, D) positive and negative sums of w·v."""
    month_pos, dim_pos = pd.Index(months), pd.Index(list(DIMENSIONS))

    def cells(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
        rows = month_pos.get_indexer(frame["month"].astype(object))
        cols = dim_pos.get_indexer(frame["dimension"].astype(object))
        keep = (rows >= 0) & (cols >= 0)
        return frame[keep].copy(), rows[keep] * len(DIMENSIONS) + cols[keep]

    items, item_cells = cells(items)
    bulk, bulk_cells = cells(bulk)
    size = len(months) * len(DIMENSIONS)
    raw = items["raw"].astype(float).to_numpy()
    pos = np.bincount(item_cells, weights=np.where(raw > 0, raw, 0.0), minlength=size)
    neg = np.bincount(item_cells, weights=np.where(raw < 0, raw, 0.0), minlength=size)
    if len(bulk_cells):
        pos = pos + np.bincount(bulk_cells, weights=bulk["pos"].astype(float).to_numpy(), minlength=size)
        neg = neg + np.bincount(bulk_cells, weights=bulk["neg"].astype(float).to_numpy(), minlength=size)
    shape = (len(months), len(DIMENSIONS))
    return items, bulk, pos.reshape(shape), neg.reshape(shape)


def structural_prior(
    profile: Profile, params: ModelParams, months: list[str]
) -> tuple[np.ndarray, np.ndarray, list[Fact]]:
    """(P_t, w_p,t, facts): the prior level and its weight per month from the pair's structural facts."""
    facts = facts_for(profile.pair, profile)
    prior, known = prior_series(facts, months)
    weight = np.where(known, params.prior_weight, params.prior_weight_none)
    return prior, weight, facts


def levels_and_scores(
    pos: np.ndarray,
    neg: np.ndarray,
    prior: np.ndarray,
    prior_weight: np.ndarray,
    offsets: np.ndarray,
    params: ModelParams,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """R* (T, D) from the evidence and the prior, then the monthly recursion towards it (``out`` also
    holds ``mass``, the months of evidence in the long window)."""
    levels = evidence_level(pos[None], neg[None], prior, prior_weight, offsets, params)
    star = levels["level"][0]
    out = recurse(pos, neg, star, star[0], params)
    out["mass"] = levels["mass"][0]
    return star, out


def compute(
    items: pd.DataFrame,
    bulk: pd.DataFrame,
    profile: Profile,
    params: ModelParams,
    months: list[str],
    *,
    uncertainty: bool = True,
) -> ModelResult:
    """The recursion over ``months``, the attribution of each month's change to its items, and (unless
    ``uncertainty=False``) the coverage counts and the bootstrap interval of the overall score."""
    index = {m: i for i, m in enumerate(months)}
    dim_index = {d: j for j, d in enumerate(DIMENSIONS)}
    items, bulk, pos, neg = month_sums(items, bulk, months)
    rows, cols = items["month"].map(index).to_numpy(int), items["dimension"].map(dim_index).to_numpy(int)
    raw = items["raw"].astype(float).to_numpy()
    b_rows, b_cols = bulk["month"].map(index).to_numpy(int), bulk["dimension"].map(dim_index).to_numpy(int)
    offsets = np.array([profile.dimension_offsets.get(d, 0.0) for d in DIMENSIONS])
    prior, prior_weight, facts = structural_prior(profile, params, months)
    baseline, out = levels_and_scores(pos, neg, prior, prior_weight, offsets, params)
    with np.errstate(divide="ignore", invalid="ignore"):
        up_scale = np.where(pos > 0, g_pos(out["prev"]) * out["p_sat"] / pos, 0.0)
        down_scale = np.where(neg < 0, g_neg(out["prev"]) * out["n_sat"] / neg, 0.0)
    items["contribution"] = raw * np.where(raw > 0, up_scale[rows, cols], down_scale[rows, cols])
    bulk["contribution"] = (
        bulk["pos"].to_numpy() * up_scale[b_rows, b_cols]
        + bulk["neg"].to_numpy() * down_scale[b_rows, b_cols]
    )
    weights = dimension_weights(profile)
    result = ModelResult(months, out["score"], out["prev"], baseline, out["baseline"], items, bulk, weights)
    result.prior, result.facts = prior, facts
    if uncertainty:
        from .uncertainty import coverage, interval

        result.coverage_docs, result.coverage_reports, result.month_reports = coverage(
            items, bulk, months, params
        )
        result.lo, result.hi = interval(
            items,
            bulk,
            months,
            prior,
            prior_weight,
            offsets,
            weights,
            out["score"] @ weights,
            out["mass"],
            params,
        )
    return result
