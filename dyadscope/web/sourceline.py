"""The source line that every exported chart (PNG/SVG) carries inside the image.

Built on the server from the view (never from strings in the browser) and rendered into a ``data-source``
attribute by the template, so Jinja2 escapes it; the dashboard script adds it to the chart as a text
annotation for the export only. It names the pair, the documents behind it and the last month of evidence,
never a server path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..report.data import DyadView


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def pair_label(dyad: Any) -> str:
    """``USA-VNM`` as ``USA–VNM`` (an en dash, as the page title writes a pair)."""
    return str(dyad).replace("-", "–")


def dyad_doc_ids(view: DyadView) -> set[str]:
    """Ids of the documents that give this dyad any event, indicator or claim."""
    ids: set[str] = set()
    for frame in (view.events, view.indicators, view.claims):
        if isinstance(frame, pd.DataFrame) and "doc_id" in frame:
            ids.update(str(x) for x in frame["doc_id"].dropna())
    return ids


def last_evidence_month(view: DyadView, ids: Iterable[str]) -> str | None:
    """The month of the newest document behind the dyad, else its last assessed month."""
    docs = view.documents
    wanted = set(ids)
    if isinstance(docs, pd.DataFrame) and {"id", "published"} <= set(docs.columns) and wanted:
        published = docs.loc[docs["id"].astype(str).isin(wanted), "published"].dropna().astype(str)
        months = sorted(x[:7] for x in published if len(x) >= 7)
        if months:
            return months[-1]
    month = view.current.get("month")
    return str(month)[:7] if month else None


def dyad_source(view: DyadView, generated: str | None = None) -> str:
    """E.g. ``Source: dyadscope assessment of USA–VNM, 12 documents, evidence to 2024-05; generated
    2026-12-03``: the documents are those giving the pair any event, indicator or claim."""
    ids = dyad_doc_ids(view)
    count = len(ids)
    documents = f"{count} document{'' if count == 1 else 's'}"
    text = f"Source: dyadscope assessment of {pair_label(view.dyad)}, {documents}"
    month = last_evidence_month(view, ids)
    if month:
        text += f", evidence to {month}"
    return f"{text}; generated {generated or today()}"


def pairs_source(dyads: Iterable[Any], last_month: str | None, generated: str | None = None) -> str:
    """The source line of the compare chart: every pair shown and the last month drawn."""
    text = "Source: dyadscope assessments of " + ", ".join(pair_label(d) for d in dyads)
    if last_month:
        text += f", scores to {last_month}"
    return f"{text}; generated {generated or today()}"
