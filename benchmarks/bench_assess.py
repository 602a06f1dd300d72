"""Benchmark: assess one dyad over 30 years from a store of 1,000,000 events (prints, asserts nothing).

Builds a temporary SQLite store with N events (default 1,000,000: bulk GDELT-like rows for USA-VNM
and other pairs, plus a few thousand document events), then times ``db.assess("USA", "VNM")`` and a
bare DuckDB GROUP BY (month, dimension) over the same rows held in memory, and prints the ratio.

    python benchmarks/bench_assess.py [N]
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

import dyadscope
from dyadscope.schema import DIMENSIONS

PAIRS = [("USA", "VNM"), ("VNM", "USA"), ("CHN", "VNM"), ("USA", "IDN"), ("USA", "CHN"), ("JPN", "VNM")]
DOC_EVENTS = 5_000


def make_events(n: int, seed: int = 0) -> pd.DataFrame:
    """N synthetic events, 1995-2025; most rows bulk (origin gdelt), DOC_EVENTS from 50 documents."""
    rng = np.random.default_rng(seed)
    pair = rng.choice(len(PAIRS), n, p=[0.35, 0.25, 0.15, 0.1, 0.1, 0.05])
    days = rng.integers(0, 31 * 365, n)
    dates = (np.datetime64("1995-01-01") + days).astype(str)
    goldstein = np.round(rng.normal(1.5, 4.0, n).clip(-10, 10), 1)
    frame = pd.DataFrame(
        {
            "id": [hashlib.sha1(str(i).encode()).hexdigest() for i in range(n)],
            "doc_id": None,
            "date": dates,
            "month": [d[:7] for d in dates],
            "date_precision": "day",
            "source_actor": [PAIRS[p][0] for p in pair],
            "target_actor": [PAIRS[p][1] for p in pair],
            "event_code": np.where(goldstein >= 0, "042", "172"),
            "goldstein": goldstein,
            "quad_class": np.where(goldstein >= 0, 1, 4),
            "dimension": rng.choice(DIMENSIONS, n),
            "status": "reported",
            "confidence": 0.6,
            "origin": "gdelt",
            "num_sources": rng.integers(1, 6, n),
            "source_event_id": [str(i) for i in range(n)],
        }
    )
    frame["event_root"] = frame["event_code"].str[:2]
    docs = frame.index[:DOC_EVENTS]
    frame.loc[docs, ["origin", "source_actor", "target_actor"]] = ["document", "USA", "VNM"]
    frame.loc[docs, "doc_id"] = [f"{i % 50:064x}" for i in range(len(docs))]
    frame.loc[docs, "source_event_id"] = None
    return frame


def fill_store(path: Path, frame: pd.DataFrame) -> dyadscope.Database:
    db = dyadscope.open(path)
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO documents (id, title, published, date_ambiguous, source, language, kind, text,"
        " ingested_at) VALUES (?, ?, '2025-01-01', 0, 'bench', 'en', 'news', 'x', '2026-01-01T00:00:00Z')",
        [(f"{i:064x}", f"doc {i}") for i in range(50)],
    )
    columns = [
        "id",
        "doc_id",
        "date",
        "month",
        "date_precision",
        "source_actor",
        "target_actor",
        "event_code",
        "event_root",
        "goldstein",
        "quad_class",
        "dimension",
        "status",
        "confidence",
        "origin",
        "num_sources",
        "source_event_id",
    ]
    rows = (
        frame[columns].astype(object).where(frame[columns].notna(), None).itertuples(index=False, name=None)
    )
    con.executemany(
        f"INSERT INTO events ({', '.join(columns)}, event_label, text, char_start, char_end, date_ambiguous,"
        f" date_uncertain) VALUES ({', '.join('?' * len(columns))}, 'label', 'sentence', 0, 8, 0, 0)",
        rows,
    )
    con.commit()
    con.close()
    return db


def main(n: int) -> None:
    frame = make_events(n)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db = fill_store(Path(tmp) / "bench.db", frame)
        print(f"store: {n:,} events written in {time.perf_counter() - started:.1f} s")
        db.assess("USA", "VNM", snapshot=False)  # warm the page cache, as a second run would
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            assessment = db.assess("USA", "VNM", since="1995-01", until="2025-12")
            timings.append(time.perf_counter() - started)
        months = len(assessment.timeline)
    con = duckdb.connect()
    con.register("events", frame)
    query = (
        "SELECT month, dimension, sum(goldstein), count(*) FROM events WHERE (source_actor = 'USA' AND "
        "target_actor = 'VNM') OR (source_actor = 'VNM' AND target_actor = 'USA') GROUP BY 1, 2"
    )
    con.execute(query).fetchall()
    bare = []
    for _ in range(3):
        started = time.perf_counter()
        con.execute(query).fetchall()
        bare.append(time.perf_counter() - started)
    best, base = min(timings), min(bare)
    print(f"assess USA-VNM over {months} months: best {best:.3f} s, median {sorted(timings)[1]:.3f} s")
    print(
        f"bare DuckDB GROUP BY (in memory, same rows): {base:.4f} s; ratio assess/bare = {best / base:.1f}x"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
