"""UNGA votes -> yearly agreement and distance indicators, checked against a direct pandas computation."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.errors import InputError


def direct_agreement(shared_dir, a2: str, b2: str) -> dict[str, tuple[int, int]]:
    votes = pd.read_csv(shared_dir / "eval/unvotes/un_votes.csv", dtype=str, keep_default_na=False)
    calls = pd.read_csv(shared_dir / "eval/unvotes/un_roll_calls.csv", dtype=str, keep_default_na=False)
    a = votes[votes["country_code"] == a2][["rcid", "vote"]]
    b = votes[votes["country_code"] == b2][["rcid", "vote"]]
    both = a.merge(b, on="rcid").merge(calls[["rcid", "date"]], on="rcid")
    both["year"] = both["date"].str[:4]
    grouped = both.groupby("year").apply(lambda g: (int((g["vote_x"] == g["vote_y"]).sum()), len(g)))
    return grouped.to_dict()


def test_unvotes_usa_vnm_equals_pandas(tmp_db, shared_dir):
    root = shared_dir / "eval/unvotes"
    report = tmp_db.import_unvotes(root / "un_votes.csv", root / "un_roll_calls.csv", dyad="USA VNM")
    assert report.ok and report.rows_read == 870_109
    stored = tmp_db.indicators(dyad="USA VNM", name="unga_vote_agreement", origin="unvotes")
    expected = direct_agreement(shared_dir, "US", "VN")
    assert len(stored) == len(expected)
    for row in stored.itertuples():
        same, n = expected[row.period]
        assert row.value == pytest.approx(same / n, abs=1e-6)
        assert (row.reporter, row.partner, row.unit) == ("USA", "VNM", "share")
    got = {p: round(v, 2) for p, v in zip(stored["period"], stored["value"], strict=True)}
    assert (got["2013"], got["2016"], got["2019"]) == (0.14, 0.32, 0.16)
    again = tmp_db.import_unvotes(root / "un_votes.csv", root / "un_roll_calls.csv", dyad="USA VNM")
    assert again.files[0]["status"] == "duplicate" and again.rows_loaded == 0


VOTES = """rcid,country,country_code,vote
1,United States,US,yes
1,Namibia,NA,no
1,Viet Nam,VN,abstain
2,United States,US,no
2,Namibia,NA,no
2,Viet Nam,VN,maybe
3,Yugoslavia,YU,yes
3,United States,US,yes
9,United States,US,yes
"""
CALLS = "rcid,session,date\n1,70,2015-10-01\n2,70,2015-11-01\n3,46,1991-01-01\n"


def test_unvotes_small_table_distance_codes_and_bad_rows(tmp_db, tmp_path):
    (tmp_path / "v.csv").write_text(VOTES)
    (tmp_path / "c.csv").write_text(CALLS)
    report = tmp_db.import_unvotes(tmp_path / "v.csv", tmp_path / "c.csv", countries=["USA"])
    assert (report.rows_read, report.rows_quarantined) == (9, 2)
    assert [(p["line"], p["reason"].split(":")[0]) for p in report.problems] == [
        (7, "vote is not yes, no or abstain"),
        (10, "roll call not found in the roll-call table (or no date from 1946 to today)"),
    ]
    frame = tmp_db.indicators(origin="unvotes")
    values = {(r.partner, r.period, r.name): r.value for r in frame.itertuples()}
    assert values[("NAM", "2015", "unga_vote_agreement")] == 0.5  # "NA" is Namibia, not missing
    assert values[("NAM", "2015", "unga_vote_distance")] == 0.5
    assert values[("VNM", "2015", "unga_vote_distance")] == 0.5
    assert values[("YUG", "1991", "unga_vote_agreement")] == 1.0


def test_unvotes_needs_countries(tmp_db, tmp_path):
    (tmp_path / "v.csv").write_text(VOTES)
    (tmp_path / "c.csv").write_text(CALLS)
    with pytest.raises(InputError, match="E306"):
        tmp_db.import_unvotes(tmp_path / "v.csv", tmp_path / "c.csv")
