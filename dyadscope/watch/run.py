"""One watch run: refresh the store from the sources, reassess the dyads, raise alerts on moves.

Per dyad the store keeps the snapshot and current scores of the last run (``watch_state``). The first
run of a dyad records them and alerts nothing; each later run compares the new current scores with
the stored ones (:func:`detect.score_moves`) and the high-severity findings with those seen before.
Alerts are committed to ``watch_alerts`` with the new state in one transaction, then logged, appended
to the JSON-lines file and POSTed to the webhook.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, or_, select

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError
from ..store import tables as t
from . import detect, sinks, sources, state

if TYPE_CHECKING:
    from ..api import Database

log = logging.getLogger("dyadscope.watch")
MAX_CAUSE_EVENTS = 5
MAX_AUTO_DYADS = 25


@dataclass
class WatchOptions:
    """Everything one run needs besides the store; the CLI's options, one to one."""

    sources: list[str]
    dyads: list[Dyad] | None = None
    threshold: float = detect.DEFAULT_THRESHOLD
    alerts_path: str | Path | None = None
    webhook: str | None = None
    allow_private_urls: bool = False
    timeout: float = 30.0
    max_dyads: int = MAX_AUTO_DYADS


def watch_once(db: Database, options: WatchOptions) -> list[dict[str, Any]]:
    """Run once: ingest, reassess, alert. Returns the alerts raised by this run (new ones only)."""
    state.ensure_tables(db)
    with db.write() as conn:
        run_id = state.start_run(conn, options.sources)
    ingested, failed = _refresh(db, options)
    dyads = options.dyads or dyads_with_evidence(db, options.max_dyads)
    alerts: list[dict[str, Any]] = []
    for dyad in dyads:
        try:
            alerts += _check_dyad(db, dyad, run_id, options.threshold)
        except DyadscopeError as exc:  # e.g. no evidence yet for a dyad named with --dyad
            log.info(sinks.logfmt("dyad_skipped", dyad=str(dyad), reason=exc.message))
    with db.write() as conn:
        state.finish_run(
            conn, run_id, documents_added=ingested, inputs_failed=failed, dyads=len(dyads), alerts=len(alerts)
        )
    for alert in alerts:
        sinks.log_alert(alert)
    if options.alerts_path is not None:
        sinks.append_jsonl(options.alerts_path, alerts)
    if options.webhook:
        sinks.post_webhook(options.webhook, alerts, allow_private=options.allow_private_urls)
    log.info(
        sinks.logfmt("run", run=run_id, added=ingested, failed=failed, dyads=len(dyads), alerts=len(alerts))
    )
    return alerts


def _refresh(db: Database, options: WatchOptions) -> tuple[int, int]:
    """Ingest this run's inputs; returns (documents added, inputs failed). Problems are logged."""
    from ..ingest.pipeline import FAILED

    if not options.sources:
        return 0, 0
    with db.read() as conn:
        seen = {
            row[0] for row in conn.execute(select(t.watch_state.c.key).where(t.watch_state.c.scope == "item"))
        }
    expanded = sources.expand(
        options.sources, timeout=options.timeout, allow_private=options.allow_private_urls, seen=seen
    )
    for problem in expanded.problems:
        log.error(sinks.logfmt("source_failed", error=problem))
    outcomes = (
        db.ingest(expanded.inputs, timeout=options.timeout, allow_private_urls=options.allow_private_urls)
        if expanded.inputs
        else []
    )
    failed = len(expanded.problems)
    with db.write() as conn:
        for outcome in outcomes:
            if outcome.status in FAILED:
                failed += 1
                log.error(sinks.logfmt("input_failed", source=outcome.source, error=outcome.message))
            elif outcome.source in expanded.items:  # fetched once: not again in later runs
                value = {
                    "url": outcome.source,
                    "from": expanded.items[outcome.source],
                    "doc_id": outcome.doc_id,
                }
                state.put_state(conn, "item", sources.url_key(outcome.source), value)
    return sum(o.status == "ok" for o in outcomes), failed


def dyads_with_evidence(db: Database, limit: int = MAX_AUTO_DYADS) -> list[Dyad]:
    """Pairs of distinct actors with reported events, most events first (codes in alphabetical order)."""
    e = t.events.c
    # CASE rather than the two-argument min/max of SQLite, which PostgreSQL spells LEAST/GREATEST
    low = case((e.source_actor < e.target_actor, e.source_actor), else_=e.target_actor)
    high = case((e.source_actor < e.target_actor, e.target_actor), else_=e.source_actor)
    query = (
        select(low.label("a"), high.label("b"), func.count().label("n"))
        .where(e.status == "reported", e.source_actor != e.target_actor)
        .group_by(low, high)
        .order_by(func.count().desc(), low, high)
        .limit(limit)
    )
    out = []
    with db.read() as conn:
        for row in conn.execute(query):
            try:
                out.append(parse_dyad(row.a, row.b))
            except DyadscopeError:  # a code the gazetteer no longer knows
                continue
    return out


