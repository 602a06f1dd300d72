"""Events from sentences written for these tests: actors, dates, CAMEO codes, dimensions, status."""

from __future__ import annotations

import pytest

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
    assert [e.event_code for e in out.events] == ["025"]  # appeal to yield (lift restrictions)


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
    appeals = {(e.source_actor, e.target_actor) for e in _doc(text).events if e.event_code[:2] == "02"}
    assert appeals == {("IND", "RUS"), ("JPN", "RUS")}


def _found(out: Extraction, code: str | None = None) -> list[tuple[str, str, str, str, str]]:
    rows = [(e.date, e.source_actor, e.target_actor, e.event_code, e.status) for e in out.events]
    return [r for r in rows if code is None or r[3].startswith(code)]


def test_issue_stated_month_after_publication_is_kept_but_flagged() -> None:
    # The document's date says September; the sentence names December of that year in full. The
    # text is the more specific witness, so the visit is kept, flagged as conflicting with the date.
    text = "Three months after the summit, in December 2023, China's President Xi Jinping visited Hanoi."
    out = _doc(text, published="2023-09-12")
    assert _found(out, "04") == [("2023-12", "CHN", "VNM", "042", "reported")]
    assert out.events[0].date_uncertain
    # A month and day without a year still resolve against the publication year, and a bare year
    # after the document is still read as a target or a misreading: neither is reported.
    assert _found(_doc("Xi Jinping visited Hanoi on November 5.", published="2023-09-12")) == []
    assert _found(_doc("Xi Jinping visited Hanoi for the 2045 expo.", published="2023-09-12")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Japan and India signed an economic partnership pact in 2011.\n"
            "The pact entered into force on 1 August 2011, once both parliaments had approved it.",
            ("2011-08-01", "IND", "JPN", "057", "reported"),
        ),
        (
            "The free trade agreement between Japan and India came into effect in August 2011.",
            ("2011-08", "IND", "JPN", "057", "reported"),
        ),
    ],
)
def test_issue_agreement_entering_into_force_is_an_event(text: str, expected: tuple) -> None:
    assert expected in _found(_doc(text, title="Japan and India"), "05")


def test_issue_measures_taking_effect_are_not_agreements() -> None:
    text = "Japan's new duties on Indian steel took effect in March 2025 and hit Indian exporters."
    assert _found(_doc(text), "05") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "After weeks of silence, Fumio Kishida and Narendra Modi spoke again by phone on 4 June 2024.",
            ("2024-06-04", "JPN", "IND", "041", "reported"),
        ),
        (
            "On 4 June 2024, after a telephone conversation between Kishida and Narendra Modi, the two "
            "sides agreed to resume the talks.",
            ("2024-06-04", "JPN", "IND", "041", "reported"),  # both take part; named in this order
        ),
    ],
)
def test_issue_phone_calls_with_an_adverb_or_between_two_leaders(text: str, expected: tuple) -> None:
    assert expected in _found(_doc(text), "041")


SUBJECTS = [
    # A second clause with no subject of its own acts for the subject of the sentence.
    (
        "On 5 March 2024, Vietnam's leader met the U.S. Secretary of State in Hanoi, and pledged to visit "
        "Washington.",
        "042",
        ("VNM", "USA"),
    ),
    # A second clause that names its own subject acts for that subject.
    (
        "On 5 March 2024, Vietnam's leader met the U.S. Secretary of Commerce in Hanoi, and Washington "
        "pledged new aid for flood relief.",
        "070",
        ("USA", "VNM"),
    ),
    # "..., who ..." is said of the person just named.
    (
        "On 5 March 2024, Vietnam's leader met the U.S. Secretary of Commerce, who pledged new aid for flood "
        "relief.",
        "070",
        ("USA", "VNM"),
    ),
    # A country met in an opening participle is not the subject of the main clause.
    (
        "After meeting the U.S. Secretary of State on 5 March 2024, Vietnam's leader pledged new aid for "
        "flood relief in Laos.",
        "070",
        ("VNM", "LAO"),
    ),
    # ", and the ... of" that goes on listing objects is no new clause: the sentence's subject still acts.
    (
        "In March 2024, Japan's leader backed a lasting peace, and the full denuclearization of the Korean "
        "peninsula and urged Russia to end its war.",
        "025",
        ("JPN", "RUS"),
    ),
    # A clause whose subject is a thing ("the lifting of ...") does not borrow the sentence's subject.
    (
        "For two decades Vietnam traded under an American embargo, and the lifting of that embargo in "
        "February 1994 changed everything.",
        "085",
        ("USA", "VNM"),
    ),
]


@pytest.mark.parametrize(("text", "code", "actors"), SUBJECTS)
def test_issue_clause_subjects_decide_the_direction(text: str, code: str, actors: tuple[str, str]) -> None:
    found = {(e.source_actor, e.target_actor) for e in _doc(text).events if e.event_code == code}
    assert found == {actors}


def test_issue_agentless_passive_does_not_guess_the_actor() -> None:
    # Nobody is said to have lifted the embargo; the two countries are named only as the pair whose ties
    # grew. No direction is invented; an agent after "by" settles it.
    text = "Ties between the United States and Vietnam grew after the arms embargo was lifted in 2016."
    assert _found(_doc(text), "08") == []
    with_agent = "Ties grew after the arms embargo on Vietnam was lifted in 2016 by the United States."
    assert _found(_doc(with_agent), "08") == [("2016", "USA", "VNM", "085", "reported")]
