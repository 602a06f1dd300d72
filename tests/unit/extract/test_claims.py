"""Claims: profile factors when a profile exists, generic cues otherwise."""

from __future__ import annotations

from dyadscope.extract.claims import claim_kind, extract_claims


def test_claims_kind_from_cues() -> None:
    assert claim_kind("Hanoi's caution limits the pace of defence ties.") == "constraint"
    assert claim_kind("Many officials suspect Washington's aims.") == "perception"
    assert claim_kind("The ministers met on Tuesday.") is None


def test_claims_generic_without_profile() -> None:
    text = "Doubts about American reliability limit cooperation with Kenya."
    claims = extract_claims("d", text, 10, ["KEN", "USA"], "KEN-ZZZ", "2025", has_event=False)
    assert len(claims) == 1 and claims[0].factor is None and claims[0].stance == "constraint"
    assert (claims[0].char_start, claims[0].char_end) == (10, 10 + len(text))


def test_claims_matched_to_profile_factors() -> None:
    text = (
        "Hanoi usually anticipates a reaction from Beijing before big steps towards the United States, "
        "which limits the pace of ties."
    )
    claims = extract_claims("d", text, 0, ["CHN", "USA", "VNM"], "USA-VNM", None, has_event=False)
    factors = {c.factor for c in claims}
    assert factors and all(c.stance in ("driver", "constraint") for c in claims)
    assert any(c.stance == "constraint" for c in claims if c.factor)


def test_claims_event_sentence_without_cue_is_not_a_claim() -> None:
    text = "On 3 May 2024 the ministers met in Hanoi."
    assert extract_claims("d", text, 0, ["VNM"], "USA-VNM", "2024-05-03", has_event=True) == []
