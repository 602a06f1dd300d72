"""News dates (issue #12 item 3) and dates that cannot be wrong (issue #14, case 23).

Every sentence here is written for these tests. The anchor day 2025-03-05 is a Wednesday.
"""

from __future__ import annotations

import hashlib

import pytest

from dyadscope.extract import Extraction, extract_document
from dyadscope.extract.datecheck import check_dates
from dyadscope.extract.dates import Context, find_dates
from dyadscope.ingest.parsers import process
from dyadscope.ingest.published import dateline_date, find_published
from dyadscope.schema import Document, Event, Sentence

WEDNESDAY = Context(published="2025-03-05")


def _doc(text: str, published: str | None = "2025-03-05", source: str = "test", **kwargs) -> Extraction:
    doc = Document(
        id="e" * 8,
        title="Notes",
        published=published,
        source=source,
        text=text,
        ingested_at="2026-01-30T00:00:00Z",
    )
    sentences, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        sentences.append(Sentence(doc_id=doc.id, idx=i, char_start=pos, char_end=pos + len(part), text=part))
        pos += len(part) + 1
    return extract_document(doc, sentences, **kwargs)


def _dates(events: list[Event]) -> list[tuple[str, str]]:
    return [(e.date, e.date_precision) for e in events]


# --- news dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Officials from both sides met on Tuesday.", "2025-03-04"),  # past tense: the Tuesday before
        ("The envoys will meet on Tuesday.", "2025-03-11"),  # future: the next Tuesday
        ("Ministers are scheduled to talk on Friday.", "2025-03-07"),
        ("The minister spoke last Monday.", "2025-03-03"),
        ("The minister spoke last Wednesday.", "2025-02-26"),  # "last" is strictly before
        ("They will sign next Wednesday.", "2025-03-12"),  # "next" is strictly after
        ("The talks ended on Wednesday.", "2025-03-05"),  # the day of publication itself
        ("The minister flew home yesterday.", "2025-03-04"),
        ("The minister lands tomorrow.", "2025-03-06"),
        ("The ministers met today.", "2025-03-05"),
    ],
)
def test_news_dates_weekdays_follow_tense(text: str, value: str) -> None:
    found = find_dates(text, WEDNESDAY)
    assert [(d.value, d.precision) for d in found] == [(value, "day")]


def test_news_dates_weekday_with_its_date_is_one_absolute_date() -> None:
    found = find_dates("The pact was signed Tuesday, March 4, 2025 in the capital.", WEDNESDAY)
    assert [(d.value, d.kind) for d in found] == [("2025-03-04", "absolute")]


def test_news_dates_weekday_needs_a_day_to_count_from() -> None:
    assert find_dates("The ministers met on Tuesday.", Context(published="2025-03")) == []
    assert find_dates("The ministers met on Tuesday.", Context()) == []


@pytest.mark.parametrize(
    ("text", "published", "value", "uncertain"),
    [
        ("Negotiators met last week.", "2025-03-19", "2025-03", False),  # 10-16 March: one month
        ("Negotiators met last week.", "2025-03-05", "2025-02", True),  # 24 Feb - 2 Mar: Thursday's month
        ("Negotiators meet next week.", "2025-03-05", "2025-03", False),
        ("Negotiators met this week.", "2025-03-12", "2025-03", False),
    ],
)
def test_news_dates_a_week_is_dated_to_its_month(
    text: str, published: str, value: str, uncertain: bool
) -> None:
    found = find_dates(text, Context(published=published))
    assert [(d.value, d.precision, d.uncertain) for d in found] == [(value, "month", uncertain)]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Exports rose earlier this year.", ["2025"]),
        ("The treaty was ratified next month.", ["2025-04"]),
        ("A month after the 12 July 2023 summit, the two navies drilled.", ["2023-08", "2023-07-12"]),
        ("Two days before the 9 May 2024 vote, envoys met.", ["2024-05-07", "2024-05-09"]),
        ("One week later, the envoys met again.", ["2025-03-12"]),  # a duration: seven days
        ("Ties were set up in 1995 and the following year an embassy opened.", ["1995", "1996"]),
    ],
)
def test_news_dates_relative_expressions(text: str, values: list[str]) -> None:
    assert [d.value for d in find_dates(text, WEDNESDAY)] == values


