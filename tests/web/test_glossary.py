"""Issue 15: a glossary page, hover definitions, and an explain panel with the month's before and after."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadscope.web.templating import glossary

DOCS = Path(__file__).resolve().parents[2] / "docs"
NEEDED = ("goldstein", "cameo_root", "corroboration", "strength", "baseline_pull", "r_star", "level_bands")


def test_glossary_page_defines_every_term(client) -> None:
    html = client.get("/glossary").text
    for term in NEEDED:
        assert f'id="{term}"' in html and glossary()[term]["definition"][:40] in html


def test_glossary_linked_and_hovered_on_the_dashboard(client) -> None:
    html = client.get("/dyads/USA-VNM").text
    assert 'href="/glossary"' in html
    assert 'href="/glossary#strength" title="' in html and 'href="/glossary#level_bands"' in html


def test_glossary_methodology_sections_exist() -> None:
    methodology = (DOCS / "methodology.md").read_text(encoding="utf-8")
    for term in glossary().values():
        assert f"## {term['methodology']}" in methodology or f"### {term['methodology']}" in methodology, term


@pytest.mark.parametrize("term", NEEDED)
def test_glossary_docs_page_lists_term(term) -> None:
    assert glossary()[term]["term"] in (DOCS / "glossary.md").read_text(encoding="utf-8")


def test_explain_shows_before_after_and_total(client) -> None:
    html = client.get("/dyads/USA-VNM/explain/2025-04").text
    assert "→" in html and "(change " in html and 'href="/glossary#contribution"' in html


def test_explain_month_move_totals_the_overall_contributions() -> None:
    import pandas as pd

    from dyadscope.web.pages import month_move

    timeline = pd.DataFrame({"month": ["2025-03", "2025-04"], "overall": [3.88, 3.27]})
    frame = pd.DataFrame({"overall_contribution": [-0.70, 0.09]})
    move = month_move(timeline, "2025-04", frame)
    assert move["before"] == 3.88 and move["after"] == 3.27
    assert round(move["change"], 2) == -0.61 and round(move["total"], 2) == -0.61
    assert month_move(timeline, "2025-03", frame)["before"] is None
