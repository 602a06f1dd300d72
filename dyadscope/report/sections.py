"""Rows for tables shown in both the report and the dashboard, each row carrying its citations."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .filters import clean, missing


def _citations(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [clean(dict(c)) for c in value if isinstance(c, dict)]
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
    return [clean(r) for r in frame.to_dict("records")]


def indicator_rows(indicators: pd.DataFrame, documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Indicators with the title and date of the document each came from."""
    if indicators.empty:
        return []
    titles = documents.set_index("id")[["title", "published"]].to_dict("index") if not documents.empty else {}
    rows = []
    for record in indicators.sort_values(["name", "period", "reporter"], na_position="last").to_dict(
        "records"
    ):
        record = clean(record)
        doc = titles.get(record.get("doc_id"), {})
        record["doc_title"], record["published"] = doc.get("title"), doc.get("published")
        rows.append(record)
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
