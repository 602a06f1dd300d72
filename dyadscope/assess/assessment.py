"""``db.assess(a, b)``: run the model for one dyad and hold the result as an :class:`Assessment`."""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import inspect

from ..dyads import Dyad, parse_dyad
from ..errors import Errors, InputError
from ..profiles import Profile, profile_or_default
from ..render import records
from ..schema import DIMENSIONS
from ..store.tables import ix_events_assess
from . import snapshots
from .drivers import evidence_items, score_factors
from .events import bulk_sums
from .explain import explain_month
from .inputs import Inputs, load_inputs
from .levels import level
from .model import ITEM_COLUMNS, ModelResult, compute, event_items, indicator_items, month_range
from .score import ModelParams

if TYPE_CHECKING:
    from ..api import Database

MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$")
FINDING_COLUMNS = ["id", "kind", "severity", "title", "explanation", "evidence"]
NO_EVIDENCE = "no evidence"


def parse_month(text: str | None, *, end: bool = False) -> str | None:
    """``2023-09`` / ``2023`` / ``2023-09-10`` -> ``YYYY-MM`` (a bare year is its first or last month)."""
    if text is None or text == "":
        return None
    found = MONTH.match(str(text).strip())
    if not found or (found.group(2) and not 1 <= int(found.group(2)) <= 12):
        raise InputError(Errors.E404.format(text=text))
    return f"{found.group(1)}-{found.group(2) or ('12' if end else '01')}"


class Assessment:
    """The assessment of one dyad: timeline, current state, dimensions, drivers, constraints, explanations."""

    def __init__(
        self,
        db: Database,
        dyad: Dyad,
        profile: Profile,
        params: ModelParams,
        result: ModelResult,
        factors: pd.DataFrame,
        snapshot_id: str,
    ) -> None:
        self._db, self.dyad, self.profile, self.params = db, dyad, profile, params
        self.result, self.snapshot_id = result, snapshot_id
        self.timeline = result.timeline(profile)
        self.drivers = factors[factors["stance"] == "driver"].reset_index(drop=True)
        self.constraints = factors[factors["stance"] == "constraint"].reset_index(drop=True)
        self.since, self.until = result.months[0], result.months[-1]

    def __repr__(self) -> str:
        cur = self.current
        return f"<Assessment {self.dyad} {cur['month']}: {cur['score']:+.2f} {cur['level']}>"

    @property
    def current(self) -> dict[str, Any]:
        """Last month: score, level, trend (change over the last 12 months), framework level, interval and
        coverage. A month without evidence in the trailing window has the level "no evidence"."""
        last = self.timeline.iloc[-1]
        back = self.timeline.iloc[max(0, len(self.timeline) - 13)]
        evidence = bool(last["evidence"])
        return {
            "month": last["month"],
            "score": round(float(last["overall"]), 4),
            "level": last["level"] if evidence else NO_EVIDENCE,
            "trend": round(float(last["overall"] - back["overall"]), 4),
            "framework": last["framework"],
            "framework_label": self.profile.rung(last["framework"]).label,
            "lo": round(float(last["lo"]), 4),
            "hi": round(float(last["hi"]), 4),
            "coverage_docs": int(last["coverage_docs"]),
            "coverage_reports": int(last["coverage_reports"]),
            "evidence": evidence,
        }

    @property
    def dimensions(self) -> pd.DataFrame:
        """Per dimension: index, 12-month change, level, weight, and its drivers vs constraints."""
        last = self.timeline.iloc[-1]
        back = self.timeline.iloc[max(0, len(self.timeline) - 13)]
        return pd.DataFrame(
            {
                "dimension": list(DIMENSIONS),
                "score": [round(float(last[d]), 4) for d in DIMENSIONS],
                "change_12m": [round(float(last[d] - back[d]), 4) for d in DIMENSIONS],
                "level": [level(float(last[d])) for d in DIMENSIONS],
                "weight": [round(float(w), 4) for w in self.result.weights],
                "drivers": [_total(self.drivers, d) for d in DIMENSIONS],
                "constraints": [_total(self.constraints, d) for d in DIMENSIONS],
                "top_driver": [_top(self.drivers, d) for d in DIMENSIONS],
                "top_constraint": [_top(self.constraints, d) for d in DIMENSIONS],
            }
        )

    @property
    def findings(self) -> pd.DataFrame:
        """Evidence-quality findings from ``dyadscope.assess.findings`` when that module is installed."""
        try:
            module = importlib.import_module("dyadscope.assess.findings")
        except ModuleNotFoundError:
            return pd.DataFrame(columns=FINDING_COLUMNS)
        return module.find_all(self._db, self.dyad, self.profile)

    def explain(self, month: str) -> pd.DataFrame:
        """What moved ``month``: events, indicators and the baseline pull, each with its contribution."""
        return explain_month(self._db, self, parse_month(month) or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "dyad": str(self.dyad),
            "scoring": self.params.scoring,
            "snapshot_id": self.snapshot_id,
            "since": self.since,
            "until": self.until,
            "current": self.current,
            "dimensions": records(self.dimensions),
            "timeline": records(self.timeline),
            "drivers": records(self.drivers),
            "constraints": records(self.constraints),
            "framework": [
                {
                    "date": s.date,
                    "level": s.level,
                    "label": self.profile.rung(s.level).label,
                    "baseline": self.profile.rung(s.level).baseline,
                }
                for s in self.profile.framework
            ],
            "profile": self.profile.path,
            "structural_facts": [
                {
                    "kind": f.kind,
                    "level": f.level,
                    "start": f.start,
                    "end": f.end,
                    "label": f.label,
                    "value": f.value,
                    "source": f.source,
                    "url": f.url,
                }
                for f in self.result.facts
            ],
            "params": self.params.to_dict(),
        }


