"""Consistency with the profile's framework history: a partnership said to be set up at the wrong date.

A sentence that names a framework level of the dyad (e.g. "Comprehensive Strategic Partnership")
next to a verb of establishment ("established", "elevated to", "upgraded") and dates it, while the
profile dates that step otherwise, is flagged with both sources. Names and dates come from the
profile's ladder and framework; nothing here knows a dyad.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..store import tables as t
from .findings_common import Finding, citation, has_words, profile_citation
from .findings_consistency import dated_spans


def find_framework_conflicts(
    db: Any, profile: Any, docs: dict[str, dict[str, Any]], rules: dict[str, Any]
) -> list[Finding]:
    """Sentences dating the establishment of a framework step other than the profile does."""
    steps = list(getattr(profile, "framework", None) or [])
    if not steps:
        return []
    names = _level_names(profile, {s.level for s in steps})
    findings = []
    for step in steps:
        pattern = names.get(step.level)
        if pattern is None:
            continue
        for sent in _sentences(db, names[step.level], profile, step.level):
            finding = _check(sent, step, pattern, names, profile, docs, rules)
            if finding is not None:
                findings.append(finding)
    return findings


def _level_names(profile: Any, levels: set[str]) -> dict[str, re.Pattern[str]]:
    """Per level, a regex of its label and id (z/s spelling free), longest names first."""
    found = {}
    for rung in profile.ladder:
        if rung.id not in levels:
            continue
        variants = {rung.label.lower(), rung.id.replace("_", " ").lower()}
        parts = [re.escape(v).replace("z", "[sz]").replace(r"\ ", r"\s+") for v in variants if len(v) > 3]
        parts.sort(key=len, reverse=True)
        found[rung.id] = re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)
    return found


def _sentences(db: Any, pattern: re.Pattern[str], profile: Any, level: str) -> list[dict[str, Any]]:
    rung = profile.rung(level)
    words = {w for w in re.split(r"\W+", f"{rung.label} {rung.id.replace('_', ' ')}".lower()) if len(w) > 4}
    key = max(words, key=len) if words else rung.label
    s = t.sentences.c
    query = select(s.doc_id, s.idx, s.char_start, s.char_end, s.text).where(
        # lower() on both sides: SQLite's LIKE ignores case, PostgreSQL's does not (found by the PG suite).
        func.lower(s.text).contains(key[:6].lower(), autoescape=True)
    )
    with db.read() as conn:
        rows = [dict(r) for r in conn.execute(query.order_by(s.doc_id, s.idx)).mappings()]
    return [r for r in rows if pattern.search(r["text"])]


def _mentions_other_level(
    text: str, span: tuple[int, int], names: dict[str, re.Pattern[str]], level: str
) -> bool:
    """True when a longer level name covers the match ("strategic partnership" inside a comprehensive one)."""
    for other, pattern in names.items():
        if other == level:
            continue
        for match in pattern.finditer(text):
            if match.start() <= span[0] and span[1] <= match.end() and match.span() != span:
                return True
    return False


def _agrees(found: str, expected: str, days: int) -> bool:
    """Same period at the sentence's precision; day dates may differ by ``days`` (two capitals)."""
    if len(found) == 10 and len(expected) >= 10:
        return abs((date.fromisoformat(found) - date.fromisoformat(expected[:10])).days) <= days
    n = min(len(found), len(expected))
    return found[:n] == expected[:n]


def _check(
    sent: dict[str, Any],
    step: Any,
    pattern: re.Pattern[str],
    names: dict[str, re.Pattern[str]],
    profile: Any,
    docs: dict[str, dict[str, Any]],
    rules: dict[str, Any],
) -> Finding | None:
    """Flag only the plain case: one framework level, no organisation, a verb and a date right beside it."""
    text = sent["text"]
    matches = [
        m for m in pattern.finditer(text) if not _mentions_other_level(text, m.span(), names, step.level)
    ]
    doc = docs.get(sent["doc_id"]) or {}
    if (
        len(matches) != 1
        or _other_levels(text, names, step.level)
        or _about_other_pair(text, profile.pair, doc)
    ):
        return None
    match = matches[0]
    published = doc.get("published")
    window = int(rules.get("framework_window_chars", 45))
    dated = [
        (iso, a, b)
        for iso, a, b in dated_spans(text, published, rules.get("target_words", []))
        if _gap((a, b), match.span()) <= window
    ]
    if len(dated) != 1:
        return None
    iso, a, b = dated[0]
    between = text[max(0, min(a, match.start()) - window // 2) : max(b, match.end()) + window // 2]
    if not has_words(between, rules.get("framework_verbs", [])):
        return None
    if _agrees(iso, step.date, int(rules.get("framework_tolerance_days", 3))):
        return None
    label = profile.rung(step.level).label
    explanation = (
        f"The sentence dates the {label.lower()} to {iso}, but the profile dates that step {step.date}. "
        "One of them is wrong (or the sentence means an earlier, different agreement); check the source."
    )
    evidence = [
        citation(sent, docs, date=iso),
        profile_citation(
            profile,
            f"{label}: since {step.date} ({profile.dyad} profile, framework)",
            level=step.level,
            date=step.date,
        ),
    ]
    return Finding(
        kind="inconsistency",
        severity="medium",
        title=f"{label} dated {iso} (profile: {step.date})",
        explanation=explanation,
        evidence=evidence,
        subject=f"framework:{step.level}:{sent['doc_id']}:{sent['idx']}",
    )


def _gap(one: tuple[int, int], two: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(one[0], two[0]) - min(one[1], two[1]))


def _other_levels(text: str, names: dict[str, re.Pattern[str]], level: str) -> bool:
    """Another framework level named on its own (not as part of this level's name) in the sentence."""
    own = [m.span() for m in names[level].finditer(text)]
    for other, pattern in names.items():
        if other == level:
            continue
        for match in pattern.finditer(text):
            if not any(a <= match.start() and match.end() <= b for a, b in own):
                return True
    return False


def _about_other_pair(text: str, pair: Any, doc: dict[str, Any]) -> bool:
    """True unless the sentence is about this dyad: it names both, or its document is about the dyad
    and the sentence names nobody else ("the two countries")."""
    from ..extract.actors import find_mentions

    codes = set(pair.codes)
    named = {m.code for m in find_mentions(text) if m.code is not None}
    if named - codes:
        return True
    if named == codes:
        return False
    return str(doc.get("dyad") or "") not in (f"{pair.a}-{pair.b}", f"{pair.b}-{pair.a}")
