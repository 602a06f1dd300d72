"""Precision, recall and F1 of extraction on the gold annotations (tests/gold/<fold>/*.yaml), per fold.

An extracted event matches a gold event when the two actors are the same unordered pair and the
dates are compatible (one is a prefix of the other: ``2025`` ~ ``2025-10-26``); matching is
one-to-one, same CAMEO root first, then same direction. Only events whose status is reported or
planned are scored. Over matched events: CAMEO-root, dimension and status accuracy, and direction
accuracy (source and target in the gold's order) over the matched events whose gold is ordered. An
indicator matches when the unit is the same and the value is within ±0.5 %; over matched indicators,
the share with the gold's period and the share with its reporter/partner (where the gold gives them).
Each annotation belongs to the tune or the test fold (``tests/gold/folds.yaml``, see ``folds.py``);
the folds are scored separately. Documents are read from the shared folder (``$DYADSCOPE_SHARED``,
default ``../shared`` beside the project).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from ..schema import Event, Indicator
from .folds import FOLDS, GoldError, gold_files, load_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = Path(os.environ.get("DYADSCOPE_GOLD", ROOT / "tests" / "gold"))
SHARED_DIR = Path(os.environ.get("DYADSCOPE_SHARED", ROOT.parent / "shared"))
SCORED = ("reported", "planned")
TOLERANCE = 0.005

__all__ = ["GoldError", "Score", "compatible", "evaluate", "gold_files", "main", "match_events"]


@dataclass
class Score:
    """Counts for one kind of record, summed over documents; the ``same_*`` counts are over matches."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    same_dimension: int = 0
    same_root: int = 0
    same_status: int = 0
    directed: int = 0  # matched events whose gold gives source and target
    same_direction: int = 0
    same_period: int = 0
    with_parties: int = 0  # matched indicators whose gold gives a reporter or a partner
    same_parties: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "tp fp fn same_dimension same_root same_status directed same_direction "
            "same_period with_parties same_parties"
        ).split():
            setattr(self, name, getattr(self, name) + getattr(other, name))

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

    def share(self, part: str, whole: str = "tp") -> float | None:
        """``part / whole`` (e.g. ``same_root / tp``), None when nothing was counted."""
        total = getattr(self, whole)
        return getattr(self, part) / total if total else None

    def as_dict(self, kind: str = "events", details: bool = False) -> dict[str, Any]:
        """Counts, P/R/F1 and the accuracies of ``kind`` (events or indicators); misses/extras on request."""
        out: dict[str, Any] = {"tp": self.tp, "fp": self.fp, "fn": self.fn}
        out |= {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        for name, part, whole in ACCURACIES[kind]:
            out[name] = self.share(part, whole)
        if details:
            out |= {"misses": self.misses, "extras": self.extras}
        return out


ACCURACIES = {
    "events": (
        ("root_accuracy", "same_root", "tp"),
        ("direction_accuracy", "same_direction", "directed"),
        ("dimension_accuracy", "same_dimension", "tp"),
        ("status_accuracy", "same_status", "tp"),
    ),
    "indicators": (
        ("period_accuracy", "same_period", "tp"),
        ("parties_accuracy", "same_parties", "with_parties"),
    ),
}


def compatible(a: str | None, b: str | None) -> bool:
    """Dates agree when one is a prefix of the other (``2025`` ~ ``2025-10-26``)."""
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


def _ordered(item: dict[str, Any]) -> tuple[str, str] | None:
    source, target = item.get("source"), item.get("target")
    return (source, target) if source and target else None


def match_events(gold: list[dict[str, Any]], found: list[Event]) -> Score:
    """One-to-one matching of scored gold events and extracted events."""
    score = Score()
    pending = [e for e in found if e.status in SCORED]
    for item in (g for g in gold if g.get("status") in SCORED):
        pair, order = frozenset(item["actors"]), _ordered(item)
        date = str(item["date"]) if item.get("date") else None
        candidates = [
            e
            for e in pending
            if frozenset((e.source_actor, e.target_actor)) == pair and compatible(date, e.date)
        ]
        if not candidates:
            score.fn += 1
            score.misses.append(f"{date} {'-'.join(sorted(pair))} {item['root']} ({item.get('locate', '')})")
            continue
        best = max(
            candidates,
            key=lambda e: (
                e.event_code[:2] == item["root"],
                (e.source_actor, e.target_actor) == order,
                e.dimension == item["dimension"],
            ),
        )
        pending.remove(best)
        score.tp += 1
        score.same_root += best.event_code[:2] == item["root"]
        score.same_dimension += best.dimension == item["dimension"]
        score.same_status += best.status == item["status"]
        if order is not None:
            score.directed += 1
            score.same_direction += (best.source_actor, best.target_actor) == order
    score.fp = len(pending)
    score.extras = [
        f"{e.date} {e.source_actor}>{e.target_actor} {e.event_code} {e.status}: {e.text[:60]!r}"
        for e in pending
    ]
    return score


def match_indicators(gold: list[dict[str, Any]], found: list[Indicator]) -> Score:
    """One-to-one matching on unit and value (±0.5 %); then period and reporter/partner agreement."""
    score = Score()
    pending = list(found)
    for item in gold:
        value = float(item["value"])
        hits = [i for i in pending if i.unit == item["unit"] and _close(i.value, value)]
        if not hits:
            score.fn += 1
            score.misses.append(f"{item['name']} {value:g} {item['unit']} ({item.get('locate', '')})")
            continue
        hit = max(hits, key=lambda i: (_same_period(item, i), _same_parties(item, i)))
        pending.remove(hit)
        score.tp += 1
        score.same_period += _same_period(item, hit)
        if item.get("reporter") or item.get("partner"):
            score.with_parties += 1
            score.same_parties += _same_parties(item, hit)
    score.fp = len(pending)
    score.extras = [f"{i.name} {i.value:g} {i.unit} {i.period}" for i in pending]
    return score


def _same_period(item: dict[str, Any], found: Indicator) -> bool:
    """The gold period is compatible with the extracted one; a gold without period accepts any."""
    period = item.get("period")
    return period is None or compatible(str(period), found.period)


def _same_parties(item: dict[str, Any], found: Indicator) -> bool:
    """Every party the gold names is the extracted one (an unnamed party is not checked)."""
    return all(item.get(k) in (None, getattr(found, k)) for k in ("reporter", "partner"))


def _close(a: float, b: float) -> bool:
    return a == b if b == 0 else abs(a - b) <= abs(b) * TOLERANCE


def _group() -> dict[str, Any]:
    return {"events": Score(), "indicators": Score(), "documents": 0}


def evaluate(
    gold_dir: Path | None = None,
    shared_dir: Path | None = None,
    fold: str | None = None,
    only: str | None = None,
) -> dict[str, Any]:
    """Scores per document, per fold (with per-genre and per-dyad groups) and in total.

    ``{"documents": [...], "events": Score, "indicators": Score, "folds": {fold: {...}}}``; ``fold``
    keeps one fold only, ``only`` the gold files whose name matches a glob (a tuner's own held-out
    subset). GoldError when an annotation is misfiled or a document annotated twice.
    """
    from ..extract import extract_document
    from ..extract.reader import read_document

    gold_dir, shared_dir = gold_dir or GOLD_DIR, shared_dir or SHARED_DIR
    entries = [
        g
        for g in load_gold(gold_dir, shared_dir)
        if fold in (None, g["fold"]) and (only is None or fnmatch(g["file"].name, only))
    ]
    total, rows = _group(), []
    folds: dict[str, Any] = {}
    for gold in entries:
        doc, sentences = read_document(shared_dir / gold["document"])
        extraction = extract_document(doc, sentences)
        ev = match_events(gold.get("events") or [], extraction.events)
        ind = match_indicators(gold.get("indicators") or [], extraction.indicators)
        genre, dyad = gold.get("genre") or "unknown", gold.get("dyad") or extraction.dyad or "unknown"
        part = folds.setdefault(gold["fold"], _group() | {"by_genre": {}, "by_dyad": {}})
        for group in (
            total,
            part,
            part["by_genre"].setdefault(genre, _group()),
            part["by_dyad"].setdefault(dyad, _group()),
        ):
            group["events"].add(ev)
            group["indicators"].add(ind)
            group["documents"] += 1
        rows.append(
            {
                "gold": gold["file"].name,
                "document": gold["document"],
                "fold": gold["fold"],
                "genre": genre,
                "dyad": dyad,
                "events": ev,
                "indicators": ind,
            }
        )
    return {"documents": rows, "events": total["events"], "indicators": total["indicators"], "folds": folds}


def _line(name: str, s: Score) -> str:
    counts = f"(tp {s.tp}, fp {s.fp}, fn {s.fn})"
    return f"{name:<52} P {s.precision:5.2f}  R {s.recall:5.2f}  F1 {s.f1:5.2f}   {counts}"


def _accuracy(label: str, s: Score, part: str, whole: str) -> str:
    value = s.share(part, whole)
    shown = "  n/a" if value is None else f"{value:5.2f}"
    return f"{'  ' + label:<52} {shown}   ({getattr(s, part)}/{getattr(s, whole)})"


def _print_fold(name: str, part: dict[str, Any], rows: list[dict[str, Any]], verbose: bool) -> None:
    genres = ", ".join(f"{g} {v['documents']}" for g, v in sorted(part["by_genre"].items()))
    dyads = ", ".join(f"{d} {v['documents']}" for d, v in sorted(part["by_dyad"].items()))
    print(
        f"\n== {name.upper()} fold: {part['documents']} documents, {len(part['by_genre'])} genres, "
        f"{len(part['by_dyad'])} dyads"
    )
    print(f"   genres: {genres}\n   dyads:  {dyads}")
    for row in rows:
        print(_line(f"  events     {row['gold']}", row["events"]))
        print(_line(f"  indicators {row['gold']}", row["indicators"]))
        if verbose:
            for kind in ("events", "indicators"):
                for miss in row[kind].misses:
                    print(f"      missed {miss}")
                for extra in row[kind].extras:
                    print(f"      extra  {extra}")
    ev, ind = part["events"], part["indicators"]
    print(_line(f"{name.upper()} EVENTS (reported + planned)", ev))
    print(_accuracy("CAMEO root accuracy among matched events", ev, "same_root", "tp"))
    print(_accuracy("direction accuracy (ordered gold)", ev, "same_direction", "directed"))
    print(_accuracy("dimension accuracy among matched events", ev, "same_dimension", "tp"))
    print(_accuracy("status accuracy among matched events", ev, "same_status", "tp"))
    print(_line(f"{name.upper()} INDICATORS (value + unit)", ind))
    print(_accuracy("right period among matched indicators", ind, "same_period", "tp"))
    print(_accuracy("right reporter/partner (where given)", ind, "same_parties", "with_parties"))
    if name == "test":
        for key, title in (("by_genre", "genre"), ("by_dyad", "dyad")):
            print(f"  by {title}:")
            for label, group in sorted(part[key].items()):
                e, i = group["events"], group["indicators"]
                docs = f"docs {group['documents']:>2}"
                print(f"    {label:<14} {docs}  events {_brief(e)}  indicators {_brief(i)}".rstrip())


def _brief(s: Score) -> str:
    """``F1 0.40 (R 0.25, n 8)``, or ``n/a`` when neither the gold nor the extraction has a record."""
    if not s.tp + s.fp + s.fn:
        return f"{'n/a':<21}"
    return f"F1 {s.f1:4.2f} (R {s.recall:4.2f}, n {s.tp + s.fn:>3})"


def _as_json(result: dict[str, Any], verbose: bool) -> dict[str, Any]:
    def group(g: dict[str, Any]) -> dict[str, Any]:
        return {
            "documents": g["documents"],
            "events": g["events"].as_dict(),
            "indicators": g["indicators"].as_dict("indicators"),
        }

    folds = {
        name: group(part)
        | {
            "by_genre": {k: group(v) for k, v in sorted(part["by_genre"].items())},
            "by_dyad": {k: group(v) for k, v in sorted(part["by_dyad"].items())},
        }
        for name, part in result["folds"].items()
    }
    documents = [
        {k: row[k] for k in ("gold", "document", "fold", "genre", "dyad")}
        | {
            "events": row["events"].as_dict("events", verbose),
            "indicators": row["indicators"].as_dict("indicators", verbose),
        }
        for row in result["documents"]
    ]
    return {"folds": folds, "documents": documents}


def main(argv: list[str] | None = None) -> int:
    """Print the scores per fold; exit 2 when the shared documents are missing or the gold is misfiled."""
    parser = argparse.ArgumentParser(
        prog="python -m dyadscope.evaluation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--fold", choices=FOLDS, help="score one fold only (tuners: --fold tune)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed and extra records")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--gold", metavar="GLOB", help="score only gold files whose name matches GLOB")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not (SHARED_DIR / "seeds").exists():
        print(
            f"extraction eval: shared documents not found at {SHARED_DIR}; set DYADSCOPE_SHARED",
            file=sys.stderr,
        )
        return 2
    try:
        result = evaluate(fold=args.fold, only=args.gold)
    except GoldError as exc:
        print(f"extraction eval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(_as_json(result, args.verbose), indent=2))
        return 0
    print("Extraction on the gold set (judge rule changes on the TEST fold)")
    for name in FOLDS:
        if name in result["folds"]:
            rows = [r for r in result["documents"] if r["fold"] == name]
            _print_fold(name, result["folds"][name], rows, args.verbose)
    return 0
