"""Figure conflicts: one quantity, one period, one pair of countries, different values in different sources.

Both values are shown with their attribution and the likely reason for the gap; nothing is averaged.
Disagreement between documents that cite the same reporter is a real conflict (severity high).
Policy levels (tariff rates, quotas) are not compared here: ``findings_policy`` first tells successive
policy states from conflicting reports of one state.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .findings_common import Finding, has_words, indicator_citation, months_between, policy_mask, records

SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def find_figure_conflicts(
    indicators: pd.DataFrame, docs: dict[str, dict[str, Any]], rules: dict[str, Any]
) -> list[Finding]:
    """One finding per (name, period, pair, unit) whose sources disagree beyond the tolerance."""
    if indicators is None or indicators.empty:
        return []
    parts = set(rules.get("sum_of_parts_indicators", []))
    indicators = indicators[~indicators["name"].isin(parts) & ~policy_mask(indicators, rules)]
    if indicators.empty:
        return []
    frame = indicators.assign(_pair=[pair_key(r, rules) for r in records(indicators)])
    findings = []
    for (_name, _period, _unit, _pair), group in frame.groupby(
        ["name", "period", "unit", "_pair"], sort=True
    ):
        finding = conflict_finding(group.drop(columns="_pair"), docs, rules)
        if finding is not None:
            findings.append(finding)
    return findings


def pair_key(row: dict[str, Any], rules: dict[str, Any]) -> str:
    """Symmetric quantities compare across directions; directional ones only within one direction."""
    reporter, partner = row.get("reporter") or "?", row.get("partner") or "?"
    if row["name"] in set(rules.get("symmetric_indicators", [])):
        return "~".join(sorted({reporter, partner} - {"?"})) or "?"
    return f"{reporter}>{partner}"


def conflict_finding(
    group: pd.DataFrame, docs: dict[str, dict[str, Any]], rules: dict[str, Any]
) -> Finding | None:
    """A ``figure_conflict`` for one group of reports of one quantity, or None when they agree."""
    rows = _distinct_sources(group)
    tolerance = float(rules.get("figure_tolerance", 0.02))
    variants = _variants([r["value"] for r in rows], tolerance)
    if len(variants) < 2:
        return None
    low, high = min(r["value"] for r in rows), max(r["value"] for r in rows)
    gap = abs(high - low) / max(abs(high), abs(low))
    disagreeing = [
        (a, b)
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
        if _differ(a["value"], b["value"], tolerance) and _other_source(a, b)
    ]
    if not disagreeing:
        return None  # values that differ inside one document are different items, not a conflict
    same_reporter = any(_same_reporter(a, b) for a, b in disagreeing)
    first = rows[0]
    changing = first["name"] in set(rules.get("changing_levels", []))
    reasons = _reasons(disagreeing, docs, rules, gap, changing, str(first["period"]))
    label = str(first["name"]).replace("_", " ")
    shown = " vs ".join(
        f"{fmt_value(r['value'], r['unit'])} ({_who(r)})" for r in _one_per_variant(rows, variants)
    )
    severity = "low" if changing else "high" if same_reporter else "medium"
    kind_text = "the same reporter gives" if same_reporter else "different reporters give"
    explanation = (
        f"For {label} in {first['period']}, {kind_text} different values: {shown} "
        f"(gap {gap:.1%}). Both are kept with their attribution; dyadscope does not average them. "
        f"Likely reason{'s' if len(reasons) > 1 else ''}: " + "; ".join(reasons) + "."
    )
    evidence = [
        indicator_citation(
            r,
            docs,
            source_attribution=r.get("source_attribution"),
            record_id=r.get("id"),
        )
        for r in rows
    ]
    return Finding(
        kind="figure_conflict",
        severity=severity,
        title=f"{label}, {first['period']}: {shown}",
        explanation=explanation,
        evidence=evidence,
        subject=f"{first['name']}:{first['period']}",
    )


def _distinct_sources(group: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (document, value): a document repeating its own figure is not a second source."""
    seen: set[tuple[Any, float]] = set()
    rows = []
    for row in records(group.sort_values(["value", "doc_id"], na_position="last")):
        key = (row.get("doc_id"), round(float(row["value"]), 6))
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def _differ(a: float, b: float, tolerance: float) -> bool:
    scale = max(abs(a), abs(b))
    return scale > 0 and abs(a - b) / scale > tolerance


