"""Dates: absolute forms, relative dates against the publication date, ambiguity flags (cases 23, 24)."""

from __future__ import annotations

import pytest

from dyadscope.extract.dates import Context, find_dates

PUB = Context(published="2026-01-29")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("It happened on July 12, 1995 in the capital.", "1995-07-12", "day"),
        ("It happened on 12 July 1995.", "1995-07-12", "day"),
        ("It happened in April 2025.", "2025-04", "month"),
        ("It happened in 2013.", "2013", "year"),
        ("Signed 2025-10-26 in Kuala Lumpur.", "2025-10-26", "day"),
        ("Sept. 2023 was the month.", "2023-09", "month"),
        ("ngày 12 tháng 7 năm 1995", "1995-07-12", "day"),
        ("tháng 9/2023", "2023-09", "month"),
    ],
)
def test_dates_absolute(text: str, value: str, precision: str) -> None:
    found = find_dates(text, PUB)
    assert [(d.value, d.precision) for d in found][:1] == [(value, precision)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They spoke last month.", "2025-12"),
        ("They spoke last year.", "2025"),
        ("Talks resume next year.", "2027"),
        ("They met today.", "2026-01-29"),
        ("They met on November 11 last year.", "2025-11-11"),
        ("They will meet this November.", "2026-11"),
    ],
)
def test_dates_relative_to_publication(text: str, value: str) -> None:
    found = find_dates(text, PUB)
    assert found and found[0].value == value and not found[0].uncertain


def test_dates_following_year_uses_previous_date_of_the_text() -> None:
    found = find_dates(
        "The following year, a treaty was signed.", Context(published="2026-01-29", anchor="2013-07")
    )
    assert found[0].value == "2014"


def test_dates_relative_in_same_sentence_uses_its_own_anchor() -> None:
    found = find_dates("They set up a partnership in July 2013 and, a decade later, raised it.", PUB)
    assert [d.value for d in found] == ["2013-07", "2023"]


def test_dates_relative_without_publication_date_is_flagged_uncertain() -> None:
    assert find_dates("We spoke last week.", Context()) == []  # nothing to anchor to: no silent ingest date
    found = find_dates("They spoke on November 11 last year.", Context(latest="2025-07-02"))
    assert found[0].value == "2024-11-11" and found[0].uncertain


def test_dates_list_shares_the_year() -> None:
    found = find_dates("Calls took place on April 4 and July 2, 2025.", PUB)
    assert [d.value for d in found] == ["2025-04-04", "2025-07-02"]


@pytest.mark.parametrize(
    ("order", "value", "ambiguous"),
    [("DMY", "2025-03-02", False), ("MDY", "2025-02-03", False), (None, "2025-03-02", True)],
)
def test_dates_numeric_order_and_ambiguity(order: str | None, value: str, ambiguous: bool) -> None:
    found = find_dates("Dated 02/03/2025.", Context(order=order))
    assert found[0].value == value and found[0].ambiguous is ambiguous
    if ambiguous:
        assert set(found[0].candidates) == {"2025-03-02", "2025-02-03"}


def test_dates_unambiguous_numeric_dates_in_a_list_do_not_flip() -> None:
    found = find_dates("Meetings on 15/4/2025, 16/4/2025 and 2/5/2025.", Context(order="DMY"))
    assert [d.value for d in found] == ["2025-04-15", "2025-04-16", "2025-05-02"]


@pytest.mark.parametrize(
    "text", ["Executive Order 14257 applies.", "It cost $2024.", "A 2,024 rise.", "The 119th Congress."]
)
def test_dates_numbers_that_are_not_years(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_dates_kinds_since_target_and_reference() -> None:
    found = find_dates(
        "Since 2010 ties grew; by 2030 a goal; under Executive Order 14257 of April 2, 2025.", PUB
    )
    assert [(d.value, d.kind) for d in found] == [
        ("2010", "since"),
        ("2030", "target"),
        ("2025-04-02", "reference"),
    ]


def test_dates_half_year_period() -> None:
    found = find_dates("Trade reached a record in the first half of 2025.", PUB)
    assert (found[0].value, found[0].half) == ("2025", "H1")


@pytest.mark.parametrize(
    ("text", "language", "values"),
    [
        ("Le président a visité Hanoï le 12 juillet 1995.", "fr", ["1995-07-12"]),
        ("El presidente visitó Hanói el 23 de mayo de 2016.", "es", ["2016-05-23"]),
    ],
)
def test_dates_other_languages_through_dateparser(text: str, language: str, values: list[str]) -> None:
    from dyadscope.extract.dates_other import find_dates_other_language

    assert [d.value for d in find_dates_other_language(text, language, PUB)] == values
