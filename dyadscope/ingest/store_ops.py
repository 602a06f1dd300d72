"""The ingest stage's reads and writes: duplicate and version look-ups, and the batched writer.

Every document is written whole, with its sentences, extracted records and ``ingest_log`` row, in a
transaction; a commit costs an fsync (``synchronous=FULL``), so :class:`BatchWriter` puts a few whole
documents in one transaction (at most ``max_docs``, ``max_chars`` or ``max_seconds`` of work). If that
transaction fails, it is rolled back and each document is written again in its own transaction, so
one bad document cannot take its neighbours down and none is ever half-written. After ``kill -9``
an uncommitted batch is simply absent; the re-run ingests it.

SQLite's ``busy_timeout`` makes a second writer wait; when it still finds the store locked, the write
is retried a few times with a pause, then reported as E502 (try again). A full disk is E505.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..errors import Errors, StoreError
from ..schema import Document, IngestOutcome, Sentence
from ..store import tables as t
from ..store.engine import redact
from ..store.writer import write_document

RETRIES = 3


def existing_title(db: Any, doc_id: str) -> str | None:
    """The stored title of ``doc_id``, or None when it is not stored."""
    with db.read() as conn:
        row = conn.execute(select(t.documents.c.title).where(t.documents.c.id == doc_id)).first()
    return None if row is None else str(row.title)


def stored_state(db: Any, doc_id: str, source: str) -> tuple[str | None, str | None]:
    """``(title if doc_id is stored, id of the latest other document from source)`` in one query."""
    c = t.documents.c
    with db.read() as conn:
        rows = conn.execute(
            select(c.id, c.title, c.source)
            .where((c.id == doc_id) | (c.source == source))
            .order_by(c.ingested_at.desc())
        ).fetchall()
    title = next((str(row.title) for row in rows if row.id == doc_id), None)
    previous = next((str(row.id) for row in rows if row.id != doc_id and row.source == source), None)
    return title, previous


def log_row(outcome: IngestOutcome) -> dict[str, Any]:
    message = outcome.message
    if outcome.flags:
        message = f"{message or ''} [{', '.join(outcome.flags)}]".strip()
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": outcome.source,
        "status": outcome.status,
        "doc_id": outcome.doc_id,
        "code": outcome.code,
        "message": message,
    }


@dataclass
class Item:
    """One input's write: a document with its records, or only a log row (failures, duplicates)."""

    outcome: IngestOutcome
    doc: Document | None = None
    sentences: list[Sentence] | None = None
    extraction: Any = None

    def write(self, conn: Connection) -> None:
        if self.doc is not None:
            write_document(conn, self.doc, self.sentences or [], self.extraction)
        conn.execute(t.ingest_log.insert().values(**log_row(self.outcome)))


class BatchWriter:
    """Collects items in input order and writes them in few transactions."""

    def __init__(self, db: Any, *, max_docs: int = 32, max_chars: int = 8_000_000, max_seconds: float = 1.0):
        self.db = db
        self.max_docs, self.max_chars, self.max_seconds = max_docs, max_chars, max_seconds
        self.items: list[Item] = []
        self.ids: set[str] = set()  # documents waiting in this batch (same text twice in one batch)
        self._chars = 0
        self._started = 0.0

    def add(self, item: Item) -> None:
        if not self.items:
            self._started = time.monotonic()
        self.items.append(item)
        if item.doc is not None:
            self.ids.add(item.doc.id)
            self._chars += len(item.doc.text)

    def full(self) -> bool:
        docs = len(self.ids)
        return bool(self.items) and (
            docs >= self.max_docs
            or self._chars >= self.max_chars
            or time.monotonic() - self._started >= self.max_seconds
        )

    def flush(self) -> list[IngestOutcome]:
        """Write everything waiting; returns the outcomes in order (some may turn into duplicates)."""
        items, self.items, self.ids, self._chars = self.items, [], set(), 0
        if not items:
            return []

        def write_all(conn: Connection) -> None:
            for item in items:
                item.write(conn)

        try:
            _with_retry(self.db, write_all)
            return [item.outcome for item in items]
        except IntegrityError:
            return [self._write_alone(item) for item in items]

    def _write_alone(self, item: Item) -> IngestOutcome:
        try:
            _with_retry(self.db, item.write)
            return item.outcome
        except IntegrityError as exc:
            assert item.doc is not None  # a log row alone has no constraint to break
            if existing_title(self.db, item.doc.id) is not None:
                outcome = item.outcome.model_copy(
                    update={
                        "status": "duplicate",
                        "message": f"duplicate (sha256 {item.doc.id[:12]}…): stored meanwhile by another run",
                        "events": 0,
                        "indicators": 0,
                        "claims": 0,
                    }
                )
            else:
                detail = f"cannot store it: {str(exc.orig).splitlines()[0][:160]}"
                outcome = IngestOutcome(
                    source=item.outcome.source,
                    status="parse_error",
                    code="E114",
                    message=Errors.E114.format(path=item.outcome.source, detail=detail),
                )
            _with_retry(self.db, Item(outcome).write)
            return outcome


def _with_retry(db: Any, write: Callable[[Connection], Any]) -> None:
    """Run ``write(conn)`` in one transaction, waiting out a busy store a few times."""
    for attempt in range(RETRIES + 1):
        try:
            with db.write() as conn:
                write(conn)
            return
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text:
                if attempt < RETRIES:
                    time.sleep(0.5 * (attempt + 1))
                    continue
                raise StoreError(Errors.E502.format(url=redact(db.url))) from exc
            if "full" in text or "i/o" in text:
                raise StoreError(Errors.E505.format(url=redact(db.url), detail=str(exc.orig))) from exc
            raise StoreError(Errors.E503.format(url=redact(db.url), detail=str(exc.orig))) from exc
