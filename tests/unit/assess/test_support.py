"""Issue 15: every driver/constraint citation is a sentence that supports its factor."""

from __future__ import annotations

import pytest

import dyadscope
from dyadscope.assess.support import is_headline, polarity, strip_title, supports
from dyadscope.profiles import load_profile

PROFILE = load_profile("USA-VNM")


def _item(text: str, kind: str = "claim", **extra) -> dict:
    return {"kind": kind, "text": text, "doc_title": "A headline about ties", "tags": set(), **extra}


@pytest.mark.parametrize(
    "factor, text, kind, extra, expected",
    [
        # the issue's three cases
        (
            "people_ties",
            "The tariff threat came months after Washington froze aid that funded health and education.",
            "claim",
            {},
            False,
        ),
        (
            "economic_interdependence",
            "Trump announced tariffs on most trading partners and set Vietnam's rate at 46 percent.",
            "event",
            {"goldstein": -4.0},
            False,
        ),
        ("human_rights_limits", "Vietnam under new leaders: reform and human rights", "claim", {}, False),
        # what still counts
        (
            "people_ties",
            "About 30,000 Vietnamese students studied at American universities.",
            "claim",
            {},
            True,
        ),
        (
            "reliability_doubts",
            "The tariff threat came months after Washington froze aid that funded health and education.",
            "claim",
            {},
            True,
        ),
        (
            "trade_deficit_pressure",
            "Trump announced tariffs on most trading partners and set Vietnam's rate at 46 percent.",
            "event",
            {"goldstein": -4.0},
            True,
        ),
        # a tag without the words is not support
        (
            "people_ties",
            "The United States helps Vietnam search for its missing soldiers.",
            "claim",
            {},
            False,
        ),
    ],
)
def test_support_issue_15_citations_back_their_factor(factor, text, kind, extra, expected) -> None:
    assert supports(_item(text, kind, **extra), PROFILE.factor(factor), PROFILE) is expected


def test_support_headlines_and_polarity() -> None:
    assert is_headline("Tariffs, talks and a framework", None)
    assert not is_headline("Tariffs rose sharply in April, and exporters shipped early.", None)
    assert strip_title("Title here\nTwo-way trade grew.", "Title here") == ("Two-way trade grew.", 11)
    assert polarity("They agreed to expand cooperation.") > 0 > polarity("Aid was frozen amid tension.")


def test_support_every_demo_citation_supports_its_factor(demo_db: dyadscope.Database) -> None:
    for dyad in ("USA-VNM", "CHN-VNM"):
        a = demo_db.assess(dyad, snapshot=False)
        profile = demo_db.profile(dyad)
        titles = set(demo_db.documents()["title"])
        for row in [*a.drivers.to_dict("records"), *a.constraints.to_dict("records")]:
            factor = profile.factor(row["factor"])
            assert (row["evidence_count"] == 0) == (row["citations"] == [])
            for c in row["citations"]:
                assert c["text"] not in titles and not c["text"].startswith(tuple(titles))
                assert supports({**c, "doc_title": c["doc_title"], "tags": set()}, factor, profile), (
                    dyad,
                    row["factor"],
                    c["text"],
                )
                if row["stance"] == "driver":
                    assert "froze" not in c["text"] and "46 percent" not in c["text"], c["text"]


@pytest.mark.parametrize("dyad", ["JPN-VNM", "CHN-VNM", "USA-VNM"])
def test_findings_issue_15_stay_with_their_pair(demo_db: dyadscope.Database, dyad) -> None:
    """Claim findings come only from claims about the pair, labelled from its profile."""
    findings = demo_db.findings(dyad)
    if dyad == "JPN-VNM":  # the demo holds no JPN-VNM document: nothing can be found about it
        assert findings.empty
    for row in findings.to_dict("records"):
        assert "_" not in row["title"], row["title"]
