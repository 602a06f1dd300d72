"""Conflicting event details: one event (a corroboration cluster) reported with different dates or actors.

Clusters come from the assessment's own merge (``corroboration.cluster_events``), so the event the
finding lists is the event the score counts once, weighted by its corroboration. Dates at most
``time_zone_days`` apart whose earlier and later reports come from the two countries are a
``date_variant`` (time-zone difference), not a conflict.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..extract.actors import find_mentions, resolve_country
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


def find_event_conflicts(
    events: pd.DataFrame, docs: dict[str, dict[str, Any]], rules: dict[str, Any] | None = None
) -> list[Finding]:
    """A finding per multi-document cluster whose reports disagree on the date or the acting person."""
    if events is None or events.empty:
        return []
    rules = rules or {}
    frame = cluster_events(events)
    findings = []
    for _cluster, group in frame[frame["corroboration"] > 1].groupby("cluster_id", sort=True):
        finding = _date_finding(group, docs, rules) or _actor_conflict(group, docs)
        if finding is not None:
            findings.append(finding)
    return findings


def report_side(row: dict[str, Any], codes: set[str], place_words: list[str]) -> tuple[str, str] | None:
    """(country, why) a report dates the event from: a capital given as time zone ("Hanoi time") or as
    the place ("announced in Washington"), else the acting person's country, else the acting country."""
    text = str(row.get("text") or "")
    capitals = [m for m in find_mentions(text) if m.kind == "capital" and m.code in codes]
    for mention in capitals:
        if re.match(r"\s*(?:local\s+)?time\b", text[mention.end :], re.I) or re.search(
            r"\btime\s+in\s*$", text[: mention.start], re.I
        ):
            return str(mention.code), f"{mention.text} time"
    for mention in capitals:
        before = re.search(r"(\w+)\s*$", text[: mention.start])
        if before and before.group(1).lower() in {w.lower() for w in place_words}:
            return str(mention.code), f"{before.group(1).lower()} {mention.text}"
    person = row.get("source_person")
    found = resolve_country(str(person)) if person else None
    if found is not None and found.code in codes:
        return str(found.code), str(person)
    actor = row.get("source_actor")
    return (str(actor), "acting side") if actor in codes else None


def _variants(group: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (document, date, direction, person): repeats inside one document are one report."""
    keep = group.sort_values(["date", "doc_id"], na_position="last")
    keep = keep.drop_duplicates(subset=["doc_id", "date", "source_actor", "target_actor", "source_person"])
    return records(keep)


def _describe(
    row: dict[str, Any], docs: dict[str, dict[str, Any]], side: tuple[str, str] | None = None
) -> str:
    who = row.get("source_person") or row["source_actor"]
    title = (docs.get(row.get("doc_id") or "") or {}).get("title") or "no document"
    where = f", {side[1]}" if side is not None and side[1] != who and side[1] != "acting side" else ""
    return f"{row['date']} ({who}, {row['source_actor']}→{row['target_actor']}{where}; {title})"


def _date_finding(
    group: pd.DataFrame, docs: dict[str, dict[str, Any]], rules: dict[str, Any]
) -> Finding | None:
    """``date_variant`` for a time-zone gap between the two capitals, else ``date_conflict``."""
    exact = group[group["date_precision"] == "day"]
    if exact["date"].nunique() < 2 or exact["doc_id"].nunique() < 2:
        return None
    dates = sorted(set(exact["date"]))
    span = (pd.Timestamp(dates[-1]) - pd.Timestamp(dates[0])).days
    codes = set(group["source_actor"]) | set(group["target_actor"])
    sides = {r["id"]: report_side(r, codes, rules.get("place_words", [])) for r in records(exact)}
    zones = _two_capitals(exact, sides, dates) if span <= int(rules.get("time_zone_days", 1)) else None
    rows = _variants(group)
    corroboration = int(group["corroboration"].iloc[0])
    label = group["event_label"].iloc[0]
    listed = "; ".join(_describe(r, docs, sides.get(r["id"])) for r in rows)
    weight = (
        "The variants are kept; the score counts the event once, weighted by its corroboration "
        f"({corroboration})."
    )
    if zones is not None:
        kind, severity = "date_variant", "low"
        shown = " and ".join(f"{d} ({z})" for d, z in zip(dates, zones, strict=True))
        title = f"{label}: dated {shown}: time-zone difference"
        explanation = (
            f"{corroboration} independent documents date one event ({label}) {span} day apart, as seen "
            f"from the two countries: {listed}. Likely reason: time-zone difference (an announcement late "
            f"in the day in one capital is already dated the next day in the other); this is a variant, "
            f"not a conflict. {weight}"
        )
    else:
        kind, severity = "date_conflict", "medium"
        title = f"{label}: reported as {' and '.join(dates)} ({corroboration} documents)"
        explanation = (
            f"{corroboration} independent documents report one event ({label}) with different dates: "
            f"{listed}. Likely reason: {_conflict_reason(span)}. {weight}"
        )
    evidence = [_date_citation(r, docs, sides.get(r["id"])) for r in rows]
    subject = f"event:{group['cluster_id'].iloc[0]}"
    return Finding(kind, severity, title, explanation, evidence, subject)


def _conflict_reason(span: int) -> str:
    if span <= 1:
        return (
            "one day apart, but the reports cannot be placed in the two capitals, so a time-zone "
            "difference is not established; the reports may also describe different stages of the event"
        )
    return (
        "the reports may describe different stages of the event (announcement, signing, entry into "
        "force) or one of them is wrong; check the primary source"
    )


def _date_citation(
    row: dict[str, Any], docs: dict[str, dict[str, Any]], side: tuple[str, str] | None
) -> dict[str, Any]:
    return citation(
        row,
        docs,
        date=row["date"],
        source_actor=row["source_actor"],
        target_actor=row["target_actor"],
        source_person=row.get("source_person"),
        side=side[0] if side else None,
        record_id=row["id"],
    )


def _two_capitals(
    exact: pd.DataFrame, sides: dict[str, tuple[str, str] | None], dates: list[str]
) -> list[str] | None:
    """The side of the earlier and of the later date when they are the two countries, else None."""
    by_date: dict[str, dict[str, str]] = {d: {} for d in dates}
    for row in records(exact):
        side = sides.get(row["id"])
        if side is not None:
            by_date[row["date"]].setdefault(side[0], side[1])
    early, late = by_date[dates[0]], by_date[dates[-1]]
    for a in sorted(early):
        for b in sorted(late):
            if a != b:
                return [f"{a}, {early[a]}", f"{b}, {late[b]}"]
    return None


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
