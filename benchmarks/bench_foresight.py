"""Foresight throughput: 10,000 Monte Carlo runs × 12 months per scenario (target ≤ 5 s on 2 cores).

Builds a store with ten years of synthetic monthly USA-VNM events, assesses it once, then times the
Monte Carlo alone and the whole ``db.scenario`` call (assessment included), for the baseline and for
the baseline plus the four shipped scenarios; finally one rolling-origin backtest. Prints, asserts
nothing.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import dyadscope
from dyadscope.foresight.backtest import backtest
from dyadscope.foresight.montecarlo import run_scenarios
from dyadscope.foresight.scenarios import load_scenarios
from dyadscope.store import tables as t

CODES = (
    ("042", 1.9, "diplomatic"),
    ("036", 4.0, "diplomatic"),
    ("062", 7.4, "security"),
    ("061", 6.4, "economic"),
    ("111", -2.0, "diplomatic"),
    ("172", -5.0, "economic"),
    ("073", 7.4, "people"),
    ("1043", -5.0, "human_rights"),
)


def build(path: Path, years: int = 10, per_month: int = 4) -> dyadscope.Database:
    db = dyadscope.open(path)
    rng = np.random.default_rng(0)
    with db.write() as conn:
        for month in range(years * 12):
            y, m = 2016 + month // 12, month % 12 + 1
            for k in range(per_month):
                code, goldstein, dimension = CODES[int(rng.integers(len(CODES)))]
                date = f"{y}-{m:02d}-{1 + k * 7:02d}"
                doc_id = hashlib.sha256(f"{date}|{k}".encode()).hexdigest()
                conn.execute(
                    t.documents.insert().values(
                        id=doc_id,
                        title=date,
                        published=date,
                        source=doc_id[:8],
                        text="x",
                        kind="news",
                        ingested_at="2026-01-01T00:00:00Z",
                    )
                )
                conn.execute(
                    t.events.insert().values(
                        id=doc_id,
                        doc_id=doc_id,
                        date=date,
                        month=date[:7],
                        date_precision="day",
                        source_actor="USA",
                        target_actor="VNM",
                        event_code=code,
                        event_root=code[:2],
                        event_label=code,
                        goldstein=goldstein,
                        quad_class=1,
                        dimension=dimension,
                        status="reported",
                        text="x",
                        char_start=0,
                        char_end=1,
                        confidence=0.8,
                        origin="document",
                    )
                )
    return db


def timed(label: str, fn, repeat: int = 3) -> object:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best:7.3f} s")
    return value


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = build(Path(folder) / "bench.db")
        assessment = timed(
            "assess (10 years, 480 events)", lambda: db.assess("USA", "VNM", snapshot=False), 1
        )
        baseline = load_scenarios([], assessment.dyad)
        every = load_scenarios(None, assessment.dyad)
        runs, months = 10_000, 12
        timed(
            f"Monte Carlo baseline: {runs:,} runs x {months} months",
            lambda: run_scenarios(assessment, baseline, months=months, runs=runs, seed=0, db=db),
        )
        result = timed(
            f"Monte Carlo baseline + {len(every) - 1} scenarios ({len(every) * runs:,} paths)",
            lambda: run_scenarios(assessment, every, months=months, runs=runs, seed=0, db=db),
        )
        timed(
            "db.scenario end to end (assessment included)",
            lambda: db.scenario("USA", "VNM", months=months, runs=runs, seed=0),
            1,
        )
        per_path = 1e6 * result_time(assessment, baseline, runs, months, db) / (runs * months)
        print(f"{'per run-month (baseline)':<58} {per_path:7.3f} µs")
        report = timed("backtest, horizon 3 (every origin)", lambda: backtest(db, "USA", "VNM", horizon=3), 1)
        print(report.metrics.round(4).to_string(index=False))
        del result


def result_time(assessment, scenarios, runs: int, months: int, db) -> float:
    start = time.perf_counter()
    run_scenarios(assessment, scenarios, months=months, runs=runs, seed=1, db=db)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
