"""Drivers vs constraints: each profile factor's strength from the evidence that matches it.

Evidence items are claims tagged with the factor by extraction, and claims, events, indicators and
document sentences whose text matches one of the factor's patterns (indicators also by name).
    item score  = confidence · 0.5^(age in months / half-life)
    per source  = best item + 0.25 · the rest          (a document repeating itself counts less)
    strength    = factor weight · Σ over sources        (more independent sources, more strength)
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..profiles import Factor, Profile
from .score import ModelParams
from .support import concerns_pair, strip_title, supports

FACTOR_COLUMNS = [
    "factor",
    "label",
    "dimension",
    "stance",
    "direction",
    "strength",
    "evidence_count",
    "sources",
    "latest",
    "citations",
]
REPEAT_SHARE = 0.25
HEDGED = 0.5
KIND_ORDER = {"claim": 0, "event": 1, "indicator": 2, "sentence": 3}
MAX_CITATIONS = 3


EVIDENCE_COLUMNS = [
    "kind",
    "record_id",
    "doc_id",
    "date",
    "text",
    "char_start",
    "char_end",
    "confidence",
    "factor_tag",
    "name",
    "goldstein",
    "actors",
]


def evidence_items(
    claims: pd.DataFrame,
    events: pd.DataFrame,
    indicators: pd.DataFrame,
    sentences: pd.DataFrame,
    params: ModelParams,
) -> pd.DataFrame:
    """Candidate evidence (EVIDENCE_COLUMNS) from claims, events, indicators and plain sentences."""
    parts = [
        _records(kind, frame, date_col)
        for kind, frame, date_col in (
            ("claim", claims, "date"),
            ("event", events, "date"),
            ("indicator", indicators, "period"),
        )
        if frame is not None and not frame.empty
    ]
    if sentences is not None and not sentences.empty:
        record_id = sentences["doc_id"] + ":" + sentences["idx"].astype(str)
        parts.append(
            sentences.assign(
                kind="sentence",
                record_id=record_id,
                date=None,
                confidence=params.sentence_confidence,
                factor_tag=None,
                name=None,
                goldstein=None,
                actors=None,
            )
        )
    parts = [p[EVIDENCE_COLUMNS] for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    with warnings.catch_warnings():  # all-None columns (no factor tag) are expected here
        warnings.simplefilter("ignore", FutureWarning)
        return pd.concat(parts, ignore_index=True)


def _records(kind: str, frame: pd.DataFrame, date_col: str) -> pd.DataFrame:
    confidence = frame["confidence"].astype(float)
    if "hedged" in frame:  # "reportedly", "may": a hedged claim is half as strong as a plain one
        confidence = confidence * frame["hedged"].fillna(False).astype(bool).map({True: HEDGED, False: 1.0})
    return frame.assign(
        kind=kind,
        record_id=frame["id"],
        date=frame[date_col],
        text=frame["text"].fillna(""),
        confidence=confidence,
        factor_tag=frame["factor"] if kind == "claim" else None,
        name=frame["name"] if kind == "indicator" else None,
        goldstein=frame["goldstein"] if kind == "event" and "goldstein" in frame else None,
        actors=frame["actors"] if kind == "claim" and "actors" in frame else None,
    )


def factor_evidence(
    items: pd.DataFrame, factor: Factor, known: set[str], profile: Profile | None = None
) -> pd.DataFrame:
    """The items evidencing ``factor``: tagged with it, or untagged and matching its patterns, and
    (given the profile) passing ``support.supports``: no headline, no opposite-leaning sentence."""
    if items.empty:
        return items
    pattern = "|".join(f"(?:{p})" for p in factor.patterns)
    tagged = items["factor_tag"] == factor.id
    untagged = ~items["factor_tag"].isin(known)
    with warnings.catch_warnings():  # profile patterns may hold groups; only the match matters here
        warnings.simplefilter("ignore", UserWarning)
        matched = items["text"].str.contains(pattern, case=False, regex=True, na=False)
    named = items["name"].isin(factor.indicators) if factor.indicators else False
    found = items[tagged | (untagged & (matched | named))]
    if profile is not None and not found.empty:
        keep = [supports(r, factor, profile) for r in found.to_dict("records")]
        found = found[keep]
    # One sentence found as a claim, an event and a plain sentence counts once, read as the most
    # specific record (claim, then event, indicator, plain sentence), so a claim's hedge is kept.
    rank = found["kind"].map(KIND_ORDER)
    found = found.assign(_rank=rank).sort_values(["_rank", "confidence"], ascending=[True, False])
    return found.drop_duplicates(["doc_id", "char_start"]).drop(columns="_rank")


def score_factors(
    profile: Profile, items: pd.DataFrame, docs: pd.DataFrame, until: str, params: ModelParams
) -> pd.DataFrame:
    """One row per profile factor (FACTOR_COLUMNS), strongest first."""
    known = {f.id for f in profile.factors}
    meta = (
        docs.set_index("id")[["title", "published"]]
        if not docs.empty
        else pd.DataFrame(columns=["title", "published"])
    )
    items = relevant_items(items, docs, profile)
    rows = [
        _score_factor(f, factor_evidence(items, f, known, profile), meta, until, params)
        for f in profile.factors
    ]
    frame = pd.DataFrame(rows, columns=FACTOR_COLUMNS)
    return frame.sort_values(["strength", "factor"], ascending=[False, True], ignore_index=True)


def relevant_items(items: pd.DataFrame, docs: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """Items about the profile's pair, with glued headlines cut off their text (offsets moved to match),
    each sentence's other factor tags folded into ``factor_tag`` checks through ``tags``."""
    if items.empty:
        return items
    titles = docs.set_index("id")["title"].to_dict() if not docs.empty else {}
    dyads = docs.set_index("id")["dyad"].to_dict() if "dyad" in docs else {}
    pair = tuple(profile.dyad.split("-"))
    tags: dict[tuple[Any, Any], set[str]] = {}
    for row in items[items["factor_tag"].notna()].to_dict("records"):
        tags.setdefault((row["doc_id"], row["char_start"]), set()).add(row["factor_tag"])
    rows = []
    for row in items.to_dict("records"):
        row["doc_title"] = titles.get(row["doc_id"])
        row["tags"] = tags.get((row["doc_id"], row["char_start"]), set())
        if not concerns_pair(row, pair, dyads.get(row["doc_id"])):  # type: ignore[arg-type]
            continue
        row["text"], cut = strip_title(str(row["text"]), row["doc_title"])
        row["char_start"] = int(row["char_start"]) + cut
        rows.append(row)
    return pd.DataFrame(rows, columns=[*items.columns, "doc_title", "tags"])


