"""Policy levels (tariff rates, quotas): successive policy states, told apart from conflicting reports.

A rate announced or threatened in April and a lower rate agreed in July are two states of one policy,
not two reports of one quantity that disagree. Each report of a policy level gets a *stage* from the
wording nearest its number (``proposed``: announced, threatened; ``in_force``: agreed, imposed, kept)
and a *moment* (the indicator's period when it names a month or day, else the document's publication
date). Reports of one moment and one stage that disagree are a real ``figure_conflict``; different
values at different moments or stages make one low-severity ``policy_change`` that lists the states in
order, each cited. Which names are policy levels is data: the ontology's ``measure: rate`` (see
``policy_measures``) and the ``policy_indicators`` list of the rules file.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .findings_common import Finding, indicator_citation, policy_mask, records, word_pattern
from .findings_figures import conflict_finding, fmt_value, pair_key

STAGE_ORDER = {"proposed": 0, None: 1, "in_force": 2}
PRECISE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def find_policy_findings(
    indicators: pd.DataFrame, docs: dict[str, dict[str, Any]], rules: dict[str, Any]
) -> list[Finding]:
    """Per policy level and direction: conflicts within one moment and stage, and the change across them."""
    if indicators is None or indicators.empty:
        return []
    policy = indicators[policy_mask(indicators, rules)]
    rows = [_annotate(r, docs, rules) for r in records(policy)]
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["name"], str(row["unit"]), pair_key(row, rules)), []).append(row)
    findings: list[Finding] = []
    for key in sorted(groups):
        states = _states(groups[key])
        for state in states:
            if len(state) > 1:
                found = conflict_finding(pd.DataFrame(state), docs, rules)
                findings += [found] if found is not None else []
        runs = _merge_runs(states, float(rules.get("figure_tolerance", 0.02)))
        change = _change(runs, key[2].replace(">", "→").replace("~", "–"), docs)
        findings += [change] if change is not None else []
    return findings


def _annotate(row: dict[str, Any], docs: dict[str, dict[str, Any]], rules: dict[str, Any]) -> dict[str, Any]:
    stage, word = policy_stage(str(row.get("text") or ""), float(row["value"]), rules)
    return {**row, "_stage": stage, "_word": word, "_when": _moment(row, docs)}


def policy_stage(text: str, value: float, rules: dict[str, Any]) -> tuple[str | None, str | None]:
    """(stage, cue word) from the stage word nearest before the number, else the first one after it."""
    cues = [
        (match.start(), stage, match.group(0).lower())
        for stage, words in (rules.get("policy_stage_words") or {}).items()
        if words
        for match in word_pattern(tuple(words)).finditer(text)
    ]
    if not cues:
        return None, None
    number = re.search(rf"(?<![\d.]){re.escape(f'{value:g}')}(?:\.0+)?(?![\d])", text)
    at = number.start() if number else len(text)
    before = [c for c in cues if c[0] < at]
    pick = max(before) if before else min(cues)
    return pick[1], pick[2]


def _moment(row: dict[str, Any], docs: dict[str, dict[str, Any]]) -> str:
    """The date a report speaks of: a month- or day-precise period, else the publication date in it."""
    period = str(row.get("period") or "")
    if PRECISE.fullmatch(period):
        return period
    published = str((docs.get(row.get("doc_id") or "") or {}).get("published") or "")
    if published and published[:4] == period[:4]:
        return published
    return period[:4] or published


def _states(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Reports by (month, stage) in time order; an unmarked report joins its month's only stage."""
    by_month: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_month.setdefault(row["_when"][:7], []).append(row)
    states: list[list[dict[str, Any]]] = []
    for month in sorted(by_month):
        stages = {r["_stage"] for r in by_month[month] if r["_stage"]}
        buckets: dict[str | None, list[dict[str, Any]]] = {}
        for row in by_month[month]:
            stage = row["_stage"] or (next(iter(stages)) if len(stages) == 1 else None)
            buckets.setdefault(stage, []).append(row)
        for stage in sorted(buckets, key=lambda s: STAGE_ORDER[s]):
            states.append(sorted(buckets[stage], key=lambda r: (r["_when"], str(r.get("doc_id")))))
    return states


