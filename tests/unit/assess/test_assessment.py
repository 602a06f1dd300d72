"""Validity of the assessment on a synthetic U.S.-Vietnam history written into a temporary store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic_store import add_document, event

import dyadscope
from dyadscope.assess.levels import at_least
from dyadscope.errors import InputError
from dyadscope.schema import DIMENSIONS


def _month(assessment, month: str, series: str = "overall") -> float:
    return float(assessment.timeline.set_index("month").at[month, series])


@pytest.mark.parametrize("month", ["1995-07", "2013-07", "2016-05", "2023-09"])
def test_assessment_rises_at_milestones(milestone_db: dyadscope.Database, month: str) -> None:
    a = milestone_db.assess("USA", "VNM")
    before = str(pd.Period(month, "M") - 1)
    assert _month(a, month) > _month(a, before)


def test_assessment_economic_falls_with_tariffs_and_recovers(milestone_db: dyadscope.Database) -> None:
    a = milestone_db.assess("USA VNM")
    assert _month(a, "2025-04", "economic") < _month(a, "2025-03", "economic")
    trough = a.timeline.set_index("month").loc["2025-04":"2025-09", "economic"].min()
    assert _month(a, "2025-10", "economic") > trough


def test_assessment_level_2024_good_or_higher(milestone_db: dyadscope.Database) -> None:
    a = milestone_db.assess(("USA", "VNM"))
    scores = a.timeline.set_index("month").loc["2024-01":"2024-12", "overall"]
    assert all(at_least(s, "good") for s in scores)


def test_assessment_shape_and_current(milestone_db: dyadscope.Database) -> None:
    a = milestone_db.assess("USA", "VNM", since="1994-01", until="2026-01")
    assert list(a.timeline.columns) == [
        "month",
        "overall",
        *DIMENSIONS,
        "level",
        "framework",
        "lo",
        "hi",
        "coverage_docs",
        "coverage_reports",
        "evidence",
        "reports",
    ]
    assert a.timeline["month"].iloc[0] == "1994-01" and a.timeline["month"].iloc[-1] == "2026-01"
    assert len(a.timeline) == 32 * 12 + 1
    assert set(a.current) >= {"month", "score", "level", "trend", "framework"}
    assert a.current["framework"] == "comprehensive_strategic_partnership"
    assert list(a.dimensions["dimension"]) == list(DIMENSIONS)
    economic = a.dimensions.set_index("dimension").loc["economic"]
    assert economic["top_constraint"] == "Trade deficit and tariff pressure" and economic["constraints"] > 0
    payload = a.to_json()
    assert payload["dyad"] == "USA-VNM" and len(payload["timeline"]) == len(a.timeline)


@pytest.mark.parametrize("goldstein", [1.0, 3.4, 8.0])
def test_assessment_monotone_one_more_cooperative_event(
    milestone_db: dyadscope.Database, goldstein: float
) -> None:
    before = milestone_db.assess("USA", "VNM", snapshot=False)
    add_document(
        milestone_db,
        f"Extra cooperation {goldstein}",
        "2016-05-30",
        events=[
            event("2016-05-24", "042", goldstein, text=f"On 24 May 2016 Obama visited Hanoi ({goldstein}).")
        ],
    )
    after = milestone_db.assess("USA", "VNM", snapshot=False)
    assert _month(after, "2016-05") >= _month(before, "2016-05")
    assert _month(after, "2016-05", "diplomatic") > _month(before, "2016-05", "diplomatic")


@pytest.mark.parametrize("status", ["negated", "hypothetical", "planned"])
def test_assessment_unreported_events_never_move_scores(
    milestone_db: dyadscope.Database, status: str
) -> None:
    before = milestone_db.assess("USA", "VNM", snapshot=False)
    add_document(
        milestone_db,
        f"Rumour {status}",
        "2019-03-01",
        events=[
            event(
                "2019-02-27", "190", -10.0, status=status, dimension="security", text="A clash might occur."
            ),
            event("2019-02-27", "057", 8.0, status=status, text="An alliance may be signed."),
        ],
    )
    after = milestone_db.assess("USA", "VNM", snapshot=False)
    pd.testing.assert_frame_equal(before.timeline, after.timeline)


def test_assessment_deleting_a_document_removes_its_contributions(milestone_db: dyadscope.Database) -> None:
    doc_id = add_document(
        milestone_db,
        "Visit 2017",
        "2017-11-15",
        events=[
            event(
                "2017-11-12",
                "042",
                1.9,
                person="Donald Trump",
                text="On 12 November 2017 Trump visited Hanoi.",
            )
        ],
    )
    with_doc = milestone_db.assess("USA", "VNM")
    assert doc_id in set(with_doc.explain("2017-11")["doc_id"])
    milestone_db.delete_document(doc_id)
    without = milestone_db.assess("USA", "VNM")
    assert doc_id not in set(without.explain("2017-11")["doc_id"])
    assert _month(without, "2017-11", "diplomatic") < _month(with_doc, "2017-11", "diplomatic")
    assert without.snapshot_id != with_doc.snapshot_id


def test_assessment_every_change_is_explained(milestone_db: dyadscope.Database) -> None:
    a = milestone_db.assess("USA", "VNM")
    frame = a.timeline.set_index("month")
    previous = None
    for month in a.timeline["month"]:
        if previous is not None:
            rows = a.explain(month)
            for dim in DIMENSIONS:
                change = frame.at[month, dim] - frame.at[previous, dim]
                mine = rows[rows["dimension"] == dim]
                if abs(change) > 1e-12:
                    assert (mine["text"].str.len() > 0).any(), (month, dim)
                    assert mine["contribution"].sum() == pytest.approx(change, abs=1e-9)
        previous = month


def test_assessment_explain_cites_documents(milestone_db: dyadscope.Database) -> None:
    rows = milestone_db.assess("USA", "VNM").explain("1995-07")
    events = rows[rows["kind"] == "event"]
    assert len(events) == 2 and set(events["corroboration"]) == {2}
    assert events["doc_title"].str.startswith("Normalization").all()
    assert (events["char_end"] > events["char_start"]).all()
    assert (rows["kind"] == "baseline").any()


def test_assessment_same_inputs_same_numbers(milestone_db: dyadscope.Database) -> None:
    first = milestone_db.assess("USA", "VNM")
    second = milestone_db.assess("VNM", "USA")
    third = milestone_db.assess("USA", "VNM")
    assert first.snapshot_id == second.snapshot_id == third.snapshot_id
    np.testing.assert_array_equal(first.timeline["overall"], third.timeline["overall"])
    np.testing.assert_array_equal(first.timeline["overall"], second.timeline["overall"])
    assert len(milestone_db.snapshots(("USA", "VNM"))) == 1 == len(milestone_db.snapshots("VNM USA"))


def test_assessment_third_party_view_from_same_store(milestone_db: dyadscope.Database) -> None:
    add_document(
        milestone_db,
        "Xi in Hanoi",
        "2025-04-16",
        dyad="CHN-VNM",
        events=[
            event(
                "2025-04-14",
                "042",
                1.9,
                a="CHN",
                b="VNM",
                person="Xi Jinping",
                text="On 14 April 2025 Xi Jinping arrived in Hanoi for a state visit.",
            ),
            event(
                "2024-06-10",
                "191",
                -9.5,
                a="CHN",
                b="VNM",
                dimension="security",
                text="On 10 June 2024 Chinese vessels blocked a Vietnamese resupply in the South China Sea.",
            ),
        ],
    )
    a = milestone_db.assess("CHN", "VNM")
    assert a.profile.dyad == "CHN-VNM" and a.current["month"] == "2025-04"
    assert _month(a, "2025-04", "diplomatic") > _month(a, "2025-03", "diplomatic")
    assert _month(a, "2024-06", "security") < _month(a, "2024-05", "security")
    usa = milestone_db.assess("USA", "VNM")
    assert "2025-04" in set(usa.timeline["month"])
    assert a.constraints.iloc[0]["factor"] == "south_china_sea_dispute"


def test_assessment_dyad_without_profile_uses_defaults(tmp_db: dyadscope.Database) -> None:
    add_document(
        tmp_db,
        "France and Germany",
        "2020-05-20",
        dyad="DEU-FRA",
        events=[
            event(
                "2020-05-18", "057", 8.0, a="FRA", b="DEU", text="On 18 May 2020 they agreed a recovery fund."
            )
        ],
    )
    a = tmp_db.assess("FRA", "DEU")
    assert a.profile.factors == [] and a.drivers.empty and a.current["framework"] == "normalized"
    assert a.current["score"] > 0


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"since": "2023-13"}, "E404"),
        ({"until": "last year"}, "E404"),
        ({"since": "2025-01", "until": "2024-01"}, "E410"),
        ({"scoring": "magic"}, "E407"),
    ],
)
def test_assessment_bad_parameters(milestone_db: dyadscope.Database, kwargs: dict, code: str) -> None:
    with pytest.raises(InputError) as info:
        milestone_db.assess("USA", "VNM", **kwargs)
    assert info.value.code == code


def test_assessment_empty_store_is_e605(tmp_db: dyadscope.Database) -> None:
    with pytest.raises(InputError) as info:
        tmp_db.assess("USA", "IND")
    assert info.value.code == "E605"


def test_assessment_findings_frame(milestone_db: dyadscope.Database) -> None:
    frame = milestone_db.assess("USA", "VNM").findings
    assert {"id", "kind", "severity", "title", "explanation", "evidence"} <= set(frame.columns)


def test_assessment_weaker_second_report_never_lowers_the_month(milestone_db: dyadscope.Database) -> None:
    before = milestone_db.assess("USA", "VNM", snapshot=False)
    add_document(
        milestone_db,
        "Weak echo",
        "2023-09-20",
        events=[
            event("2023-09-11", "051", 0.5, confidence=0.3, text="A blog said ties improved on 11 September.")
        ],
    )
    after = milestone_db.assess("USA", "VNM", snapshot=False)
    assert _month(after, "2023-09") >= _month(before, "2023-09")
    rows = after.explain("2023-09")
    echoed = rows[rows["doc_title"] == "Weak echo"]
    assert len(echoed) == 1 and echoed["corroboration"].iloc[0] == 2
