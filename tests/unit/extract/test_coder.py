"""The lexicon coder: schema, inflection, and one behaviour per test on sentences written for these tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dyadscope.errors import ProfileError
from dyadscope.extract import Extraction, extract_document
from dyadscope.extract.lexicon import LEXICON_DIR, lexicon, phrasal_verb_forms, verb_forms
from dyadscope.ontology import cameo
from dyadscope.schema import Document, Event, Sentence


def _doc(text: str, published: str | None = "2026-01-29", dyad: str | None = None) -> Extraction:
    doc = Document(
        id="c" * 8,
        title="Notes",
        published=published,
        source="test",
        text=text,
        kind="report",
        ingested_at="2026-01-30T00:00:00Z",
        dyad=dyad,
    )
    sentences, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        sentences.append(Sentence(doc_id=doc.id, idx=i, char_start=pos, char_end=pos + len(part), text=part))
        pos += len(part) + 1
    return extract_document(doc, sentences)


def _keys(events: list[Event]) -> set[tuple[str, str, str, str]]:
    """(source, target, CAMEO root, status) of each event."""
    return {(e.source_actor, e.target_actor, e.event_code[:2], e.status) for e in events}


# --- the lexicon as data ----------------------------------------------------------------------------


def _copy_lexicon(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, target)
    return target


def test_lexicon_misspelt_key_fails_loudly(tmp_path: Path) -> None:
    folder = _copy_lexicon(tmp_path)
    (folder / "extra.yaml").write_text(
        'entries:\n  - id: scold\n    code: "111"\n    verbz: [scold]\n', encoding="utf-8"
    )
    with pytest.raises(ProfileError, match=r"E603.*verbz"):
        lexicon(folder)


def test_lexicon_unknown_cameo_code_fails_loudly(tmp_path: Path) -> None:
    folder = _copy_lexicon(tmp_path)
    (folder / "extra.yaml").write_text('entries:\n  - id: scold\n    code: "13y"\n    verbs: [scold]\n')
    with pytest.raises(ProfileError, match=r"E603.*unknown CAMEO code"):
        lexicon(folder)


def test_lexicon_duplicate_id_fails(tmp_path: Path) -> None:
    folder = _copy_lexicon(tmp_path)
    (folder / "extra.yaml").write_text('entries:\n  - id: praise\n    code: "051"\n    verbs: [laud]\n')
    with pytest.raises(ProfileError, match="duplicate lexicon id"):
        lexicon(folder)


def test_lexicon_covers_all_twenty_roots() -> None:
    roots = {entry.code[:2] for entry in lexicon().entries}
    assert roots == {c.code for c in cameo.roots()}


def test_inflections_regular_and_irregular() -> None:
    irregular = {"hold": ["held"]}
    assert {"apologizes", "apologized", "apologizing"} <= verb_forms("apologize", irregular)
    assert {"bans", "banned", "banning"} <= verb_forms("ban", irregular)
    assert {"decries", "decried"} <= verb_forms("decry", irregular)
    assert "held" in verb_forms("hold", irregular)
    assert {"called off", "calling off"} <= phrasal_verb_forms("call_off", irregular)


def test_phrasal_verb_in_a_phrase_is_inflected() -> None:
    out = _doc("Israel carried out air strikes on Syria on 4 April 2024.")
    assert _keys(out.events) == {("ISR", "SYR", "19", "reported")}


# --- codes over the codebook ------------------------------------------------------------------------


def test_agreed_upon_pact_is_an_agreement() -> None:
    out = _doc("Peru and Chile agreed upon a new free-trade pact in August 2006.")
    assert ("PER", "CHL", "05", "reported") in _keys(out.events)
    assert {e.event_code for e in out.events} == {"057"}


def test_apology_is_coded() -> None:
    out = _doc("In March 2015, Norway apologized to Denmark for the incident.")
    assert _keys(out.events) == {("NOR", "DNK", "05", "reported")}
    assert out.events[0].event_code == "055"


def test_several_events_in_one_sentence() -> None:
    out = _doc("India imposed tariffs on Chinese steel and suspended talks with Beijing in August 2020.")
    assert {e.event_code for e in out.events} == {"172", "164"}
    assert {(e.source_actor, e.target_actor) for e in out.events} == {("IND", "CHN")}


# --- negation, modality and scope -------------------------------------------------------------------


def test_negation_did_not() -> None:
    out = _doc("Canada did not impose sanctions on Venezuela in March 2021.")
    assert _keys(out.events) == {("CAN", "VEN", "16", "negated")}


def test_refusal_is_a_rejection_not_a_meeting() -> None:
    out = _doc("Chile refused to meet the Bolivian delegation in April 2019.")
    assert _keys(out.events) == {("CHL", "BOL", "12", "reported")}


def test_cancelled_visit_reduces_relations() -> None:
    out = _doc("Brazil cancelled a planned visit to Beijing in May 2023.")
    codes = {e.event_code for e in out.events}
    assert "042" not in codes and codes == {"161"}


def test_postponed_talks_are_no_talks() -> None:
    out = _doc("Egypt postponed its planned talks with Ethiopia in July 2021.")
    assert not any(e.event_code.startswith("04") and e.status == "reported" for e in out.events)


def test_prohibiting_aid_reduces_aid() -> None:
    out = _doc("In June 2024, Sweden said it would prohibit all aid to Nicaragua.")
    assert {e.event_code for e in out.events} == {"162"}
    assert all(e.source_actor == "SWE" and e.target_actor == "NIC" for e in out.events)


def test_long_threatened_invasion_is_the_invasion() -> None:
    out = _doc("Russia mounted its long-threatened invasion of Ukraine on 24 February 2022.")
    assert _keys(out.events) == {("RUS", "UKR", "19", "reported")}


def test_pledge_to_build_is_planned() -> None:
    out = _doc("In June 2025, Norway pledged to build six patrol vessels for Ghana.")
    assert _keys(out.events) == {("NOR", "GHA", "07", "planned")}


def test_may_is_hypothetical() -> None:
    out = _doc("Sweden may expel Iranian diplomats in May 2025.")
    assert _keys(out.events) == {("SWE", "IRN", "16", "hypothetical")}


# --- roles ------------------------------------------------------------------------------------------


def test_passive_agent_after_by() -> None:
    out = _doc("Iran was sanctioned by the United States in May 2018.")
    assert _keys(out.events) == {("USA", "IRN", "16", "reported")}


def test_nominalisation_possessive_agent() -> None:
    out = _doc("China's ramming of a Philippine supply boat in June 2024 drew wide attention.")
    assert _keys(out.events) == {("CHN", "PHL", "17", "reported")}


def test_noun_without_its_own_date_is_background() -> None:
    out = _doc("Officials discussed Russia's invasion of Ukraine at length.", dyad="USA-RUS")
    assert not any(e.event_code.startswith("19") for e in out.events)


def test_demonym_vessel_is_its_country() -> None:
    out = _doc("A Chinese coast guard vessel rammed a Vietnamese fishing boat on 3 March 2024.")
    assert _keys(out.events) == {("CHN", "VNM", "17", "reported")}


def test_capitals_as_metonyms() -> None:
    out = _doc("Manila protested to Beijing on 5 June 2024 over the new rules.")
    assert ("PHL", "CHN", "11", "reported") in _keys(out.events)


def test_national_body_and_ship_prefix() -> None:
    out = _doc("The Kremlin condemned the Finnish decision on 4 April 2023.")
    assert _keys(out.events) == {("RUS", "FIN", "11", "reported")}
    ship = _doc("USS Halsey made a port call at Da Nang in Vietnam on 2 May 2024.")
    assert {(e.source_actor, e.target_actor) for e in ship.events} <= {("USA", "VNM"), ("VNM", "USA")}
    assert ship.events and all(e.event_code == "062" for e in ship.events)


def test_condemnation_targets_the_party_blamed() -> None:
    out = _doc(
        "The U.S. State Department condemned the attack by a Chinese vessel on Vietnamese fishermen "
        "on 3 March 2024 and said it stands with Vietnam."
    )
    keys = _keys(out.events)
    assert ("USA", "CHN", "11", "reported") in keys
    assert ("USA", "VNM", "05", "reported") in keys
    assert not any(k[:3] == ("USA", "VNM", "11") for k in keys)


def test_condemning_an_attack_by_no_state_blames_no_state() -> None:
    out = _doc("Canada condemned the bombing of a market in Mali on 9 May 2024.")
    assert not any(e.event_code.startswith("11") for e in out.events)


def test_quoted_speaker_is_not_an_actor() -> None:
    out = _doc("Chinese police detained two Vietnamese fishermen on 7 July 2024, the U.S. embassy said.")
    assert _keys(out.events) == {("CHN", "VNM", "17", "reported")}
    before = _doc("Vietnam said on 8 July 2024 that China rammed its fishing boat.")
    assert {e.source_actor for e in before.events} == {"CHN"}


def test_joint_act_of_two_named_states() -> None:
    out = _doc("Japan and Australia condemned North Korea's missile launch on 2 October 2024.")
    assert {("JPN", "PRK", "11", "reported"), ("AUS", "PRK", "11", "reported")} <= _keys(out.events)


def test_joint_act_of_the_two_leaders() -> None:
    text = (
        "Kenya and Tanzania share a long border.\nKenya and Tanzania trade a lot.\n"
        "The two leaders signed a border agreement on 9 May 2024."
    )
    out = _doc(text)
    signed = [e for e in out.events if e.event_code == "057"]
    assert signed and {signed[0].source_actor, signed[0].target_actor} == {"KEN", "TZA"}


def test_first_person_in_a_statement_is_its_author() -> None:
    doc = Document(
        id="s" * 8,
        title="Statement by President Joe Biden on Belarus",
        published="2022-03-01",
        source="test",
        text="Today we sanctioned Belarusian banks over the crackdown.",
        kind="statement",
        ingested_at="2026-01-30T00:00:00Z",
    )
    text = doc.text or ""
    out = extract_document(doc, [Sentence(doc_id=doc.id, idx=0, char_start=0, char_end=len(text), text=text)])
    assert _keys(out.events) == {("USA", "BLR", "16", "reported")}
