"""Snapshots: every assessment run stored with the hashes of its inputs; diff between two runs.

The snapshot id is sha256 over (dyad, scoring version, parameters, period, input manifest), so the
same inputs give the same id and, by construction of the model, the same numbers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import select

from ..errors import Errors, InputError, NotFound, ReadOnly
from ..store import tables as t

if TYPE_CHECKING:
    from ..api import Database
    from .inputs import Inputs

SERIES = ("overall", "diplomatic", "security", "economic", "human_rights", "people", "legacy")
TOLERANCE = 1e-9


def _sha(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def manifest(inputs: Inputs, items: pd.DataFrame, profile_path: str | None) -> dict[str, Any]:
    """What the run read: documents (id -> content hash), bulk imports, profile, record digest."""
    docs = {r["id"]: r["content_sha256"] or r["id"] for r in inputs.docs.to_dict("records")}
    profile_hash = "defaults"
    if profile_path:
        with open(profile_path, "rb") as fh:
            profile_hash = hashlib.sha256(fh.read()).hexdigest()
    records = items[["kind", "record_id", "month", "dimension", "raw"]].sort_values(["kind", "record_id"])
    claims = sorted(zip(inputs.claims.get("id", []), inputs.claims.get("factor", []), strict=False))
    return {
        "documents": docs,
        "imports": {r["id"]: int(r["rows_loaded"] or 0) for r in inputs.imports.to_dict("records")},
        "bulk": list(inputs.bulk_range),
        "profile": profile_hash,
        "records": _sha([records.round(12).values.tolist(), claims]),
    }


def snapshot_id(dyad: str, params: dict[str, Any], since: str, until: str, inputs: dict[str, Any]) -> str:
    return _sha({"dyad": dyad, "params": params, "since": since, "until": until, "inputs": inputs})


def save(
    db: Database,
    snap_id: str,
    dyad: str,
    scoring: str,
    params: dict[str, Any],
    inputs: dict[str, Any],
    result: dict[str, Any],
) -> bool:
    """Store the snapshot unless it is already there or the store is read-only; True if written."""
    if db.read_only:
        return False
    try:
        with db.write() as conn:
            exists = conn.execute(select(t.snapshots.c.id).where(t.snapshots.c.id == snap_id)).first()
            if exists:
                return False
            conn.execute(
                t.snapshots.insert().values(
                    id=snap_id,
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    dyad=dyad,
                    scoring=scoring,
                    params_json=json.dumps(params, sort_keys=True),
                    inputs_json=json.dumps(inputs, sort_keys=True),
                    result_json=json.dumps(result, default=str),
                )
            )
    except ReadOnly:
        return False
    return True


def list_snapshots(db: Database, dyad: str | None = None) -> pd.DataFrame:
    """One row per stored snapshot, newest first: id, created_at, dyad, scoring, period, score."""
    s = t.snapshots.c
    query = select(s.id, s.created_at, s.dyad, s.scoring, s.inputs_json, s.result_json)
    if dyad is not None:
        a, _, b = dyad.partition("-")
        query = query.where(s.dyad.in_([dyad, f"{b}-{a}"]))
    with db.read() as conn:
        rows = conn.execute(query.order_by(s.created_at.desc(), s.id)).mappings().all()
    out = []
    for row in rows:
        result, inputs = json.loads(row["result_json"]), json.loads(row["inputs_json"])
        current = result.get("current", {})
        out.append(
            {
                "id": row["id"],
                "created_at": row["created_at"],
                "dyad": row["dyad"],
                "scoring": row["scoring"],
                "since": result.get("since"),
                "until": result.get("until"),
                "documents": len(inputs.get("documents", {})),
                "month": current.get("month"),
                "score": current.get("score"),
                "level": current.get("level"),
            }
        )
    columns = [
        "id",
        "created_at",
        "dyad",
        "scoring",
        "since",
        "until",
        "documents",
        "month",
        "score",
        "level",
    ]
    return pd.DataFrame(out, columns=columns)


def load(db: Database, snap_id: str) -> dict[str, Any]:
    s = t.snapshots.c
    with db.read() as conn:
        rows = (
            conn.execute(select(t.snapshots).where(s.id.like(f"{snap_id}%"))).mappings().all()
            if len(snap_id or "") >= 6 and snap_id.isalnum()
            else []
        )
    if len(rows) != 1:
        raise NotFound(Errors.E406.format(snap_id=snap_id))
    row = dict(rows[0])
    return {
        **row,
        "params": json.loads(row["params_json"]),
        "inputs": json.loads(row["inputs_json"]),
        "result": json.loads(row["result_json"]),
    }


def diff(db: Database, snap1: str, snap2: str) -> dict[str, Any]:
    """Which scores changed between two snapshots, and which added/removed/changed documents caused it."""
    old, new = load(db, snap1), load(db, snap2)
    if old["dyad"] != new["dyad"]:
        raise InputError(Errors.E415.format(snap1=snap1, dyad1=old["dyad"], snap2=snap2, dyad2=new["dyad"]))
    old_docs, new_docs = old["inputs"]["documents"], new["inputs"]["documents"]
    titles = {**old["result"].get("documents", {}), **new["result"].get("documents", {})}
    changes = _score_changes(old["result"]["timeline"], new["result"]["timeline"])
    causes = _causes(
        old["result"].get("documents", {}), new["result"].get("documents", {}), old_docs, new_docs
    )
    return {
        "from": old["id"],
        "to": new["id"],
        "dyad": new["dyad"],
        "params_changed": old["params"] != new["params"],
        "documents_added": [
            {"doc_id": d, "title": titles.get(d, {}).get("title")}
            for d in sorted(set(new_docs) - set(old_docs))
        ],
        "documents_removed": [
            {"doc_id": d, "title": titles.get(d, {}).get("title")}
            for d in sorted(set(old_docs) - set(new_docs))
        ],
        "documents_changed": sorted(d for d in set(old_docs) & set(new_docs) if old_docs[d] != new_docs[d]),
        "current": {"before": old["result"].get("current"), "after": new["result"].get("current")},
        "dimensions": dimension_shifts(old["result"]["timeline"], new["result"]["timeline"]),
        "changes": changes,
        "causes": causes,
    }


def dimension_shifts(before: list[dict], after: list[dict]) -> list[dict[str, Any]]:
    """Every series (overall and each dimension) at each run's last month: before, after and the shift."""
    last_old, last_new = (before[-1] if before else {}), (after[-1] if after else {})
    out = []
    for series in SERIES:
        a, b = last_old.get(series), last_new.get(series)
        delta = None if a is None or b is None else round(b - a, 6)
        out.append({"series": series, "before": a, "after": b, "delta": delta})
    return out


