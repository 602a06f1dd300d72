"""The largest moves of the overall score and what moved them (the timeline markers)."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.assess.moves import (
    key_moves,
    largest_moves,
    main_contribution,
    move_label,
    record_labels,
)


def timeline(*scores: float) -> pd.DataFrame:
    months = pd.period_range("2024-01", periods=len(scores), freq="M").astype(str)
    return pd.DataFrame({"month": months, "overall": scores})


@pytest.mark.parametrize(
    "scores, n, expected",
    [
        # the two largest |changes|, in time order, with their signed change and the score reached
        ((0, 1, 1, -2, -1.5), 2, [("2024-02", 1.0, 1.0), ("2024-04", -3.0, -2.0)]),
        # ties go to the earlier month; months without change are never moves
        ((1, 2, 3, 3, 3), 5, [("2024-02", 1.0, 2.0), ("2024-03", 1.0, 3.0)]),
        ((2, 2, 2), 6, []),
        ((0, 5), 0, []),
    ],
)
def test_moves_largest_changes(scores, n, expected):
    frame = largest_moves(timeline(*scores), n)
    assert list(frame.itertuples(index=False, name=None)) == expected


def test_moves_unsorted_timeline_and_missing_column():
    frame = timeline(0, 4, 5).iloc[::-1]
    assert largest_moves(frame, 1)["month"].tolist() == ["2024-02"]
    assert largest_moves(frame.drop(columns="overall"), 3).empty
    assert largest_moves(None).empty


def explanation(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"kind": k, "record_id": r, "overall_contribution": c, "contribution": c * 2, "text": t}
            for k, r, c, t in rows
        ]
    )


@pytest.mark.parametrize(
    "rows, change, expected",
    [
        # the largest contribution in the direction of the move, not the largest overall
        (
            [("event", "e1", 0.4, "a"), ("event", "e2", -0.9, "b"), ("baseline", "b", 0.1, "p")],
            0.3,
            "e1",
        ),
        ([("event", "e1", 0.4, "a"), ("event", "e2", -0.9, "b")], -0.5, "e2"),
        # evidence before the baseline pull, even when the pull is larger
        ([("baseline", "b", 0.5, "pull"), ("claim", "c1", 0.1, "c")], 0.6, "c1"),
        # only the pull moved the month
        ([("baseline", "b", -0.2, "pull")], -0.2, "b"),
        # nothing moved in the direction of the change: the largest contribution still names the month
        ([("event", "e2", -0.9, "b")], 0.1, "e2"),
    ],
)
def test_moves_main_contribution(rows, change, expected):
    assert main_contribution(explanation(rows), change)["record_id"] == expected


def test_moves_label_names_the_record_or_the_sentence():
    names = {"e1": "Impose embargo or sanctions"}
    assert move_label({"kind": "event", "record_id": "e1", "text": "x"}, names) == names["e1"]
    long = {"kind": "claim", "record_id": "c9", "text": "A long sentence " * 10}
    assert move_label(long, names).endswith("…") and len(move_label(long, names)) == 48
    assert move_label({"kind": "baseline", "record_id": "b"}, names).startswith("pull towards")
    assert move_label(None, names) == "no recorded contribution"


class FakeAssessment:
    """The public shape key_moves reads: ``timeline`` and ``explain(month)``."""

    def __init__(self) -> None:
        self.timeline = timeline(0, 0, -3, -3, -2)

    def explain(self, month: str) -> pd.DataFrame:
        if month == "2024-05":
            raise ValueError("no explanation for this month")
        return explanation([("event", "e1", -3.0, "Washington announced a 46 percent tariff.")])


def test_moves_key_moves_with_labels_from_records():
    events = pd.DataFrame({"id": ["e1"], "event_label": ["Impose embargo or sanctions"]})
    indicators = pd.DataFrame({"id": ["i1"], "name": ["tariff_rate"], "value": [46.0], "unit": ["percent"]})
    moves = key_moves(FakeAssessment(), 2, records=[events, indicators])
    assert [(m["month"], m["change"], m["label"]) for m in moves] == [
        ("2024-03", -3.0, "Impose embargo or sanctions"),
        ("2024-05", 1.0, "no recorded contribution"),  # a failing explanation keeps its marker
    ]
    assert moves[0]["main"]["text"] == "Washington announced a 46 percent tariff."
    assert record_labels([indicators]) == {"i1": "Tariff rate: 46 %"}


@pytest.mark.parametrize(
    "event_label, text, expected",
    [
        (
            "Sign formal agreement",
            "The two presidents agreed on 10 May to raise ties to a comprehensive strategic partnership.",
            "Upgrade to comprehensive strategic partnership",
        ),
        (
            "Engage in diplomatic cooperation, not specified below",
            "Talks went on.",
            "Engage in diplomatic cooperation",
        ),
        ("Consult, not specified below", "Officials met in Geneva.", "Consult"),
        (
            "Ease economic sanctions or boycott or embargo",
            "Paris lifted its ban on sales of lethal weapons.",
            "Arms embargo lifted",
        ),
        ("Sign formal agreement", "The two signed a free trade agreement in June.", "Trade agreement signed"),
    ],
)
def test_moves_issue_15_labels_are_readable(event_label, text, expected) -> None:
    from dyadscope.assess.moves import readable_label

    assert readable_label(event_label, text) == expected


def test_moves_issue_15_indicator_label_reads_as_words() -> None:
    from dyadscope.assess.moves import indicator_label

    assert indicator_label("vessels_transferred", 6.0, "vessels") == "Vessels transferred: 6"
    assert indicator_label("tariff_rate", 46.0, "percent") == "Tariff rate: 46 %"