def test_news_dates_a_month_after_a_date_dates_the_event_not_the_anchor() -> None:
    out = _doc(
        "A month after the 12 July 2023 summit, Japan's prime minister paid a state visit to Washington."
    )
    assert _dates(out.events) == [("2023-08", "month")]


def test_news_dates_wire_story_events_are_anchored_to_the_publication_day() -> None:
    text = "Japanese Prime Minister Fumio Kishida paid a state visit to Washington on Tuesday."
    assert _dates(_doc(text).events) == [("2025-03-04", "day")]
    future = "Japanese Prime Minister Fumio Kishida will pay a state visit to Washington on Tuesday."
    assert [(e.date, e.status) for e in _doc(future).events] == [("2025-03-11", "planned")]


@pytest.mark.parametrize(
    ("text", "meta", "expected"),
    [
        (
            "Trade talk\n\nHANOI, March 3 (Reuters) - Officials said on Monday ...",
            {"published": "2025-03"},
            "2025-03-03",
        ),
        ("WASHINGTON, Dec. 2, 2025 (AP) — The envoy said ...", {}, "2025-12-02"),
        ("HANOI, March 3 (Reuters) - No year anywhere.", {}, None),
        # A day-precise publication date is the document's own: the dateline does not move it.
        ("HANOI, March 3 (Reuters) - Officials said ...", {"published": "2025-03-04"}, "2025-03-04"),
    ],
)
def test_news_dates_wire_dateline_gives_the_day(text: str, meta: dict, expected: str | None) -> None:
    found = find_published(text, meta=meta)
    assert (found.value if found else None) == expected
    assert dateline_date("WASHINGTON — The envoy said ...") is None  # no date in this dateline


# --- dates that cannot be wrong (issue #14) ----------------------------------------------------


def test_issue_14_round_number_in_an_undated_document_is_not_a_year() -> None:
    out = _doc("In round 2099 of talks, Vietnam and the United States agreed to cut tariffs.", published=None)
    assert [e.date for e in out.events if e.date.startswith("2099")] == []
    assert find_dates("In round 2099 of talks the sides agreed.", Context()) == []


@pytest.mark.parametrize(
    "text",
    [
        "On 5 March 2024, 2000 American and Vietnamese officials met in Hanoi.",
        "On 5 March 2024, some 2000 officials from Vietnam and the United States met in Hanoi.",
        "On 5 March 2024, 1999 Vietnamese and American volunteers met in Hanoi.",
    ],
)
def test_issue_14_explicit_date_beats_a_bare_number(text: str) -> None:
    assert [d.value for d in find_dates(text, WEDNESDAY)] == ["2024-03-05"]
    assert {e.date for e in _doc(text).events} == {"2024-03-05"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The 2000 elections in Vietnam were watched closely.", "2000"),
        ("Relations were normalised in 1995.", "1995"),
        ("2024 exports to Vietnam rose sharply.", "2024"),  # a year used as a modifier
        ("2023 marks thirty years of ties.", "2023"),
        ("On 5 March 2024 they recalled the 2000 trade agreement.", "2000"),  # a date word introduces it
    ],
)
def test_issue_14_years_that_are_years_stay(text: str, value: str) -> None:
    assert value in [d.value for d in find_dates(text, WEDNESDAY)]


def test_issue_14_reported_event_after_the_import_day_is_quarantined() -> None:
    out = _doc("In 2099 the United States imposed sanctions on Vietnam.", published=None, today="2026-12-03")
    assert out.events == []
    assert [(q.kind, q.date) for q in out.quarantined] == [("event", "2099")]
    assert "after the import" in out.quarantined[0].reason