def _score_factor(
    factor: Factor, found: pd.DataFrame, meta: pd.DataFrame, until: str, params: ModelParams
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "factor": factor.id,
        "label": factor.label,
        "dimension": factor.dimension,
        "stance": factor.stance,
        "direction": factor.direction,
        "strength": 0.0,
        "evidence_count": 0,
        "sources": 0,
        "latest": None,
        "citations": [],
    }
    if found.empty:
        return row
    found = found.copy()
    published = found["doc_id"].map(meta["published"]) if not meta.empty else None
    found["when"] = found["date"].where(found["date"].notna(), published).fillna("").astype(str)
    found["score"] = found["confidence"] * _decay(found["when"], until, params.half_life_months)
    per_doc = found.groupby(found["doc_id"].fillna("-"))["score"].agg(["max", "sum"])
    strength = factor.weight * float(
        (per_doc["max"] + REPEAT_SHARE * (per_doc["sum"] - per_doc["max"])).sum()
    )
    best = found.sort_values(["score", "when"], ascending=[False, False]).drop_duplicates("doc_id")
    row.update(
        strength=round(strength, 4),
        evidence_count=len(found),
        sources=int(found["doc_id"].nunique()),
        latest=max((w for w in found["when"] if w), default=None),
        citations=[_citation(r, meta) for r in best.head(MAX_CITATIONS).to_dict("records")],
    )
    return row


def _decay(when: pd.Series, until: str, half_life: float) -> np.ndarray:
    """0.5^(months from the item's date to ``until`` / half-life); undated items count as current."""

    def age(text: str) -> float:
        if len(text) < 4 or not text[:4].isdigit():
            return 0.0
        month = int(text[5:7]) if len(text) >= 7 and text[5:7].isdigit() else 6
        return max(0.0, (int(until[:4]) - int(text[:4])) * 12 + int(until[5:7]) - month)

    ages = np.array([age(w) for w in when], dtype=float)
    return np.power(0.5, ages / half_life)


def _citation(item: dict[str, Any], meta: pd.DataFrame) -> dict[str, Any]:
    doc_id = item.get("doc_id")
    known = doc_id is not None and not meta.empty and doc_id in meta.index
    return {
        "doc_id": doc_id,
        "doc_title": meta.at[doc_id, "title"] if known else None,
        "published": meta.at[doc_id, "published"] if known else None,
        "text": item["text"],
        "char_start": int(item["char_start"]),
        "char_end": int(item["char_end"]),
        "kind": item["kind"],
        "name": item.get("name") if item["kind"] == "indicator" else None,
        "goldstein": _number(item.get("goldstein")),
    }


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
