"""The event explorer's query: filtered, sorted by a whitelisted key, one bounded page at a time.

Counting stops at ``COUNT_CAP`` rows so a page over a million events stays fast; the answer then says
``total_exact: false``. Every value is a bound parameter; the ORDER BY column comes from a whitelist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, or_, select

from ..api import Database
from ..dyads import Dyad
from ..errors import Errors
from ..store import queries as q
from ..store import tables as t
from .params import EVENT_SORTS, Page, ParamError

COUNT_CAP = 10_000
LIST_COLUMNS = [
    "id",
    "doc_id",
    "date",
    "date_precision",
    "source_actor",
    "target_actor",
    "source_person",
    "event_code",
    "event_root",
    "event_label",
    "goldstein",
    "quad_class",
    "dimension",
    "status",
    "text",
    "char_start",
    "char_end",
    "confidence",
    "origin",
    "source_url",
]


@dataclass
class EventFilter:
    dyad: Dyad | None = None
    since: str | None = None
    until: str | None = None
    dimension: str | None = None
    actor: str | None = None
    root: str | None = None
    status: str | None = None
    q: str | None = None
    doc_id: str | None = None
    origin: str | None = None
    min_confidence: float | None = None

    def where(self) -> list:
        c = t.events.c
        where = q.dyad_filter(t.events, self.dyad) + q.period_filter(c.date, self.since, self.until)
        for column, value in (
            (c.dimension, self.dimension),
            (c.event_root, self.root),
            (c.status, self.status),
            (c.doc_id, self.doc_id),
            (c.origin, self.origin),
        ):
            if value is not None:
                where.append(column == value)
        if self.min_confidence is not None:
            where.append(c.confidence >= self.min_confidence)
        if self.actor:
            where.append(or_(c.source_actor == self.actor, c.target_actor == self.actor))
        if self.q:
            escaped = self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(c.text.ilike(f"%{escaped}%", escape="\\"))
        return where


@dataclass
class EventPage:
    rows: pd.DataFrame
    page: int
    size: int
    total: int
    total_exact: bool
    truncated: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    def meta(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "size": self.size,
            "total": self.total,
            "total_exact": self.total_exact,
            "pages": self.pages,
            "truncated": self.truncated,
            "has_next": self.page < self.pages or not self.total_exact,
        }


def count_events(db: Database, flt: EventFilter) -> int:
    """Matching events, counted up to COUNT_CAP + 1 (the caller caches it per filter)."""
    where = flt.where()
    capped = select(t.events.c.id)
    if where:
        capped = capped.where(and_(*where))
    with db.read() as conn:
        return int(
            conn.execute(select(func.count()).select_from(capped.limit(COUNT_CAP + 1).subquery())).scalar()
            or 0
        )


def event_page(
    db: Database, flt: EventFilter, page: Page, sort: str = "-date", count: Callable[[], int] | None = None
) -> EventPage:
    """One page of events matching ``flt``; page past the end -> ParamError E408."""
    column, descending = EVENT_SORTS[sort]
    c = t.events.c
    order = [c[column].desc(), c.id.desc()] if descending else [c[column].asc(), c.id.asc()]
    where = flt.where()
    query = select(*[c[name] for name in LIST_COLUMNS])
    if where:
        query = query.where(and_(*where))
    query = query.order_by(*order).limit(page.size).offset(page.offset)
    total = count() if count is not None else count_events(db, flt)
    exact = total <= COUNT_CAP
    if page.page > 1 and exact and page.offset >= total:
        pages = max(1, -(-total // page.size))
        raise ParamError(Errors.E408.format(page=page.page, pages=pages))
    with db.read() as conn:
        result = conn.execute(query)
        rows = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if page.page > 1 and rows.empty:
        raise ParamError(Errors.E408.format(page=page.page, pages="fewer"))
    return EventPage(rows, page.page, page.size, min(total, COUNT_CAP), exact, page.truncated)


SHORT_ID = re.compile(r"^[0-9a-f]{6,63}$")


def full_document_id(state: Any, doc_id: str) -> str | None:
    """The one stored id starting with ``doc_id`` (6-63 hex characters, as the tables show 12), else None
    (unknown or ambiguous)."""
    if not SHORT_ID.match(doc_id or ""):
        return None
    c = t.documents.c
    with state.db.read() as conn:
        found = conn.execute(select(c.id).where(c.id.startswith(doc_id)).limit(2)).scalars().all()
    return found[0] if len(found) == 1 else None
