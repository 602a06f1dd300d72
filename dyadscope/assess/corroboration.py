"""Merge reports of one event from several documents into a cluster, counted once.

Two event rows belong to one cluster when they have the same unordered pair of actors, the same
CAMEO root and dates that agree: day-precision dates at most ``tolerance_days`` apart (chained, so
11 and 12 July 1995 merge), a month-precision date with a day cluster inside that month, a
year-precision date with one inside that year. ``corroboration`` is the number of distinct
documents in the cluster (rows without a document count as one source each).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

COLUMNS = ("id", "date", "date_precision", "source_actor", "target_actor", "event_code", "doc_id")


def cluster_events(events: pd.DataFrame, tolerance_days: int = 3) -> pd.DataFrame:
    """Return ``events`` with ``cluster_id`` and ``corroboration`` columns added (row order kept)."""
    frame = events.copy()
    if frame.empty:
        frame["cluster_id"] = pd.Series(dtype=str)
        frame["corroboration"] = pd.Series(dtype=int)
        return frame
    pair = np.where(
        frame["source_actor"] <= frame["target_actor"],
        frame["source_actor"] + "-" + frame["target_actor"],
        frame["target_actor"] + "-" + frame["source_actor"],
    )
    root = frame["event_root"] if "event_root" in frame else frame["event_code"].str[:2]
    frame["_key"] = pair + "/" + root.astype(str)
    frame["_label"] = _day_clusters(frame, tolerance_days)
    _attach_coarse(frame, "month", 7)
    _attach_coarse(frame, "year", 4)
    frame["cluster_id"] = frame.groupby("_label")["id"].transform("min").map(_short_hash)
    source = frame["doc_id"].where(frame["doc_id"].notna(), "row:" + frame["id"].astype(str))
    frame["corroboration"] = source.groupby(frame["_label"]).transform("nunique").astype(int)
    return frame.drop(columns=["_key", "_label"])


def _day_clusters(frame: pd.DataFrame, tolerance_days: int) -> pd.Series:
    """Labels for day-precision rows (chained within the tolerance); others get their own for now."""
    labels = pd.Series([f"row:{i}" for i in frame["id"]], index=frame.index, dtype=object)
    days = frame[frame["date_precision"] == "day"]
    if days.empty:
        return labels
    ordinal = pd.to_datetime(days["date"].str[:10], errors="coerce", format="%Y-%m-%d")
    days = days.assign(_ord=ordinal).dropna(subset=["_ord"]).sort_values(["_key", "_ord", "id"])
    gap = days["_ord"].diff().dt.days.fillna(tolerance_days + 1)
    new = (days["_key"] != days["_key"].shift()) | (gap > tolerance_days)
    labels.loc[days.index] = "day:" + new.cumsum().astype(str)
    return labels


def _attach_coarse(frame: pd.DataFrame, precision: str, width: int) -> None:
    """Attach month- (or year-) precision rows to the largest finer cluster in the same period."""
    coarse = frame["date_precision"] == precision
    if not coarse.any():
        return
    period = frame["date"].str[:width]
    finer = frame[~coarse & frame["_label"].str.startswith(("day:", "month:"))]
    sizes = finer.groupby(["_key", period[finer.index], "_label"]).size().reset_index(name="n")
    sizes.columns = ["_key", "_period", "_label", "n"]
    best = sizes.sort_values(["n", "_label"], ascending=[False, True]).drop_duplicates(["_key", "_period"])
    lookup = {(k, p): lab for k, p, lab in zip(best["_key"], best["_period"], best["_label"], strict=True)}
    for index in frame.index[coarse]:
        key, per = frame.at[index, "_key"], period[index]
        frame.at[index, "_label"] = lookup.get((key, per), f"{precision}:{key}:{per}")


def _short_hash(text: str) -> str:
    return hashlib.sha256(str(text).encode()).hexdigest()[:16]
