"""Bulk (GDELT-like) events: summed in SQL, weighted by origin and NumSources, explained and snapshotted."""

from __future__ import annotations

import pytest

import dyadscope
from dyadscope.assess.score import ModelParams
from dyadscope.schema import DIMENSIONS
from dyadscope.store import tables as t


def _gdelt(db: dyadscope.Database, rows: list[tuple[str, str, str, float, str, int]]) -> None:
    """rows: (source_event_id, date, dimension, goldstein, source->target, num_sources)."""
    with db.write() as conn:
        for sid, date, dimension, goldstein, pair, sources in rows:
            a, b = pair.split("-")
            conn.execute(
                t.events.insert().values(
                    id=f"gdelt-{sid}",
                    doc_id=None,
                    date=date,
                    month=date[:7],
                    date_precision="day",
                    source_actor=a,
                    target_actor=b,
                    event_code="042" if goldstein > 0 else "172",
                    event_root="04" if goldstein > 0 else "17",
                    event_label="x",
                    goldstein=goldstein,
                    quad_class=1,
                    dimension=dimension,
                    status="reported",
                    text="",
                    char_start=0,
                    char_end=0,
                    confidence=1.0,
                    origin="gdelt",
                    source_url=f"https://news.example/{sid}",
                    num_sources=sources,
                    source_event_id=sid,
                )
            )


@pytest.fixture
def bulk_db(tmp_db: dyadscope.Database) -> dyadscope.Database:
    _gdelt(
        tmp_db,
        [
            ("1", "2020-01-05", "diplomatic", 7.0, "USA-VNM", 1),
            ("2", "2020-02-05", "diplomatic", 7.0, "VNM-USA", 4),
            ("3", "2020-03-05", "economic", -5.0, "USA-VNM", 1),
            ("4", "2020-03-06", "economic", 3.0, "USA-USA", 1),  # not the dyad
            ("5", "2020-03-07", "economic", 3.0, "USA-CHN", 1),  # another dyad
        ],
    )
    return tmp_db


def test_bulk_sums_move_the_right_dimension_and_sign(bulk_db: dyadscope.Database) -> None:
    a = bulk_db.assess("USA", "VNM")
    frame = a.timeline.set_index("month")
    assert {"2020-01", "2020-02", "2020-03"} <= set(frame.index)  # within the profile's 1995-2023 steps
    assert frame.at["2020-01", "diplomatic"] > frame.at["2020-01", "security"]
    assert frame.at["2020-03", "economic"] < frame.at["2020-02", "economic"]


def test_bulk_origin_weight_and_num_sources(bulk_db: dyadscope.Database) -> None:
    bulk = bulk_db.assess("USA", "VNM").result.bulk.set_index(["month", "dimension"])
    one, four = bulk.at[("2020-01", "diplomatic"), "pos"], bulk.at[("2020-02", "diplomatic"), "pos"]
    assert one == pytest.approx(7.0 / 10 * ModelParams().k * 0.05)
    assert four / one == pytest.approx(1 + 0.5 * 0.6931471805599453 * 2)
    assert bulk.at[("2020-03", "economic"), "n"] == 1


def test_bulk_explain_row_sums_with_baseline(bulk_db: dyadscope.Database) -> None:
    a = bulk_db.assess("USA", "VNM")
    rows = a.explain("2020-03")
    bulk_rows = rows[rows["record_id"].fillna("").str.startswith("bulk:")]
    assert len(bulk_rows) == 1 and "news.example/3" in bulk_rows["text"].iloc[0]
    frame = a.timeline.set_index("month")
    for dim in DIMENSIONS:
        change = frame.at["2020-03", dim] - frame.at["2020-02", dim]
        assert rows.loc[rows["dimension"] == dim, "contribution"].sum() == pytest.approx(change, abs=1e-12)


def test_bulk_rows_enter_the_snapshot_manifest(bulk_db: dyadscope.Database) -> None:
    first = bulk_db.assess("USA", "VNM").snapshot_id
    _gdelt(bulk_db, [("6", "2020-03-20", "security", 2.0, "USA-VNM", 1)])
    assert bulk_db.assess("USA", "VNM").snapshot_id != first
