"""Footnotes: each cited sentence gets one number; the Sources chapter lists them under their document.

A footnote is keyed by (document, char span), so the same sentence cited twice keeps one number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .filters import headless, missing


@dataclass
class Note:
    number: int
    doc_id: str
    text: str
    char_start: int
    char_end: int

    @property
    def anchor(self) -> str:
        return f"cite-{self.number}"


@dataclass
class Citations:
    """The footnote registry of one report."""

    documents: pd.DataFrame
    notes: list[Note] = field(default_factory=list)
    _index: dict[tuple[str, int, int], Note] = field(default_factory=dict)

    def cite(self, item: Any) -> int | None:
        """Footnote number of a citation (dict or row: doc_id, text, offsets); None without a document."""
        get = item.get if isinstance(item, dict) else (lambda k, d=None: getattr(item, k, d))
        doc_id = get("doc_id")
        if missing(doc_id) or not doc_id:
            return None
        raw_start, raw_end = get("char_start"), get("char_end")
        start = int(raw_start) if raw_start is not None and not missing(raw_start) else 0
        end = int(raw_end) if raw_end is not None and not missing(raw_end) else 0
        key = (str(doc_id), start, end)
        if key not in self._index:
            title = self.document(str(doc_id)).get("title") if "title" in self.documents else None
            note = Note(len(self.notes) + 1, str(doc_id), headless(get("text"), title), start, end)
            self.notes.append(note)
            self._index[key] = note
        return self._index[key].number

    def cite_all(self, items: Any, limit: int = 3) -> list[int]:
        numbers = []
        for item in list(items or [])[:limit]:
            number = self.cite(item)
            if number is not None and number not in numbers:
                numbers.append(number)
        return numbers

    def by_document(self) -> list[dict[str, Any]]:
        """Every document of the store with the footnotes that cite it (Sources chapter)."""
        notes: dict[str, list[Note]] = {}
        for note in self.notes:
            notes.setdefault(note.doc_id, []).append(note)
        rows = []
        for doc in self.documents.to_dict("records") if not self.documents.empty else []:
            rows.append({**doc, "notes": notes.pop(doc["id"], [])})
        for doc_id, rest in notes.items():  # cited but no longer in the store
            rows.append(
                {
                    "id": doc_id,
                    "title": "(document not in the store)",
                    "published": None,
                    "source": "",
                    "kind": "",
                    "notes": rest,
                }
            )
        return rows

    def document(self, doc_id: str) -> dict[str, Any]:
        if self.documents.empty:
            return {}
        hit = self.documents[self.documents["id"] == doc_id]
        return hit.iloc[0].to_dict() if not hit.empty else {}