def _score_changes(before: list[dict], after: list[dict]) -> list[dict[str, Any]]:
    old = {r["month"]: r for r in before}
    out = []
    for row in after:
        prev = old.get(row["month"], {})
        for series in SERIES:
            a, b = prev.get(series), row.get(series)
            if a is None or b is None or abs(a - b) > TOLERANCE:
                out.append(
                    {
                        "month": row["month"],
                        "series": series,
                        "before": a,
                        "after": b,
                        "delta": None if a is None or b is None else round(b - a, 6),
                    }
                )
    new_months = {r["month"] for r in after}
    out += [
        {"month": m, "series": "overall", "before": old[m].get("overall"), "after": None, "delta": None}
        for m in sorted(set(old) - new_months)
    ]
    return out


def _causes(before: dict, after: dict, old_docs: dict, new_docs: dict) -> list[dict[str, Any]]:
    """Documents whose total contribution to the overall score differs between the two runs."""
    out = []
    for doc_id in sorted(set(before) | set(after)):
        a = before.get(doc_id, {}).get("contribution", 0.0)
        b = after.get(doc_id, {}).get("contribution", 0.0)
        status = "added" if doc_id not in old_docs else "removed" if doc_id not in new_docs else "changed"
        if abs(a - b) > TOLERANCE or status != "changed":
            title = (after.get(doc_id) or before.get(doc_id) or {}).get("title")
            out.append(
                {
                    "doc_id": doc_id,
                    "title": title,
                    "status": status,
                    "contribution_before": round(a, 6),
                    "contribution_after": round(b, 6),
                }
            )
    return sorted(out, key=lambda r: -abs(r["contribution_after"] - r["contribution_before"]))
