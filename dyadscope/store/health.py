"""``dyadscope doctor``: what a store is, whether it is sound, and what went wrong lately."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text

from . import tables as t
from .engine import stored_version
from .tables import SCHEMA_VERSION

PROBLEM_STATUSES = (
    "no_text",
    "encrypted",
    "parse_error",
    "parse_timeout",
    "resource_limit",
    "unsupported",
    "fetch_error",
)


def store_path(url: str) -> str | None:
    """The file path of a SQLite store, else None."""
    return str(Path(url.split("///", 1)[1])) if url.startswith("sqlite:///") else None


def integrity(conn: Connection) -> str:
    """``PRAGMA integrity_check`` on SQLite ('ok' when sound); 'n/a' on other databases."""
    if conn.dialect.name != "sqlite":
        return "n/a"
    rows = conn.execute(text("PRAGMA integrity_check")).fetchall()
    return "; ".join(str(row[0]) for row in rows[:5])


def table_counts(conn: Connection) -> dict[str, int]:
    return {
        name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        for name, table in t.metadata.tables.items()
        if name != "schema_meta"
    }


def recent_problems(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    c = t.ingest_log.c
    rows = conn.execute(
        select(c.at, c.source, c.status, c.code, c.message)
        .where(c.status.in_(PROBLEM_STATUSES))
        .order_by(c.id.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in rows]


def incomplete_imports(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """Bulk imports that did not finish (``failed``, or ``running`` left by an older version's crash).

    A file's rows, quarantine and ``ok`` ledger row are written in one transaction, so none of these
    has rows in the store; running the same import again completes it.
    """
    c = t.imports.c
    rows = conn.execute(
        select(c.kind, c.path, c.status, c.started_at, c.message)
        .where(c.status != "ok")
        .order_by(c.started_at.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in rows]


def diagnose(conn: Connection, url: str) -> dict[str, Any]:
    """Store path, schema version (found and expected), integrity, row counts, last ingest problems."""
    return {
        "url": url,
        "path": store_path(url),
        "schema_version": stored_version(conn),
        "expected_schema_version": SCHEMA_VERSION,
        "integrity_check": integrity(conn),
        "counts": table_counts(conn),
        "recent_problems": recent_problems(conn),
        "incomplete_imports": incomplete_imports(conn),
    }
