"""The demo's Markdown summary: what the store holds and, when assessed, where each dyad stands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

import dyadscope

if TYPE_CHECKING:
    from dyadscope.demo.run import DemoRun

_DOC_COLUMNS = ["published", "kind", "title", "publisher"]
_INDICATOR_COLUMNS = ["name", "value", "unit", "period", "reporter", "partner", "source_attribution"]
_FACTOR_COLUMNS = ["label", "dimension", "strength", "evidence_count"]


def markdown_table(frame: pd.DataFrame, columns: list[str], limit: int = 30) -> str:
    """A GitHub-style table of the given columns (those present), pipes escaped, at most `limit` rows."""
    cols = [c for c in columns if c in frame.columns]
    if frame.empty or not cols:
        return "_none_\n"
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in frame[cols].head(limit).iterrows():
        rows.append("| " + " | ".join(_cell(row[c]) for c in cols) + " |")
    more = f"\n_… and {len(frame) - limit} more_" if len(frame) > limit else ""
    return "\n".join(rows) + more + "\n"


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value).replace("|", "\\|").replace("\n", " ")


def _counts(frame: pd.DataFrame, column: str) -> str:
    if frame.empty or column not in frame.columns:
        return "_none_"
    return ", ".join(f"{key}: {n}" for key, n in frame[column].value_counts().items())


def dyad_section(name: str, assessment: Any, current: dict[str, Any]) -> list[str]:
    """Current score, dimensions, and top drivers/constraints of one assessed dyad."""
    from dyadscope.demo.run import describe_current

    lines = [f"## {name}", "", f"Current: {describe_current(current)}", ""]
    for attr, heading, columns in (
        ("dimensions", "Dimensions", ["dimension", "score", "change_12m"]),
        ("drivers", "Drivers", _FACTOR_COLUMNS),
        ("constraints", "Constraints", _FACTOR_COLUMNS),
        ("findings", "Evidence-quality findings", ["kind", "severity", "title"]),
    ):
        frame = getattr(assessment, attr, None)
        if isinstance(frame, pd.DataFrame):
            lines += [f"### {heading}", "", markdown_table(frame, columns, limit=12)]
    return lines


def write_summary(db: dyadscope.Database, run: DemoRun, assessments: dict[str, Any], target: Path) -> Path:
    """Write OUT/summary.md describing the demo store; returns its path."""
    events = db.events()
    lines = [
        "# dyadscope demo summary",
        "",
        f"Store: `{run.db_path}` · documents: {run.documents} · "
        + " · ".join(f"{k}: {n}" for k, n in run.counts.items()),
        "",
        "## Documents",
        "",
        markdown_table(db.documents(), _DOC_COLUMNS),
        "## Events",
        "",
        f"By dimension: {_counts(events, 'dimension')}",
        "",
        f"By status: {_counts(events, 'status')}",
        "",
        "## Indicators",
        "",
        markdown_table(db.indicators(), _INDICATOR_COLUMNS),
    ]
    for name, assessment in assessments.items():
        lines += dyad_section(name, assessment, run.current.get(name, {}))
    if run.notes:
        lines += ["## Notes", "", *[f"- {note}" for note in run.notes], ""]
    target.write_text("\n".join(lines), encoding="utf-8")
    return target