def _variants(values: list[float], tolerance: float) -> list[list[float]]:
    """Values chained into groups that agree within the tolerance (sorted input)."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and not _differ(groups[-1][-1], value, tolerance):
            groups[-1].append(value)
        else:
            groups.append([value])
    return groups


def _one_per_variant(rows: list[dict[str, Any]], variants: list[list[float]]) -> list[dict[str, Any]]:
    picked = []
    for group in sorted(variants, key=lambda g: -max(g)):
        picked.append(next(r for r in rows if r["value"] in group))
    return picked


def _other_source(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two rows are two sources when they come from different documents (or unattributed bulk rows)."""
    if a.get("doc_id") and b.get("doc_id"):
        return a["doc_id"] != b["doc_id"]
    return _norm(a.get("source_attribution")) != _norm(b.get("source_attribution")) or not a.get("doc_id")


def _same_reporter(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("reporter") and b.get("reporter"):
        return a["reporter"] == b["reporter"]
    # Without reporter codes, the attributions decide; two unattributed figures cannot be told apart.
    return _norm(a.get("source_attribution")) == _norm(b.get("source_attribution"))


def _reasons(
    pairs: list[tuple[dict, dict]],
    docs: dict[str, dict[str, Any]],
    rules: dict[str, Any],
    gap: float,
    changing: bool = False,
    period: str = "",
) -> list[str]:
    text = rules.get("reasons", {})
    keys: list[str] = []
    extra: dict[str, Any] = {"gap": float(rules.get("rounding_gap", 0.05))}
    for a, b in pairs:
        if not _same_reporter(a, b):
            keys.append("reporter_asymmetry")
            if a["name"] in set(rules.get("trade_flows", [])):
                keys.append("fob_cif")
        elif _norm(a.get("source_attribution")) != _norm(b.get("source_attribution")):
            keys.append("attribution")
            extra["sources"] = f"{a.get('source_attribution')} / {b.get('source_attribution')}"
        if has_words(a.get("text", ""), ["services"]) != has_words(b.get("text", ""), ["services"]):
            keys.append("coverage")
        approx = rules.get("approximation_words", [])
        if gap < extra["gap"] and (
            has_words(a.get("text", ""), approx) or has_words(b.get("text", ""), approx)
        ):
            keys.append("rounding")
        months = _months_apart(docs.get(a.get("doc_id") or ""), docs.get(b.get("doc_id") or ""))
        if _same_reporter(a, b) and months >= 3:
            keys.append("revision")
            extra["months"] = months
    if changing:
        keys.insert(0, "changed_within_period")
    elif not keys or all(k in ("revision", "attribution") for k in keys):
        keys.append("unexplained")
    ordered = list(dict.fromkeys(keys))
    return [
        str(text.get(k, k)).format(
            gap=extra["gap"], months=extra.get("months", 0), sources=extra.get("sources", ""), period=period
        )
        for k in ordered
    ]


def _months_apart(doc_a: dict[str, Any] | None, doc_b: dict[str, Any] | None) -> int:
    dates = [str(d["published"]) for d in (doc_a, doc_b) if d and d.get("published")]
    return abs(months_between(dates[0], dates[1])) if len(dates) == 2 else 0


def _who(row: dict[str, Any]) -> str:
    parts = [p for p in (row.get("source_attribution"), row.get("reporter")) if p]
    return ", ".join(parts) if parts else "unattributed"


def _norm(value: Any) -> str:
    return " ".join(str(value or "").lower().replace(".", "").split())


def fmt_value(value: float, unit: str) -> str:
    """150000000000 USD -> 'USD 150.0 B'; percentages and counts stay plain."""
    if unit in ("%", "percent", "pct"):
        return f"{value:g} %"
    for size, suffix in SCALES:
        if abs(value) >= size:
            return f"{unit} {value / size:,.1f} {suffix}".strip()
    return f"{unit} {value:,.4g}".strip()
