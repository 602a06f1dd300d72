"""``dyadscope doctor``: what a store is, whether it is sound, and what went wrong lately."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DatabaseError

from ..errors import Errors, StoreError
from . import tables as t
from .engine import redact, stored_version
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


def integrity(conn: Connection, *, quick: bool = False) -> str:
    """``PRAGMA integrity_check`` (or ``quick_check``) on SQLite: 'ok' when sound, else the first
    problems found (never an exception: a damaged store is what this reports); 'n/a' elsewhere."""
    if conn.dialect.name != "sqlite":
        return "n/a"
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = conn.execute(text(f"PRAGMA {pragma}")).fetchall()
    except DatabaseError as exc:
        return f"damaged: {one_line(exc)}"
    return "; ".join(" ".join(str(row[0]).split()) for row in rows[:5])


def one_line(exc: BaseException) -> str:
    """A driver error's own message, without SQLAlchemy's statement and background lines."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())[:200]


def table_counts(conn: Connection) -> dict[str, int | None]:
    """Rows per table; None for a table that cannot be read (a damaged page)."""
    counts: dict[str, int | None] = {}
    for name, table in t.metadata.tables.items():
        if name == "schema_meta":
            continue
        try:
            counts[name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        except DatabaseError:
            counts[name] = None
    return counts


def recent_problems(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    c = t.ingest_log.c
    try:
        rows = conn.execute(
            select(c.at, c.source, c.status, c.code, c.message)
            .where(c.status.in_(PROBLEM_STATUSES))
            .order_by(c.id.desc())
            .limit(limit)
        ).fetchall()
    except DatabaseError as exc:
        return [{"at": "", "source": "", "status": "unreadable", "code": None, "message": one_line(exc)}]
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
    try:
        version = stored_version(conn)
    except DatabaseError:
        version = None
    return {
        "url": url,
        "path": store_path(url),
        "schema_version": version,
        "expected_schema_version": SCHEMA_VERSION,
        "integrity_check": integrity(conn),
        "counts": table_counts(conn),
        "recent_problems": recent_problems(conn),
        "incomplete_imports": incomplete_imports(conn),
    }


def check_before_writing(db: Any) -> None:
    """Refuse (E507) to write into a SQLite store that fails ``PRAGMA quick_check``."""
    if db.read_only or not db.url.startswith("sqlite"):
        return
    with db.read() as conn:
        found = integrity(conn, quick=True)
    if found != "ok":
        raise StoreError(Errors.E507.format(url=redact(db.url), detail=found[:200]))
