"""Hostile strings in the report: escaped in HTML text, chart JSON and Markdown; bad formats refused."""

from __future__ import annotations

import re

import pytest
from sample_store import XSS_ATTR, XSS_TITLE

import dyadscope
from dyadscope.errors import InputError, UnknownCountry


@pytest.fixture(scope="module")
def store(sample_path):  # type: ignore[no-untyped-def]
    return dyadscope.open(sample_path, read_only=True)


def test_report_html_escapes_hostile_strings(store, tmp_path):
    text = store.report("USA", "VNM", output=tmp_path / "r.html").read_text(encoding="utf-8")
    body = re.sub(r"<script>.*?</script>", "", text, flags=re.S)  # drop the inline plotly.js bundle
    assert XSS_TITLE not in body and XSS_ATTR not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown, as text
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S):
        assert "<" not in block and ">" not in block


def test_report_markdown_defuses_html_and_links(store, tmp_path):
    text = store.report("USA", "VNM", format="md", output=tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_report_source_links_only_for_http_urls(store, tmp_path):
    text = store.report("USA", "VNM", output=tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/csp"' in text
    assert not re.search(r'href="[^"#]*(javascript:|onerror)', text)


@pytest.mark.parametrize("fmt, error, code", [("docx", InputError, "E713"), ("", InputError, "E713")])
def test_report_unknown_format_refused(store, tmp_path, fmt, error, code):
    with pytest.raises(error) as info:
        store.report("USA", "VNM", format=fmt, output=tmp_path / "r")
    assert info.value.code == code


def test_report_unknown_country_refused(store, tmp_path):
    with pytest.raises(UnknownCountry):
        store.report("USA", "XXX", output=tmp_path / "r.html")
