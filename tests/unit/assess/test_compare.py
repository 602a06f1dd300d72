"""Document evidence against GDELT: isolation of the two sides, statistics equal to a direct computation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from compare_store import MONTHS, gdelt_file
from synthetic_store import build_milestones

import dyadscope
from dyadscope.errors import DyadscopeError


@pytest.fixture
def both_db(tmp_path: Path) -> dyadscope.Database:
    db = build_milestones(dyadscope.open(tmp_path / "both.db"))
    report = db.import_gdelt([gdelt_file(tmp_path)])
    assert report.rows_loaded == sum(rows for _, _, rows in MONTHS)
    return db


def test_compare_document_side_ignores_gdelt_rows(both_db: dyadscope.Database, tmp_path: Path) -> None:
    only_docs = build_milestones(dyadscope.open(tmp_path / "docs.db")).assess("USA", "VNM", snapshot=False)
    result = both_db.compare_origins("USA", "VNM")
    expected = only_docs.timeline.set_index("month")["overall"]
    got = result.monthly.set_index("month")["doc_score"]
    pd.testing.assert_series_equal(got, expected.loc[got.index], check_names=False)
    mixed = both_db.assess("USA", "VNM", snapshot=False).timeline.set_index("month")["overall"]
    assert (
        mixed.loc["2023-01":"2023-10"] != expected.loc["2023-01":"2023-10"]
    ).any()  # GDELT does count there


def test_compare_statistics_equal_a_direct_computation(both_db: dyadscope.Database) -> None:
    result = both_db.compare_origins("USA", "VNM", min_events=5)
    monthly = result.monthly.set_index("month")
    weights = np.arange(1, 7)
    assert monthly.loc["2023-01", "gdelt_events"] == 6
    assert monthly.loc["2023-04", "gdelt_goldstein"] == pytest.approx((weights * 4.0).sum() / weights.sum())
    assert not monthly.loc["2023-05", "compared"] and monthly.loc["2023-06", "compared"]
    assert monthly.loc["1999-01", "gdelt_events"] == 0 and not monthly.loc["1999-01", "compared"]
    kept = result.monthly[result.monthly["compared"]]
    assert list(kept["month"]) == [m for m, _, rows in MONTHS if rows >= 5]
    assert result.summary["r_level"] == pytest.approx(
        kept["doc_score"].corr(kept["gdelt_goldstein"]), abs=1e-4
    )
    assert result.summary["months_compared"] == 9 and result.summary["gdelt_events"] == 62
    # changes only across calendar neighbours: 2023-04 -> 2023-06 skips the dropped May
    months = list(kept["month"])
    pairs = [(a, b) for a, b in zip(months, months[1:], strict=False) if (pd.Period(b) - pd.Period(a)).n == 1]
    d_doc = [monthly.loc[b, "doc_score"] - monthly.loc[a, "doc_score"] for a, b in pairs]
    d_news = [monthly.loc[b, "gdelt_goldstein"] - monthly.loc[a, "gdelt_goldstein"] for a, b in pairs]
    assert len(pairs) == 7
    assert result.summary["r_change"] == pytest.approx(float(np.corrcoef(d_doc, d_news)[0, 1]), abs=1e-4)


def test_compare_divergences_are_the_largest_z_gaps(both_db: dyadscope.Database) -> None:
    result = both_db.compare_origins("USA", "VNM")
    gaps = result.divergences["gap"].abs().tolist()
    assert gaps == sorted(gaps, reverse=True) and len(gaps) == 5
    for _, row in result.divergences.iterrows():
        warmer = "documents warmer" in row["reading"]
        assert warmer == (row["gap"] > 0)
    data = result.to_json()
    assert set(data) == {"dyad", "summary", "monthly", "yearly", "divergences"}
    assert data["summary"]["years_compared"] == 1 and data["summary"]["r_year"] is None  # one year: no r


def test_compare_without_gdelt_names_the_import_command(tmp_db: dyadscope.Database) -> None:
    build_milestones(tmp_db)
    with pytest.raises(DyadscopeError) as info:
        tmp_db.compare_origins("USA", "VNM")
    assert info.value.code == "E609" and "dyadscope import gdelt" in info.value.message
    assert info.value.status == 404


def test_assess_origins_subset_and_unknown_origin(both_db: dyadscope.Database) -> None:
    docs_only = both_db.assess("USA", "VNM", snapshot=False, origins=("document",))
    assert (
        docs_only.params.origin_weights["gdelt"] == 0.0 and docs_only.params.origin_weights["document"] == 1.0
    )
    full = both_db.assess("USA", "VNM", snapshot=False)
    assert docs_only.snapshot_id != full.snapshot_id  # the subset is part of the recorded parameters
    with pytest.raises(DyadscopeError) as info:
        both_db.assess("USA", "VNM", origins=("tweets",))
    assert info.value.code == "E407" and "tweets" in info.value.message
