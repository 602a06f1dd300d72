"""Document evidence against event data: do the curated documents and the GDELT news flow tell one story?

For one dyad, month by month:

- ``doc_score``: the overall score of the assessment restricted to document evidence
  (``assess(..., origins=("document",))``), so GDELT rows cannot leak into the side they are checked against;
- ``doc_events``: reported document events that month;
- ``gdelt_events``, ``gdelt_goldstein``, ``gdelt_tone``, ``gdelt_cooperation``: the GDELT monthly aggregate of
  the pair in both directions (``store.analytics``; weight and dedupe options as there), Goldstein and tone
  as weighted means, cooperation as the weighted share of QuadClass 1-2 rows.

Statistics (months with at least ``min_events`` GDELT events only, so thin months cannot drive them):

- ``r_level``: Pearson r of ``doc_score`` and ``gdelt_goldstein`` (and Spearman ``rho_level``);
- ``r_change``: Pearson r of their month-on-month changes, over pairs of consecutive kept months;
- ``r_year``: Pearson r of the yearly means (``doc_score`` averaged; Goldstein as Σw·g / Σw over the year);
- divergences: both series as z-scores over the kept months; the months with the largest
  ``|z_doc − z_gdelt|``, each read as "documents warmer" or "news flow warmer" than the other source.

A statistic over fewer than three points is reported as ``None``, never as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..dyads import Dyad
from ..errors import Errors, NotFound
from ..render import records

if TYPE_CHECKING:
    from ..api import Database

MONTHLY_COLUMNS = [
    "month",
    "doc_score",
    "doc_events",
    "gdelt_events",
    "gdelt_goldstein",
    "gdelt_tone",
    "gdelt_cooperation",
    "compared",
]
MIN_POINTS = 3
TOP_DIVERGENCES = 5


@dataclass
class OriginComparison:
    """The comparison of one dyad's document-derived and GDELT-derived evidence."""

    dyad: Dyad
    monthly: pd.DataFrame
    yearly: pd.DataFrame
    summary: dict[str, Any]
    divergences: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_json(self) -> dict[str, Any]:
        return {
            "dyad": str(self.dyad),
            "summary": self.summary,
            "monthly": records(self.monthly),
            "yearly": records(self.yearly),
            "divergences": records(self.divergences),
        }


def compare_origins(
    db: Database,
    pair: Dyad,
    *,
    since: str | None = None,
    until: str | None = None,
    weight: str = "mentions",
    dedupe: bool = True,
    min_events: int = 5,
) -> OriginComparison:
    """Compare the two kinds of evidence for ``pair`` (module docstring); E609 when GDELT has none."""
    gdelt = db.gdelt_aggregates(
        pair, since=since, until=until, weight=weight, dedupe=dedupe, by_dimension=False, directed=False
    )
    if gdelt.empty:
        period = f" between {since or 'the start'} and {until or 'now'}" if since or until else ""
        raise NotFound(Errors.E609.format(dyad=pair, period=period, a=pair.a, b=pair.b))
    assessment = db.assess(pair.a, pair.b, since=since, until=until, snapshot=False, origins=("document",))
    monthly = _monthly(db, pair, assessment.timeline, gdelt, min_events)
    kept = monthly[monthly["compared"]]
    yearly = _yearly(monthly, gdelt, min_events)
    summary = {
        "dyad": str(pair),
        "months": len(monthly),
        "months_compared": len(kept),
        "min_events": min_events,
        "weight": weight,
        "dedupe": dedupe,
        "document_events": int(monthly["doc_events"].sum()),
        "gdelt_events": int(monthly["gdelt_events"].sum()),
        "r_level": _corr(kept["doc_score"], kept["gdelt_goldstein"]),
        "rho_level": _corr(kept["doc_score"], kept["gdelt_goldstein"], method="spearman"),
        "r_change": _change_corr(kept),
        "years_compared": int(yearly["compared"].sum()) if not yearly.empty else 0,
        "r_year": _corr(*_compared_years(yearly)),
    }
    return OriginComparison(pair, monthly, yearly, summary, _divergences(kept))