def _check_dyad(db: Database, dyad: Dyad, run_id: int, threshold: float) -> list[dict[str, Any]]:
    """Reassess one dyad and compare with the last run; store the new state and the alerts."""
    assessment = db.assess(dyad)
    current = detect.current_scores(assessment.timeline.tail(1).to_dict("records"))
    findings = db.findings(dyad).to_dict("records")
    key = str(dyad)
    with db.read() as conn:
        previous = state.get_state(conn, "dyad", key)
    alerts: list[dict[str, Any]] = []
    if previous is not None and previous.get("snapshot_id") != assessment.snapshot_id:
        moves = detect.score_moves(previous, current, threshold)
        cause = _cause(db, dyad, previous.get("snapshot_id"), assessment.snapshot_id) if moves else {}
        alerts += [
            _score_alert(key, run_id, threshold, move, previous, assessment.snapshot_id, _focus(cause, move))
            for move in moves
        ]
    if previous is not None:
        seen = set(previous.get("findings", []))
        alerts += [_finding_alert(key, run_id, f) for f in detect.new_findings(findings, seen)]
    value = {
        "snapshot_id": assessment.snapshot_id,
        **current,
        "findings": sorted({f["id"] for f in findings} | set((previous or {}).get("findings", []))),
    }
    with db.write() as conn:
        alerts = [a for a in alerts if state.add_alert(conn, a)]
        state.put_state(conn, "dyad", key, value)
    return alerts


def _score_alert(
    dyad: str,
    run_id: int,
    threshold: float,
    move: dict[str, Any],
    previous: dict[str, Any],
    snapshot_id: str | None,
    cause: dict[str, Any],
) -> dict[str, Any]:
    direction = "up" if move["delta"] > 0 else "down"
    label = "overall score" if move["series"] == "overall" else f"{move['series']} score"
    return {
        "id": detect.alert_id("score", dyad, move["series"], previous.get("snapshot_id"), snapshot_id),
        "created_at": state.now(),
        "run_id": run_id,
        "kind": "score",
        "dyad": dyad,
        "month": move["month"],
        "series": move["series"],
        "old_score": move["old_score"],
        "new_score": move["new_score"],
        "delta": move["delta"],
        "threshold": threshold,
        "severity": None,
        "title": (
            f"{dyad} {label} {direction} {abs(move['delta']):.2f} points ({move['old_score']:+.2f} "
            f"in {move['old_month']} -> {move['new_score']:+.2f} in {move['month']})"
        ),
        "cause": {**cause, "from_snapshot": previous.get("snapshot_id"), "to_snapshot": snapshot_id},
    }


def _finding_alert(dyad: str, run_id: int, finding: dict[str, Any]) -> dict[str, Any]:
    evidence = finding.get("evidence") or []
    documents = [
        {"doc_id": e.get("doc_id"), "title": e.get("doc_title") or e.get("title"), "text": e.get("text")}
        for e in evidence
        if isinstance(e, dict) and e.get("doc_id")
    ]
    return {
        "id": detect.alert_id("finding", dyad, finding["id"]),
        "created_at": state.now(),
        "run_id": run_id,
        "kind": "finding",
        "dyad": dyad,
        "month": None,
        "series": None,
        "old_score": None,
        "new_score": None,
        "delta": None,
        "threshold": None,
        "severity": finding.get("severity"),
        "title": f"{dyad}: new {finding.get('severity')} finding: {finding.get('title')}",
        "cause": {
            "finding_id": finding["id"],
            "finding_kind": finding.get("kind"),
            "explanation": finding.get("explanation"),
            "documents": documents,
        },
    }


def _focus(cause: dict[str, Any], move: dict[str, Any]) -> dict[str, Any]:
    """For a dimension's move, that dimension's events first (the overall keeps the |Goldstein| order)."""
    events = cause.get("events") or []
    if move["series"] != "overall":
        events = sorted(events, key=lambda e: e["dimension"] != move["series"])  # stable
    return {**cause, "events": events[:MAX_CAUSE_EVENTS]}


def _cause(db: Database, dyad: Dyad, old_snap: str | None, new_snap: str | None) -> dict[str, Any]:
    """The documents whose contribution changed between the two snapshots, and their strongest events."""
    if not old_snap or not new_snap:
        return {"documents": [], "events": []}
    try:
        diff = db.diff(old_snap, new_snap)
    except DyadscopeError:  # a snapshot removed meanwhile: report the move without its cause
        return {"documents": [], "events": []}
    documents = diff["causes"][:MAX_CAUSE_EVENTS]
    doc_ids = [d["doc_id"] for d in documents if d["status"] != "removed"]
    e = t.events.c
    pair = (dyad.a, dyad.b)
    query = (
        select(e.id, e.doc_id, e.date, e.event_code, e.event_label, e.goldstein, e.dimension, e.text)
        .where(e.doc_id.in_(doc_ids), e.status == "reported")
        .where(
            or_(
                (e.source_actor == pair[0]) & (e.target_actor == pair[1]),
                (e.source_actor == pair[1]) & (e.target_actor == pair[0]),
            )
        )
        .order_by(func.abs(e.goldstein).desc(), e.date.desc(), e.id)
        .limit(MAX_CAUSE_EVENTS * 4)  # enough for a dimension's own events to be among them
    )
    with db.read() as conn:
        events = [dict(row) for row in conn.execute(query).mappings()]
    for event in events:
        event["text"] = (event["text"] or "")[:300]
    return {"documents": documents, "events": events}
