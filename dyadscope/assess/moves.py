"""The months that moved the overall score most, and what moved each: the timeline markers.

One selection rule for the report and the dashboard: the ``n`` largest month-on-month changes of the
overall score among months with evidence dated in them (ties to the earlier month, months without
change never count), each with the row of that month's explanation that contributed most in the
direction of the move. A month moved only by the relaxation towards the level is never a key move.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .findings_figures import fmt_value

MOVES = 6
LABELS_FILE = Path(__file__).with_name("move_labels.yaml")
COLUMNS = ["month", "change", "score"]


def largest_moves(timeline: pd.DataFrame | None, n: int = MOVES, *, column: str = "overall") -> pd.DataFrame:
    """The ``n`` largest month-on-month changes of ``column`` as (month, change, score), in time order.

    >>> largest_moves(assessment.timeline, 6)
    """
    if timeline is None or timeline.empty or column not in timeline or "month" not in timeline or n <= 0:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame({"month": timeline["month"].astype(str), "score": timeline[column].astype(float)})
    frame = frame.sort_values("month", kind="stable")
    frame["change"] = frame["score"].diff()
    frame["size"] = frame["change"].abs().round(9)
    frame = frame[frame["size"] > 0]
    if "reports" in timeline:  # only months with evidence dated in them: moves driven by evidence
        frame = frame[timeline.loc[frame.index, "reports"].to_numpy() > 0]
    top = frame.sort_values(["size", "month"], ascending=[False, True], kind="stable").head(n)
    return top.sort_values("month")[COLUMNS].reset_index(drop=True)


def main_contribution(explanation: pd.DataFrame | None, change: float = 0.0) -> dict[str, Any] | None:
    """The explanation row that moved the overall score most in the direction of ``change``.

    Evidence (events, indicators, claims) comes before the baseline pull, which is picked only when
    nothing else moved the month.
    """
    if explanation is None or explanation.empty:
        return None
    column = "overall_contribution" if "overall_contribution" in explanation else "contribution"
    if column not in explanation:
        return None
    rows = explanation.assign(_size=explanation[column].astype(float).fillna(0.0))
    if "kind" in rows:
        evidence = rows[rows["kind"] != "baseline"]
        rows = evidence if not evidence.empty else rows
    same_way = rows[rows["_size"] * change > 0] if change else rows.iloc[0:0]
    rows = same_way if not same_way.empty else rows
    best = rows.loc[rows["_size"].abs().idxmax()].drop(labels="_size")
    return {k: (None if _missing(v) else v) for k, v in best.to_dict().items()}


def key_moves(
    assessment: Any, n: int = MOVES, *, records: list[pd.DataFrame] | None = None
) -> list[dict[str, Any]]:
    """Each of the ``n`` largest moves as ``{month, change, score, main, label}``, in time order.

    ``main`` is the month's main contribution (see :func:`main_contribution`, or None); ``label``
    names it: the event's CAMEO label or the indicator's name when ``records`` (events, indicators
    frames with ``id``) hold its record, else the start of its sentence.
    """
    timeline = getattr(assessment, "timeline", None)
    names = record_labels(records or [])
    moves = []
    for row in largest_moves(timeline, n).itertuples(index=False):
        main = main_contribution(safe_explain(assessment, str(row.month)), float(row.change))
        moves.append(
            {
                "month": str(row.month),
                "change": float(row.change),
                "score": float(row.score),
                "main": main,
                "label": move_label(main, names),
            }
        )
    return moves


@lru_cache(maxsize=1)
def _label_rules() -> dict[str, Any]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def readable_label(event_label: Any, text: Any) -> str:
    """A short readable name for an event: what its sentence is about (move_labels.yaml), else the
    CAMEO label without codebook filler. ``("Sign formal agreement", "...agreed to raise relations to a
    comprehensive strategic partnership")`` -> ``"Upgrade to comprehensive strategic partnership"``."""
    rules = _label_rules()
    sentence = " ".join(str(text or "").split())
    for topic in rules.get("topics", []):
        found = re.search(topic["pattern"], sentence, re.IGNORECASE)
        needs = not topic.get("needs") or re.search(topic["needs"], sentence, re.IGNORECASE)
        kind = not topic.get("event") or re.search(topic["event"], str(event_label or ""), re.IGNORECASE)
        if found and needs and kind:
            label = topic["label"].replace("{m}", found.group(0).lower())
            return label[:1].upper() + label[1:]
    label = str(event_label or "")
    for filler in rules.get("filler", []):
        label = re.sub(filler, "", label, flags=re.IGNORECASE).strip()
    return label


def indicator_label(name: Any, value: Any, unit: Any) -> str:
    """``("vessels_transferred", 6, "vessels")`` -> ``"Vessels transferred: 6"``; money and percentages
    keep their unit (``"Tariff rate: 46 %"``)."""
    words = str(name).replace("_", " ")
    words = words[:1].upper() + words[1:]
    number, unit_text = float(value), str(unit or "")
    if unit_text in ("USD", "%", "percent", "pct"):
        return f"{words}: {fmt_value(number, unit_text)}"
    return f"{words}: {number:,.0f}" if number == int(number) else f"{words}: {number:,.2f}"


def record_labels(frames: list[pd.DataFrame]) -> dict[str, str]:
    """Record id -> short readable name: what an event's sentence is about, name and value for indicators."""
    names: dict[str, str] = {}
    for frame in frames:
        if frame is None or frame.empty or "id" not in frame:
            continue
        if "event_label" in frame:
            texts = frame["text"] if "text" in frame else [None] * len(frame)
            labels = [readable_label(lab, txt) for lab, txt in zip(frame["event_label"], texts, strict=False)]
        elif {"name", "value", "unit"} <= set(frame.columns):
            labels = [
                indicator_label(n, v, u)
                for n, v, u in zip(frame["name"], frame["value"], frame["unit"], strict=False)
            ]
        else:
            continue
        for record_id, label in zip(frame["id"], labels, strict=False):
            if isinstance(label, str) and label:
                names[str(record_id)] = label
    return names


def move_label(main: dict[str, Any] | None, names: dict[str, str], width: int = 48) -> str:
    """A few words naming what moved the month."""
    if main is None:
        return "no recorded contribution"
    if main.get("kind") == "baseline":
        return "pull towards the structural baseline"
    named = names.get(str(main.get("record_id")))
    if named:
        return named
    text = " ".join(str(main.get("text") or main.get("kind") or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def safe_explain(assessment: Any, month: str) -> pd.DataFrame:
    """``assessment.explain(month)``, or an empty frame when that fails (the caller keeps going)."""
    try:
        frame = assessment.explain(month)
    except Exception:  # a month whose explanation fails keeps its marker, without evidence
        return pd.DataFrame()
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