def _merge_runs(states: list[list[dict[str, Any]]], tolerance: float) -> list[list[dict[str, Any]]]:
    """Consecutive states giving the same value(s) are one state (a rate agreed, then imposed, then kept)."""
    runs: list[list[dict[str, Any]]] = []
    for state in states:
        if runs and _same_values(runs[-1], state, tolerance):
            runs[-1] = runs[-1] + state
        else:
            runs.append(list(state))
    return runs


def _same_values(a: list[dict[str, Any]], b: list[dict[str, Any]], tolerance: float) -> bool:
    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tolerance * max(abs(x), abs(y))

    values_a, values_b = [float(r["value"]) for r in a], [float(r["value"]) for r in b]
    return all(any(close(x, y) for y in values_b) for x in values_a) and all(
        any(close(y, x) for x in values_a) for y in values_b
    )


def _change(runs: list[list[dict[str, Any]]], pair: str, docs: dict[str, dict[str, Any]]) -> Finding | None:
    if len(runs) < 2:
        return None
    first = runs[0][0]
    label = str(first["name"]).replace("_", " ")
    heads = [_head(run) for run in runs]
    steps = " → ".join(
        f"{_values(run)} ({_stage_text(head)}, {head['_when']})"
        for run, head in zip(runs, heads, strict=True)
    )
    told = "; then ".join(
        f"{_values(run)} {_stage_text(head)} {head['_when']} ({_title(head, docs)})"
        + (f", still given on {run[-1]['_when']}" if run[-1]["_when"][:7] != head["_when"][:7] else "")
        for run, head in zip(runs, heads, strict=True)
    )
    latest = max((r for run in runs for r in run), key=lambda r: (r["_when"], STAGE_ORDER[r["_stage"]]))
    now = fmt_value(float(latest["value"]), str(latest["unit"]))
    now += f" ({_stage_text(latest)}, {latest['_when']})"
    explanation = (
        f"The reports give successive states of one policy, not conflicting figures for one quantity: "
        f"{told}. A rate announced, threatened or proposed and a rate later agreed or in force are both "
        f"kept with their sources; dyadscope does not average them. The newest report in the store gives "
        f"{now}."
    )
    evidence = [
        indicator_citation(
            r,
            docs,
            stage=r["_stage"],
            stage_word=r["_word"],
            date=r["_when"],
            record_id=r.get("id"),
        )
        for run in runs
        for r in _distinct(run)
    ]
    return Finding(
        kind="policy_change",
        severity="low",
        title=f"{label}, {pair}: {steps}",
        explanation=explanation,
        evidence=evidence,
        subject=f"policy:{first['name']}:{pair}",
    )


def _head(run: list[dict[str, Any]]) -> dict[str, Any]:
    """The report that opens a state: the earliest, preferring one whose wording gives the stage."""
    return min(run, key=lambda r: (r["_when"][:7], r["_stage"] is None, r["_when"]))


def _distinct(run: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in run:
        key = (row.get("doc_id"), round(float(row["value"]), 6), row["_when"])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _values(run: list[dict[str, Any]]) -> str:
    values = sorted({round(float(r["value"]), 6) for r in run}, reverse=True)
    return " / ".join(fmt_value(v, str(run[0]["unit"])) for v in values)


def _stage_text(row: dict[str, Any]) -> str:
    if row["_word"]:
        return str(row["_word"])
    return "stage not stated"


def _title(row: dict[str, Any], docs: dict[str, dict[str, Any]]) -> str:
    return str((docs.get(row.get("doc_id") or "") or {}).get("title") or "no document")
