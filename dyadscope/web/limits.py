"""A time limit for every SQL statement the web app runs (SQLite progress handler).

A query that runs longer than ``seconds`` is interrupted by SQLite itself; the request then answers
503 with a message saying to narrow the filters, instead of tying up a worker for minutes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from ..errors import QueryTimeout as QueryTimeout  # re-exported

_started = threading.local()
PROGRESS_STEPS = 20_000  # SQLite VM steps between checks (~1 ms of work)


def limit_queries(engine: Engine, seconds: float) -> None:
    """Interrupt any statement on ``engine`` that runs longer than ``seconds`` (SQLite only)."""
    if engine.dialect.name != "sqlite":
        return

    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        def handler() -> int:
            start = getattr(_started, "at", None)
            return 1 if start is not None and time.monotonic() - start > seconds else 0

        dbapi_conn.set_progress_handler(handler, PROGRESS_STEPS)

    def before(*_args: Any, **_kwargs: Any) -> None:
        _started.at = time.monotonic()

    def after(*_args: Any, **_kwargs: Any) -> None:
        _started.at = None

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    engine.dispose()  # connections opened before this point lack the handler


def is_interrupt(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "interrupted" in str(exc.orig)
