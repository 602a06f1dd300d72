"""The UNGA vote-agreement reference used by `make eval` (computed from CSVs written here)."""

from __future__ import annotations

from pathlib import Path

from dyadscope.evaluation.assessment import vote_agreement

VOTES = """rcid,country,country_code,vote
1,United States,US,yes
1,Vietnam,VN,yes
2,United States,US,no
2,Vietnam,VN,yes
3,United States,US,abstain
3,Vietnam,VN,abstain
4,United States,US,yes
5,Vietnam,VN,no
6,United States,US,no
6,Vietnam,VN,yes
"""
ROLL_CALLS = """rcid,session,importantvote,date,unres,amend,para,short,descr
1,50,0,1995-10-01,R/1,0,0,a,"x"
2,50,0,1995-11-01,R/2,0,0,b,"y"
3,51,0,1996-10-01,R/3,0,0,c,"z"
4,51,0,1996-10-02,R/4,0,0,d,"w"
5,51,0,1996-10-03,R/5,0,0,e,"v"
6,51,0,1996-10-04,R/6,0,0,f,"u"
"""


def test_evaluation_vote_agreement_counts_roll_calls_both_voted(tmp_path: Path) -> None:
    (tmp_path / "votes.csv").write_text(VOTES, encoding="utf-8")
    (tmp_path / "rc.csv").write_text(ROLL_CALLS, encoding="utf-8")
    frame = vote_agreement(tmp_path / "votes.csv", tmp_path / "rc.csv")
    assert frame["year"].tolist() == [1995, 1996]
    assert frame["roll_calls"].tolist() == [2, 2]  # rcid 4 and 5: only one of the two voted
    assert frame["same"].tolist() == [1, 1]
    assert frame["agreement"].tolist() == [0.5, 0.5]
