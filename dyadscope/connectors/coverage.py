"""The ``coverage`` table: which GDELT time slices were imported and which are missing between them.

GDELT 2.0 publishes one export every 15 minutes (``20250401121500.export.CSV.zip``), GDELT 1.0 one
per day (``20160728.export.CSV.zip``). After an import, every slice between the first and the last
one seen for a source is marked ``ok`` (imported) or ``missing``, so a gap is a row a report can
show, not a warning that scrolls away; importing the missing file later turns its row to ``ok``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from ..store import tables as t
from .records import now

SLICE = re.compile(r"^(\d{14}|\d{8})\.export\.csv(\.zip)?$", re.IGNORECASE)
STEPS = {"gdelt2": timedelta(minutes=15), "gdelt1": timedelta(days=1)}
FORMATS = {"gdelt2": "%Y%m%d%H%M%S", "gdelt1": "%Y%m%d"}
MAX_SLICES = 200_000  # about 5.7 years of 15-minute slices per update; older gaps stay unmarked


def slice_of(path: Path) -> tuple[str, str] | None:
    """(source, slice) from a GDELT export file name, or None for other names."""
    found = SLICE.match(path.name)
    if not found:
        return None
    stamp = found.group(1)
    return ("gdelt2" if len(stamp) == 14 else "gdelt1"), stamp


def record(db, imported: list[Path]) -> dict[str, int]:
    """Mark the imported slices ok and the gaps between known slices missing; returns counts by status."""
    seen: dict[str, set[str]] = {}
    for path in imported:
        found = slice_of(path)
        if found:
            seen.setdefault(found[0], set()).add(found[1])
    counts = {"ok": 0, "missing": 0, "failed": 0}
    with db.write() as conn:
        for source, stamps in seen.items():
            previous = {
                row[0]: row[1]
                for row in conn.execute(
                    select(t.coverage.c.slice, t.coverage.c.status).where(t.coverage.c.source == source)
                )
            }
            known = {s for s, status in previous.items() if status == "ok"} | stamps
            # Rows the downloader wrote (a failed slice before the first ok one) stay in the range.
            expected = _expected(source, min(known | set(previous)), max(known | set(previous)))
            conn.execute(t.coverage.delete().where(t.coverage.c.source == source))
            rows = [
                {
                    "source": source,
                    "slice": s,
                    "status": "ok" if s in known else _not_ok(previous.get(s)),
                    "checked_at": now(),
                }
                for s in expected
            ]
            conn.execute(t.coverage.insert(), rows)
            for row in rows:
                counts[row["status"]] += 1
    return counts


def _not_ok(previous: str | None) -> str:
    """A slice not imported stays ``failed`` if the downloader said so; else it is ``missing``."""
    return "failed" if previous == "failed" else "missing"


def mark(db, source: str, statuses: dict[str, str]) -> None:
    """Set the status of single slices (``failed`` or ``missing`` from the downloader), one transaction."""
    if not statuses:
        return
    stamps = list(statuses)
    with db.write() as conn:
        for i in range(0, len(stamps), 500):  # bounded IN lists (SQLite caps bound variables)
            chunk = stamps[i : i + 500]
            where = (t.coverage.c.source == source) & t.coverage.c.slice.in_(chunk)
            conn.execute(t.coverage.delete().where(where))
        conn.execute(
            t.coverage.insert(),
            [{"source": source, "slice": s, "status": v, "checked_at": now()} for s, v in statuses.items()],
        )


def _expected(source: str, first: str, last: str) -> list[str]:
    fmt, step = FORMATS[source], STEPS[source]
    start = datetime.strptime(first, fmt).replace(tzinfo=UTC)
    end = datetime.strptime(last, fmt).replace(tzinfo=UTC)
    if (end - start) / step > MAX_SLICES:
        start = end - step * MAX_SLICES
    slices, at = [], start
    while at <= end:
        slices.append(at.strftime(fmt))
        at += step
    return slices