def _monthly(
    db: Database, pair: Dyad, timeline: pd.DataFrame, gdelt: pd.DataFrame, min_events: int
) -> pd.DataFrame:
    frame = timeline[["month", "overall"]].rename(columns={"overall": "doc_score"})
    docs = db.events(dyad=(pair.a, pair.b), origin="document", status="reported")
    counts = docs.groupby("month").size() if not docs.empty else pd.Series(dtype=int)
    frame = frame.assign(doc_events=frame["month"].map(counts).fillna(0).astype(int))
    news = gdelt.set_index("month")
    frame = frame.assign(
        gdelt_events=frame["month"].map(news["events"]).fillna(0).astype(int),
        gdelt_goldstein=frame["month"].map(news["goldstein_mean"]),
        gdelt_tone=frame["month"].map(news["tone_mean"]),
        gdelt_cooperation=frame["month"].map(news["cooperation_share"]),
    )
    frame["compared"] = frame["gdelt_events"] >= min_events
    return frame[MONTHLY_COLUMNS].reset_index(drop=True)


def _yearly(monthly: pd.DataFrame, gdelt: pd.DataFrame, min_events: int) -> pd.DataFrame:
    if monthly.empty:
        return pd.DataFrame(columns=["year", "doc_score", "gdelt_events", "gdelt_goldstein", "compared"])
    doc = monthly.assign(year=monthly["month"].str[:4]).groupby("year")["doc_score"].mean()
    news = gdelt.assign(year=gdelt["month"].str[:4]).groupby("year")
    totals = news[["goldstein_total", "weighted_events", "events"]].sum()
    frame = pd.DataFrame({"year": doc.index, "doc_score": doc.to_numpy()})
    frame["gdelt_events"] = frame["year"].map(totals["events"]).fillna(0).astype(int)
    goldstein = totals["goldstein_total"] / totals["weighted_events"].replace(0, np.nan)
    frame["gdelt_goldstein"] = frame["year"].map(goldstein)
    frame["compared"] = frame["gdelt_events"] >= min_events
    return frame


def _compared_years(yearly: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    if yearly.empty:
        return pd.Series(dtype=float), pd.Series(dtype=float)
    kept = yearly[yearly["compared"]]
    return kept["doc_score"], kept["gdelt_goldstein"]


def _corr(x: pd.Series, y: pd.Series, method: str = "pearson") -> float | None:
    both = pd.DataFrame({"x": x.to_numpy(dtype=float), "y": y.to_numpy(dtype=float)}).dropna()
    if len(both) < MIN_POINTS or both["x"].std() == 0 or both["y"].std() == 0:
        return None
    if method == "spearman":  # Pearson r of the ranks (average ranks for ties), without scipy
        both = both.rank()
    return round(float(both["x"].corr(both["y"])), 4)


def _change_corr(kept: pd.DataFrame) -> float | None:
    """r of month-on-month changes, over pairs of kept months that follow each other in the calendar."""
    if len(kept) < 2:
        return None
    months = pd.PeriodIndex(kept["month"], freq="M")
    consecutive = (months[1:] - months[:-1]).map(lambda d: d.n) == 1
    d_doc = np.diff(kept["doc_score"].to_numpy(dtype=float))[consecutive]
    d_news = np.diff(kept["gdelt_goldstein"].to_numpy(dtype=float))[consecutive]
    return _corr(pd.Series(d_doc), pd.Series(d_news))


def _divergences(kept: pd.DataFrame) -> pd.DataFrame:
    columns = ["month", "doc_score", "gdelt_goldstein", "gdelt_events", "gap", "reading"]
    if len(kept) < MIN_POINTS or kept["doc_score"].std() == 0 or kept["gdelt_goldstein"].std() == 0:
        return pd.DataFrame(columns=columns)
    z_doc = (kept["doc_score"] - kept["doc_score"].mean()) / kept["doc_score"].std()
    z_news = (kept["gdelt_goldstein"] - kept["gdelt_goldstein"].mean()) / kept["gdelt_goldstein"].std()
    frame = kept.assign(gap=(z_doc - z_news).round(3))
    frame = frame.reindex(frame["gap"].abs().sort_values(ascending=False).index).head(TOP_DIVERGENCES)
    frame["reading"] = np.where(frame["gap"] > 0, "documents warmer than the news flow", "news flow warmer")
    return frame[columns].reset_index(drop=True)