def _total(factors: pd.DataFrame, dimension: str) -> float:
    """Summed strength of the factors of one dimension."""
    return round(float(factors.loc[factors["dimension"] == dimension, "strength"].sum()), 4)


def _top(factors: pd.DataFrame, dimension: str) -> str | None:
    """Label of the strongest factor with evidence in one dimension (frames are sorted by strength)."""
    found = factors[(factors["dimension"] == dimension) & (factors["strength"] > 0)]
    return None if found.empty else str(found.iloc[0]["label"])


def assess(
    db: Database,
    a: Any,
    b: str | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    scoring: str = "levels.v2",
    snapshot: bool = True,
    origins: tuple[str, ...] | None = None,
) -> Assessment:
    """Assess dyad ``a``-``b`` month by month; store a snapshot of the run unless ``snapshot=False``.

    ``origins`` keeps only the evidence of those origins (e.g. ``("document",)``, ``("gdelt",)``): the
    others get weight 0, which the snapshot records with the rest of the parameters.
    """
    pair = parse_dyad(a, b)
    profile = profile_or_default(pair)
    params = ModelParams(scoring=scoring)
    if origins is not None:
        params = params.with_(origin_weights=origin_subset(params.origin_weights, origins))
    first, last = parse_month(since), parse_month(until, end=True)
    _ensure_index(db)
    with db.read() as conn:
        inputs = load_inputs(conn, pair)
        bulk = bulk_sums(conn, pair, profile, params)
    if not bulk.empty:
        inputs.bulk_range = (bulk["month"].min(), bulk["month"].max(), int(bulk["n"].sum()))
    items = _items(inputs, profile, params)
    first, last = _period(first, last, items, inputs, profile)
    result = compute(items, bulk, profile, params, month_range(first, last))
    factors = score_factors(
        profile,
        evidence_items(inputs.claims, inputs.events, inputs.indicators, inputs.sentences, params),
        inputs.docs,
        last,
        params,
    )
    inputs_manifest = snapshots.manifest(inputs, items, profile.path)
    # One key per pair whatever the order asked: the profile's order, else alphabetical.
    key = profile.dyad if profile.path else str(pair.undirected())
    snap_id = snapshots.snapshot_id(key, params.to_dict(), first, last, inputs_manifest)
    assessment = Assessment(db, pair, profile, params, result, factors, snap_id)
    if snapshot:
        snapshots.save(
            db,
            snap_id,
            key,
            params.scoring,
            params.to_dict(),
            inputs_manifest,
            _snapshot_result(assessment, inputs),
        )
    return assessment


