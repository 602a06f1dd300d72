"""What ``dyadscope watch`` remembers in the store: its runs, the last scores per dyad, the feed items
already fetched, and the alerts raised, so that a restarted watcher never alerts twice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Connection, func, select

from ..store import tables as t

if TYPE_CHECKING:
    from ..api import Database

WATCH_TABLES = (t.watch_runs, t.watch_state, t.watch_alerts)
ALERT_COLUMNS = [
    "id",
    "created_at",
    "run_id",
    "kind",
    "dyad",
    "month",
    "series",
    "old_score",
    "new_score",
    "delta",
    "threshold",
    "severity",
    "title",
    "cause",
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ensure_tables(db: Database) -> None:
    """Create the watch tables in a store made before they existed (a no-op when they are there)."""
    with db.write() as conn:
        t.metadata.create_all(conn, tables=list(WATCH_TABLES), checkfirst=True)


def has_tables(conn: Connection) -> bool:
    return bool(conn.dialect.has_table(conn, t.watch_alerts.name))


def start_run(conn: Connection, sources: list[str]) -> int:
    result = conn.execute(t.watch_runs.insert().values(started_at=now(), sources_json=json.dumps(sources)))
    key = result.inserted_primary_key
    assert key is not None  # an INSERT into a table with an autoincrement key always has one
    return int(key[0])


def finish_run(conn: Connection, run_id: int, **counts: int) -> None:
    conn.execute(t.watch_runs.update().where(t.watch_runs.c.id == run_id).values(finished_at=now(), **counts))


def get_state(conn: Connection, scope: str, key: str) -> dict[str, Any] | None:
    s = t.watch_state.c
    row = conn.execute(select(s.value_json).where(s.scope == scope, s.key == key)).first()
    return json.loads(row[0]) if row else None


def put_state(conn: Connection, scope: str, key: str, value: dict[str, Any]) -> None:
    s = t.watch_state.c
    conn.execute(t.watch_state.delete().where(s.scope == scope, s.key == key))
    conn.execute(
        t.watch_state.insert().values(scope=scope, key=key, value_json=json.dumps(value), updated_at=now())
    )


def add_alert(conn: Connection, alert: dict[str, Any]) -> bool:
    """Store the alert unless one with its id is there already; True if it is new."""
    if conn.execute(select(t.watch_alerts.c.id).where(t.watch_alerts.c.id == alert["id"])).first():
        return False
    row = {k: v for k, v in alert.items() if k != "cause"}
    conn.execute(t.watch_alerts.insert().values(**row, cause_json=json.dumps(alert["cause"], default=str)))
    return True


def list_alerts(
    db: Database, *, dyad: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[pd.DataFrame, int]:
    """Stored alerts newest first, and how many there are in all (for paging)."""
    a = t.watch_alerts.c
    with db.read() as conn:
        if not has_tables(conn):
            return pd.DataFrame(columns=ALERT_COLUMNS), 0
        pair = [dyad, "-".join(reversed(dyad.split("-")))] if dyad else []
        where = [a.dyad.in_(pair)] if dyad else []
        total = conn.execute(select(func.count()).select_from(t.watch_alerts).where(*where)).scalar_one()
        rows = (
            conn.execute(
                select(t.watch_alerts)
                .where(*where)
                .order_by(a.created_at.desc(), a.run_id.desc(), a.id)
                .limit(limit)
                .offset(offset)
            )
            .mappings()
            .all()
        )
    records = []
    for row in rows:
        record = {k: v for k, v in row.items() if k != "cause_json"}
        record["cause"] = json.loads(row["cause_json"] or "{}")
        records.append(record)
    return pd.DataFrame(records, columns=ALERT_COLUMNS), int(total)


def list_runs(db: Database, limit: int = 50) -> pd.DataFrame:
    with db.read() as conn:
        if not has_tables(conn):
            return pd.DataFrame()
        r = t.watch_runs.c
        rows = conn.execute(select(t.watch_runs).order_by(r.id.desc()).limit(limit)).mappings().all()
    return pd.DataFrame([dict(row) for row in rows])
