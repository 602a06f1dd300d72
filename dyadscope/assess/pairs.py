"""Several pairs side by side: one dimension's monthly score for each pair, on one time axis.

``compare_pairs(db, ["USA-VNM", "CHN-VNM", "JPN-VNM"], dimension="security", since="2015-01")``
assesses each pair (no snapshot) and returns a ``PairComparison``: ``scores`` (month, dyad, score,
level) in long form, ``latest`` (one row per pair: its last month, score, level and 12-month change)
and ``missing`` (pairs that could not be assessed, with the coded reason, e.g. E605 no evidence). A
pair without evidence never fails the whole comparison; it is listed in ``missing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..dyads import parse_dyad
from ..errors import DyadscopeError, Errors, InputError
from ..schema import DIMENSIONS
from .levels import level

SERIES = ("overall", *DIMENSIONS)
MAX_PAIRS = 8  # a chart with more lines than this cannot be read


@dataclass
class PairComparison:
    dimension: str
    since: str | None
    until: str | None
    scores: pd.DataFrame
    latest: pd.DataFrame
    missing: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        from ..render import records

        return {
            "dimension": self.dimension,
            "since": self.since,
            "until": self.until,
            "dyads": list(self.latest["dyad"]) if not self.latest.empty else [],
            "latest": records(self.latest),
            "scores": records(self.scores),
            "missing": self.missing,
        }


def compare_pairs(
    db: Any,
    dyads: list[str] | tuple[str, ...],
    *,
    dimension: str = "overall",
    since: str | None = None,
    until: str | None = None,
) -> PairComparison:
    """Each pair's ``dimension`` score by month between ``since`` and ``until`` (YYYY-MM), side by side."""
    if dimension not in SERIES:
        raise InputError(Errors.E407.format(value=dimension, field="dimension", choices=", ".join(SERIES)))
    pairs = list(dict.fromkeys(str(parse_dyad(d)) for d in dyads))  # bad codes fail here, coded
    if not 1 <= len(pairs) <= MAX_PAIRS:
        raise InputError(Errors.E416.format(count=len(pairs), limit=MAX_PAIRS))
    frames, latest, missing = [], [], []
    for pair in pairs:
        try:
            assessment = db.assess(pair, since=since, until=until, snapshot=False)
            result = getattr(assessment, "result", None)
            empty = [getattr(result, name, None) for name in ("items", "bulk")]
            if all(
                isinstance(f, pd.DataFrame) and f.empty for f in empty
            ):  # a period, but no evidence: no line
                raise InputError(Errors.E605.format(dyad=pair))
            timeline = assessment.timeline
        except DyadscopeError as exc:
            if exc.__class__.__name__ == "UnknownCountry":
                raise
            missing.append({"dyad": pair, "error": exc.message if hasattr(exc, "message") else str(exc)})
            continue
        part = pd.DataFrame(
            {"month": timeline["month"].astype(str), "dyad": pair, "score": timeline[dimension].astype(float)}
        )
        frames.append(part)
        back = part["score"].iloc[max(0, len(part) - 13)]
        now = float(part["score"].iloc[-1])
        latest.append(
            {
                "dyad": pair,
                "month": part["month"].iloc[-1],
                "score": round(now, 2),
                "level": level(now),
                "change_12m": round(now - float(back), 2),
            }
        )
    scores = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["month", "dyad", "score"])
    )
    scores["level"] = [level(float(s)) for s in scores["score"]]
    return PairComparison(dimension, since, until, scores, pd.DataFrame(latest), missing)
