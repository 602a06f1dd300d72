"""Gather everything the report and the dashboard show about one dyad, degrading stage by stage.

A stage that refuses on purpose (a DyadscopeError, e.g. no evidence for a scenario) becomes a clear
note (``view.notes``) instead of an error, so a report or page still renders; a bug is raised.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..assess.levels import BANDS, level
from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError
from ..ontology.countries import country_name
from ..schema import DIMENSIONS as DIMENSIONS  # defined once; charts and chapters import it from here

log = logging.getLogger(__name__)

DIMENSION_LABELS = {
    "overall": "Overall",
    "diplomatic": "Diplomatic",
    "security": "Security",
    "economic": "Economic",
    "human_rights": "Human rights",
    "people": "People-to-people",
    "legacy": "War legacy",
}
# The six Tsinghua-style levels on the -9..+9 scale are defined once (assess/levels.py); here their colours.
BAND_COLOURS = {
    "confrontational": "#b2182b",
    "tense": "#ef8a62",
    "discord": "#fddbc7",
    "normal": "#d1e5f0",
    "good": "#67a9cf",
    "friendly": "#2166ac",
}
LEVEL_BANDS = tuple((name, low, low + 3.0, BAND_COLOURS[name]) for low, name in BANDS)


def level_of(score: float | None) -> str:
    """Level name with low/mid/high third, e.g. ``good (mid)``; used when the assessment gives none."""
    return "unknown" if score is None or pd.isna(score) else level(float(score))


def display_name(code: str) -> str:
    try:
        name = country_name(code)
    except DyadscopeError:
        return code
    return {"Viet Nam": "Vietnam"}.get(name, name)


@dataclass
class DyadView:
    """One dyad's evidence and assessment, as plain frames and dicts."""

    dyad: Dyad
    names: tuple[str, str]
    assessment: Any = None
    profile: Any = None
    third_party: str | None = None
    third_assessment: Any = None
    findings: pd.DataFrame | None = None
    scenario: Any = None
    documents: pd.DataFrame = field(default_factory=pd.DataFrame)
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    claims: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def timeline(self) -> pd.DataFrame:
        return frame_attr(self.assessment, "timeline")

    @property
    def current(self) -> dict[str, Any]:
        current = getattr(self.assessment, "current", None) or {}
        if not current and not self.timeline.empty:
            last = self.timeline.iloc[-1]
            current = {"month": last.get("month"), "score": last.get("overall")}
        if current and not current.get("level"):
            current = {**current, "level": level_of(current.get("score"))}
        return dict(current)


def frame_attr(obj: Any, name: str) -> pd.DataFrame:
    """``obj.name`` as a DataFrame, empty when the object or attribute is missing."""
    value = getattr(obj, name, None) if obj is not None else None
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def stage(view: DyadView, key: str, label: str, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call one stage; when it refuses (a DyadscopeError) record its message as a note and return None."""
    try:
        return func(*args, **kwargs)
    except DyadscopeError as exc:
        view.notes[key] = exc.message
    return None


def load_profile(dyad: Dyad) -> Any:
    from ..profiles import load_profile as load

    return load(dyad)


def third_party_of(profile: Any, dyad: Dyad) -> str | None:
    """The first third party the profile names (e.g. CHN for USA-VNM), if any."""
    parties = getattr(profile, "third_parties", None) or []
    for party in parties:
        code = (
            party
            if isinstance(party, str)
            else getattr(party, "code", None) or (party.get("code") if isinstance(party, dict) else None)
        )
        if code and code not in dyad.codes:
            return str(code)
    return None


def load_view(
    db: Any,
    dyad: Dyad | str,
    *,
    third_party: bool = True,
    scenario: bool = True,
    assess: Any = None,
    events_limit: int = 5000,
) -> DyadView:
    """Collect the dyad's records, assessment, third-party line, findings and scenario.

    ``assess`` may be a cached callable ``(dyad) -> Assessment`` (the web app passes its cache).
    """
    dyad = parse_dyad(dyad)
    view = DyadView(dyad=dyad, names=(display_name(dyad.a), display_name(dyad.b)))
    assess = assess or (lambda d: db.assess(d.a, d.b))
    view.documents = db.documents()
    view.events = db.events(dyad=dyad, origin="document", limit=events_limit)
    view.indicators = db.indicators(dyad=dyad)
    view.claims = db.claims(dyad=dyad)
    view.profile = stage(view, "profile", "profile", load_profile, dyad)
    view.assessment = stage(view, "assessment", "assessment", assess, dyad)
    view.findings = _findings(db, view)
    if third_party:
        view.third_party = third_party_of(view.profile, dyad)
        if view.third_party:
            other = (
                Dyad(view.third_party, dyad.b)
                if view.third_party != dyad.b
                else Dyad(view.third_party, dyad.a)
            )
            view.third_assessment = stage(view, "third_party", "third-party assessment", assess, other)
    if scenario and view.assessment is not None:
        view.scenario = stage(
            view, "scenario", "foresight", lambda: db.scenario(dyad.a, dyad.b, months=12, seed=0)
        )
    return view


def _findings(db: Any, view: DyadView) -> pd.DataFrame | None:
    found = frame_attr(view.assessment, "findings")
    if not found.empty:
        return found
    if view.assessment is None:
        return None
    result = stage(view, "findings", "findings", lambda: db.findings(view.dyad))
    return result if isinstance(result, pd.DataFrame) else None


def citation_from(row: Any) -> dict[str, Any]:
    """A citation dict (doc_id, doc_title, published, text, char_start, char_end) from a record row."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    return {key: get(key) for key in ("doc_id", "doc_title", "published", "text", "char_start", "char_end")}
