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


# --- indicators of any kind (issue #12 item 4; issue #15) -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Garuda will buy 40 new Boeing jets worth $9 billion.", ("aircraft", 40.0, "aircraft", "2026")),
        ("Garuda will buy 40 new Boeing jets worth $9 billion.", ("commercial_deals", 9e9, "USD", "2026")),
        ("The plant will create 4,500 American jobs.", ("jobs", 4500.0, "jobs", "2026")),
        (
            "The ministers signed 12 cooperation agreements in Jakarta.",
            ("agreements_signed", 12.0, "agreements", "2026"),
        ),
        ("Jakarta signed three MOUs with U.S. firms.", ("agreements_signed", 3.0, "agreements", "2026")),
        (
            "Washington gave 20 portable oxygen concentrators to Indonesia.",
            ("equipment_provided", 20.0, "items", "2026"),
        ),
        (
            "Pertamina agreed to buy 1.5 million tonnes of U.S. LNG a year.",
            ("goods_volume", 1.5e6, "tonnes", "2026"),
        ),
        (
            "Indonesia is America's 4th largest agricultural export market.",
            ("agricultural_export_market_rank", 4.0, "rank", "2026"),
        ),
        (
            "Indonesia is the top export market for U.S. soybeans in Asia.",
            ("export_market_rank", 1.0, "rank", "2026"),
        ),
        ("Exports to Indonesia were up 115.4% from 2006.", ("growth_rate", 115.4, "percent", "2026")),
        (
            "Indonesian goods account for 8.0% of U.S. footwear imports.",
            ("share_percent", 8.0, "percent", "2026"),
        ),
        ("Imports from Indonesia fell by 12% in 2024.", ("decline_rate", 12.0, "percent", "2024")),
        (
            "Jakarta pledged to invest $6 billion in American plants.",
            ("investment_pledge", 6e9, "USD", "2026"),
        ),
        ("The two signed a defense sales package of about $3 billion.", ("arms_sales", 3e9, "USD", "2026")),
        (
            "Indonesia agreed on a $600-billion investment commitment.",
            ("investment_pledge", 600e9, "USD", "2026"),
        ),
    ],
)
def test_indicators_of_any_kind(text: str, expected: tuple) -> None:
    assert expected in _ind(text)


def test_indicators_list_values_in_parentheses_inherit_the_name() -> None:
    text = "Indonesia's purchases include aircraft ($15 billion) and wheat ($2 billion)."
    assert [x[:2] for x in _ind(text)] == [("commercial_deals", 15e9), ("commercial_deals", 2e9)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The fleet shrank from 22 to 14 patrol boats.",
            [("vessels_transferred", 22.0), ("vessels_transferred", 14.0)],
        ),
        (
            "The tariff on Indonesian goods fell from 32% to 19%.",
            [("tariff_rate", 32.0), ("tariff_rate", 19.0)],
        ),
    ],
)
def test_indicators_from_x_to_y_gives_both_values(text: str, expected: list[tuple]) -> None:
    assert [x[:2] for x in _ind(text)] == expected


def test_indicators_pair_keeps_the_periods_it_states() -> None:
    text = "Two-way trade grew from $20 billion in 2015 to $38 billion in 2024."
    assert [(x[1], x[3]) for x in _ind(text)] == [(20e9, "2015"), (38e9, "2024")]


@pytest.mark.parametrize(
    "text",
    [
        "Indonesia is a market of 280 million people.",  # a count of people is no money
        "The sale of Boeing 737-8 jets was delayed.",  # "8" of a model number is no count
        "The mine will earn $10 billion in annual revenue.",  # a firm's revenue is no bilateral figure
        "Indonesia is one of America's largest trading partners.",  # "one of the largest" is no rank
    ],
)
def test_indicators_numbers_that_are_not_indicators(text: str) -> None:
    assert _ind(text) == []


