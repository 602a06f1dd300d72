"""Stale and thinly supported claims: low-confidence markers for drivers and constraints.

A factor whose newest evidence is older than the horizon is *stale*; a factor (or a factor-less claim)
that rests on one document, or only on second-hand wording ("reportedly", "rumors"), has *low
corroboration*. Both lower confidence; neither removes the evidence.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .findings_common import Finding, citation, has_words, months_between, records
from .support import concerns_pair


def default_as_of(docs: dict[str, dict[str, Any]]) -> str | None:
    """The newest publication date in the store: ages are measured from the evidence, not the clock."""
    dates = [str(d["published"]) for d in docs.values() if d.get("published")]
    return max(dates) if dates else None


def find_claim_findings(
    claims: pd.DataFrame,
    docs: dict[str, dict[str, Any]],
    profile: Any,
    rules: dict[str, Any],
    as_of: str | None = None,
) -> list[Finding]:
    """Stale factors, single-source factors and second-hand claims nothing else supports."""
    if claims is None or claims.empty:
        return []
    as_of = as_of or default_as_of(docs)
    rows = [r for r in records(claims) if _about(r, profile, docs)]
    for row in rows:
        row["_when"] = row.get("date") or (docs.get(row.get("doc_id") or "") or {}).get("published")
        row["_hedged"] = bool(row.get("hedged")) or has_words(
            row.get("text", ""), rules.get("hedge_words", [])
        )
    findings: list[Finding] = []
    by_factor: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("factor"):
            by_factor.setdefault(row["factor"], []).append(row)
    for factor, group in sorted(by_factor.items()):
        label = _label(profile, factor)
        findings += _stale(factor, label, group, docs, rules, as_of)
        findings += _thin(factor, label, group, docs)
    findings += _unsupported(rows, docs)
    return findings


def _about(row: dict[str, Any], profile: Any, docs: dict[str, dict[str, Any]]) -> bool:
    """A claim counts for this dyad when it is about the pair (``support.concerns_pair``: not a claim
    naming other countries, not from another pair's document unless it names both) and names one of
    the profile's factors, or (factor-less, or the profile has no factors) names both actors."""
    factors = {f.id for f in getattr(profile, "factors", [])}
    codes = set(profile.pair.codes) if profile is not None and hasattr(profile, "pair") else set()
    if not codes:
        return not row.get("factor") or not factors or row["factor"] in factors
    doc_dyad = (docs.get(row.get("doc_id") or "") or {}).get("dyad")
    if not concerns_pair({**row, "kind": "claim"}, tuple(sorted(codes)), doc_dyad):  # type: ignore[arg-type]
        return False
    names_both = codes <= set(str(row.get("actors") or "").split())
    if row.get("factor") and factors:
        return row["factor"] in factors
    return names_both


def _label(profile: Any, factor: str) -> str:
    found = profile.factor(factor) if profile is not None and hasattr(profile, "factor") else None
    return found.label if found is not None else factor.replace("_", " ")


def _stale(
    factor: str,
    label: str,
    group: list[dict[str, Any]],
    docs: dict[str, dict[str, Any]],
    rules: dict[str, Any],
    as_of: str | None,
) -> list[Finding]:
    dated = [r for r in group if r["_when"]]
    if not dated or not as_of:
        return []
    newest = max(dated, key=lambda r: str(r["_when"]))
    horizon = int(rules.get("stale_horizon_months", 24))
    age = months_between(str(newest["_when"]), as_of)
    if age <= horizon:
        return []
    explanation = (
        f'The newest evidence for "{label}" dates from {newest["_when"]}, {age} months before '
        f"{as_of} (horizon {horizon} months). It may no longer hold: treat it as low-confidence "
        "until a recent source confirms it."
    )
    return [
        Finding(
            kind="stale_claim",
            severity="low",
            title=f"Stale evidence: {label} (newest {newest['_when']})",
            explanation=explanation,
            evidence=[citation(newest, docs, date=newest["_when"])],
            subject=f"factor:{factor}",
        )
    ]


def _thin(
    factor: str, label: str, group: list[dict[str, Any]], docs: dict[str, dict[str, Any]]
) -> list[Finding]:
    sources = {r.get("doc_id") for r in group}
    hedged = all(r["_hedged"] for r in group)
    if len(sources) > 1 and not hedged:
        return []
    why = []
    if len(sources) == 1:
        why.append("one document only")
    if hedged:
        why.append('only hedged or second-hand wording (e.g. "reportedly", "rumors")')
    explanation = (
        f'"{label}" rests on {" and ".join(why)} ({len(group)} claim{"s" if len(group) > 1 else ""}). '
        "Its strength is marked low-confidence until an independent source corroborates it."
    )
    severity = "medium" if hedged and len(sources) == 1 else "low"
    evidence = [citation(r, docs, date=r["_when"], hedged=r["_hedged"]) for r in group[:5]]
    return [
        Finding(
            kind="low_corroboration",
            severity=severity,
            title=f"Thin support: {label}",
            explanation=explanation,
            evidence=evidence,
            subject=f"factor:{factor}",
        )
    ]


def _unsupported(rows: list[dict[str, Any]], docs: dict[str, dict[str, Any]]) -> list[Finding]:
    """Second-hand claims that no profile factor ties to other evidence."""
    findings = []
    for row in rows:
        if row.get("factor") or not row["_hedged"]:
            continue
        explanation = (
            "This claim is worded as second-hand or unconfirmed and no other source in the store "
            "supports it: low-confidence."
        )
        findings.append(
            Finding(
                kind="low_corroboration",
                severity="low",
                title=f"Unconfirmed claim: {_short(row.get('text', ''))}",
                explanation=explanation,
                evidence=[citation(row, docs, date=row["_when"])],
                subject=f"claim:{row.get('id')}",
            )
        )
    return findings


def _short(text: str, width: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
