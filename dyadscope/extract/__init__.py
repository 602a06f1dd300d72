"""Extraction: sentences of a Document -> dated events, indicators and claims with provenance.

``extract_document(doc, sentences)`` is the one entry point ingest calls; it needs no database.
It reads the document twice: a first pass finds the actors (to settle the document's main dyad)
and the latest date the text states; the second pass walks the sentences in order, resolving
relative dates against the publication date (or, when there is none, against the latest stated
date, flagged uncertain) and the previous date of the text ("the following year").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..ingest.published import source_order
from ..schema import Claim, Document, Event, Indicator, Sentence
from .actors import Mention, find_mentions, resolve_by_dyad
from .datecheck import Quarantined, check_dates
from .dates import Context, numeric_order
from .indicators import dedupe_indicators
from .walk import Walk, document_dates, latest_date, plain_text


@dataclass
class Extraction:
    """What one document yields."""

    events: list[Event] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    dyad: str | None = None  # the document's main dyad, e.g. "USA-VNM", when one stands out
    unread: int = 0  # sentences in another language than the rules' (English): dates and names only
    quarantined: list[Quarantined] = field(default_factory=list)  # impossible dates, with the reason


def infer_dyad(mentions: list[Mention], title: str = "") -> tuple[str, str] | None:
    """The two countries a document is mostly about (title mentions count three times)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.code and m.kind != "igo" and not m.ambiguous:
            counts[m.code] += 1
    for m in find_mentions(title):
        if m.code and m.kind != "igo" and not m.ambiguous:
            counts[m.code] += 3
    top = [code for code, n in counts.most_common(2) if n >= 2]
    return canonical_pair(top[0], top[1]) if len(top) == 2 else None


def canonical_pair(a: str, b: str) -> tuple[str, str]:
    """The pair in its profile's order (``USA-VNM``) when a profile exists, else alphabetical."""
    from ..profiles import load_profile

    profile = load_profile((a, b))
    if profile is not None:
        first, second = str(profile.dyad).split("-", 1)
        if {first, second} == {a, b}:
            return first, second
    return (a, b) if a <= b else (b, a)


def extract_document(
    doc: Document, sentences: list[Sentence], *, date_order: str | None = None, today: str | None = None
) -> Extraction:
    """Extract events, indicators and claims from one document's sentences.

    ``date_order`` ("DMY"/"MDY") is the source's numeric date order when ingest knows it (a U.S. source
    reads 02/03/2025 as 3 February); the document's own unambiguous dates settle it first. ``today`` is
    the import's day (ISO), the latest date a reported event of an undated document may have.
    """
    # Line breaks inside a sentence (wrapped Markdown, PDF lines) become spaces: same length, same offsets.
    ordered = [
        s.model_copy(update={"text": plain_text(s.text)}) for s in sorted(sentences, key=lambda s: s.idx)
    ]
    mentions = [find_mentions(s.text) for s in ordered]
    pair = infer_dyad([m for ms in mentions for m in ms], doc.title)
    if doc.dyad and "-" in doc.dyad:
        a, b = doc.dyad.split("-", 1)
        pair = (a, b)
    mentions = [[resolve_by_dyad(m, pair) for m in ms] for ms in mentions]  # "Korea" in a JPN-KOR text
    language = (doc.language or "en").lower()[:2]
    text = doc.text or " ".join(s.text for s in ordered)
    order = numeric_order(text) or date_order or source_order(doc.source)  # one order for the whole source
    plain = [document_dates(s.text, Context(order=order), language) for s in ordered]  # context-free pass
    walk = Walk(doc, pair, Context(published=doc.published, latest=latest_date(plain), order=order), language)
    for sent, sent_mentions, first_pass in zip(ordered, mentions, plain, strict=True):
        walk.step(sent, sent_mentions, first_pass)
    observed = dedupe_indicators(walk.indicators)
    events, indicators, held = check_dates(doc, _dedupe(walk.events, walk.inferred), observed, today)
    out = Extraction(events, indicators, walk.claims, walk.dyad, walk.unread, held)
    _restore_evidence(out, {s.char_start: s.text for s in sentences})
    return out


def _restore_evidence(out: Extraction, originals: dict[int, str]) -> None:
    """Records quote the sentence as the document has it (matching ran on a blanked copy)."""
    records: list[Event | Indicator | Claim] = [*out.events, *out.indicators, *out.claims]
    for record in records:
        record.text = originals.get(record.char_start, record.text)


def _dedupe(events: list[Event], inferred: set[str]) -> list[Event]:
    """One event per code root, unordered actors, status and compatible date.

    A document often repeats a milestone ("in 2023 ..." then "in September 2023 ..."): the most
    precise mention is kept. Different days of one month stay apart (11 and 12 July 1995 are the
    two announcements a findings check compares). Events dated only by context (a statement's own
    date) are never merged with each other: two deals noted on one day are two deals.
    """
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: (-len(e.date), -e.confidence)):
        key = (event.event_code[:2], frozenset((event.source_actor, event.target_actor)), event.status)
        duplicate = any(
            (k.event_code[:2], frozenset((k.source_actor, k.target_actor)), k.status) == key
            and k.date.startswith(event.date)
            and not (event.id in inferred and k.id in inferred and k.char_start != event.char_start)
            for k in kept
        )
        if not duplicate:
            kept.append(event)
    order = {id(e): i for i, e in enumerate(events)}
    return sorted(kept, key=lambda e: order[id(e)])
