from __future__ import annotations

import pytest

from dyadscope.ingest.headers import split_headers
from dyadscope.ingest.markdown import markdown_to_text


def test_markdown_to_text_keeps_words_drops_markup() -> None:
    text, title = markdown_to_text(
        "# The Title\n\nA *short* paragraph\nwrapped here.\n\n- item one\n- item two\n"
    )
    assert title == "The Title"
    assert text == "The Title\n\nA short paragraph wrapped here.\n\nitem one\n\nitem two"


@pytest.mark.parametrize(
    "source",
    [
        "Intro.\n\n<script>alert(1)</script>\n\nAfter.",
        "Intro. <script>alert(1)</script> After.",
        'Intro. <img src=x onerror="alert(1)"> After.',
        "Intro. [click](javascript:alert(1)) After.",
    ],
)
def test_markdown_raw_html_and_script_links_do_not_survive(source: str) -> None:
    text, _ = markdown_to_text(source)
    assert "alert" not in text and "onerror" not in text and "javascript" not in text
    assert "Intro." in text and "After." in text


def test_markdown_table_cells_kept() -> None:
    text, _ = markdown_to_text("| Year | Trade |\n|---|---|\n| 2024 | 150 |\n")
    assert "2024 | 150" in text


@pytest.mark.parametrize(
    "source, meta, body_start",
    [
        (
            "---\ntitle: A\npublished: 2025-10-26\nsource: Wire\n---\n# A\n",
            {"title": "A", "published": "2025-10-26", "publisher": "Wire"},
            "# A",
        ),
        (
            "TITLE: Joint statement\nDATE: 2025-10-26\n\nBody here.",
            {"title": "Joint statement", "published": "2025-10-26"},
            "\nBody here.",
        ),
        (
            "Body: not a header because this line is long prose that happens to contain a colon. More.",
            {},
            "Body",
        ),
        ("No headers here.\nDATE: 2025-10-26", {}, "No headers"),
    ],
)
def test_markdown_headers_and_front_matter(source: str, meta: dict, body_start: str) -> None:
    found, body, _ = split_headers(source)
    assert found == meta and body.startswith(body_start)
