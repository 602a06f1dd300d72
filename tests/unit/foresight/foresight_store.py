"""A small assessed store for the foresight and scenario tests: a few dated USA-VNM events, written here."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dyadscope
from dyadscope.store import tables as t

# (date, CAMEO code, goldstein, dimension): a quiet history with a few cooperative and one hostile month.
HISTORY = [
    ("2021-03-15", "042", 1.9, "diplomatic"),
    ("2022-05-12", "036", 4.0, "diplomatic"),
    ("2023-09-10", "057", 8.0, "diplomatic"),
    ("2024-03-02", "062", 7.4, "security"),
    ("2024-09-25", "036", 4.0, "diplomatic"),
    ("2025-04-02", "172", -5.0, "economic"),
    ("2025-07-02", "036", 4.0, "diplomatic"),
]


def add_event(
    db: dyadscope.Database,
    date: str,
    code: str,
    goldstein: float,
    dimension: str,
    published: str | None = None,
) -> str:
    """One document (published on ``published`` or the event date) reporting one event."""
    text = f"On {date} the two governments acted (code {code})."
    doc_id = hashlib.sha256(f"{date}|{code}|{published}".encode()).hexdigest()
    with db.write() as conn:
        conn.execute(
            t.documents.insert().values(
                id=doc_id,
                title=f"Report {date}",
                published=published or date,
                source=doc_id[:8],
                text=text,
                kind="news",
                ingested_at="2026-01-01T00:00:00Z",
            )
        )
        conn.execute(
            t.events.insert().values(
                id=doc_id,
                doc_id=doc_id,
                date=date,
                month=date[:7],
                date_precision="day",
                source_actor="USA",
                target_actor="VNM",
                event_code=code,
                event_root=code[:2],
                event_label=f"code {code}",
                goldstein=goldstein,
                quad_class=1 if goldstein > 0 else 4,
                dimension=dimension,
                status="reported",
                text=text,
                char_start=0,
                char_end=len(text),
                confidence=0.9,
                origin="document",
            )
        )
    return doc_id


def build_store(path: Path, extra: list[tuple] = ()) -> dyadscope.Database:
    db = dyadscope.open(path)
    for row in [*HISTORY, *extra]:
        add_event(db, *row)
    return db
