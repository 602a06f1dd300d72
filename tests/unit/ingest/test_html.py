from __future__ import annotations

import pytest

from dyadscope.errors import DyadscopeError
from dyadscope.ingest.html import html_to_text

ARTICLE = (
    "<p>The two governments signed a memorandum on education exchanges in Hanoi on Monday, "
    "officials from both foreign ministries said in a statement released after the talks.</p>"
    "<p>Trade between the two countries grew by a fifth over the year, customs data showed, "
    "and both sides promised to settle remaining disputes over market access.</p>"
)


def page(body: str, head: str = "<title>Page title</title>") -> bytes:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>".encode()


def test_html_scripts_and_handlers_never_survive() -> None:
    body = (
        "<nav><a href='/'>Home</a></nav><article><h1>Talks</h1>"
        + ARTICLE
        + "<script>alert('x')</script><img src=x onerror=\"alert('y')\">"
        "<a href=\"javascript:alert('z')\">click here</a><style>p{color:red}</style></article>"
    )
    result = html_to_text(page(body), "p.html")
    assert "The two governments signed" in result["text"]
    for bad in ("alert", "onerror", "javascript", "color:red"):
        assert bad not in result["text"]


def test_html_metadata_title_date_language() -> None:
    head = (
        "<title>Talks in Hanoi</title><meta property='article:published_time' content='2025-10-26T08:00:00Z'>"
        "<meta property='og:site_name' content='Example Wire'>"
    )
    result = html_to_text(page("<article>" + ARTICLE + "</article>", head), "p.html")
    assert result["published"] == "2025-10-26"
    assert result["title"] == "Talks in Hanoi"
    assert result["language"] == "en"


@pytest.mark.parametrize("depth", [300, 900])
def test_html_deeply_nested_text_is_kept(depth: int) -> None:
    body = "<div>" * depth + ARTICLE + "</div>" * depth
    assert "memorandum on education" in html_to_text(page(body), "deep.html")["text"]


def test_html_nested_100k_deep_is_a_resource_limit() -> None:
    body = "<div>" * 100_000 + "<p>bottom</p>" + "</div>" * 100_000
    with pytest.raises(DyadscopeError) as info:
        html_to_text(page(body), "abyss.html")
    assert info.value.code == "E113" and "abyss.html" in info.value.message


def test_html_huge_colspan_keeps_table_text() -> None:
    body = (
        "<article>" + ARTICLE + "<table><tr><td colspan='9007199254740991'>Bilateral trade table "
        "cell text</td></tr><tr><td>2024</td><td>150 billion</td></tr></table></article>"
    )
    text = html_to_text(page(body), "table.html")["text"]
    assert "Bilateral trade table cell text" in text
    assert "|  |  |" not in text


def test_html_short_statement_is_kept() -> None:
    statement = (
        "<p>The Ministry of Foreign Affairs welcomes the visit of the Secretary of State to Hanoi "
        "on 14 April 2025 and the talks on trade.</p>"
    )
    text = html_to_text(page("<nav><a href='/'>Home</a></nav><article>" + statement + "</article>"), "s.html")
    assert "welcomes the visit" in text["text"]


def test_html_declared_charset_is_used() -> None:
    data = (
        "<html><head><meta charset='windows-1252'><title>t</title></head><body><article>"
        "<p>Der Minister sagte: „Wir sind uns einig“ – für beide Länder ein guter Tag, "
        "und die Gespräche über Handel und Bildung gehen im nächsten Monat weiter.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    result = html_to_text(data, "de.html")
    assert "für beide Länder" in result["text"] and result["encoding"] == "windows-1252"
