"""Rows for tables shown in both the report and the dashboard, each row carrying its citations."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .filters import clean, headless, missing


def _citations(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        rows = [clean(dict(c)) for c in value if isinstance(c, dict)]
        for row in rows:
            row["text"] = headless(row.get("text"), row.get("doc_title"))
        return rows
    return []


def factor_rows(frame: pd.DataFrame, limit: int | None = None) -> list[dict[str, Any]]:
    """Drivers or constraints, strongest first, with their citations."""
    if frame.empty:
        return []
    if "strength" in frame:
        frame = frame.sort_values("strength", ascending=False, key=lambda s: s.abs())
    rows = []
    for record in frame.head(limit).to_dict("records") if limit else frame.to_dict("records"):
        record = clean(record)
        record["citations"] = _citations(record.get("citations"))
        rows.append(record)
    return rows


def explanation_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One month's contributions, largest effect first."""
    if frame.empty:
        return []
    if "contribution" in frame:
        frame = frame.reindex(frame["contribution"].abs().sort_values(ascending=False).index)
    rows = [clean(r) for r in frame.to_dict("records")]
    for row in rows:
        if "text" in row:
            row["text"] = headless(row.get("text"), row.get("doc_title"))
    return rows


OBSERVATION_KEY = ("name", "unit", "value", "reporter", "partner")
SINCE = re.compile(r"\bsince (?:\w+ )?(1[89]\d\d|20\d\d)\b", re.IGNORECASE)


def _running_total(name: Any) -> bool:
    """Indicators counted as deliveries to date (transform ``presence`` in assess/signals.yaml)."""
    from ..assess.indicators import signal_rules

    return signal_rules().get(str(name), {}).get("transform") == "presence"


def indicator_rows(indicators: pd.DataFrame, documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Indicators with the title and date of the document each came from, one row per observation.

    The same figure reported by several documents ($450 M for 1995 in two documents) is one row whose
    ``also`` lists the other reports; a running total ("24 boats since 2017") repeated in documents of
    different years is one observation too, shown at its first period with the later ones in
    ``also_periods`` (so are deliveries to date, the ``presence`` indicators of signals.yaml). Different
    values stay separate rows (they are findings, never merged).
    """
    if indicators.empty:
        return []
    titles = documents.set_index("id")[["title", "published"]].to_dict("index") if not documents.empty else {}
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    ordered = indicators.sort_values(["name", "period", "reporter"], na_position="last")
    for record in ordered.to_dict("records"):
        record = clean(record)
        doc = titles.get(record.get("doc_id"), {})
        record["doc_title"], record["published"] = doc.get("title"), doc.get("published")
        since = SINCE.search(str(record.get("text") or ""))
        base = tuple(record.get(k) for k in OBSERVATION_KEY)
        if _running_total(record.get("name")):  # deliveries to date: a later report restates the total
            key = (*base, "total")
        elif since:
            key = (*base, "since", since.group(1))
        else:
            key = (*base, str(record.get("period")))
        first = seen.get(key)
        if first is None:
            record["also"], record["also_periods"] = [], []
            seen[key] = record
            rows.append(record)
            continue
        first["also"].append(record)
        if not first.get("source_attribution") and record.get("source_attribution"):
            first["source_attribution"] = record["source_attribution"]
        period = record.get("period")
        if period and period != first.get("period") and period not in first["also_periods"]:
            first["also_periods"].append(period)
    return rows


def finding_rows(findings: pd.DataFrame | None) -> list[dict[str, Any]]:
    if findings is None or findings.empty:
        return []
    order = {"high": 0, "medium": 1, "low": 2}
    rows = [clean(r) for r in findings.to_dict("records")]
    for row in rows:
        row["evidence"] = _citations(row.get("evidence"))
    return sorted(rows, key=lambda r: order.get(str(r.get("severity")), 3))


def citation_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Flatten list-of-citation columns to text for CSV (title, date and sentence)."""
    rows = []
    for record in frame.to_dict("records"):
        record = clean(record)
        for key in ("citations", "evidence"):
            if isinstance(record.get(key), list):
                record[key] = " | ".join(
                    f"{c.get('doc_title') or ''} ({c.get('published') or 'n.d.'}): {c.get('text') or ''}"
                    for c in record[key]
                    if isinstance(c, dict)
                )
        rows.append(record)
    return rows


def present(value: Any) -> bool:
    return not missing(value) and value != ""
