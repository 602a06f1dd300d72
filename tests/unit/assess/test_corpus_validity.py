"""Validity of the assessment on real text: the demo corpus, and the seeds + eval documents when present."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import dyadscope
from dyadscope.assess.levels import at_least
from dyadscope.schema import DIMENSIONS

MILESTONES = ["1995-07", "2013-07", "2016-05", "2023-09"]
SHARED_DOCS = [
    "seeds/000_f978b08c8f3fb1f9.txt",
    "seeds/002_e8c1e53d02d18d11.txt",
    "eval/docs/us_vn_joint_leaders_statement_csp_2023.txt",
    "eval/docs/us_vn_fact_sheet_csp_2023.txt",
    "eval/docs/us_vn_trade_framework_joint_statement_2025.txt",
    "eval/docs/us_vn_fact_sheet_comprehensive_partnership_2021.txt",
    "eval/docs/us_vn_readout_biden_to_lam_2024.txt",
]


def _at(a, month: str, series: str = "overall") -> float:
    return float(a.timeline.set_index("month").at[month, series])


def _before(month: str) -> str:
    return str(pd.Period(month, "M") - 1)


@pytest.fixture(scope="module")
def demo(demo_db: dyadscope.Database):
    if demo_db.events(dyad="USA VNM").empty:
        pytest.skip("extraction produced no events from the demo corpus")
    return demo_db.assess("USA", "VNM")


@pytest.fixture(scope="module")
def shared_db(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dyadscope.Database:
    db = dyadscope.open(tmp_path_factory.mktemp("shared") / "shared.db")
    db.ingest([shared_dir / p for p in SHARED_DOCS])
    return db


@pytest.mark.parametrize("month", MILESTONES)
def test_demo_overall_rises_at_milestones(demo, month: str) -> None:
    assert _at(demo, month) > _at(demo, _before(month))


def test_demo_economic_falls_with_tariffs_and_recovers_after_framework(demo) -> None:
    assert _at(demo, "2025-04", "economic") < _at(demo, "2025-03", "economic")
    trough = demo.timeline.set_index("month").loc["2025-04":"2025-09", "economic"].min()
    assert demo.timeline.set_index("month").loc["2025-10":, "economic"].max() > trough


def test_demo_level_2024_good_or_higher(demo) -> None:
    scores = demo.timeline.set_index("month").loc["2024-01":"2024-12", "overall"]
    assert all(at_least(s, "good") for s in scores)


def test_demo_seed_constraints_surface(demo) -> None:
    found = set(demo.constraints.loc[demo.constraints["strength"] > 0, "factor"])
    assert {
        "china_reaction_hedging",
        "human_rights_limits",
        "reliability_doubts",
        "trade_deficit_pressure",
    } <= found
    top = demo.constraints.iloc[0]
    assert top["citations"] and top["citations"][0]["doc_title"] and top["citations"][0]["text"]


def test_demo_every_change_has_evidence(demo) -> None:
    frame = demo.timeline.set_index("month")
    months = list(frame.index)
    for prev, month in zip(months, months[1:], strict=False):
        rows = demo.explain(month)
        for dim in DIMENSIONS:
            change = frame.at[month, dim] - frame.at[prev, dim]
            if abs(change) > 1e-12:
                mine = rows[rows["dimension"] == dim]
                assert (mine["text"].fillna("").str.len() > 0).any(), (month, dim)
                assert mine["contribution"].sum() == pytest.approx(change, abs=1e-9)


def test_demo_third_party_view(demo_db: dyadscope.Database, demo) -> None:
    china = demo_db.assess("CHN", "VNM")
    assert china.profile.dyad == "CHN-VNM" and len(china.timeline) > 0
    assert "south_china_sea_dispute" in set(
        china.constraints.loc[china.constraints["strength"] > 0, "factor"]
    )


@pytest.mark.parametrize("month", MILESTONES)
def test_shared_overall_rises_at_milestones(shared_db: dyadscope.Database, month: str) -> None:
    a = shared_db.assess("USA", "VNM", snapshot=False)
    assert _at(a, month) > _at(a, _before(month))


def test_shared_level_2024_and_constraints(shared_db: dyadscope.Database) -> None:
    a = shared_db.assess("USA", "VNM", snapshot=False)
    assert all(at_least(s, "good") for s in a.timeline.set_index("month").loc["2024-01":"2024-12", "overall"])
    assert a.current["month"] <= "2026-01"  # targets such as "by 2045" never stretch the timeline
    found = set(a.constraints.loc[a.constraints["strength"] > 0, "factor"])
    assert {"china_reaction_hedging", "human_rights_limits", "reliability_doubts"} <= found


def test_shared_generalises_to_usa_idn(shared_dir: Path, tmp_path: Path) -> None:
    db = dyadscope.open(tmp_path / "idn.db")
    db.ingest(sorted((shared_dir / "eval" / "docs").glob("other_us_id_*.txt")))
    a = db.assess("USA", "IDN", snapshot=False)
    assert a.profile.dyad == "USA-IDN"
    assert _at(a, "2023-11") > _at(a, "2023-10")  # comprehensive strategic partnership, 13 November 2023
    assert a.drivers.iloc[0]["strength"] > 0 and a.constraints.iloc[0]["factor"] == "tariff_pressure"


def test_demo_china_vietnam_war_and_oil_rig_crisis_are_dips(demo_db: dyadscope.Database) -> None:
    """Issue #11: the 1979 border war and the 2014 oil-rig standoff show as dips on CHN-VNM."""
    overall = demo_db.assess("CHN", "VNM", snapshot=False).timeline.set_index("month")["overall"]
    assert overall["1979-03"] < overall["1979-01"] - 2.0 and overall["1979-03"] < -6.0  # confrontational
    assert overall["1979-03"] < overall["1992-06"] - 5.0  # the war is not scored like the 1990s
    assert overall.loc["2014-05":"2014-07"].min() < overall["2014-04"] - 1.0
    assert overall.loc["2014-05":"2014-07"].max() < 3.0  # not "good" during the standoff
