"""``extract FILE``: read one file as ingest would and return what it yields, as JSON-ready records."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from . import extract_document
from .reader import read_document_and_order

KINDS = ("events", "indicators", "claims")


def extract_file(path: str | Path) -> dict[str, Any]:
    """``{"document", "events", "indicators", "claims", "dyad", "quarantined"}`` for one file, as dicts.

    ``quarantined`` lists the records left out for an impossible date, each with its reason.
    """
    doc, sentences, order = read_document_and_order(path)
    extraction = extract_document(doc, sentences, date_order=order)
    return {
        "document": doc.model_dump(mode="json"),
        "dyad": extraction.dyad,
        "events": [e.model_dump(mode="json") for e in extraction.events],
        "indicators": [i.model_dump(mode="json") for i in extraction.indicators],
        "claims": [c.model_dump(mode="json") for c in extraction.claims],
        "quarantined": [asdict(q) for q in extraction.quarantined],
    }


def as_frame(result: dict[str, Any]) -> pd.DataFrame:
    """All records of an extraction in one long table with a ``record`` column (for CSV output)."""
    frames = [pd.DataFrame(result[kind]).assign(record=kind[:-1]) for kind in KINDS if result[kind]]
    if not frames:
        return pd.DataFrame(columns=["record"])
    frame = pd.concat(frames, ignore_index=True)
    return frame[["record", *[c for c in frame.columns if c != "record"]]]
