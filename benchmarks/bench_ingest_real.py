"""Real-corpus ingest: documents/s and sentences/s over the real documents of ../shared/eval, 1 and 2 workers.

Goal (issue 16): >= 60 real documents/s end to end (parse, extract, store) on 2 cores, and >= 1.8x with two
worker processes over one. Every file of eval/whitehouse and eval/docs is ingested (text and Markdown; about
490 documents in the shared folder), with extraction, into a fresh store per run. Prints, asserts nothing.
Run: ``python benchmarks/bench_ingest_real.py [--shared ../shared] [--repeat 1]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

import dyadscope
from dyadscope.store import tables as t

SUFFIXES = {".md", ".txt", ".html", ".htm", ".pdf"}


def corpus(shared: Path) -> list[Path]:
    roots = [shared / "eval" / "whitehouse", shared / "eval" / "docs"]
    return sorted(
        p for root in roots if root.exists() for p in root.rglob("*") if p.suffix.lower() in SUFFIXES
    )


def run(files: list[Path], workers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-real-") as tmp:
        db = dyadscope.open(Path(tmp) / "real.db")
        started = time.perf_counter()
        outcomes = db.ingest(files, workers=workers)
        seconds = time.perf_counter() - started
        with db.read() as conn:
            docs = conn.execute(select(func.count()).select_from(t.documents)).scalar_one()
            sentences = conn.execute(select(func.count()).select_from(t.sentences)).scalar_one()
            events = conn.execute(select(func.count()).select_from(t.events)).scalar_one()
        db.close()
    ok = sum(1 for o in outcomes if o.status == "ok")
    return {"seconds": seconds, "docs": docs, "ok": ok, "sentences": sentences, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(os.environ.get("DYADSCOPE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--shared", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count; the best is kept")
    args = parser.parse_args()
    files = corpus(args.shared)
    if not files:
        print(f"no real documents under {args.shared}/eval (set DYADSCOPE_SHARED); skipped")
        return
    print(f"{len(files)} real documents from {args.shared}/eval (whitehouse, docs), cores: {os.cpu_count()}")
    best: dict[int, dict[str, float]] = {}
    for workers in (1, 2):
        for _ in range(args.repeat):
            result = run(files, workers)
            if workers not in best or result["seconds"] < best[workers]["seconds"]:
                best[workers] = result
        r = best[workers]
        print(
            f"workers={workers}: {r['seconds']:.1f} s, {r['docs'] / r['seconds']:.1f} documents/s, "
            f"{r['sentences'] / r['seconds']:,.0f} sentences/s ({r['ok']} ok, {r['sentences']:,} sentences, "
            f"{r['events']:,} events)"
        )
    print(f"speed-up with 2 workers: {best[1]['seconds'] / best[2]['seconds']:.2f}x (goal >= 1.8x)")


if __name__ == "__main__":
    main()