def origin_subset(weights: dict[str, float], origins: tuple[str, ...]) -> dict[str, float]:
    """The model's origin weights with every origin outside ``origins`` set to 0; unknown names refused."""
    unknown = sorted(set(origins) - set(weights))
    if unknown or not origins:
        raise InputError(
            Errors.E407.format(value=",".join(unknown), field="origins", choices=", ".join(sorted(weights)))
        )
    return {name: (weight if name in origins else 0.0) for name, weight in weights.items()}


def _ensure_index(db: Database) -> None:
    """Create the covering index on stores made before it existed (once; skipped when read-only)."""
    if db.read_only:
        return
    with db.read() as conn:
        present = inspect(conn).get_indexes("events")
    if not any(ix["name"] == ix_events_assess.name for ix in present):
        with db.write() as conn:
            ix_events_assess.create(conn, checkfirst=True)


def _items(inputs: Inputs, profile: Profile, params: ModelParams) -> pd.DataFrame:
    parts = [
        event_items(inputs.events, profile, params),
        indicator_items(inputs.indicators, inputs.events, inputs.docs, params),
    ]
    parts = [p for p in parts if not p.empty]
    items = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=ITEM_COLUMNS)
    return _drop_future(items, inputs.docs)


def _drop_future(items: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Drop items dated after their document's publication month: a document cannot report them.

    Such dates are targets ("by 2045") or misread years; letting them in would stretch the
    timeline into the future and move scores on things that have not happened.
    """
    if items.empty or docs.empty:
        return items
    published = items["doc_id"].map(docs.set_index("id")["published"]).fillna("").astype(str)
    known = published.str.len() >= 7
    return items[~known | (items["month"].astype(str) <= published.str[:7])].reset_index(drop=True)


def _period(
    first: str | None, last: str | None, items: pd.DataFrame, inputs: Inputs, profile: Profile
) -> tuple[str, str]:
    """Requested period, else from the first to the last month with evidence (never today's date)."""
    months = [m for m in items["month"].dropna()] + [s.date[:7] for s in profile.framework]
    months += [m for m in inputs.bulk_range[:2] if m]
    if not months and (first is None or last is None):
        raise InputError(Errors.E605.format(dyad=profile.dyad))
    first = first or min(months)
    last = last or max(months)
    if first > last:
        raise InputError(Errors.E410.format(start=first, end=last))
    return first, last


def _snapshot_result(assessment: Assessment, inputs: Inputs) -> dict[str, Any]:
    timeline = assessment.timeline[["month", "overall", *DIMENSIONS]].round(10)
    items = assessment.result.items
    weights = dict(zip(DIMENSIONS, assessment.result.weights, strict=True))
    overall = items["contribution"].astype(float) * items["dimension"].map(weights).astype(float)
    per_doc = (
        overall.groupby(items["doc_id"].fillna("-")).sum() if not items.empty else pd.Series(dtype=float)
    )
    titles = inputs.docs.set_index("id")["title"].to_dict() if not inputs.docs.empty else {}
    documents = {
        d: {"title": titles.get(d), "contribution": float(np.round(per_doc.get(d, 0.0), 10))}
        for d in sorted(set(titles) | set(per_doc.index))
    }
    return {
        "since": assessment.since,
        "until": assessment.until,
        "current": assessment.current,
        "timeline": timeline.to_dict("records"),
        "documents": documents,
    }
