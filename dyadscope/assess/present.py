"""Small tables for showing an assessment in a terminal or a report: summary, factors with citations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .assessment import Assessment


def summary(assessment: Assessment) -> dict[str, Any]:
    """The headline: dyad, month, score, level, trend, framework, snapshot."""
    cur = assessment.current
    return {
        "dyad": str(assessment.dyad),
        "month": cur["month"],
        "score": f"{cur['score']:+.2f}",
        "level": cur["level"],
        "interval (90 %)": f"{cur['lo']:+.2f} to {cur['hi']:+.2f}",
        "coverage (12 months)": (
            f"{cur['coverage_reports']} reports in {cur['coverage_docs']} documents"
            if cur["evidence"]
            else "no evidence: structural prior only"
        ),
        "trend (12 months)": f"{cur['trend']:+.2f}",
        "framework": cur["framework_label"],
        "period": f"{assessment.since} to {assessment.until}",
        "profile": assessment.profile.path or "defaults (no profile for this dyad)",
        "snapshot": assessment.snapshot_id[:16],
    }


def dimension_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores for a terminal: signed, two decimals (the model's 4 decimals are false precision)."""
    shown = frame.copy()
    for column in ("score", "change_12m"):
        if column in shown:
            shown[column] = [f"{float(v):+.2f}" for v in shown[column]]
    for column in ("weight", "drivers", "constraints"):
        if column in shown:
            shown[column] = [f"{float(v):.2f}" for v in shown[column]]
    return shown


def cite(citation: dict[str, Any], width: int = 90) -> str:
    """``Title (2025-10-29): "sentence…"`` for one citation dict."""
    text = " ".join(str(citation.get("text") or "").split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    title = citation.get("doc_title") or citation.get("doc_id") or "?"
    return f'{title} ({citation.get("published") or "n.d."}): "{text}"'


def factor_table(frame: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """Top factors with strength, evidence count, sources and their best citation."""
    shown = frame[frame["strength"] > 0].head(top)
    return pd.DataFrame(
        {
            "factor": shown["label"],
            "dimension": shown["dimension"],
            "strength": shown["strength"].round(3),
            "evidence": shown["evidence_count"],
            "sources": shown["sources"],
            "citation": [cite(c[0]) if c else "" for c in shown["citations"]],
        }
    )
