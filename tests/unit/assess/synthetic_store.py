"""Synthetic stores for assessment tests: documents with events, indicators and claims written in directly."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

import dyadscope
from dyadscope.schema import Claim, Document, Event, Indicator, Sentence
from dyadscope.store.writer import write_document


def _id(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def event(
    date: str,
    code: str,
    goldstein: float,
    *,
    dimension: str = "diplomatic",
    status: str = "reported",
    a: str = "USA",
    b: str = "VNM",
    person: str | None = None,
    text: str | None = None,
    confidence: float = 0.9,
) -> dict[str, Any]:
    precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    return dict(
        date=date,
        date_precision=precision,
        source_actor=a,
        target_actor=b,
        source_person=person,
        event_code=code,
        event_label=f"CAMEO {code}",
        goldstein=goldstein,
        quad_class=1 if goldstein > 0 else 4,
        dimension=dimension,
        status=status,
        text=text or f"On {date} {a} and {b} acted ({code}).",
        confidence=confidence,
    )


def indicator(
    name: str,
    value: float,
    period: str,
    *,
    reporter: str = "USA",
    partner: str = "VNM",
    unit: str = "USD",
    attribution: str | None = "U.S. data",
    text: str | None = None,
) -> dict[str, Any]:
    return dict(
        name=name,
        value=value,
        period=period,
        reporter=reporter,
        partner=partner,
        unit=unit,
        source_attribution=attribution,
        text=text or f"{name} was {value} in {period}.",
    )


def add_document(
    db: dyadscope.Database,
    title: str,
    published: str,
    *,
    events: list[dict] = (),
    indicators: list[dict] = (),
    claims: list[dict] = (),
    kind: str = "news",
    dyad: str = "USA-VNM",
) -> str:
    """Write one document whose sentences are the records' texts; return its id."""
    texts = [r["text"] for r in [*events, *indicators, *claims]] or [title]
    text = " ".join(texts)
    doc_id = _id(title, text)
    doc = Document(
        id=doc_id,
        title=title,
        published=published,
        source=f"test://{title}",
        kind=kind,
        text=text,
        ingested_at="2026-01-01T00:00:00+00:00",
        content_sha256=doc_id,
        dyad=dyad,
    )
    spans, pos = [], 0
    for piece in texts:
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    sentences = [
        Sentence(doc_id=doc_id, idx=i, char_start=s, char_end=e, text=text[s:e])
        for i, (s, e) in enumerate(spans)
    ]
    # write_document reads .events/.indicators/.claims/.dyad; a namespace keeps these tests independent
    # of the extraction package.
    extraction = SimpleNamespace(events=[], indicators=[], claims=[], dyad=dyad)
    records = iter(spans)
    for i, ev in enumerate(events):
        s, e = next(records)
        extraction.events.append(Event(id=_id(doc_id, "e", i), doc_id=doc_id, char_start=s, char_end=e, **ev))
    for i, ind in enumerate(indicators):
        s, e = next(records)
        extraction.indicators.append(
            Indicator(id=_id(doc_id, "i", i), doc_id=doc_id, char_start=s, char_end=e, **ind)
        )
    for i, cl in enumerate(claims):
        s, e = next(records)
        extraction.claims.append(Claim(id=_id(doc_id, "c", i), doc_id=doc_id, char_start=s, char_end=e, **cl))
    with db.write() as conn:
        write_document(conn, doc, sentences, extraction)
    return doc_id


def build_milestones(tmp_db: dyadscope.Database) -> dyadscope.Database:
    """A small U.S.-Vietnam history: embargo lift, normalization (two reports), upgrades, tariffs."""
    add_document(
        tmp_db,
        "Normalization, Washington view",
        "1995-07-20",
        kind="statement",
        events=[
            event(
                "1994-02-03",
                "0831",
                5.0,
                dimension="economic",
                person="Bill Clinton",
                text="On 3 February 1994 President Clinton lifted the trade embargo on Vietnam.",
            ),
            event(
                "1995-07-11",
                "051",
                3.4,
                person="Bill Clinton",
                text="On 11 July 1995 Clinton announced that relations with Vietnam were normalized.",
            ),
        ],
    )
    add_document(
        tmp_db,
        "Normalization, Hanoi view",
        "1995-07-13",
        events=[
            event(
                "1995-07-12",
                "051",
                3.4,
                a="VNM",
                b="USA",
                person="Vo Van Kiet",
                text="On 12 July 1995 Premier Vo Van Kiet announced normal ties with the United States.",
            ),
        ],
    )
    add_document(
        tmp_db,
        "Upgrades",
        "2023-09-12",
        kind="statement",
        events=[
            event(
                "2013-07-25",
                "057",
                8.0,
                person="Barack Obama",
                text="A joint statement on 25 July 2013 set up a comprehensive partnership.",
            ),
            event(
                "2016-05-23",
                "0831",
                5.0,
                dimension="security",
                person="Barack Obama",
                text="On 23 May 2016 Obama ended the ban on sales of lethal weapons to Vietnam.",
            ),
            event(
                "2023-09-10",
                "057",
                8.0,
                person="Joe Biden",
                text="A joint statement on 10 September 2023 made a comprehensive strategic partnership.",
            ),
            event("2024-09-25", "040", 1.0, text="On 25 September 2024 Biden and To Lam met in New York."),
        ],
    )
    add_document(
        tmp_db,
        "Tariffs and a framework",
        "2025-10-29",
        events=[
            event(
                "2025-04-02",
                "172",
                -5.0,
                dimension="economic",
                a="USA",
                b="VNM",
                person="Donald Trump",
                text="On 2 April 2025 Trump announced a 46 percent tariff on goods from Vietnam.",
            ),
            event(
                "2025-10-26",
                "057",
                8.0,
                dimension="economic",
                text="On 26 October 2025 a joint statement set out a framework for a reciprocal trade deal.",
            ),
        ],
        indicators=[
            indicator(
                "tariff_rate",
                46,
                "2025-04",
                unit="percent",
                text="On 2 April 2025 the tariff rate on Vietnamese goods was set at 46 percent.",
            ),
            indicator(
                "tariff_rate",
                20,
                "2025-10",
                unit="percent",
                text="Under the 26 October 2025 framework the rate stays at 20 percent.",
            ),
        ],
    )
    return tmp_db
