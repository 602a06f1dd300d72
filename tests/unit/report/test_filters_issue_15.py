"""Issue 15: cited sentences without glued headlines; the publisher, never a server path."""

from __future__ import annotations

import pytest

from dyadscope.report.filters import headless, publisher


@pytest.mark.parametrize(
    "text, title, expected",
    [
        ("Trade grows\nTwo-way trade rose in May.", "Trade grows", "Two-way trade rose in May."),
        ("Two-way trade rose in May.", "Trade keeps growing", "Two-way trade rose in May."),
        ("Trade keeps growing", "Trade keeps growing", "Trade keeps growing"),
        (None, None, ""),
    ],
)
def test_filters_headless(text, title, expected) -> None:
    assert headless(text, title) == expected


@pytest.mark.parametrize(
    "doc, expected",
    [
        ({"publisher": "Meridian Wire", "source": "/srv/corpus/03.md"}, "Meridian Wire"),
        ({"publisher": None, "source": "https://www.example.org/news/1"}, "example.org"),
        ({"publisher": "", "source": "/srv/corpus/08.pdf"}, "publisher not stated"),
    ],
)
def test_filters_publisher_not_a_path(doc, expected) -> None:
    assert publisher(doc) == expected
