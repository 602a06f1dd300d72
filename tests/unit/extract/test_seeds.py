"""Must-pass cases on the two seed documents (read from ../shared at test time, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadscope.extract import Extraction, extract_document
from dyadscope.extract.reader import read_document
from dyadscope.schema import Event

SEED_REPORT = "seeds/000_f978b08c8f3fb1f9.txt"
SEED_NEWS = "seeds/002_e8c1e53d02d18d11.txt"


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> dict[str, Extraction]:
    out = {}
    for name in (SEED_REPORT, SEED_NEWS):
        doc, sentences = read_document(shared_dir / name)
        out[name] = extract_document(doc, sentences)
    return out


def _find(events: list[Event], date: str, pair: set[str], root: str, status: str = "reported") -> list[Event]:
    return [
        e
        for e in events
        if e.date.startswith(date)
        and {e.source_actor, e.target_actor} == pair
        and e.event_code.startswith(root)
        and e.status == status
    ]


@pytest.mark.parametrize(
    ("seed", "date", "pair", "root", "dimension"),
    [
        (SEED_NEWS, "1995-07", {"USA", "VNM"}, "05", "diplomatic"),  # normalization, July 1995
        (SEED_NEWS, "2013-07", {"USA", "VNM"}, "05", "diplomatic"),  # Comprehensive Partnership
        (SEED_NEWS, "2016-05", {"USA", "VNM"}, "08", "security"),  # arms embargo lifted, Obama visit
        (SEED_NEWS, "2016-05", {"USA", "VNM"}, "04", "diplomatic"),  # the Obama visit itself
        (SEED_NEWS, "2023-09", {"USA", "VNM"}, "05", "diplomatic"),  # CSP upgrade
        (SEED_REPORT, "2025-04", {"CHN", "VNM"}, "04", "diplomatic"),  # Xi Jinping in Hanoi
        (SEED_REPORT, "2025", {"USA", "VNM"}, "17", "economic"),  # tariffs imposed on Vietnam
        (SEED_REPORT, "2025-10", {"USA", "VNM"}, "05", "economic"),  # trade framework
        (SEED_REPORT, "2025-11", {"USA", "VNM"}, "04", "security"),
    ],  # Hegseth visit
)
def test_seeds_milestones(
    seeds: dict[str, Extraction], seed: str, date: str, pair: set[str], root: str, dimension: str
) -> None:
    found = _find(seeds[seed].events, date, pair, root)
    assert found, f"no {root} event {pair} {date}"
    assert any(e.dimension == dimension for e in found)


def test_seeds_tariffs_negative_framework_positive(seeds: dict[str, Extraction]) -> None:
    events = seeds[SEED_REPORT].events
    assert all(e.goldstein < 0 for e in _find(events, "2025", {"USA", "VNM"}, "17"))
    assert all(e.goldstein > 0 for e in _find(events, "2025-10", {"USA", "VNM"}, "05"))


def test_seeds_hegseth_visit_names_the_person(seeds: dict[str, Extraction]) -> None:
    visit = _find(seeds[SEED_REPORT].events, "2025-11", {"USA", "VNM"}, "04")[0]
    assert (visit.source_actor, visit.target_actor, visit.source_person) == ("USA", "VNM", "Pete Hegseth")


def test_seeds_rumoured_aircraft_purchase_is_not_reported(seeds: dict[str, Extraction]) -> None:
    for event in seeds[SEED_REPORT].events:
        if "rumor" in event.text.lower():
            assert event.status != "reported"
    assert not [e for e in seeds[SEED_REPORT].events if "rumor" in e.text.lower() and e.status == "reported"]


def test_seeds_phone_call_list_and_relative_date(seeds: dict[str, Extraction]) -> None:
    calls = {e.date for e in seeds[SEED_NEWS].events if e.event_code == "041"}
    assert {"2024-11-11", "2025-04-04", "2025-07-02"} <= calls


def test_seeds_normalization_both_announcement_days_kept(seeds: dict[str, Extraction]) -> None:
    days = {e.date for e in seeds[SEED_NEWS].events if e.event_code == "054"}
    assert {"1995-07-11", "1995-07-12"} <= days


@pytest.mark.parametrize(
    ("seed", "name", "value", "period", "attribution"),
    [
        (SEED_REPORT, "goods_trade_total", 150e9, "2024", "U.S. data"),
        (SEED_NEWS, "goods_trade_total", 134.6e9, "2024", "Vietnam Customs"),
        (SEED_REPORT, "trade_balance", -123e9, "2024", None),
        (SEED_REPORT, "fdi_flow", 4.4e9, "2024", None),
        (SEED_NEWS, "goods_trade_total", 79.7e9, "2025-H1", "Vietnam Customs"),
        (SEED_NEWS, "fdi_rank", 11, "2025-01", None),
        (SEED_NEWS, "fdi_projects", 1429, "2025-01", None),
        (SEED_NEWS, "students", 30000, None, None),
        (SEED_REPORT, "vessels_transferred", 24, None, None),
        (SEED_REPORT, "tariff_rate", 20, None, None),
    ],
)
def test_seeds_indicators(
    seeds: dict[str, Extraction],
    seed: str,
    name: str,
    value: float,
    period: str | None,
    attribution: str | None,
) -> None:
    found = [
        i for i in seeds[seed].indicators if i.name == name and abs(i.value - value) <= abs(value) * 0.005
    ]
    assert found, f"{name} {value} missing"
    if period:
        assert found[0].period == period
    if attribution:
        assert found[0].source_attribution == attribution


def test_seeds_trade_figures_keep_their_reporters(seeds: dict[str, Extraction]) -> None:
    us = next(i for i in seeds[SEED_REPORT].indicators if i.name == "goods_trade_total")
    vn = next(i for i in seeds[SEED_NEWS].indicators if i.name == "goods_trade_total" and i.period == "2024")
    assert (us.reporter, us.partner) == ("USA", "VNM") and (vn.reporter, vn.partner) == ("VNM", "USA")


def test_seeds_constraints_surface_as_claims(seeds: dict[str, Extraction]) -> None:
    stances = {(c.factor, c.stance) for c in seeds[SEED_REPORT].claims if c.factor}
    assert any(stance == "constraint" for _, stance in stances)
    assert any(stance == "driver" for _, stance in stances)
    assert seeds[SEED_REPORT].dyad == "USA-VNM"
