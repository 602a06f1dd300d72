"""The dyads in a store (for the overview page and /api/v1/dyads) and in-memory pagination of small tables."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import func, select

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError, Errors
from ..report.data import display_name, level_of
from ..store import tables as t
from .params import Page, ParamError
from .state import WebState

MAX_DYADS = 24  # the overview assesses each dyad it lists; keep it bounded
MIN_EVENTS = 3


def store_dyads(state: WebState) -> list[tuple[Dyad, int]]:
    """Dyads named by documents, plus event pairs with at least MIN_EVENTS events, busiest first."""

    def compute() -> list[tuple[Dyad, int]]:
        c = t.events.c
        with state.db.read() as conn:
            pairs = conn.execute(
                select(c.source_actor, c.target_actor, func.count()).group_by(c.source_actor, c.target_actor)
            ).fetchall()
            named = [r[0] for r in conn.execute(select(t.documents.c.dyad).distinct()) if r[0]]
        counts: dict[frozenset[str], int] = {}
        for a, b, n in pairs:
            if a != b:
                key = frozenset((a, b))
                counts[key] = counts.get(key, 0) + int(n)
        chosen: dict[frozenset[str], Dyad] = {}
        for text in named:
            try:
                dyad = parse_dyad(text)
            except DyadscopeError:
                continue
            chosen.setdefault(frozenset(dyad.codes), dyad)
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            if n >= MIN_EVENTS and key not in chosen and len(chosen) < MAX_DYADS:
                try:
                    chosen[key] = parse_dyad(sorted(key))
                except DyadscopeError:
                    continue
        rows = [(dyad, counts.get(key, 0)) for key, dyad in chosen.items()]
        return sorted(rows, key=lambda r: -r[1])[:MAX_DYADS]

    return state.cached("dyads", compute)


def list_dyads(state: WebState) -> list[dict[str, Any]]:
    """One row per dyad: codes, names, event count, current score, level, trend, recent overall line."""
    rows = []
    for dyad, count in store_dyads(state):
        row: dict[str, Any] = {
            "dyad": str(dyad),
            "a": dyad.a,
            "b": dyad.b,
            "name_a": display_name(dyad.a),
            "name_b": display_name(dyad.b),
            "events": count,
            "score": None,
            "level": None,
            "trend": None,
            "month": None,
            "framework": None,
            "recent": [],
            "note": None,
        }
        try:
            assessment = state.assess(dyad)
        except DyadscopeError as exc:
            row["note"] = exc.message
        else:
            row.update(summary(assessment))
        rows.append(row)
    return rows


def summary(assessment: Any) -> dict[str, Any]:
    current = dict(getattr(assessment, "current", None) or {})
    timeline = getattr(assessment, "timeline", None)
    recent: list[float] = []
    if isinstance(timeline, pd.DataFrame) and "overall" in timeline:
        recent = [round(float(v), 3) for v in timeline["overall"].dropna().tail(120)]
    score = current.get("score")
    return {
        "score": score,
        "level": current.get("level") or level_of(score),
        "trend": current.get("trend"),
        "month": current.get("month"),
        "framework": current.get("framework_label")
        or str(current.get("framework") or "").replace("_", " ")
        or None,
        "recent": recent,
    }


def paginate(frame: pd.DataFrame, page: Page) -> tuple[pd.DataFrame, dict[str, Any]]:
    total = len(frame)
    pages = max(1, -(-total // page.size))
    if page.page > pages:
        raise ParamError(Errors.E408.format(page=page.page, pages=pages))
    rows = frame.iloc[page.offset : page.offset + page.size]
    return rows, {
        "page": page.page,
        "size": page.size,
        "total": total,
        "total_exact": True,
        "pages": pages,
        "truncated": page.truncated,
        "has_next": page.page < pages,
    }
