"""Issue 15 in a real browser, at 1280 px and on an emulated iPhone 13: trade chart, glossary, compare,
documents, explain panel. Screenshots go to test-artifacts/ (looked at when the fixes were made)."""

from __future__ import annotations

import time

import pytest
from sample_store import DOCS, doc_id

pytestmark = pytest.mark.browser


def wait_until(page, expression: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_workflow_trade_chart_keeps_title_unit_and_switches_measure(any_page, live_server, screenshot):
    page = any_page
    page.goto(f"{live_server.url}/dyads/USA-VNM")
    page.wait_for_selector('#plot-trade[data-drawn="1"]', timeout=20_000)
    title = page.locator("#plot-trade .gtitle")
    assert "USD billion" in title.text_content() and title.is_visible()
    box, plot = title.bounding_box(), page.locator("#plot-trade").bounding_box()
    assert box["x"] >= plot["x"] - 1 and box["x"] + box["width"] <= plot["x"] + plot["width"] + 1
    assert page.evaluate("document.getElementById('plot-trade')._fullLayout.xaxis.type") == "date"
    buttons = page.locator("#plot-trade .updatemenu-button")
    if buttons.count() > 1:
        buttons.last.click()
        wait_until(page, "document.querySelector('#plot-trade .gtitle').textContent.includes('balance')")
    screenshot(page, f"trade-{page.kind}")
    assert no_sideways_scroll(page) and page.problems == []


def test_workflow_glossary_linked_with_hover_definitions(any_page, live_server, screenshot):
    page = any_page
    page.goto(f"{live_server.url}/dyads/USA-VNM")
    term = page.locator('a.term[href="/glossary#strength"]').first
    assert "evidence" in term.get_attribute("title")
    page.goto(f"{live_server.url}/glossary#baseline_pull")
    assert page.locator("dt#baseline_pull").is_visible() and page.locator("dt#goldstein").count() == 1
    screenshot(page, f"glossary-{page.kind}")
    assert no_sideways_scroll(page)


def test_workflow_compare_pairs_chart(any_page, live_server, screenshot):
    page = any_page
    page.goto(f"{live_server.url}/compare?dyads=USA-VNM,JPN-VNM&dimension=economic")
    page.wait_for_selector('#plot-pairs[data-drawn="1"]', timeout=20_000)
    assert page.locator("#plot-pairs .scatterlayer .trace").count() == 1  # JPN-VNM has no evidence
    assert "JPN-VNM: [E605]" in page.locator("main").inner_text()
    assert "Economic score" in page.locator("#plot-pairs .gtitle").text_content()
    screenshot(page, f"compare-{page.kind}")
    assert no_sideways_scroll(page) and page.problems == []


def test_workflow_short_document_id_opens_the_document(any_page, live_server, screenshot):
    page = any_page
    page.goto(f"{live_server.url}/documents")
    short = doc_id(DOCS[0]["text"])[:12]
    page.locator(f'a[href="/documents/{short}"]').first.click()
    page.wait_for_url(f"**/documents/{doc_id(DOCS[0]['text'])}")
    assert page.locator("h1").inner_text() == DOCS[0]["title"]
    screenshot(page, f"document-{page.kind}")


def test_workflow_explain_panel_shows_before_and_after(any_page, live_server):
    page = any_page
    page.goto(f"{live_server.url}/dyads/USA-VNM")
    page.wait_for_selector('#plot-timeline[data-drawn="1"]', timeout=20_000)
    page.evaluate("window.htmx.ajax('GET', '/dyads/USA-VNM/explain/2025-04', {target: '#explain'})")
    page.wait_for_selector("#explain .explain-move", timeout=10_000)
    text = page.locator("#explain .explain-move").inner_text()
    assert "→" in text and "change" in text


def test_workflow_correction_form_with_token(any_page, writable_server, screenshot):
    page = any_page
    page.goto(f"{writable_server.url}/events?dyad=USA-VNM")
    event_id = page.evaluate(
        "fetch('/api/v1/events?dyad=USA-VNM').then(r => r.json()).then(j => j.rows[0].id)"
    )
    page.goto(f"{writable_server.url}/corrections")
    page.select_option("select[name=action]", "reject")
    page.fill("input[name=record_id]", event_id)
    page.fill("input[name=who]", f"tester-{page.kind}")
    page.fill("input[name=why]", "checked in a real browser")
    page.fill("input[name=token]", "browser-token")
    page.click("button[type=submit]")
    page.wait_for_url("**/corrections")
    assert f"tester-{page.kind}" in page.locator("table").inner_text()
    screenshot(page, f"corrections-{page.kind}")
    assert no_sideways_scroll(page)
