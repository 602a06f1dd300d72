"""``make calibrate``: fit the model's few global constants against publicly known states of relations.

1. Ingest the calibration corpus (``$DYADSCOPE_SHARED/eval/whitehouse``, ``eval/docs`` and the demo
   corpus) into a cached store (``.cache/calibration/<key>.db``; the key hashes the corpus files and the
   extraction code, so a new extractor re-ingests and a rerun does not).
2. Read each dyad's scored items once; the grid of constants only reruns the numpy model.
3. Loss of one expectation row (``expectations.yaml``): squared distance of the period's mean overall
   score to the expected band (0 inside), plus 0.05 × squared distance to the band's centre.
   Months weigh equally, never documents (a same-day cluster of four texts is one month).
4. Leave-one-dyad-out: for each dyad, pick the constants that minimise the loss of the *other* dyads
   and score the held-out one with them. Printed: expected against scored per row, exact-band and
   within-one-band accuracy, Spearman rank correlation of the 2023 means against the band centres,
   and the USA-RUS change from 2021 to 2022. Then fit on every dyad and write ``calibrated.yaml``
   (``--write``).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

import dyadscope

from ..assess.assessment import _items, _period
from ..assess.events import bulk_sums
from ..assess.inputs import load_inputs
from ..assess.levels import ORDER, band
from ..assess.model import dimension_weights, levels_and_scores, month_range, month_sums
from ..assess.prior import facts_for, prior_series
from ..assess.score import CALIBRATED_FILE, ModelParams
from ..dyads import parse_dyad
from ..profiles import profile_or_default
from ..schema import DIMENSIONS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("DYADSCOPE_SHARED", ROOT.parent / "shared"))
EXPECTATIONS = Path(__file__).with_name("expectations.yaml")
CACHE_DIR = Path(os.environ.get("DYADSCOPE_CACHE", ROOT / ".cache")) / "calibration"
CENTRES = {name: -7.5 + 3.0 * i for i, name in enumerate(ORDER)}

# The grid of the fitted constants (every other constant is fixed and documented in methodology.md).
# prior_weight stays at most 12 months of evidence by design: a year of sustained evidence must be
# able to outweigh any structural prior, whatever the fit would prefer on a thin corpus.
GRID: dict[str, tuple[float, ...]] = {
    "level_scale": (6.0, 8.0, 10.0),
    "level_offset": (-1.0, 0.0, 1.0, 2.0),
    "conflict_weight": (1.0, 2.0, 4.0),
    "prior_weight": (3.0, 6.0, 12.0),
}


@dataclass
class DyadData:
    """What the grid needs for one dyad: its monthly sums, structural prior, weights and months."""

    dyad: str
    pos: np.ndarray
    neg: np.ndarray
    prior: np.ndarray
    known: np.ndarray
    offsets: np.ndarray
    weights: np.ndarray
    months: list[str]


def corpus_files(shared: Path) -> list[Path]:
    return sorted((shared / "eval" / "whitehouse").glob("usa_*/*.md")) + sorted(
        (shared / "eval" / "docs").glob("*.txt")
    )


def cache_key(files: list[Path]) -> str:
    """sha256 of the corpus bytes, the demo corpus and the extraction code and data."""
    digest = hashlib.sha256()
    code = sorted((PACKAGE / "extract").rglob("*")) + sorted((PACKAGE / "ontology").rglob("*"))
    code += sorted((PACKAGE / "ingest").rglob("*.py")) + sorted((PACKAGE / "demo" / "corpus").glob("*"))
    for path in [*files, *code]:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_store(shared: Path, *, quiet: bool = False) -> dyadscope.Database:
    """The cached calibration store (ingested once per corpus and extractor version)."""
    files = corpus_files(shared)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"{cache_key(files)}.db"
    if path.exists():
        return dyadscope.open(path)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    if not quiet:
        print(f"ingesting {len(files)} documents and the demo corpus into {path} (cached for next time)")
    db = dyadscope.open(tmp)
    db.ingest(None)
    db.ingest(files)
    db.close()
    tmp.rename(path)
    return dyadscope.open(path)


def load_expectations(path: Path = EXPECTATIONS) -> pd.DataFrame:
    with open(path, encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["expectations"]
    frame = pd.DataFrame(rows)
    bounds = frame["period"].astype(str).map(_period_bounds)
    frame["first"], frame["last"] = [b[0] for b in bounds], [b[1] for b in bounds]
    frame["centre"] = frame["band"].map(CENTRES)
    return frame


def _period_bounds(period: str) -> tuple[str, str]:
    if ".." in period:
        first, last = period.split("..")
        return first, last
    return f"{period}-01", f"{period}-12"


def dyad_data(db: dyadscope.Database, dyad: str, first: str, last: str) -> DyadData:
    pair = parse_dyad(dyad)
    profile = profile_or_default(pair)
    params = ModelParams()
    with db.read() as conn:
        inputs = load_inputs(conn, pair)
        bulk = bulk_sums(conn, pair, profile, params)
    items = _items(inputs, profile, params)
    start, end = _period(None, None, items, inputs, profile)
    months = month_range(min(start, first), max(end, last))
    _items_in, _bulk_in, pos, neg = month_sums(items, bulk, months)
    prior, known = prior_series(facts_for(pair, profile), months)
    offsets = np.array([profile.dimension_offsets.get(d, 0.0) for d in DIMENSIONS])
    return DyadData(dyad, pos, neg, prior, known, offsets, dimension_weights(profile), months)


def period_means(data: DyadData, rows: pd.DataFrame, params: ModelParams) -> np.ndarray:
    """Mean overall score of each expectation row's months under ``params`` (months weigh equally)."""
    weight = np.where(data.known, params.prior_weight, params.prior_weight_none)
    _star, out = levels_and_scores(data.pos, data.neg, data.prior, weight, data.offsets, params)
    overall = pd.Series(out["score"] @ data.weights, index=data.months)
    return np.array(
        [overall[(overall.index >= r.first) & (overall.index <= r.last)].mean() for r in rows.itertuples()]
    )


