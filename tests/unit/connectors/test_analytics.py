"""Monthly dyad aggregates over the GDELT cache: weights, dedupe, normalisation, direction."""

from __future__ import annotations

import pytest
from gdelt_rows import gdelt2_row

ROWS = [  # (overrides) -> USA->VNM twice the same day and code (one story), once later; VNM->USA; USA->CHN
    {"mentions": "10", "goldstein": "1.9", "quad": "1"},
    {"mentions": "30", "goldstein": "1.9", "quad": "1"},
    {
        "mentions": "5",
        "code": "190",
        "base": "190",
        "root": "19",
        "goldstein": "-10.0",
        "quad": "4",
        "sqldate": "20240120",
    },
    {"a1cc": "VNM", "a2cc": "USA", "mentions": "2"},
    {"a2cc": "CHN", "mentions": "55"},
    {"sqldate": "20240215", "mentions": "4"},
]


@pytest.fixture
def gdelt_db(tmp_db, write_gdelt2):
    tmp_db.import_gdelt(write_gdelt2([gdelt2_row(i, **over) for i, over in enumerate(ROWS)]))
    return tmp_db


def test_analytics_counts_and_weights(gdelt_db):
    counted = gdelt_db.gdelt_aggregates("USA VNM", by_dimension=False)
    assert counted[["month", "source_actor", "target_actor", "events"]].values.tolist() == [
        ["2024-01", "USA", "VNM", 3],
        ["2024-01", "VNM", "USA", 1],
        ["2024-02", "USA", "VNM", 1],
    ]
    weighted = gdelt_db.gdelt_aggregates("USA VNM", by_dimension=False, weight="mentions").iloc[0]
    assert weighted["weighted_events"] == 45
    assert weighted["goldstein_mean"] == pytest.approx((40 * 1.9 - 5 * 10.0) / 45, abs=1e-6)
    assert weighted["cooperation_share"] == pytest.approx(40 / 45, abs=1e-6)


def test_analytics_dedupe_counts_one_story_once(gdelt_db):
    deduped = gdelt_db.gdelt_aggregates("USA VNM", by_dimension=False, dedupe=True, weight="mentions").iloc[0]
    assert (deduped["events"], deduped["weighted_events"]) == (2, 35)  # max(10, 30) + 5


def test_analytics_normalise_by_actor_volume(gdelt_db):
    frame = gdelt_db.gdelt_aggregates(by_dimension=False, normalise=True)
    row = frame[
        (frame["month"] == "2024-01") & (frame["source_actor"] == "USA") & (frame["target_actor"] == "VNM")
    ]
    # USA is in 5 January events (3 to VNM, 1 from VNM, 1 to CHN): 3 of 5 = 600 per 1,000.
    assert (row["actor_volume"].item(), row["per_1000"].item()) == (5, 600)


def test_analytics_undirected_and_by_dimension(gdelt_db):
    folded = gdelt_db.gdelt_aggregates("USA VNM", by_dimension=False, directed=False)
    assert folded[["month", "source_actor", "target_actor", "events"]].values.tolist() == [
        ["2024-01", "USA", "VNM", 4],
        ["2024-02", "USA", "VNM", 1],
    ]
    by_dim = gdelt_db.gdelt_aggregates("USA VNM", since="2024-01", until="2024-01")
    assert set(by_dim["dimension"]) == {"diplomatic", "security"}


def test_analytics_empty_store_has_columns(tmp_db):
    frame = tmp_db.gdelt_aggregates(normalise=True)
    assert frame.empty and {"month", "events", "per_1000"} <= set(frame.columns)
