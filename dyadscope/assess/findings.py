"""Evidence-quality findings for a dyad: conflicting figures, policy changes, conflicting event details
and time-zone date variants, consistency with the profile, stale or thinly supported claims.

``find_all(db, dyad, profile)`` runs every check and returns one DataFrame (columns ``id, kind,
severity, title, explanation, evidence, subject``); ``evidence`` is a list of citation dicts
(``doc_id, doc_title, published, text, char_start, char_end`` plus ``value``/``date`` where they
matter). Findings explain; they never change or average the stored records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..dyads import parse_dyad
from .findings_claims import default_as_of, find_claim_findings
from .findings_common import COLUMNS, Finding, documents_index, load_rules, to_frame
from .findings_consistency import find_tenure_conflicts
from .findings_events import find_event_conflicts
from .findings_figures import find_figure_conflicts
from .findings_framework import find_framework_conflicts
from .findings_policy import find_policy_findings

KINDS = (
    "figure_conflict",
    "policy_change",
    "date_conflict",
    "date_variant",
    "actor_conflict",
    "inconsistency",
    "stale_claim",
    "low_corroboration",
)


def find_all(
    db: Any,
    dyad: Any,
    profile: Any = None,
    *,
    as_of: str | None = None,
    tolerance: float | None = None,
    horizon_months: int | None = None,
    rules: str | Path | None = None,
) -> pd.DataFrame:
    """Every evidence-quality finding for ``dyad``, most severe first.

    ``profile`` defaults to the dyad's profile (or none); ``as_of`` (ISO date) is the reference for
    staleness, by default the newest publication date in the store; ``tolerance`` (share) and
    ``horizon_months`` override the shipped rules file (``findings_rules.yaml``).

    >>> find_all(db, "USA-VNM", load_profile("USA-VNM"))[["kind", "severity", "title"]]
    """
    pair = parse_dyad(dyad)
    if profile is None:  # a pair without a file still has its codes: claims are judged against them
        from ..profiles import profile_or_default

        profile = profile_or_default(pair)
    settings = dict(load_rules(rules))
    if tolerance is not None:
        settings["figure_tolerance"] = float(tolerance)
    if horizon_months is not None:
        settings["stale_horizon_months"] = int(horizon_months)
    docs = documents_index(db)
    findings: list[Finding] = []
    indicators = db.indicators(dyad=pair)
    findings += find_figure_conflicts(indicators, docs, settings)
    findings += find_policy_findings(indicators, docs, settings)
    # Only document events: bulk rows (GDELT) have no sentence to show and count their sources themselves.
    events = db.events(dyad=pair, status="reported", origin="document")
    findings += find_event_conflicts(events, docs, settings)
    findings += find_tenure_conflicts(db, profile, docs, settings)
    findings += find_framework_conflicts(db, profile, docs, settings)
    findings += find_claim_findings(
        db.claims(dyad=pair), docs, profile, settings, as_of=as_of or default_as_of(docs)
    )
    return to_frame(findings)


__all__ = ["COLUMNS", "KINDS", "Finding", "find_all"]
