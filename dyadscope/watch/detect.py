"""When is a change worth an alert: the threshold rule on scores, and new high-severity findings.

Pure functions over plain dicts, so the rule is tested without a store (see docs/methodology.md,
"Watching: when a score moves").
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

SERIES = ("overall", "diplomatic", "security", "economic", "human_rights", "people", "legacy")
DEFAULT_THRESHOLD = 0.5
ALERT_SEVERITIES = ("high",)


def alert_id(*parts: Any) -> str:
    """A stable id from what makes an alert unique, so a re-run stores it once."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def current_scores(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """The last assessed month of a timeline and its overall and dimension scores."""
    if not timeline:
        return {"month": None, "scores": {}}
    last = timeline[-1]
    scores = {s: round(float(last[s]), 6) for s in SERIES if last.get(s) is not None}
    return {"month": last.get("month"), "scores": scores}


def score_moves(
    old: dict[str, Any], new: dict[str, Any], threshold: float, series: tuple[str, ...] = SERIES
) -> list[dict[str, Any]]:
    """Each series whose current score moved by strictly more than ``threshold`` points.

    ``old`` and ``new`` are :func:`current_scores` of the previous and the latest assessment. A series
    absent from either side is not compared (nothing to move from).
    """
    moves = []
    for name in series:
        before, after = old.get("scores", {}).get(name), new.get("scores", {}).get(name)
        if before is None or after is None:
            continue
        delta = round(after - before, 6)
        if abs(delta) > threshold:
            moves.append(
                {
                    "series": name,
                    "old_month": old.get("month"),
                    "month": new.get("month"),
                    "old_score": before,
                    "new_score": after,
                    "delta": delta,
                }
            )
    return moves


def new_findings(findings: list[dict[str, Any]], seen: set[str]) -> list[dict[str, Any]]:
    """High-severity findings whose id has not been seen for this dyad before."""
    return [f for f in findings if f.get("severity") in ALERT_SEVERITIES and f.get("id") not in seen]
