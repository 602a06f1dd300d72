"""External reference for the assessment (``make eval``): yearly score vs UN General Assembly votes.

The yearly overall USA-VNM score (mean of its months) is set against the share of UNGA roll calls
on which the United States and Vietnam cast the same vote, computed here directly from the
Voeten et al. CSVs in ``$DYADSCOPE_SHARED/eval/unvotes`` (un_votes.csv, un_roll_calls.csv).
Pearson and Spearman correlations over the overlapping years are printed, not asserted: UN votes
are one distant proxy of a bilateral relationship (most votes are about third parties), so a weak
or negative correlation is information, not a failure.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

import dyadscope

ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = Path(os.environ.get("DYADSCOPE_SHARED", ROOT.parent / "shared"))
US_VN_DOCS = "eval/docs/us_vn_*.txt"
SEEDS = "seeds/0*.txt"
MIN_ROLL_CALLS = 10  # years with fewer shared roll calls (2020 has one) say nothing about agreement


def vote_agreement(votes_csv: Path, roll_calls_csv: Path, a: str = "US", b: str = "VN") -> pd.DataFrame:
    """year, roll_calls, same, agreement: share of roll calls where both voted alike (ISO2 codes)."""
    query = """
        WITH v AS (SELECT rcid, country_code, vote FROM read_csv_auto(?, header = true, all_varchar = true)
                   WHERE country_code IN (?, ?)),
             pair AS (SELECT x.rcid, x.vote = y.vote AS same FROM v x JOIN v y
                      ON x.rcid = y.rcid AND x.country_code = ? AND y.country_code = ?),
             rc AS (SELECT rcid, date FROM read_csv_auto(?, header = true, all_varchar = true))
        SELECT CAST(substr(rc.date, 1, 4) AS INTEGER) AS year, count(*) AS roll_calls,
               sum(CAST(same AS INTEGER)) AS same
        FROM pair JOIN rc USING (rcid) GROUP BY 1 ORDER BY 1
    """
    con = duckdb.connect()
    frame = con.execute(query, [str(votes_csv), a, b, a, b, str(roll_calls_csv)]).df()
    frame["same"] = frame["same"].astype(int)
    frame["agreement"] = frame["same"] / frame["roll_calls"]
    return frame


def yearly_scores(db: dyadscope.Database, a: str = "USA", b: str = "VNM") -> pd.DataFrame:
    timeline = db.assess(a, b, snapshot=False).timeline
    years = timeline.assign(year=timeline["month"].str[:4].astype(int))
    return years.groupby("year", as_index=False)["overall"].mean()


def build_store(path: Path, shared: Path | None) -> dyadscope.Database:
    """The demo corpus, plus the seeds and U.S.-Vietnam eval documents when the shared folder exists."""
    db = dyadscope.open(path)
    db.ingest(None)
    if shared is not None:
        db.ingest(sorted(shared.glob(SEEDS)) + sorted(shared.glob(US_VN_DOCS)))
    return db


def run() -> int:
    """Print the comparison; return 0 (it is a report, not a test)."""
    unvotes = SHARED_DIR / "eval" / "unvotes"
    if not (unvotes / "un_votes.csv").exists():
        print(f"assessment vs UNGA votes: skipped ({unvotes} not found; set DYADSCOPE_SHARED)")
        return 0
    agreement = vote_agreement(unvotes / "un_votes.csv", unvotes / "un_roll_calls.csv")
    with tempfile.TemporaryDirectory() as tmp:
        scores = yearly_scores(build_store(Path(tmp) / "eval.db", SHARED_DIR))
    joined = scores.merge(agreement[agreement["roll_calls"] >= MIN_ROLL_CALLS], on="year")
    print("\nassessment vs UNGA vote agreement (USA-VNM, yearly; reported, not asserted)")
    if len(joined) < 3:
        print(f"  only {len(joined)} overlapping years; no correlation computed")
        return 0
    pearson = joined["overall"].corr(joined["agreement"])
    spearman = joined["overall"].rank().corr(joined["agreement"].rank())  # Spearman without scipy
    print(
        f"  years {joined['year'].min()}-{joined['year'].max()} (n={len(joined)}): "
        f"Pearson r = {pearson:+.3f}, Spearman rho = {spearman:+.3f}"
    )
    for row in joined.itertuples():
        share = f"{row.agreement:.2f} ({row.same}/{row.roll_calls})"
        print(f"  {row.year}: score {row.overall:+.2f}  agreement {share}")
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
