"""Clustering reports of one event across documents."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.assess.corroboration import cluster_events


def _row(i: str, date: str, a: str, b: str, code: str, doc: str | None) -> dict:
    precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    return dict(
        id=i, date=date, date_precision=precision, source_actor=a, target_actor=b, event_code=code, doc_id=doc
    )


@pytest.mark.parametrize(
    ("rows", "clusters", "corroboration"),
    [
        # 11 July (Washington) and 12 July (Hanoi), opposite directions, same root: one event, two sources.
        (
            [
                _row("a", "1995-07-11", "USA", "VNM", "051", "d1"),
                _row("b", "1995-07-12", "VNM", "USA", "05", "d2"),
            ],
            1,
            [2, 2],
        ),
        # Same document twice: one cluster, one source.
        (
            [
                _row("a", "1995-07-11", "USA", "VNM", "051", "d1"),
                _row("b", "1995-07-11", "USA", "VNM", "051", "d1"),
            ],
            1,
            [1, 1],
        ),
        # Different roots stay apart.
        (
            [
                _row("a", "1995-07-11", "USA", "VNM", "051", "d1"),
                _row("b", "1995-07-11", "USA", "VNM", "172", "d2"),
            ],
            2,
            [1, 1],
        ),
        # Too far apart in time.
        (
            [
                _row("a", "1995-07-01", "USA", "VNM", "051", "d1"),
                _row("b", "1995-07-20", "USA", "VNM", "051", "d2"),
            ],
            2,
            [1, 1],
        ),
        # A month-precision report joins the day cluster of its month.
        (
            [
                _row("a", "2023-09-10", "USA", "VNM", "057", "d1"),
                _row("b", "2023-09", "USA", "VNM", "057", "d2"),
                _row("c", "2023-09-11", "VNM", "USA", "057", "d3"),
            ],
            1,
            [3, 3, 3],
        ),
        # Another pair of actors never merges.
        (
            [
                _row("a", "2023-09-10", "USA", "VNM", "057", "d1"),
                _row("b", "2023-09-10", "USA", "IDN", "057", "d2"),
            ],
            2,
            [1, 1],
        ),
        # Rows without a document count as one source each.
        (
            [
                _row("a", "2023-09-10", "USA", "VNM", "057", None),
                _row("b", "2023-09-10", "USA", "VNM", "057", None),
            ],
            1,
            [2, 2],
        ),
    ],
)
def test_corroboration_clusters(rows: list[dict], clusters: int, corroboration: list[int]) -> None:
    out = cluster_events(pd.DataFrame(rows))
    assert out["cluster_id"].nunique() == clusters
    assert out["corroboration"].tolist() == corroboration
    assert out["id"].tolist() == [r["id"] for r in rows]


def test_corroboration_ids_do_not_depend_on_row_order() -> None:
    rows = [
        _row("a", "1995-07-11", "USA", "VNM", "051", "d1"),
        _row("b", "1995-07-12", "VNM", "USA", "05", "d2"),
        _row("c", "2013-07-25", "USA", "VNM", "057", "d3"),
    ]
    forward = cluster_events(pd.DataFrame(rows)).set_index("id")["cluster_id"]
    backward = cluster_events(pd.DataFrame(rows[::-1])).set_index("id")["cluster_id"]
    assert forward.sort_index().tolist() == backward.sort_index().tolist()


def test_corroboration_empty_frame() -> None:
    out = cluster_events(
        pd.DataFrame(
            columns=["id", "date", "date_precision", "source_actor", "target_actor", "event_code", "doc_id"]
        )
    )
    assert out.empty and {"cluster_id", "corroboration"} <= set(out.columns)