def test_issue_15_no_attribution_is_invented() -> None:
    text = "Amazon will invest $5 billion in Indonesian data centers in 2026."
    found = extract_indicators("d", text, 0, find_mentions(text), find_dates(text), ("USA", "IDN"), None)
    assert [i.source_attribution for i in found] == [None]
    shown = "U.S. Census data show two-way trade was $38 billion in 2024."
    found = extract_indicators("d", shown, 0, find_mentions(shown), find_dates(shown), ("USA", "IDN"), None)
    assert [i.source_attribution for i in found] == ["U.S. Census data"]


@pytest.mark.parametrize(
    ("text", "reporter", "partner", "value"),
    [
        ("The U.S. goods trade deficit with Indonesia was $17.9 billion in 2024.", "USA", "IDN", -17.9e9),
        (
            "Indonesia ran a trade surplus with the United States of $17.9 billion in 2024.",
            "IDN",
            "USA",
            17.9e9,
        ),
        (
            "With Indonesia, the United States had a trade deficit of $17.9 billion in 2024.",
            "USA",
            "IDN",
            -17.9e9,
        ),
    ],
)
def test_indicators_balance_sign_follows_the_country_that_runs_it(
    text: str, reporter: str, partner: str, value: float
) -> None:
    found = extract_indicators("d", text, 0, find_mentions(text), find_dates(text), ("USA", "IDN"), None)
    assert [(i.name, i.reporter, i.partner, i.value) for i in found] == [
        ("trade_balance", reporter, partner, value)
    ]


def test_issue_15_a_stock_since_a_year_is_one_observation_across_documents() -> None:
    text = "Washington has handed over 24 patrol boats since 2017."
    periods = {
        i.period
        for published in ("2023", "2025")
        for i in extract_indicators(
            "d", text, 0, find_mentions(text), find_dates(text, Context(published=published)), None, published
        )
    }
    assert periods == {"2017"}


def test_indicators_a_figure_restated_in_another_sentence_is_one_observation() -> None:
    text = (
        "Jakarta pledged to invest $6 billion in American plants.\n"
        "The $6 billion investment pledge was welcomed.\n"
        "The funds are the $5 billion Energy Fund and the $5 billion Tech Fund."
    )
    found = _walk(text)
    assert [x for x in found if x[1] == 6e9] == [("investment_pledge", 6e9, "2025")]
    assert len([x for x in found if x[1] == 5e9]) == 2  # two items of one list stay two


def test_indicators_names_without_a_scoring_rule_do_not_break_assessment() -> None:
    import pandas as pd

    from dyadscope.assess.indicators import indicator_signals

    frame = pd.DataFrame(
        [
            {
                "name": "jobs",
                "value": 10.0,
                "reporter": "USA",
                "partner": "IDN",
                "source_attribution": None,
                "month": "2025-01",
                "doc_id": "d",
                "char_start": 0,
                "unit": "jobs",
                "period": "2025",
            }
        ]
    )
    assert indicator_signals(frame).empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jakarta accepted a 19 percent tariff, with a higher 35 percent rate for goods routed elsewhere.",
            [("tariff_rate", 19.0), ("product_tariff_rate", 35.0)],
        ),
        (
            "Tariffs average 30% and reach 90% on certain motorcycles.",
            [("tariff_rate", 30.0), ("product_tariff_rate", 90.0)],
        ),
        ("The 19% tariff stays, except for certain minerals.", [("tariff_rate", 19.0)]),
    ],
)
def test_indicators_a_rate_for_some_goods_is_not_the_headline_tariff(
    text: str, expected: list[tuple]
) -> None:
    assert [x[:2] for x in _ind(text)] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jakarta agreed to provide $7 billion to invest in American plants.", "investment_pledge"),
        ("Washington will provide $40 million in humanitarian assistance to Jakarta.", "aid_amount"),
        ("The deals include $3 billion in U.S. services exports to Indonesia.", "services_exports"),
    ],
)
def test_indicators_the_words_right_after_a_figure_name_it(text: str, name: str) -> None:
    assert [x[0] for x in _ind(text) if x[2] == "USD"] == [name]


@pytest.mark.parametrize(
    "text",
    ["The two governments signed agreements on port security in 2023.", "Both countries bought aircraft."],
)
def test_indicators_a_number_counts_the_noun_right_after_it(text: str) -> None:
    assert _ind(text) == []