def test_issue_14_planned_event_may_lie_ahead() -> None:
    out = _doc("Vietnam and the United States will hold talks in 2099.", published=None, today="2026-12-03")
    assert [(e.date, e.status) for e in out.events] == [("2099", "planned")]
    assert out.quarantined == []


def test_issue_14_nothing_before_1900_and_no_indicator_period_after_the_document() -> None:
    doc = Document(id="x", title="t", published="2024-05-01", source="s", text="t", ingested_at="2026-01-01")
    early = _doc("On 5 March 2024, Vietnam and the United States signed a deal.").events[0]
    early = early.model_copy(update={"date": "1850"})
    from dyadscope.schema import Indicator

    late = Indicator(id="i", doc_id="x", name="goods_trade_total", value=1.0, unit="USD", period="2031")
    events, indicators, held = check_dates(doc, [early], [late], today="2026-12-03")
    assert (events, indicators) == ([], [])
    assert [(q.kind, q.date) for q in held] == [("event", "1850"), ("indicator", "2031")]


# --- case 23: one date order per source --------------------------------------------------------


def _ingest(text: str, label: str) -> tuple[Document, Extraction]:
    data = text.encode("utf-8")
    doc, _sentences, extraction = process("text", data, label, hashlib.sha256(data).hexdigest(), True)
    return doc, extraction


def test_c23_us_source_reads_publication_and_event_dates_month_first() -> None:
    text = (
        "country: US\nPublished: 02/03/2025\n\n"
        "Vietnam's president visited Washington on 02/03/2025 for talks."
    )
    doc, extraction = _ingest(text, "notes.txt")
    assert doc.published == "2025-02-03"
    assert [e.date for e in extraction.events] == ["2025-02-03"]
    doc, extraction = _ingest(text.replace("country: US\n", ""), "https://www.state.gov/notes")
    assert (doc.published, [e.date for e in extraction.events]) == ("2025-02-03", ["2025-02-03"])


def test_c23_non_us_source_reads_day_first_and_unknown_source_is_flagged() -> None:
    text = "Vietnam's president visited Washington on 02/03/2025 for talks."
    vn = _doc(text, published="2025-03-10", source="https://news.example.vn/a").events
    assert [(e.date, e.date_ambiguous) for e in vn] == [("2025-03-02", False)]
    unknown = _doc(text, published="2025-03-10").events
    # Both readings stay possible: the record keeps the day-first one, flagged; the other candidate
    # is the same date with day and month swapped (docs/data-formats.md).
    assert [(e.date, e.date_ambiguous) for e in unknown] == [("2025-03-02", True)]
    found = find_dates(text, Context())
    assert set(found[0].candidates) == {"2025-03-02", "2025-02-03"}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Rounds were held on 15/4, 16/4 and 2/5.", ["2025-04-15", "2025-04-16", "2025-05-02"]),
        ("Rounds were held on 4/15, 4/16 and 5/2.", ["2025-04-15", "2025-04-16", "2025-05-02"]),
        ("Rounds were held on 15/4, 16/4 and 2/5/2024.", ["2024-04-15", "2024-04-16", "2024-05-02"]),
    ],
)
def test_c23_a_list_of_numeric_dates_is_read_in_one_order(text: str, values: list[str]) -> None:
    found = find_dates(text, WEDNESDAY)
    assert [d.value for d in found] == values and not any(d.ambiguous for d in found)


def test_c23_a_lone_fraction_is_no_date() -> None:
    assert find_dates("Nearly 3/4 of the cargo was rice.", WEDNESDAY) == []


def test_c24_weekday_in_an_undated_document_is_flagged_uncertain() -> None:
    found = find_dates("The envoys met last Tuesday.", Context(latest="2025-03-05"))
    assert [(d.value, d.uncertain) for d in found] == [("2025-03-04", True)]
    assert find_dates("The envoys met last Tuesday.", Context()) == []  # never the ingest day
