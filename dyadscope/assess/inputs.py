"""Read what one dyad's assessment needs from the store, in one read transaction."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, and_, or_, select, union

from ..dyads import Dyad
from ..store import tables as t
from ..store.corrections import apply_to_events
from .events import dyad_where, load_document_events


@dataclass
class Inputs:
    """Store rows in scope for one dyad (documents that carry any of its evidence)."""

    events: pd.DataFrame  # document events of the dyad, every status
    indicators: pd.DataFrame  # indicators whose reporter/partner lie within the dyad
    claims: pd.DataFrame  # claims of the documents in scope
    sentences: pd.DataFrame  # sentences of the documents in scope
    docs: pd.DataFrame  # id, title, published, kind, content_sha256 of the documents in scope
    imports: pd.DataFrame  # finished bulk imports (id = sha256 of the file)
    bulk_range: tuple[str | None, str | None, int]  # first and last month of bulk events, count


def _frame(conn: Connection, query) -> pd.DataFrame:
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _indicator_where(pair: Dyad) -> list:
    c = t.indicators.c
    codes = [pair.a, pair.b]
    return [
        or_(c.reporter.in_(codes), c.partner.in_(codes)),
        or_(c.reporter.is_(None), c.reporter.in_(codes)),
        or_(c.partner.is_(None), c.partner.in_(codes)),
    ]


def scope_doc_ids(conn: Connection, pair: Dyad) -> list[str]:
    """Documents about the dyad: labelled with it, or holding one of its events, indicators or claims."""
    e, i, c, d = t.events.c, t.indicators.c, t.claims.c, t.documents.c
    both = and_(c.actors.contains(pair.a), c.actors.contains(pair.b))
    query = union(
        select(d.id).where(d.dyad.in_([str(pair), f"{pair.b}-{pair.a}"])),
        select(e.doc_id).where(*dyad_where(pair, ("document",)), e.doc_id.is_not(None)),
        select(i.doc_id).where(and_(*_indicator_where(pair), i.doc_id.is_not(None))),
        select(c.doc_id).where(both, c.doc_id.is_not(None)),
    )
    return sorted(row[0] for row in conn.execute(query))


def load_inputs(conn: Connection, pair: Dyad) -> Inputs:
    doc_ids = scope_doc_ids(conn, pair)
    d = t.documents.c
    docs = _frame(
        conn,
        select(d.id, d.title, d.published, d.kind, d.content_sha256, d.source, d.dyad)
        .where(d.id.in_(doc_ids))
        .order_by(d.id),
    )
    ind = _frame(conn, select(t.indicators).where(and_(*_indicator_where(pair))).order_by(t.indicators.c.id))
    published = docs.set_index("id")["published"] if not docs.empty else pd.Series(dtype=object)
    ind["published"] = ind["doc_id"].map(published) if not ind.empty else None
    claims = _frame(conn, select(t.claims).where(t.claims.c.doc_id.in_(doc_ids)).order_by(t.claims.c.id))
    sentences = _frame(
        conn,
        select(t.sentences)
        .where(t.sentences.c.doc_id.in_(doc_ids))
        .order_by(t.sentences.c.doc_id, t.sentences.c.idx),
    )
    imports = _frame(
        conn,
        select(t.imports.c.id, t.imports.c.kind, t.imports.c.rows_loaded)
        .where(t.imports.c.status == "ok")
        .order_by(t.imports.c.id),
    )
    return Inputs(
        apply_to_events(conn, load_document_events(conn, pair), (pair.a, pair.b)),  # analysts' corrections
        ind,
        claims,
        sentences,
        docs,
        imports,
        (None, None, 0),
    )
