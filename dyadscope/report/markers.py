"""Timeline markers for the months that moved the overall score most: hover text and clickable labels.

The months and their main contribution come from ``assess.moves`` (one rule for the report and the
dashboard). Every string from a document is HTML-escaped here: plotly renders a subset of HTML in hover
labels and annotations.
"""

from __future__ import annotations

import textwrap
from typing import Any

from markupsafe import escape


def esc(value: Any) -> str:
    return str(escape("" if value is None else str(value)))


def move_evidence(move: dict[str, Any]) -> dict[str, Any]:
    """The first citation of a key month (report) or its main explanation row (dashboard)."""
    found = move.get("evidence") or ([move["main"]] if move.get("main") else [])
    return dict(found[0]) if found else {}


def move_hover(move: dict[str, Any], width: int = 70, limit: int = 210) -> str:
    """Hover text: month, change, label, the evidence sentence wrapped, its source; all escaped."""
    first = move_evidence(move)
    head = f"<b>{esc(move['month'])}: {float(move['change']):+.2f}</b>"
    if move.get("label"):
        head += f" · {esc(move['label'])}"
    text = " ".join(str(first.get("text") or "").split())
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    lines = [head, *(esc(line) for line in textwrap.wrap(text, width))]
    source = first.get("doc_title")
    note = f" [{first['note']}]" if first.get("note") else ""
    if source or note:
        lines.append(f"<i>{esc(source or '')}</i>{esc(note)}")
    return "<br>".join(lines)


def move_note(move: dict[str, Any], y: float, index: int, width: int = 30) -> dict[str, Any]:
    """A clickable label next to a move's marker (the dashboard asks for that month's evidence)."""
    label = str(move.get("label") or "")
    label = label if len(label) <= width else label[: width - 1].rstrip() + "…"
    up = float(move["change"]) >= 0
    return {
        "xref": "x",
        "yref": "y",
        "x": move["month"],
        "y": y,
        "text": f"{esc(move['month'])}" + (f"<br>{esc(label)}" if label else ""),
        "showarrow": True,
        "arrowhead": 0,
        "arrowwidth": 1,
        "arrowcolor": "#92400e",
        "ax": 0,
        "ay": (-1 if up else 1) * (34 + 22 * (index % 2)),
        "bgcolor": "rgba(255,251,235,0.92)",
        "bordercolor": "#f59e0b",
        "borderwidth": 1,
        "font": {"size": 10, "color": "#111827"},
        "captureevents": True,
        "name": "move",
    }
