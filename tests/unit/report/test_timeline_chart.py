"""Issue #11 / #15: the timeline shows the overall score with its interval, one dimension by default,
and draws months without evidence differently."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from dyadscope.dyads import Dyad
from dyadscope.report.charts import timeline_figure
from dyadscope.report.data import DIMENSIONS, DyadView


def view_of(evidence: list[bool]) -> DyadView:
    months = [f"2024-{m:02d}" for m in range(1, len(evidence) + 1)]
    frame = pd.DataFrame({"month": months, "overall": [1.0 + i for i in range(len(months))]})
    for d in DIMENSIONS:
        frame[d] = 0.5
    frame["lo"], frame["hi"] = frame["overall"] - 2, frame["overall"] + 2
    frame["evidence"] = evidence
    frame["framework"] = "normalized"
    assessment = SimpleNamespace(timeline=frame)
    return DyadView(dyad=Dyad("USA", "VNM"), names=("United States", "Vietnam"), assessment=assessment)


def test_timeline_chart_one_dimension_interval_and_no_evidence() -> None:
    fig = timeline_figure(view_of([False, False, True, True]))
    by_meta = {t.meta: t for t in fig.data}
    shown = [m for m in DIMENSIONS if by_meta[m].visible is True]
    assert by_meta["overall"].visible is True and len(shown) == 1
    assert by_meta["interval_lo"].fill == "tonexty" and list(by_meta["interval_hi"].y) == [3.0, 4.0, 5.0, 6.0]
    assert list(by_meta["no_evidence"].y) == [1.0, 2.0, None, None]
    assert by_meta["no_evidence"].line.dash == "dash"
    assert any(a.text == "no evidence" and a.x == "2024-01" for a in fig.layout.annotations)
    assert fig.data[0].meta == "overall"  # clicks read the overall line first


def test_timeline_chart_without_gaps_has_no_no_evidence_trace() -> None:
    fig = timeline_figure(view_of([True, True]), dimension="security")
    metas = [t.meta for t in fig.data]
    assert "no_evidence" not in metas
    assert [m for m in DIMENSIONS if next(t for t in fig.data if t.meta == m).visible is True] == ["security"]
