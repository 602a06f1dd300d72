"""Precision, recall and F1 of extraction on the development gold set (tests/gold/*.yaml).

An extracted event matches a gold event when the two actors are the same unordered pair and the
dates are compatible (one is a prefix of the other: ``2025`` ~ ``2025-10-26``); matching is
one-to-one, same CAMEO root first. Only events whose status is reported or planned are scored.
An indicator matches when the unit is the same and the value is within ±0.5 %. Dimension and
CAMEO-root accuracy are computed over matched events. Documents are read from the shared folder
(``$DYADSCOPE_SHARED``, default ``../shared`` beside the project).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..schema import Event, Indicator

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = Path(os.environ.get("DYADSCOPE_GOLD", ROOT / "tests" / "gold"))
SHARED_DIR = Path(os.environ.get("DYADSCOPE_SHARED", ROOT.parent / "shared"))
SCORED = ("reported", "planned")
TOLERANCE = 0.005


@dataclass
class Score:
    """Counts for one kind of record, summed over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    same_dimension: int = 0
    same_root: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.same_dimension += other.same_dimension
        self.same_root += other.same_root

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def compatible(a: str | None, b: str | None) -> bool:
    """Dates agree when one is a prefix of the other (``2025`` ~ ``2025-10-26``)."""
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


def match_events(gold: list[dict[str, Any]], found: list[Event]) -> Score:
    """One-to-one matching of scored gold events and extracted events."""
    score = Score()
    pending = [e for e in found if e.status in SCORED]
    for item in (g for g in gold if g.get("status") in SCORED):
        pair = frozenset(item["actors"])
        candidates = [
            e
            for e in pending
            if frozenset((e.source_actor, e.target_actor)) == pair
            and compatible(str(item["date"]) if item.get("date") else None, e.date)
        ]
        if not candidates:
            score.fn += 1
            score.misses.append(
                f"{item['date']} {'-'.join(sorted(pair))} {item['root']} ({item.get('locate', '')})"
            )
            continue
        best = max(
            candidates, key=lambda e: (e.event_code[:2] == item["root"], e.dimension == item["dimension"])
        )
        pending.remove(best)
        score.tp += 1
        score.same_root += best.event_code[:2] == item["root"]
        score.same_dimension += best.dimension == item["dimension"]
    score.fp = len(pending)
    score.extras = [
        f"{e.date} {e.source_actor}>{e.target_actor} {e.event_code} {e.status}: {e.text[:60]!r}"
        for e in pending
    ]
    return score


def match_indicators(gold: list[dict[str, Any]], found: list[Indicator]) -> Score:
    """One-to-one matching on unit and value (±0.5 %)."""
    score = Score()
    pending = list(found)
    for item in gold:
        value = float(item["value"])
        hit = next((i for i in pending if i.unit == item["unit"] and _close(i.value, value)), None)
        if hit is None:
            score.fn += 1
            score.misses.append(f"{item['name']} {value:g} {item['unit']} ({item.get('locate', '')})")
            continue
        pending.remove(hit)
        score.tp += 1
    score.fp = len(pending)
    score.extras = [f"{i.name} {i.value:g} {i.unit} {i.period}" for i in pending]
    return score


def _close(a: float, b: float) -> bool:
    return a == b if b == 0 else abs(a - b) <= abs(b) * TOLERANCE


def gold_files(gold_dir: Path = GOLD_DIR) -> list[Path]:
    """The gold annotation files, sorted: ``tune/*.yaml`` and ``test/*.yaml`` (or a fold's folder itself)."""
    files = sorted(gold_dir.glob("*.yaml")) + sorted(gold_dir.glob("*/*.yaml"))
    return [f for f in files if f.name != "folds.yaml"]


def evaluate(gold_dir: Path = GOLD_DIR, shared_dir: Path = SHARED_DIR) -> dict[str, Any]:
    """Scores per document and in total: ``{"documents": [...], "events": Score, "indicators": Score}``."""
    from ..extract import extract_document
    from ..extract.reader import read_document

    events, indicators, rows = Score(), Score(), []
    for path in gold_files(gold_dir):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc, sentences = read_document(shared_dir / gold["document"])
        extraction = extract_document(doc, sentences)
        ev = match_events(gold.get("events") or [], extraction.events)
        ind = match_indicators(gold.get("indicators") or [], extraction.indicators)
        events.add(ev)
        indicators.add(ind)
        rows.append({"gold": path.name, "events": ev, "indicators": ind, "dyad": extraction.dyad})
    return {"documents": rows, "events": events, "indicators": indicators}


def _line(name: str, s: Score) -> str:
    counts = f"(tp {s.tp}, fp {s.fp}, fn {s.fn})"
    return f"{name:<46} P {s.precision:5.2f}  R {s.recall:5.2f}  F1 {s.f1:5.2f}   {counts}"


def main(verbose: bool | None = None) -> int:
    """Print the scores; exit code 2 when the shared documents are missing."""
    verbose = ("-v" in sys.argv) if verbose is None else verbose
    if not (SHARED_DIR / "seeds").exists():
        print(
            f"extraction eval: shared documents not found at {SHARED_DIR}; set DYADSCOPE_SHARED",
            file=sys.stderr,
        )
        return 2
    result = evaluate()
    print("Extraction on the development gold set")
    for row in result["documents"]:
        print(_line(f"  events     {row['gold']}", row["events"]))
        print(_line(f"  indicators {row['gold']}", row["indicators"]))
        if verbose:
            for kind in ("events", "indicators"):
                for miss in row[kind].misses:
                    print(f"      missed {miss}")
                for extra in row[kind].extras:
                    print(f"      extra  {extra}")
    ev, ind = result["events"], result["indicators"]
    print(_line("EVENTS (reported + planned)", ev))
    print(_line("INDICATORS", ind))
    if ev.tp:
        print(f"{'  dimension accuracy among matched events':<46} {ev.same_dimension / ev.tp:5.2f}")
        print(f"{'  CAMEO root accuracy among matched events':<46} {ev.same_root / ev.tp:5.2f}")
    return 0
