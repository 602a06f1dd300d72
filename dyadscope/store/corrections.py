"""Corrections: an overlay of analysts' changes to extracted events, with who, when and why.

Actions: ``recode`` (a new CAMEO code; label, Goldstein, root and dimension follow from the codebook),
``swap_actors``, ``merge`` (the event duplicates ``into``: it is dropped, ``into`` kept), ``reject`` and
``add_event`` (a missing event with its sentence). Corrections live in their own table, so re-ingesting a
document or re-extracting its events leaves them in place; each one finds its event by id, else by the same
document and character span, so it still applies to the re-extracted event. ``apply_to_events`` is called
where the assessment reads events (``assess/inputs.py``), so scores and explanations reflect them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import yaml
from sqlalchemy import Connection, select

from ..errors import Errors, InputError
from . import tables as t

ACTIONS = ("recode", "swap_actors", "merge", "reject", "add_event")
ADD_FIELDS = ("doc_id", "date", "source_actor", "target_actor", "event_code", "text")


def add_correction(
    conn: Connection,
    action: str,
    record_id: str | None = None,
    *,
    who: str,
    why: str,
    event_code: str | None = None,
    into: str | None = None,
    event: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate and store one correction; return it as a record. InputError (E407, E509, E510) when bad."""
    if action not in ACTIONS:
        raise InputError(Errors.E407.format(value=action, field="action", choices=", ".join(ACTIONS)))
    if not who.strip() or not why.strip():
        raise InputError(Errors.E510.format(action=action, detail="say who you are and why (--who, --why)"))
    row: dict[str, Any] = {"action": action, "who": who.strip(), "why": why.strip(), "changes": {}}
    if action == "add_event":
        row["changes"] = _new_event(event or {})
        row.update(doc_id=row["changes"]["doc_id"], char_start=row["changes"]["char_start"])
        row["char_end"] = row["changes"]["char_end"]
    else:
        target = _event(conn, record_id)
        row.update(record_id=record_id, doc_id=target["doc_id"])
        row.update(char_start=target["char_start"], char_end=target["char_end"])
        if action == "recode":
            row["changes"] = {"event_code": _code(event_code, action)}
        elif action == "merge":
            if not into or into == record_id:
                raise InputError(
                    Errors.E510.format(action=action, detail="name the event it duplicates (--into)")
                )
            _event(conn, into)
            row["into_id"] = into
    row["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    stored = {**row, "changes": json.dumps(row["changes"], ensure_ascii=False, sort_keys=True)}
    t.corrections.create(conn, checkfirst=True)
    key = conn.execute(t.corrections.insert().values(**stored)).inserted_primary_key
    row["id"] = key[0] if key else None
    return row


def list_corrections(conn: Connection) -> pd.DataFrame:
    """Every correction, oldest first, with ``changes`` decoded."""
    if not conn.dialect.has_table(conn, "corrections"):
        return pd.DataFrame(columns=[c.name for c in t.corrections.columns])
    result = conn.execute(select(t.corrections).order_by(t.corrections.c.id))
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame["changes"] = [json.loads(c or "{}") for c in frame["changes"]]
    return frame


def apply_to_events(conn: Connection, events: pd.DataFrame, codes: tuple[str, str]) -> pd.DataFrame:
    """``events`` (rows of the events table) as corrected: recoded, swapped, merged or rejected rows
    changed or dropped, added events of the pair appended (``codes`` are the pair's two actors)."""
    found = list_corrections(conn)
    if found.empty:
        return events
    frame = events.copy()
    for c in found.to_dict("records"):
        hit = _rows(frame, c)
        if c["action"] in ("reject", "merge"):
            frame = frame[~hit]
        elif c["action"] == "swap_actors":
            src = frame.loc[hit, "source_actor"].copy()
            frame.loc[hit, "source_actor"] = frame.loc[hit, "target_actor"]
            frame.loc[hit, "target_actor"] = src
        elif c["action"] == "recode":
            for key, value in _coded(c["changes"]["event_code"]).items():
                if key in frame:
                    frame.loc[hit, key] = value
        elif c["action"] == "add_event" and {
            c["changes"]["source_actor"],
            c["changes"]["target_actor"],
        } == set(codes):
            frame = pd.concat([frame, pd.DataFrame([_added_row(c, frame.columns)])], ignore_index=True)
    return frame.reset_index(drop=True)


def export_gold(conn: Connection) -> str:
    """The corrections as gold-format YAML (one entry per document: events as corrected, rejected ones
    by ``locate``), to evaluate extraction against what analysts fixed. ``locate`` holds at most 6 words."""
    found = list_corrections(conn)
    docs: dict[str, dict[str, Any]] = {}
    for c in found.to_dict("records"):
        entry = docs.setdefault(
            str(c["doc_id"]), {"document": str(c["doc_id"]), "events": [], "rejected": []}
        )
        if c["action"] == "add_event":
            e = c["changes"]
        else:
            e = _stored_event(conn, c) or {}
            if c["action"] == "recode":
                e = {**e, **_coded(c["changes"]["event_code"])}
            if c["action"] == "swap_actors":
                e = {**e, "source_actor": e.get("target_actor"), "target_actor": e.get("source_actor")}
        gold = {
            "date": e.get("date"),
            "actors": [e.get("source_actor"), e.get("target_actor")],
            "code": e.get("event_code"),
            "root": str(e.get("event_code") or "")[:2],
            "status": e.get("status", "reported"),
            "locate": " ".join(str(e.get("text") or "").split()[:6]),
            "correction": {"action": c["action"], "who": c["who"], "at": c["at"], "why": c["why"]},
        }
        entry["rejected" if c["action"] in ("reject", "merge") else "events"].append(gold)
    return yaml.safe_dump({"corrections": list(docs.values())}, sort_keys=False, allow_unicode=True)


def _event(conn: Connection, record_id: str | None) -> dict[str, Any]:
    row = conn.execute(select(t.events).where(t.events.c.id == (record_id or ""))).mappings().first()
    if row is None:
        raise InputError(Errors.E509.format(record_id=record_id))
    return dict(row)


def _stored_event(conn: Connection, c: dict[str, Any]) -> dict[str, Any] | None:
    e = t.events.c
    by_id = select(t.events).where(e.id == (c["record_id"] or ""))
    by_span = select(t.events).where(
        e.doc_id == c["doc_id"], e.char_start == c["char_start"], e.char_end == c["char_end"]
    )
    row = conn.execute(by_id).mappings().first() or conn.execute(by_span).mappings().first()
    return dict(row) if row else None


def _rows(frame: pd.DataFrame, c: dict[str, Any]) -> pd.Series:
    if frame.empty or c["action"] == "add_event":
        return pd.Series(False, index=frame.index)
    by_id = frame["id"] == c["record_id"]
    if by_id.any() or "char_start" not in frame:
        return by_id
    # re-extracted: a new id, same document and span
    return (
        (frame["doc_id"] == c["doc_id"])
        & (frame["char_start"] == c["char_start"])
        & (frame["char_end"] == c["char_end"])
    )


def _code(code: str | None, action: str) -> str:
    from ..ontology import cameo

    if not code:
        raise InputError(Errors.E510.format(action=action, detail="give the new CAMEO code (--code)"))
    return cameo.lookup(str(code)).code


def _coded(code: str) -> dict[str, Any]:
    from ..ontology import cameo

    found = cameo.lookup(code)
    return {
        "event_code": found.code,
        "event_root": found.code[:2],
        "event_label": found.label,
        "goldstein": found.goldstein,
        "quad_class": found.quad_class,
        "dimension": found.dimension,
    }


def _new_event(event: dict[str, Any]) -> dict[str, Any]:
    missing = [k for k in ADD_FIELDS if not event.get(k)]
    if missing:
        raise InputError(Errors.E510.format(action="add_event", detail=f"missing {', '.join(missing)}"))
    date = str(event["date"])
    if len(date) not in (4, 7, 10):
        raise InputError(Errors.E409.format(text=date))
    code = _code(event["event_code"], "add_event")
    return {
        **{k: event[k] for k in ADD_FIELDS},
        "event_code": code,
        "status": event.get("status", "reported"),
        "char_start": int(event.get("char_start") or 0),
        "char_end": int(event.get("char_end") or len(str(event["text"]))),
    }


def _added_row(c: dict[str, Any], columns: Any) -> dict[str, Any]:
    e = c["changes"]
    date = str(e["date"])
    row: dict[str, Any] = {k: None for k in columns}
    row.update(
        {
            **{k: e[k] for k in ADD_FIELDS if k in columns},
            **{k: v for k, v in _coded(e["event_code"]).items() if k in columns},
            "id": f"correction-{c['id']}",
            "date": date,
            "date_precision": {10: "day", 7: "month", 4: "year"}[len(date)],
            "month": date[:7] if len(date) >= 7 else f"{date}-06",
            "status": e.get("status", "reported"),
            "char_start": e["char_start"],
            "char_end": e["char_end"],
            "confidence": 1.0,
            "origin": "document",
        }
    )
    return {k: v for k, v in row.items() if k in columns}
