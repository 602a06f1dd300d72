"""Indicators: named quantities in base units, with period, parties and attribution."""

from __future__ import annotations

import pytest

from dyadscope.extract.actors import find_mentions
from dyadscope.extract.dates import Context, find_dates
from dyadscope.extract.indicators import extract_indicators


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
