"""Events from sentences written for these tests: actors, dates, CAMEO codes, dimensions, status."""

from __future__ import annotations

from dyadscope.extract import Extraction, extract_document
from dyadscope.schema import Document, Event, Sentence


def _doc(
    text: str, published: str | None = "2026-01-29", title: str = "Notes on relations", kind: str = "report"
) -> Extraction:
    doc = Document(
        id="d" * 8,
        title=title,
        published=published,
        source="test",
        text=text,
        kind=kind,
        ingested_at="2026-01-30T00:00:00Z",
    )
    sentences, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        sentences.append(Sentence(doc_id=doc.id, idx=i, char_start=pos, char_end=pos + len(part), text=part))
        pos += len(part) + 1
    return extract_document(doc, sentences)


def _keys(events: list[Event]) -> set[tuple[str, str, str, str, str]]:
    return {(e.date, e.source_actor, e.target_actor, e.event_code[:2], e.status) for e in events}


def test_events_visit_with_leader_title_and_capital() -> None:
    out = _doc(
        "In March 2024, Japanese Prime Minister Fumio Kishida paid a state visit to Washington and met "
        "American officials."
    )
    assert ("2024-03", "JPN", "USA", "04", "reported") in _keys(out.events)
    event = out.events[0]
    assert event.source_person == "Fumio Kishida" and event.goldstein == 1.9 and event.quad_class == 1


def test_events_several_dates_give_several_events() -> None:
    out = _doc(
        "The Australian leader held phone talks with the Indian prime minister on 3 May 2024, and "
        "June 9 and August 1, 2025."
    )
    dates = sorted(e.date for e in out.events if e.event_code == "041")
    assert dates == ["2024-05-03", "2025-06-09", "2025-08-01"]


def test_events_two_countries_resolve_to_document_dyad() -> None:
    text = (
        "Indonesia and Australia agree on many things.\nIn 2018, the two countries raised their ties to a "
        "comprehensive strategic partnership.\nAustralia and Indonesia trade a lot."
    )
    out = _doc(text)
    assert out.dyad in ("IDN-AUS", "AUS-IDN")
    assert any(
        e.event_code == "057" and {e.source_actor, e.target_actor} == {"AUS", "IDN"} and e.date == "2018"
        for e in out.events
    )


def test_events_parenthetical_date_belongs_to_the_parenthesis() -> None:
    out = _doc(
        "Since 2019 (including during the Indian leader's visit to Tokyo in May 2023), the two sides have "
        "signed many economic agreements."
    )
    keys = _keys(out.events)
    assert ("2023-05", "IND", "JPN", "04", "reported") in keys
    assert any(k[0] == "2019" and k[3] == "05" for k in keys)


def test_events_hypothetical_purchase_is_not_reported() -> None:
    out = _doc(
        "If reports of an Indonesian purchase of American fighter jets prove true, Congress will review "
        "the sale in 2026."
    )
    assert not [e for e in out.events if e.status == "reported"]


def test_events_tariffs_are_negative_and_economic() -> None:
    out = _doc("In April 2025, Washington imposed new tariffs on Indonesian goods.")
    event = next(e for e in out.events if e.event_code.startswith("17"))
    assert (event.source_actor, event.target_actor, event.dimension) == ("USA", "IDN", "economic")
    assert event.goldstein < 0


def test_events_arms_embargo_lift_is_security() -> None:
    out = _doc(
        "In May 2016 in Hanoi, President Obama announced the lifting of the U.S. ban on sales of lethal "
        "weapons to Vietnam."
    )
    event = next(e for e in out.events if e.event_code == "085")
    assert event.dimension == "security" and event.source_actor == "USA" and event.target_actor == "VNM"


def test_events_defence_minister_visit_is_security() -> None:
    out = _doc("In November 2025, U.S. Secretary of Defense Pete Hegseth visited Manila.")
    assert [(e.dimension, e.target_actor) for e in out.events] == [("security", "PHL")]


def test_events_appeal_claims_its_content() -> None:
    out = _doc(
        "On 2 July 2025, the Vietnamese leader called on the United States to lift export restrictions."
    )
    assert [e.event_code for e in out.events] == ["020"]


def test_events_ids_are_deterministic() -> None:
    text = "In July 2015, the Vietnamese party chief visited the United States."
    first, second = _doc(text), _doc(text)
    assert [e.id for e in first.events] == [e.id for e in second.events] and first.events


def test_events_undated_report_sentences_give_no_event_but_statements_use_their_date() -> None:
    text = "The Japanese prime minister met the Indian prime minister in Delhi."
    assert _doc(text).events == []
    stated = _doc(text, published="2024-02-02", title="Joint Statement", kind="statement").events
    assert [(e.date, e.event_code) for e in stated] == [("2024-02-02", "040")]


def test_events_repeated_milestone_kept_once_most_precise() -> None:
    text = (
        "In 2023, the two countries upgraded ties to a comprehensive strategic partnership with Vietnam and "
        "the United States.\nIn September 2023, the United States and Vietnam upgraded ties to a "
        "comprehensive "
        "strategic partnership."
    )
    upgrades = [e for e in _doc(text).events if e.event_code == "057"]
    assert [e.date for e in upgrades] == ["2023-09"]


def test_events_domestic_arrests_are_not_bilateral() -> None:
    out = _doc(
        "In June 2024, Vietnamese police arrested bloggers.\nThe United States and Vietnam talk a lot."
    )
    assert not [e for e in out.events if e.event_code == "173"]


def test_events_numeric_dates_follow_the_documents_own_order() -> None:
    text = (
        "The Thai foreign minister visited Tokyo on 02/03/2025.\n"
        "The Japanese prime minister visited Bangkok on 25/03/2025."
    )
    events = _doc(text).events
    assert [(e.date, e.date_ambiguous) for e in events] == [("2025-03-02", False), ("2025-03-25", False)]
    alone = _doc("The Thai foreign minister visited Tokyo on 02/03/2025.").events
    assert alone[0].date_ambiguous


def test_events_reported_event_not_dated_after_the_document() -> None:
    text = "In a joint statement, Japan and India praised Indonesia for its pledge to reach net zero in 2060."
    out = _doc(text, published="2024-02-02", title="Joint Statement", kind="statement")
    assert out.events and all(e.date <= "2024-02-02" for e in out.events if e.status == "reported")


def test_events_urls_and_metadata_lines_yield_nothing() -> None:
    text = (
        "SOURCE: https://example.gov/2023/09/11/elevating-relations-to-a-comprehensive-strategic-partnership "
        "for Japan and India"
    )
    assert _doc(text).events == [] and _doc(text).claims == []


def test_events_short_ministry_statement_still_yields_its_event() -> None:
    text = "On 3 May 2025, Foreign Minister Bui Thanh Son met Secretary of State Marco Rubio in Washington."
    assert len(text) < 180
    out = _doc(text, published="2025-05-03", title="Press release", kind="statement")
    assert [(e.date, e.source_actor, e.target_actor, e.event_code) for e in out.events] == [
        ("2025-05-03", "VNM", "USA", "040")
    ]


def test_events_joint_subject_acting_on_a_third_country() -> None:
    text = (
        "Japan and India hold talks often.\nIn March 2024, the leaders discussed the war against Ukraine and "
        "called on Russia to withdraw.\nJapan and India agree."
    )
    appeals = {(e.source_actor, e.target_actor) for e in _doc(text).events if e.event_code == "020"}
    assert appeals == {("IND", "RUS"), ("JPN", "RUS")}
