"""Store bookkeeping shared by the bulk connectors: the ``imports`` ledger and idempotent inserts."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..store import tables as t


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ledger_id(*parts: Any) -> str:
    """sha256 over the parts (file hashes plus the options that change what is stored)."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def finished(db, import_id: str) -> bool:
    """True when an import with this id ran to the end (so running it again adds nothing)."""
    with db.read() as conn:
        return conn.execute(select(t.imports.c.status).where(t.imports.c.id == import_id)).scalar() == "ok"


def mark(
    db,
    import_id: str,
    kind: str,
    path: Path | str,
    status: str,
    *,
    read: int = 0,
    loaded: int = 0,
    quarantined: int = 0,
    message: str | None = None,
) -> None:
    """Upsert the ``imports`` row (one small transaction)."""
    with db.write() as conn:
        upsert(
            conn,
            import_id,
            kind,
            path,
            status,
            read=read,
            loaded=loaded,
            quarantined=quarantined,
            message=message,
        )


def upsert(
    conn: Connection,
    import_id: str,
    kind: str,
    path: Path | str,
    status: str,
    *,
    read: int = 0,
    loaded: int = 0,
    quarantined: int = 0,
    message: str | None = None,
) -> None:
    """Upsert the ``imports`` row in the caller's transaction."""
    values = {
        "kind": kind,
        "path": str(path),
        "status": status,
        "rows_read": read,
        "rows_loaded": loaded,
        "rows_quarantined": quarantined,
        "message": message,
        "finished_at": now() if status == "ok" else None,
    }
    # One atomic upsert: two importers of the same file must not both see "absent" and both insert.
    if conn.dialect.name in ("sqlite", "postgresql"):
        dialect_insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
        stmt = dialect_insert(t.imports).values(id=import_id, started_at=now(), **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=[t.imports.c.id], set_=values))
        return
    found = conn.execute(select(t.imports.c.id).where(t.imports.c.id == import_id)).first()
    if found:
        conn.execute(t.imports.update().where(t.imports.c.id == import_id).values(**values))
    else:
        conn.execute(t.imports.insert().values(id=import_id, started_at=now(), **values))


def insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert rows whose primary key is not stored yet; returns how many were new."""
    if not rows:
        return 0
    if conn.dialect.name == "sqlite":
        result = conn.execute(insert(table).prefix_with("OR IGNORE"), rows)
        return max(result.rowcount, 0)
    key = table.c.id
    have = {r[0] for r in conn.execute(select(key).where(key.in_([r["id"] for r in rows])))}
    fresh = [r for r in rows if r["id"] not in have]
    if fresh:
        conn.execute(insert(table), fresh)
    return len(fresh)


def quarantine(
    conn: Connection, import_id: str, path: Path | str, problems: list[tuple[int, str, str]]
) -> None:
    """Replace this import's quarantine rows (line, reason, raw): a re-run never doubles them."""
    conn.execute(t.quarantine.delete().where(t.quarantine.c.import_id == import_id))
    if problems:
        conn.execute(
            t.quarantine.insert(),
            [
                {"import_id": import_id, "path": str(path), "line": int(line), "reason": reason, "raw": raw}
                for line, reason, raw in problems
            ],
        )


def commit_indicator_rows(
    db,
    report,
    import_id: str,
    kind: str,
    path: Path | str,
    rows: list[dict[str, Any]],
    problems: list[tuple[int, str, str]],
) -> None:
    """Write an indicator import whole: its rows and quarantined lines in one transaction, then the ledger."""
    with db.write() as conn:
        quarantine(conn, import_id, path, problems)
        report.rows_loaded = insert_ignore(conn, t.indicators, rows)
    report.rows_quarantined = len(problems)
    for line, reason, _raw in problems:
        report.add_problem(str(path), line, reason)
    mark(
        db,
        import_id,
        kind,
        path,
        "ok",
        read=report.rows_read,
        loaded=report.rows_loaded,
        quarantined=report.rows_quarantined,
    )
