"""Open the canonical store: SQLite by path (WAL, busy timeout, foreign keys) or any SQLAlchemy URL.

The schema version lives in ``schema_meta``; a store of an older version is upgraded by the steps
in ``MIGRATIONS`` (``dyadscope migrate``), one of a newer version is refused.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError

from ..errors import Errors, ReadOnly, StoreError
from .tables import SCHEMA_VERSION, metadata, schema_meta

DEFAULT_DB = "dyadscope.db"
BUSY_TIMEOUT_MS = 10_000
CREATE_ATTEMPTS = 3  # processes racing to create a new store: the losers check it again

# version n -> function upgrading a store from n to n+1, run in one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def resolve_url(db: str | Path | None) -> str:
    """A path, a ``sqlite:///`` URL or any SQLAlchemy URL; default ``$DYADSCOPE_DB`` or ``./dyadscope.db``."""
    db = db if db is not None else os.environ.get("DYADSCOPE_DB", DEFAULT_DB)
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def redact(url: str) -> str:
    """The URL as shown to people (messages, logs, ``doctor``): any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^/:@]*:)[^@/]*@", r"\1***@", url)


def _detail(exc: BaseException | None, url: str) -> str:
    """An exception's first line, URL redacted (drivers quote the URL they were given), on one line."""
    text = str(exc).replace(url, redact(url)).split("\n[SQL:", 1)[0]
    return " ".join(text.split())[:300]


def _sqlite_pragmas(read_only: bool) -> Callable[..., None]:
    def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    return on_connect


def read_only_storage(url: str) -> bool:
    """True for an existing SQLite store that cannot be written: a read-only file or filesystem, or
    a folder where SQLite cannot create its ``-wal`` and ``-shm`` files."""
    if not url.startswith("sqlite:///"):
        return False
    path = Path(url.split("///", 1)[1])
    if not path.is_file():
        return False
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create the engine, with SQLite pragmas for safe concurrent use."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if read_only:
            # immutable=1 on read-only storage: SQLite could not create the WAL index (-shm) there,
            # and nothing can change the file under us
            immutable = "&immutable=1" if read_only_storage(url) else ""
            engine = create_engine(
                f"sqlite:///file:{path}?mode=ro{immutable}&uri=true",
                connect_args={"check_same_thread": False},
            )
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas(read_only))
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:  # the dialect is known, its DBAPI driver is not installed
        raise StoreError(Errors.E506.format(url=redact(url), module=exc.name)) from exc
    except SQLAlchemyError as exc:  # an unknown dialect or a malformed URL
        raise StoreError(Errors.E503.format(url=redact(url), detail=_detail(exc, url))) from exc


def stored_version(conn: Connection) -> int | None:
    if not conn.dialect.has_table(conn, "schema_meta"):
        return None
    row = conn.execute(select(schema_meta.c.value).where(schema_meta.c.key == "schema_version")).first()
    return int(row[0]) if row else None


def prepare(engine: Engine, url: str, *, read_only: bool = False) -> None:
    """Create a new store, upgrade an old one, refuse a newer one.

    Safe when several processes open a new store at once: whoever loses the race to create the
    tables sees them exist (or the version row already written) and checks the store again.
    """
    for attempt in range(CREATE_ATTEMPTS):
        try:
            _prepare_once(engine, url, read_only=read_only)
            return
        except StoreError as exc:
            if attempt + 1 == CREATE_ATTEMPTS or not isinstance(
                exc.__cause__, IntegrityError | OperationalError
            ):
                raise
            if not _lost_creation_race(exc.__cause__):
                raise


def _lost_creation_race(exc: BaseException) -> bool:
    text = str(exc)
    return "already exists" in text or ("UNIQUE constraint failed" in text and "schema_meta" in text)


def _prepare_once(engine: Engine, url: str, *, read_only: bool = False) -> None:
    try:
        with engine.begin() as conn:
            found = stored_version(conn)
            if found is None and not read_only and conn.dialect.name == "sqlite":
                # one creator at a time: the others wait for its commit, then find the version row
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                found = stored_version(conn)
            if found is None:
                if read_only:
                    if conn.dialect.has_table(conn, "documents"):
                        return
                    raise ReadOnly(Errors.E504.format(url=redact(url)))
                metadata.create_all(conn)
                conn.execute(schema_meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
                return
            if found > SCHEMA_VERSION:
                raise StoreError(Errors.E501.format(url=redact(url), found=found, expected=SCHEMA_VERSION))
            if found < SCHEMA_VERSION:
                if read_only:
                    shown = redact(url)
                    raise StoreError(Errors.E501.format(url=shown, found=found, expected=SCHEMA_VERSION))
                migrate(conn, found)
    except OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(Errors.E502.format(url=redact(url))) from exc
        raise StoreError(Errors.E503.format(url=redact(url), detail=_detail(exc.orig, url))) from exc
    except SQLAlchemyError as exc:
        raise StoreError(Errors.E503.format(url=redact(url), detail=_detail(exc, url))) from exc


def migrate(conn: Connection, found: int) -> None:
    """Apply each migration step from ``found`` up to SCHEMA_VERSION."""
    for version in range(found, SCHEMA_VERSION):
        MIGRATIONS[version](conn)
    metadata.create_all(conn)  # new tables of later versions
    conn.execute(
        schema_meta.update().where(schema_meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
    )