def loss(scores: np.ndarray, rows: pd.DataFrame) -> float:
    lower = rows["centre"].to_numpy() - 1.5
    upper = rows["centre"].to_numpy() + 1.5
    outside = np.clip(lower - scores, 0, None) + np.clip(scores - upper, 0, None)
    return float(np.sum(outside**2 + 0.05 * (scores - rows["centre"].to_numpy()) ** 2))


def grid() -> list[dict[str, float]]:
    names = list(GRID)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*GRID.values())]


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx, ry = pd.Series(x).rank(), pd.Series(y).rank()
    return float(rx.corr(ry))


def run_grid(data: dict[str, DyadData], expectations: pd.DataFrame) -> tuple[list[dict], np.ndarray, dict]:
    """Scores of every row under every grid point: (combos, losses[combo, dyad], scores[combo][dyad])."""
    combos = grid()
    dyads = list(data)
    losses = np.zeros((len(combos), len(dyads)))
    scores: dict[int, dict[str, np.ndarray]] = {}
    for i, combo in enumerate(combos):
        params = ModelParams().with_(**combo)
        scores[i] = {}
        for j, dyad in enumerate(dyads):
            rows = expectations[expectations["dyad"] == dyad]
            scores[i][dyad] = period_means(data[dyad], rows, params)
            losses[i, j] = loss(scores[i][dyad], rows)
    return combos, losses, scores


def evaluate(expectations: pd.DataFrame, scored: dict[str, np.ndarray]) -> dict[str, Any]:
    frame = expectations.copy()
    frame["scored"] = np.concatenate([scored[d] for d in frame["dyad"].drop_duplicates()])
    frame["scored_band"] = frame["scored"].map(band)
    frame["exact"] = frame["scored_band"] == frame["band"]
    gap = (frame["scored_band"].map(ORDER.index) - frame["band"].map(ORDER.index)).abs()
    frame["within_one"] = gap <= 1
    y2023 = frame[frame["period"].astype(str) == "2023"]
    rho = (
        spearman(y2023["scored"].to_numpy(), y2023["centre"].to_numpy()) if len(y2023) >= 3 else float("nan")
    )
    rus = frame[frame["dyad"] == "USA-RUS"].set_index("period")["scored"]
    fall = float(rus.get("2021", np.nan) - rus.get("2022-03..2022-12", np.nan))
    return {
        "table": frame,
        "exact": float(frame["exact"].mean()),
        "within_one": float(frame["within_one"].mean()),
        "rank_2023": rho,
        "rus_fall": fall,
        "rus_2022": float(rus.get("2022-03..2022-12", np.nan)),
    }


