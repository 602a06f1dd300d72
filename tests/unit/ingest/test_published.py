from __future__ import annotations

import pytest

from dyadscope.ingest.published import find_published, numeric_date_order, parse_date, pdf_date


def found(text: str, **kwargs) -> tuple | None:
    result = find_published(text, **kwargs)
    return (result.value, result.precision, result.ambiguous) if result else None


@pytest.mark.parametrize(
    "text, kwargs, expected",
    [
        (
            "Files / Countries\n\nA title\n\nPublished\n\n29/01/2026\n\nBody.",
            {},
            ("2026-01-29", "day", False),
        ),
        (
            "Published: 02/03/2025\nBody.",
            {"source": "https://news.example.vn/a"},
            ("2025-03-02", "day", True),
        ),
        ("Published: 02/03/2025\nBody.", {"source": "https://www.state.gov/a"}, ("2025-02-03", "day", True)),
        (
            "Published: 02/03/2025\nBody.",
            {},
            ("2025-03-02", "day", True),
        ),  # no source info: day-first, flagged
        (
            "Published: 02/03/2025\nTalks on 15/04/2025.",
            {},
            ("2025-03-02", "day", False),
        ),  # order settled by text
        ("Posted on October 26, 2025 by staff\nBody.", {}, ("2025-10-26", "day", False)),
        ("26 Oct. 2025\n\nBody text.", {}, ("2025-10-26", "day", False)),
        ("Body only. Talks were held in 2019 and 2020.", {}, None),
        ("Body.", {"meta": {"published": "2025-10-26"}}, ("2025-10-26", "day", False)),
        ("Body.", {"meta": {"published": "2025-10"}}, ("2025-10", "month", False)),
        ("Body.", {"html_date": "2024-05-01T10:00:00+07:00"}, ("2024-05-01", "day", False)),
        ("Body.", {"pdf_raw_date": "D:20251120093000Z"}, ("2025-11-20", "day", False)),
        ("Updated: 2025-12-01\nBody.", {}, None),  # an update is not the publication
    ],
)
def test_published_from_document(text: str, kwargs: dict, expected: tuple | None) -> None:
    assert found(text, **kwargs) == expected


def test_published_never_uses_ingest_date() -> None:
    assert find_published("Relations improved last month, officials said.") is None


@pytest.mark.parametrize(
    "text, order",
    [("15/4, 16/4 and 2/5/2025 or 15/04/2025", "DMY"), ("04/15/2025", "MDY"), ("02/03/2025", None)],
)
def test_published_numeric_order_detected_once_per_document(text: str, order: str | None) -> None:
    assert numeric_date_order(text) == order


def test_published_list_of_dates_does_not_flip() -> None:
    order = numeric_date_order("Meetings on 15/04/2025, 16/04/2025 and 02/05/2025.")
    assert parse_date("02/05/2025", order, settled=True).value == "2025-05-02"


@pytest.mark.parametrize("raw, value", [("D:2025", "2025"), ("D:202511", "2025-11"), ("garbage", None)])
def test_published_pdf_dates(raw: str, value: str | None) -> None:
    result = pdf_date(raw)
    assert (result.value if result else None) == value
