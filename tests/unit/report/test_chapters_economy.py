"""The economy chapter lists the findings stage's figure conflicts, and compares figures itself only
when that stage did not run."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.dyads import parse_dyad
from dyadscope.report.chapters import economy
from dyadscope.report.citations import Citations
from dyadscope.report.data import DyadView

TARIFFS = pd.DataFrame(
    [
        {
            "id": f"i{n}",
            "doc_id": None,
            "name": "tariff_rate",
            "value": v,
            "unit": "percent",
            "period": "2025",
            "reporter": "USA",
            "partner": "VNM",
            "source_attribution": None,
            "text": t,
            "char_start": 0,
            "char_end": len(t),
        }
        for n, (v, t) in enumerate(
            [(46.0, "A 46 percent tariff was announced."), (20.0, "A 20 percent rate was agreed.")]
        )
    ]
)
CHANGE = pd.DataFrame(
    [
        {
            "id": "f1",
            "kind": "policy_change",
            "severity": "low",
            "title": "tariff rate: 46 % → 20 %",
            "explanation": "successive states",
            "evidence": [],
            "subject": "policy:tariff_rate",
        }
    ]
)


@pytest.mark.parametrize(
    "findings, expected",
    [
        (CHANGE, []),  # the findings stage called it a policy change: no conflict in the chapter
        (None, ["tariff rate for 2025 is reported with 2 values"]),  # no findings stage: side by side
    ],
)
def test_economy_conflicts_follow_the_findings_stage(findings, expected):
    view = DyadView(
        dyad=parse_dyad("USA-VNM"), names=("United States", "Vietnam"), indicators=TARIFFS, findings=findings
    )
    chapter = economy(view, Citations(pd.DataFrame()))
    assert [c["title"] for c in chapter["conflicts"]] == expected
