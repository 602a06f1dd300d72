"""The web app's shared state: the store, its options, and caches keyed by the store's fingerprint.

An assessment over decades of events takes seconds; the dashboard and API reuse it until the store
changes (new document, new import, new snapshot), which the cheap fingerprint query detects.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..api import Database
from ..dyads import Dyad
from ..store import tables as t

FINGERPRINT_TTL = 2.0  # seconds between fingerprint queries under load
MAX_CACHED = 4096  # assessments, views and counts kept for the current store fingerprint
MAX_RESPONSES = 1024  # encoded API responses kept (LRU), per store fingerprint


@dataclass
class WebState:
    db: Database
    read_only: bool
    allow_ingest: bool
    max_upload_bytes: int = 50_000_000
    _cache: dict[tuple[str, Any], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _dyad_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _fingerprint: tuple[float, Any] = (0.0, None)
    _responses: OrderedDict[tuple[str, Any], Any] = field(default_factory=OrderedDict)

    def fingerprint(self) -> Any:
        """Changes whenever documents or bulk imports change."""
        now = time.monotonic()
        stamp, value = self._fingerprint
        if value is not None and now - stamp < FINGERPRINT_TTL:
            return value
        with self.db.read() as conn:
            docs = conn.execute(select(func.count(), func.max(t.documents.c.ingested_at))).first()
            imports = conn.execute(select(func.count(), func.max(t.imports.c.finished_at))).first()
            fixes = (
                conn.execute(select(func.count(), func.max(t.corrections.c.id))).first()
                if conn.dialect.has_table(conn, "corrections")
                else None
            )
        # snapshots are left out on purpose: assessing writes one, which must not invalidate the cache;
        # corrections are in: they change scores and explanations
        value = (tuple(docs or ()), tuple(imports or ()), tuple(fixes or ()))
        self._fingerprint = (now, value)
        return value

    def invalidate(self) -> None:
        """Forget the fingerprint, so the next read sees a write made by this process at once."""
        self._fingerprint = (0.0, None)

    def cached(self, key: str, compute: Any) -> Any:
        """``compute()`` once per store fingerprint; concurrent callers for one key wait for the first."""
        fp = self.fingerprint()
        hit = self._cache.get((key, fp))
        if hit is not None:
            return hit
        with self._lock:
            lock = self._dyad_locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._cache.get((key, fp))
            if hit is None:
                hit = compute()
                with self._lock:
                    for old in [k for k in self._cache if k[0] == key or k[1] != fp]:
                        del self._cache[old]
                    while len(self._cache) >= MAX_CACHED:  # bounded: oldest values (e.g. counts) go first
                        del self._cache[next(iter(self._cache))]
                    self._cache[(key, fp)] = hit
        return hit

    def assess(self, dyad: Dyad) -> Any:
        # snapshot=False: viewing a dyad must not write to the store
        return self.cached(f"assess:{dyad}", lambda: self.db.assess(dyad.a, dyad.b, snapshot=False))

    def peek(self, key: str) -> Any:
        """The cached response for ``key`` if present (cheap enough for the event loop), else None."""
        with self._lock:
            return self._responses.get((key, self._fingerprint[1]))

    def response(self, key: str, compute: Callable[[], Any]) -> Any:
        """An encoded response for ``key`` (the request URL), computed once per store fingerprint (LRU)."""
        full = (key, self.fingerprint())
        with self._lock:
            hit = self._responses.get(full)
            if hit is not None:
                self._responses.move_to_end(full)
                return hit
        value = compute()
        with self._lock:
            self._responses[full] = value
            while len(self._responses) > MAX_RESPONSES:
                self._responses.popitem(last=False)
        return value
