"""Write one document with its sentences and extracted records, in the caller's single transaction.

Derived columns are filled here so every writer agrees on them:
- ``events.month``: ``YYYY-MM`` of the event date; a year-precision date ``YYYY`` files under ``YYYY-01``
  (its ``date_precision`` stays ``year``, so rollups can spread or skip it knowingly).
- ``events.event_root``: the first two digits of the CAMEO code (``'0251'`` -> ``'02'``).
- ``claims.actors``: the actor codes joined by single spaces (``"USA VNM"``).
The document row is inserted first, so the transaction takes SQLite's write lock at once (and waits
for it under ``busy_timeout``) instead of failing to upgrade a read lock later.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from ..schema import Claim, Document, Event, Indicator, Sentence
from . import tables as t


def event_month(date: str) -> str:
    """``YYYY-MM`` for rollups: day and month dates keep their month, year dates file under January."""
    return date[:7] if len(date) >= 7 else f"{date[:4]}-01"


def event_row(event: Event) -> dict[str, Any]:
    row = event.model_dump()
    row["month"] = event_month(event.date)
    row["event_root"] = event.event_code[:2]
    return row


def claim_row(claim: Claim) -> dict[str, Any]:
    row = claim.model_dump()
    row["actors"] = " ".join(claim.actors)
    return row


def indicator_row(indicator: Indicator) -> dict[str, Any]:
    return indicator.model_dump()


def write_document(
    conn: Connection, doc: Document, sentences: list[Sentence], extraction: Any = None
) -> None:
    """Insert ``doc``, its sentences and the Extraction's events, indicators and claims.

    ``extraction`` is a :class:`dyadscope.extract.Extraction` (or None). Runs inside the caller's
    transaction: call it within ``db.write()`` so a failure leaves nothing behind.
    """
    if extraction is not None and getattr(extraction, "dyad", None) and not doc.dyad:
        doc = doc.model_copy(update={"dyad": extraction.dyad})
    conn.execute(t.documents.insert().values(**doc.model_dump()))
    if sentences:
        conn.execute(t.sentences.insert(), [s.model_dump() for s in sentences])
    if extraction is None:
        return
    for table, records, to_row in (
        (t.events, extraction.events, event_row),
        (t.indicators, extraction.indicators, indicator_row),
        (t.claims, extraction.claims, claim_row),
    ):
        if records:
            conn.execute(table.insert(), [to_row(record) for record in records])
