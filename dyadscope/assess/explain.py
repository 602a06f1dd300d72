"""Explanations: per month and dimension, every contribution to the change, with its evidence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import Errors, InputError
from ..schema import DIMENSIONS
from .events import top_bulk_events

if TYPE_CHECKING:
    from .assessment import Assessment

COLUMNS = [
    "kind",
    "record_id",
    "dimension",
    "contribution",
    "overall_contribution",
    "weight",
    "value",
    "date",
    "text",
    "doc_id",
    "doc_title",
    "char_start",
    "char_end",
    "corroboration",
]


def explain_month(db, assessment: Assessment, month: str) -> pd.DataFrame:
    """Rows for ``month`` (COLUMNS), largest absolute contribution first.

    ``contribution`` is in points of the dimension index; ``overall_contribution`` weights it into
    the overall score. The rows of one dimension sum to that dimension's change in the month.
    """
    result = assessment.result
    if month not in result.months:
        raise InputError(Errors.E606.format(month=month, since=result.months[0], until=result.months[-1]))
    t = result.months.index(month)
    weights = dict(zip(DIMENSIONS, result.weights, strict=True))
    rows = _item_rows(result.items, month) + _baseline_rows(assessment, t)
    rows += _bulk_rows(db, assessment, month)
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "overall_contribution"])
    frame.insert(4, "overall_contribution", frame["contribution"] * frame["dimension"].map(weights))
    order = frame["contribution"].abs().sort_values(ascending=False, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _item_rows(items: pd.DataFrame, month: str) -> list[dict]:
    chosen = items[items["month"] == month]
    out = []
    for r in chosen.to_dict("records"):
        out.append(
            {
                "kind": r["kind"],
                "record_id": r["record_id"],
                "dimension": r["dimension"],
                "contribution": float(r["contribution"]),
                "weight": float(r["weight"]),
                "value": float(r["value"]),
                "date": r["date"],
                "text": r["text"],
                "doc_id": r["doc_id"],
                "doc_title": r["doc_title"],
                "char_start": r["char_start"],
                "char_end": r["char_end"],
                "corroboration": r.get("corroboration"),
            }
        )
    return out


def _baseline_rows(assessment: Assessment, t: int) -> list[dict]:
    """The mean-reversion pull of each dimension, explained in words."""
    result, profile, lam = assessment.result, assessment.profile, assessment.params.lam
    framework = profile.level_at(result.months[t])
    label = profile.rung(framework).label
    out = []
    for j, dim in enumerate(DIMENSIONS):
        pull = float(result.pull[t, j])
        if pull == 0.0:
            continue
        target, prev = float(result.baseline[t, j]), float(result.prev[t, j])
        offset = profile.dimension_offsets.get(dim, 0.0)
        note = f" (with the profile's {offset:+.1f} offset for {dim})" if offset else ""
        prior = float(result.prior[t]) if len(result.prior) > t else 0.0
        text = (
            f"Pull towards the evidence level: -{lam} x ({prev:.3f} - {target:.3f}), R* = {target:.2f} "
            f"from the balance of recent evidence and the structural prior P = {prior:+.1f}{note}; "
            f"framework '{label}'."
        )
        out.append(
            {
                "kind": "baseline",
                "record_id": framework,
                "dimension": dim,
                "contribution": pull,
                "weight": lam,
                "value": target,
                "date": result.months[t],
                "text": text,
                "doc_id": None,
                "doc_title": f"profile {Path(profile.path).name}" if profile.path else "profile defaults",
                "char_start": None,
                "char_end": None,
                "corroboration": None,
            }
        )
    return out


def _bulk_rows(db, assessment: Assessment, month: str) -> list[dict]:
    """One row per dimension for summed bulk events (GDELT, CSV), citing the strongest of them."""
    bulk = assessment.result.bulk
    chosen = bulk[bulk["month"] == month]
    if chosen.empty:
        return []
    with db.read() as conn:
        top = top_bulk_events(conn, assessment.dyad, month, limit=20)
    out = []
    for r in chosen.to_dict("records"):
        examples = top[top["dimension"] == r["dimension"]].head(3)
        cited = "; ".join(
            f"{e.date} {e.event_label} ({e.goldstein:+.1f}) {e.source_url or ''}".strip()
            for e in examples.itertuples()
        )
        out.append(
            {
                "kind": "event",
                "record_id": f"bulk:{month}:{r['dimension']}",
                "dimension": r["dimension"],
                "contribution": float(r["contribution"]),
                "weight": None,
                "value": float(r["pos"] + r["neg"]),
                "date": month,
                "text": f"{int(r['n'])} bulk events summed; strongest: {cited}",
                "doc_id": None,
                "doc_title": ", ".join(sorted(set(top["origin"]))) or "bulk",
                "char_start": None,
                "char_end": None,
                "corroboration": None,
            }
        )
    return out
