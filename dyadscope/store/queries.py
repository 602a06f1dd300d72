"""Read records from the store as pandas DataFrames, with whitelisted filters and bound parameters."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Table, and_, or_, select

from ..dyads import Dyad
from . import tables as t

LIST_COLUMNS = {"documents": [c.name for c in t.documents.c if c.name != "text"]}


def frame(
    conn: Connection,
    table: Table,
    where: list,
    order_by: list | None = None,
    limit: int | None = None,
    offset: int = 0,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    cols = [table.c[name] for name in columns] if columns else list(table.c)
    query = select(*cols)
    if where:
        query = query.where(and_(*where))
    if order_by:
        query = query.order_by(*order_by)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def dyad_filter(table: Table, dyad: Dyad | None, directed: bool = False) -> list:
    """Rows whose source/target actors are the dyad's two codes (either direction unless directed)."""
    if dyad is None:
        return []
    forward = and_(table.c.source_actor == dyad.a, table.c.target_actor == dyad.b)
    if directed:
        return [forward]
    backward = and_(table.c.source_actor == dyad.b, table.c.target_actor == dyad.a)
    return [or_(forward, backward)]


def period_filter(column, since: str | None, until: str | None) -> list:
    """ISO strings compare in date order; ``until`` is inclusive at its own precision."""
    where = []
    if since:
        where.append(column >= since)
    if until:
        where.append(column <= until + "\uffff")
    return where
