"""Conflicting event details: one event (a corroboration cluster) reported with different dates or actors.

Clusters come from the assessment's own merge (``corroboration.cluster_events``), so the event the
finding lists is the event the score counts once, weighted by its corroboration.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .corroboration import cluster_events
from .findings_common import Finding, citation, records


def merged_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster: cluster_id, date (earliest), dates, corroboration, doc_ids, label, rows."""
    columns = ["cluster_id", "date", "dates", "corroboration", "doc_ids", "event_label", "actors", "rows"]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    frame = cluster_events(events)
    rows = []
    for cluster_id, group in frame.groupby("cluster_id", sort=False):
        rows.append(
            {
                "cluster_id": cluster_id,
                "date": min(group["date"]),
                "dates": sorted(set(group["date"])),
                "corroboration": int(group["corroboration"].iloc[0]),
                "doc_ids": sorted({d for d in group["doc_id"] if isinstance(d, str)}),
                "event_label": group["event_label"].iloc[0],
                "actors": sorted(set(group["source_actor"] + ">" + group["target_actor"])),
                "rows": len(group),
            }
        )
    return pd.DataFrame(rows, columns=columns).sort_values(["date", "cluster_id"]).reset_index(drop=True)


def find_event_conflicts(events: pd.DataFrame, docs: dict[str, dict[str, Any]]) -> list[Finding]:
    """A finding per multi-document cluster whose reports disagree on the date or the acting person."""
    if events is None or events.empty:
        return []
    frame = cluster_events(events)
    findings = []
    for _cluster, group in frame[frame["corroboration"] > 1].groupby("cluster_id", sort=True):
        finding = _date_conflict(group, docs) or _actor_conflict(group, docs)
        if finding is not None:
            findings.append(finding)
    return findings


def _variants(group: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (document, date, direction, person): repeats inside one document are one report."""
    keep = group.sort_values(["date", "doc_id"], na_position="last")
    keep = keep.drop_duplicates(subset=["doc_id", "date", "source_actor", "target_actor", "source_person"])
    return records(keep)


def _describe(row: dict[str, Any], docs: dict[str, dict[str, Any]]) -> str:
    who = row.get("source_person") or row["source_actor"]
    title = (docs.get(row.get("doc_id") or "") or {}).get("title") or "no document"
    return f"{row['date']} ({who}, {row['source_actor']}→{row['target_actor']}; {title})"


def _date_conflict(group: pd.DataFrame, docs: dict[str, dict[str, Any]]) -> Finding | None:
    exact = group[group["date_precision"] == "day"]
    if exact["date"].nunique() < 2 or exact["doc_id"].nunique() < 2:
        return None
    rows = _variants(group)
    dates = sorted(set(exact["date"]))
    corroboration = int(group["corroboration"].iloc[0])
    span = (pd.Timestamp(dates[-1]) - pd.Timestamp(dates[0])).days
    reason = (
        "a one-day difference between reports from the two sides usually reflects time zones (announced "
        "late in one capital, already the next day in the other) or each side dating its own announcement"
        if span <= 1 and group["source_actor"].nunique() > 1
        else "the reports may describe different stages of the event (announcement, signing, entry into "
        "force) "
        "or one of them is wrong; check the primary source"
    )
    label = group["event_label"].iloc[0]
    explanation = (
        f"{corroboration} independent documents report one event ({label}) with different dates: "
        + "; ".join(_describe(r, docs) for r in rows)
        + f". Likely reason: {reason}. The variants are kept; the score counts the event once, "
        f"weighted by its corroboration ({corroboration})."
    )
    evidence = [
        citation(
            r,
            docs,
            date=r["date"],
            source_actor=r["source_actor"],
            target_actor=r["target_actor"],
            source_person=r.get("source_person"),
            record_id=r["id"],
        )
        for r in rows
    ]
    return Finding(
        kind="date_conflict",
        severity="medium",
        title=f"{label}: reported as {' and '.join(dates)} ({corroboration} documents)",
        explanation=explanation,
        evidence=evidence,
        subject=f"event:{group['cluster_id'].iloc[0]}",
    )


def _actor_conflict(group: pd.DataFrame, docs: dict[str, dict[str, Any]]) -> Finding | None:
    """Same direction, same event, different named actor: one of the reports names the wrong person."""
    named = group[group["source_person"].notna() & (group["source_person"] != "")]
    for _direction, same in named.groupby(["source_actor", "target_actor"]):
        if same["source_person"].nunique() > 1 and same["doc_id"].nunique() > 1:
            rows = _variants(same)
            label = group["event_label"].iloc[0]
            people = sorted(set(same["source_person"]))
            explanation = (
                f"Documents name different people as the actor of one event ({label}): "
                + "; ".join(_describe(r, docs) for r in rows)
                + ". Both may be right (several officials took part) or one is a misattribution."
            )
            evidence = [
                citation(r, docs, date=r["date"], source_person=r.get("source_person"), record_id=r["id"])
                for r in rows
            ]
            return Finding(
                kind="actor_conflict",
                severity="low",
                title=f"{label}: actor given as {' / '.join(people)}",
                explanation=explanation,
                evidence=evidence,
                subject=f"event:{group['cluster_id'].iloc[0]}",
            )
    return None
