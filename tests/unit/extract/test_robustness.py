"""Extraction never fails on odd text, and every record points inside its document."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dyadscope.extract import extract_document
from dyadscope.schema import Document, Sentence

WORDS = st.sampled_from(
    [
        "Vietnam",
        "the United States",
        "visited",
        "in",
        "May 2016",
        "signed",
        "an agreement",
        "$4.4 billion",
        "20%",
        "tariffs",
        "on",
        "last year",
        "the two countries",
        "Congo",
        "Georgia",
        "(",
        ")",
        ";",
        "Niger",
        "02/03/2025",
        "will",
        "if",
        "not",
        "Hanoi",
        "30,000 students",
        "ranked 11th out of 149",
        "U.S.",
        "\n",
    ]
)


def _extract(text: str, published: str | None) -> tuple[Document, object]:
    doc = Document(
        id="x" * 8, title="t", published=published, source="s", text=text, ingested_at="2026-01-01"
    )
    sentences, pos = [], 0
    for i, part in enumerate(text.split(". ")):
        sentences.append(Sentence(doc_id=doc.id, idx=i, char_start=pos, char_end=pos + len(part), text=part))
        pos += len(part) + 2
    return doc, extract_document(doc, sentences)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=0, max_size=40).map(" ".join), st.sampled_from([None, "2025-07-01", "2025"]))
def test_extraction_survives_any_mix_and_offsets_stay_inside(text: str, published: str | None) -> None:
    doc, out = _extract(text, published)
    for record in [*out.events, *out.indicators, *out.claims]:
        assert 0 <= record.char_start <= record.char_end <= len(doc.text)
        assert doc.text[record.char_start : record.char_end] == record.text
    for event in out.events:
        assert event.source_actor != event.target_actor and len(event.date) in (4, 7, 10)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_extraction_survives_arbitrary_unicode(text: str) -> None:
    _extract(text, None)
