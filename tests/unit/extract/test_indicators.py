"""Indicators: named quantities in base units, with period, parties and attribution."""

from __future__ import annotations

import re

import pytest

from dyadscope.extract import extract_document
from dyadscope.extract.actors import find_mentions
from dyadscope.extract.dates import Context, find_dates
from dyadscope.extract.indicators import extract_indicators
from dyadscope.schema import Document, Sentence


def _ind(text: str, dyad: tuple[str, str] | None = ("USA", "IDN")) -> list[tuple]:
    found = extract_indicators(
        "d", text, 0, find_mentions(text), find_dates(text, Context(published="2026-01-29")), dyad, "2026"
    )
    return [(i.name, i.value, i.unit, i.period) for i in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Two-way goods trade with Indonesia reached $38.3 billion in 2024.",
            ("goods_trade_total", 38.3e9, "USD", "2024"),
        ),
        (
            "The U.S. goods trade deficit with Indonesia in 2024 ($17.9 billion) was large.",
            ("trade_balance", -17.9e9, "USD", "2024"),
        ),
        (
            "In 2023 the United States had a $2.1 billion surplus in services trade with Indonesia.",
            ("services_trade_balance", 2.1e9, "USD", "2023"),
        ),
        (
            "Exports to Indonesia totalled US$10.2 billion in the first half of 2025.",
            ("goods_exports", 10.2e9, "USD", "2025-H1"),
        ),
        (
            "As of March 2025, American direct investment in Indonesia totalled 27.4 billion USD.",
            ("fdi_stock", 27.4e9, "USD", "2025-03"),
        ),
        ("Washington will keep a 19% tariff on Indonesian goods.", ("tariff_rate", 19.0, "percent", "2026")),
        ("Some 8,000 Indonesian students study in America.", ("students", 8000.0, "persons", "2026")),
        ("Washington donated 8 million vaccine doses to Jakarta.", ("vaccine_doses", 8e6, "doses", "2026")),
        (
            "The United States handed over two decommissioned U.S. Coast Guard cutters to Indonesia.",
            ("vessels_transferred", 2.0, "vessels", "2026"),
        ),
        (
            "American firms had 900 active projects in Indonesia, ranking 5th out of 120 investors.",
            ("fdi_projects", 900.0, "projects", "2026"),
        ),
    ],
)
def test_indicators_named_quantities(text: str, expected: tuple) -> None:
    assert expected in _ind(text)


def test_indicators_ranks_with_possessive_reporter() -> None:
    text = "In 2024, Indonesia was the United States' 25th-largest trading partner."
    found = extract_indicators("d", text, 0, find_mentions(text), find_dates(text), ("USA", "IDN"), None)
    assert [(i.name, i.value, i.reporter, i.partner) for i in found] == [
        ("trade_partner_rank", 25.0, "USA", "IDN")
    ]


def test_indicators_attribution_sets_reporter() -> None:
    text = "As reported by Indonesia Customs, bilateral trade was $40 billion in 2024."
    found = extract_indicators("d", text, 0, find_mentions(text), find_dates(text), ("USA", "IDN"), None)
    assert [(i.reporter, i.partner, i.source_attribution) for i in found] == [
        ("IDN", "USA", "Indonesia Customs")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The party cut 20% of public sector jobs.",
        "Indonesia will eliminate about 99 percent of tariff barriers.",
        "Investment grew by an 8% increase from 2023.",
        "One of the largest investors arrived.",
    ],
)
def test_indicators_unnamed_numbers_are_left_out(text: str) -> None:
    assert [x for x in _ind(text) if x[0] in ("tariff_rate", "fdi_rank", "trade_partner_rank")] == []


def test_indicators_no_period_without_any_date() -> None:
    text = "Trade reached $5 billion."
    assert extract_indicators("d", text, 0, [], [], None, None) == []


def _walk(text: str, published: str = "2025-07-20") -> list[tuple]:
    """Indicators of a small document: sentences end with a full stop, paragraphs with a blank line."""
    doc = Document(
        id="d" * 8,
        title="Korea and Indonesia",
        published=published,
        source="test",
        text=text,
        ingested_at="2026-01-30T00:00:00Z",
    )
    sentences = [
        Sentence(doc_id=doc.id, idx=i, char_start=m.start(), char_end=m.end(), text=m.group())
        for i, m in enumerate(re.finditer(r"\S[^\n]*?(?:\.(?=\s|$)|(?=\n|$))", text))
    ]
    return [(i.name, i.value, i.period) for i in extract_document(doc, sentences).indicators]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "As of June 2024, Korean investors held 2,000 projects in Indonesia with total registered "
            "capital of $9.5 billion.",
            ("fdi_stock", 9.5e9, "USD", "2024-06"),
        ),
        (
            "Korean firms put $9.5 billion of registered capital into Indonesia by the end of 2023.",
            ("fdi_stock", 9.5e9, "USD", "2023"),
        ),
        (
            "With 2,000 projects, Korea came 4th among 140 countries and territories investing there.",
            ("fdi_rank", 4.0, "rank", "2026"),
        ),
        (
            "South Korea is Indonesia's 6th-largest trading partner and 5th among 140 foreign investors.",
            ("fdi_rank", 5.0, "rank", "2026"),
        ),
    ],
)
def test_issue_investment_stock_and_rank_named_like_the_vocabulary(text: str, expected: tuple) -> None:
    assert expected in _ind(text, ("KOR", "IDN"))


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Two-way trade passed $40 billion for the first time in 2022.", "2022"),
        ("Two-way trade, which grew fast, topped $40 billion in the year 2022.", "2022"),
        ("Two-way trade reached $40 billion in 2022.", "2022"),
        # A year that is compared with, or counted from, is not the figure's period.
        ("Two-way trade reached $40 billion, double the level of 2015.", "2026"),
        ("Two-way trade reached $40 billion, the highest since 2015.", "2026"),
        ("Two-way trade reached $40 billion, up from $20 billion in 2015.", "2026"),
        ("Two-way trade reached $40 billion over the 2022–2023 fiscal year.", "2026"),
    ],
)
def test_issue_stated_year_wins_over_the_publication_year(text: str, period: str) -> None:
    assert [x[3] for x in _ind(text) if x[0] == "goods_trade_total"][:1] == [period]


def test_issue_figure_continuing_the_previous_sentence_keeps_its_period() -> None:
    text = (
        "As of June 2024, Korean investors held 2,000 projects in Indonesia with total registered capital "
        "of $9.5 billion. That placed South Korea 4th among 140 countries and territories investing there.\n"
        "\n"
        "That ranking puts South Korea 4th among 140 countries and territories investing in Indonesia."
    )
    ranks = [x for x in _walk(text) if x[0] == "fdi_rank"]
    assert ranks == [("fdi_rank", 4.0, "2024-06"), ("fdi_rank", 4.0, "2025")]
