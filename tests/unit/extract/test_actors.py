"""Actor resolution: exact gazetteer matches, never fuzzy (RELIABILITY case 25)."""

from __future__ import annotations

import pytest

from dyadscope.extract.actors import find_groups, find_mentions, resolve_country


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("UK", "GBR"),
        ("uk", "GBR"),
        ("Republic of Korea", "KOR"),
        ("Viet Nam", "VNM"),
        ("Hanoi", "VNM"),
        ("Vietnamese", "VNM"),
        ("VN", "VNM"),
        ("USA", "USA"),
        ("Pete Hegseth", "USA"),
        ("To Lam", "VNM"),
        ("Xi Jinping", "CHN"),
        ("ASEAN", "ASEAN"),
        ("Filipino", "PHL"),
    ],
)
def test_actors_resolve_exact_names(query: str, code: str) -> None:
    found = resolve_country(query)
    assert found is not None and found.code == code and not found.ambiguous


@pytest.mark.parametrize("query", ["Nigerr", "Vietnamm", "Atlantis", "", "Indian Ocean"])
def test_actors_no_fuzzy_guess(query: str) -> None:
    assert resolve_country(query) is None


def test_actors_congo_is_flagged_with_both_candidates() -> None:
    found = resolve_country("Congo")
    assert found is not None and found.ambiguous and set(found.candidates) == {"COG", "COD"}
    assert resolve_country("Democratic Republic of the Congo").code == "COD"


@pytest.mark.parametrize(
    ("text", "code", "ambiguous"),
    [
        ("The governor of Georgia met voters in Atlanta.", "USA", False),
        ("Georgia's government in Tbilisi protested.", "GEO", False),
        ("Georgia signed the deal.", "GEO", True),
    ],
)
def test_actors_georgia_by_context(text: str, code: str, ambiguous: bool) -> None:
    mention = next(m for m in find_mentions(text) if m.text == "Georgia")
    assert mention.code == code and mention.ambiguous is ambiguous


def test_actors_titles_leaders_capitals_and_demonyms() -> None:
    text = (
        "Secretary of Defense Pete Hegseth flew to Hanoi, where Vietnamese officials and the "
        "U.S.-Philippines team met."
    )
    codes = [(m.text, m.code) for m in find_mentions(text)]
    assert ("Secretary of Defense", "USA") in codes and ("Pete Hegseth", "USA") in codes
    assert ("Hanoi", "VNM") in codes and ("Vietnamese", "VNM") in codes
    assert ("U.S.", "USA") in codes and ("Philippines", "PHL") in codes


def test_actors_ignore_lowercase_pronoun_us_and_blocked_phrases() -> None:
    assert [m.code for m in find_mentions("Let us look at the Indian Ocean and Latin America.")] == []


def test_actors_group_phrases() -> None:
    assert len(find_groups("Both sides agreed, and the two countries signed.")) == 2


def test_actors_vietnamese_country_names() -> None:
    text = "Chủ tịch nước Việt Nam tiếp Đại sứ Hoa Kỳ tại Hà Nội; Trung Quốc và Nhật Bản."
    assert [m.code for m in find_mentions(text)] == ["VNM", "USA", "VNM", "CHN", "JPN"]