def calibrate(shared: Path = SHARED_DIR, *, write: bool = False, quiet: bool = False) -> dict[str, Any]:
    """Leave-one-dyad-out scores and the fit on all dyads; see the module docstring."""
    expectations = load_expectations()
    db = build_store(shared, quiet=quiet)
    ordered = list(expectations["dyad"].drop_duplicates())
    expectations = pd.concat([expectations[expectations["dyad"] == d] for d in ordered], ignore_index=True)
    data = {}
    for dyad in ordered:
        rows = expectations[expectations["dyad"] == dyad]
        data[dyad] = dyad_data(db, dyad, rows["first"].min(), rows["last"].max())
    combos, losses, scores = run_grid(data, expectations)
    cv_scores, chosen = {}, {}
    for j, dyad in enumerate(ordered):
        others = np.delete(losses, j, axis=1).sum(axis=1)
        best = int(np.argmin(others))
        cv_scores[dyad], chosen[dyad] = scores[best][dyad], combos[best]
    cv = evaluate(expectations, cv_scores)
    best_all = int(np.argmin(losses.sum(axis=1)))
    fit = evaluate(expectations, scores[best_all])
    out = {"cv": cv, "fit": fit, "constants": combos[best_all], "chosen": chosen}
    if write:
        write_constants(combos[best_all], cv)
    return out


def write_constants(constants: dict[str, float], cv: dict[str, Any]) -> None:
    body = {
        "fitted": date.today().isoformat(),
        "command": "make calibrate  (python -m dyadscope.evaluation.calibration --write)",
        "cross_validated": {
            "exact_band": round(cv["exact"], 3),
            "within_one_band": round(cv["within_one"], 3),
            "rank_correlation_2023": round(cv["rank_2023"], 3),
            "usa_rus_fall_2021_2022": round(cv["rus_fall"], 2),
        },
        "constants": {k: float(v) for k, v in constants.items()},
    }
    header = "# Constants of scoring levels.v2, fitted by `make calibrate` (evaluation/calibration.py).\n"
    CALIBRATED_FILE.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")


def report(out: dict[str, Any]) -> str:
    cv, fit = out["cv"], out["fit"]
    lines = ["calibration (leave-one-dyad-out: each dyad scored with constants fitted on the others)", ""]
    lines.append(f"{'dyad':8} {'period':18} {'expected':16} {'scored':>7} {'band':16} fit-all")
    table = cv["table"].assign(fit=fit["table"]["scored"].to_numpy())
    for r in table.itertuples():
        mark = "=" if r.exact else ("~" if r.within_one else "x")
        lines.append(
            f"{r.dyad:8} {str(r.period):18} {r.band:16} {r.scored:+7.2f} {r.scored_band:16} "
            f"{r.fit:+6.2f} {mark}"
        )
    lines.append("")
    for name, res in (("cross-validated", cv), ("fitted on all (in-sample)", fit)):
        lines.append(
            f"{name}: exact band {res['exact']:.0%}, within one band {res['within_one']:.0%}, "
            f"rank correlation of 2023 means {res['rank_2023']:+.2f}, "
            f"USA-RUS 2021 -> 2022 fall {res['rus_fall']:+.2f} "
            f"(2022 at {res['rus_2022']:+.2f}, {band(res['rus_2022'])})"
        )
    lines.append(f"constants fitted on all dyads: {out['constants']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the constants fitted on all dyads")
    args = parser.parse_args(argv)
    if not (SHARED_DIR / "eval" / "whitehouse").is_dir():
        print(f"calibration: skipped ({SHARED_DIR / 'eval' / 'whitehouse'} not found; set DYADSCOPE_SHARED)")
        return 0
    out = calibrate(SHARED_DIR, write=args.write)
    print(report(out))
    if args.write:
        print(f"wrote {CALIBRATED_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
