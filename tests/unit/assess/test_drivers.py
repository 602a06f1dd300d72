"""Drivers vs constraints: evidence matching, recency decay, source diversity, citations."""

from __future__ import annotations

import pytest
from synthetic_store import add_document, event

import dyadscope


def _claim(
    text: str,
    factor: str | None,
    stance: str = "constraint",
    dimension: str = "diplomatic",
    confidence: float = 0.8,
) -> dict:
    return {
        "text": text,
        "factor": factor,
        "stance": stance,
        "dimension": dimension,
        "confidence": confidence,
        "actors": ["USA", "VNM"],
        "date": None,
    }


def _strength(a, factor: str) -> float:
    frame = a.drivers if factor in set(a.drivers["factor"]) else a.constraints
    return float(frame.set_index("factor").at[factor, "strength"])


@pytest.fixture
def base(tmp_db: dyadscope.Database) -> dyadscope.Database:
    add_document(tmp_db, "Anchor", "2025-06-01", events=[event("2025-05-20", "042", 1.9)])
    return tmp_db


def test_drivers_tagged_and_pattern_matched_claims_count(base: dyadscope.Database) -> None:
    add_document(
        base,
        "Hanoi's caution",
        "2025-06-01",
        claims=[
            _claim(
                "Hanoi weighs Beijing's likely reaction before any step towards Washington.",
                "china_reaction_hedging",
            ),
            _claim("Officials repeat that they avoid dependence on any single country.", None),
        ],
    )
    a = base.assess("USA", "VNM")
    row = a.constraints.set_index("factor").loc["china_reaction_hedging"]
    assert row["evidence_count"] == 2 and row["sources"] == 1 and row["strength"] > 0
    citation = row["citations"][0]
    assert citation["doc_title"] == "Hanoi's caution" and citation["char_end"] > citation["char_start"]


def test_drivers_more_sources_beat_repetition(base: dyadscope.Database) -> None:
    text = "Washington's rights concerns, especially over human rights, limited defence ties."
    add_document(
        base,
        "One source, three times",
        "2025-06-01",
        claims=[_claim(text + f" ({i})", "human_rights_limits") for i in range(3)],
    )
    repeated = _strength(base.assess("USA", "VNM"), "human_rights_limits")
    for i in range(2):
        add_document(
            base, f"Independent source {i}", "2025-06-01", claims=[_claim(text, "human_rights_limits")]
        )
    assert _strength(base.assess("USA", "VNM"), "human_rights_limits") > 1.5 * repeated


def test_drivers_old_evidence_fades(tmp_db: dyadscope.Database) -> None:
    add_document(
        tmp_db,
        "Old",
        "2015-01-01",
        claims=[_claim("Aid cuts raised reliability doubts.", "reliability_doubts")],
    )
    add_document(tmp_db, "Anchor", "2025-06-01", events=[event("2025-05-20", "042", 1.9)])
    old = _strength(tmp_db.assess("USA", "VNM"), "reliability_doubts")
    add_document(
        tmp_db,
        "New",
        "2025-06-01",
        claims=[_claim("Aid cuts raised reliability doubts anew.", "reliability_doubts")],
    )
    new = _strength(tmp_db.assess("USA", "VNM"), "reliability_doubts") - old
    assert 0 < old < new / 10


def test_drivers_factor_of_another_profile_is_matched_by_pattern(base: dyadscope.Database) -> None:
    add_document(
        base,
        "Sea",
        "2025-06-01",
        claims=[
            _claim(
                "Both worry about the South China Sea.",
                "south_china_sea_dispute",
                stance="driver",
                dimension="security",
            )
        ],
    )
    a = base.assess("USA", "VNM")
    assert _strength(a, "china_assertiveness") > 0


def test_drivers_every_factor_listed_with_stance(base: dyadscope.Database) -> None:
    a = base.assess("USA", "VNM")
    profile = base.profile("USA", "VNM")
    assert set(a.drivers["factor"]) == {f.id for f in profile.drivers}
    assert set(a.constraints["factor"]) == {f.id for f in profile.constraints}
    assert (a.drivers["stance"] == "driver").all() and (a.constraints["direction"] == -1).all()
    assert list(a.drivers["strength"]) == sorted(a.drivers["strength"], reverse=True)


def test_drivers_hedged_claim_counts_half(tmp_db: dyadscope.Database) -> None:
    add_document(tmp_db, "Anchor", "2025-06-01", events=[event("2025-05-20", "042", 1.9)])
    plain = {**_claim("Officials suspect Washington seeks regime change.", "regime_change_suspicion")}
    add_document(tmp_db, "Plain", "2025-05-01", claims=[plain])
    alone = _strength(tmp_db.assess("USA", "VNM"), "regime_change_suspicion")
    hedged = {
        **_claim("Officials reportedly suspect regime change aims.", "regime_change_suspicion"),
        "hedged": True,
    }
    add_document(tmp_db, "Hedged", "2025-05-01", claims=[hedged])
    both = _strength(tmp_db.assess("USA", "VNM"), "regime_change_suspicion")
    assert both - alone == pytest.approx(alone / 2)
