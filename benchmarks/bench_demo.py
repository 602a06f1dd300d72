"""The demo end to end: wall time and recall against dyadscope/demo/expected.yaml (asserts nothing)."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pandas as pd

import dyadscope
from dyadscope.demo import corpus_paths, expected
from dyadscope.demo.run import run_pipeline


def _norm(text: str) -> str:
    return " ".join(str(text).split())


def _dates_agree(found: str, wanted: str) -> bool:
    """Same date, or one is the other at a coarser precision (2025-04 vs 2025-04-02)."""
    found, wanted = str(found), str(wanted)
    return found.startswith(wanted) or wanted.startswith(found)


def event_recall(events: pd.DataFrame, docs: pd.DataFrame) -> tuple[int, list[str]]:
    """How many expected events were extracted (doc, date, actor pair, quote, status); the misses."""
    names = {row.id: Path(row.source).name for row in docs.itertuples()}
    events = events.assign(file=events["doc_id"].map(names), sentence=events["text"].map(_norm))
    hits, misses = 0, []
    for item in expected()["events"]:
        rows = events[
            (events["file"] == item["doc"])
            & events["sentence"].str.contains(re.escape(item["quote"]), regex=True)
            & (events["status"] == item.get("status", "reported"))
        ]
        pair = set(item["actors"])
        ok = any(
            _dates_agree(r.date, item["date"]) and {r.source_actor, r.target_actor} == pair
            for r in rows.itertuples()
        )
        hits += ok
        if not ok:
            misses.append(f"{item['doc']} {item['date']} {item['quote']!r}")
    return hits, misses


def indicator_recall(indicators: pd.DataFrame, docs: pd.DataFrame) -> tuple[int, list[str]]:
    """How many expected indicators were extracted with the right value (±0.5 %); the misses."""
    names = {row.id: Path(row.source).name for row in docs.itertuples()}
    indicators = indicators.assign(file=indicators["doc_id"].map(names))
    hits, misses = 0, []
    for item in expected()["indicators"]:
        rows = indicators[(indicators["file"] == item["doc"]) & (indicators["name"] == item["name"])]
        wanted = float(item["value"])  # YAML 1.1 reads 150.0e9 (no exponent sign) as a string
        ok = any(abs(float(v) - wanted) <= abs(wanted) * 0.005 for v in rows["value"])
        hits += ok
        if not ok:
            misses.append(f"{item['doc']} {item['name']}={wanted:g}")
    return hits, misses


def finding_recall(db: dyadscope.Database) -> tuple[int, list[str]]:
    hits, misses = 0, []
    for item in expected()["findings"]:
        frame = db.findings(item["dyad"]) if hasattr(db, "findings") else pd.DataFrame()
        blob = frame[frame["kind"] == item["kind"]].astype(str).agg(" ".join, axis=1) if len(frame) else []
        ok = any(item["mentions"] in text for text in blob)
        hits += ok
        if not ok:
            misses.append(f"{item['dyad']} {item['kind']} mentioning {item['mentions']!r}")
    return hits, misses


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run = run_pipeline(Path(tmp) / "demo")
        elapsed = time.perf_counter() - start
        db = dyadscope.open(run.db_path)
        docs = db.documents()
        print(
            f"demo: {len(corpus_paths())} documents end to end in {elapsed:.1f} s "
            f"({len(corpus_paths()) / elapsed:.2f} documents/s incl. assessment and report)"
        )
        print("extracted:", run.counts)
        for label, (hits, misses), total in (
            ("events", event_recall(db.events(), docs), len(expected()["events"])),
            ("indicators", indicator_recall(db.indicators(), docs), len(expected()["indicators"])),
            ("findings", finding_recall(db), len(expected()["findings"])),
        ):
            print(f"{label} recall: {hits}/{total} = {hits / total:.0%}")
            for miss in misses:
                print(f"   missed: {miss}")
        db.close()


if __name__ == "__main__":
    main()
