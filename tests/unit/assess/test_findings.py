"""Evidence-quality findings on small stores written in the test (rows inserted directly)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from dyadscope.assess.findings import find_all
from dyadscope.assess.findings_consistency import action_dates, titled_mentions
from dyadscope.assess.findings_events import merged_events
from dyadscope.profiles import Leader, default_profile
from dyadscope.store import tables as t


def _id(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def add_doc(db, title: str, published: str, sentences: list[str], dyad: str | None = None) -> str:
    """Insert a document and its sentences; returns the id."""
    text = " ".join(sentences)
    doc_id = _id(title, text)
    with db.write() as conn:
        conn.execute(
            t.documents.insert().values(
                id=doc_id,
                title=title,
                published=published,
                source=title,
                text=text,
                ingested_at="2026-01-01T00:00:00Z",
                kind="news",
                dyad=dyad,
            )
        )
        start = 0
        for idx, sent in enumerate(sentences):
            conn.execute(
                t.sentences.insert().values(
                    doc_id=doc_id, idx=idx, char_start=start, char_end=start + len(sent), text=sent
                )
            )
            start += len(sent) + 1
    return doc_id


def add_indicator(
    db,
    doc_id: str,
    value: float,
    *,
    name: str = "goods_trade_total",
    period: str = "2024",
    reporter: str | None = "USA",
    partner: str | None = "VNM",
    attribution: str | None = None,
    text: str = "",
    unit: str = "USD",
    measure: str = "flow",
) -> None:
    with db.write() as conn:
        conn.execute(
            t.indicators.insert().values(
                id=_id(doc_id, name, value, reporter, period, text),
                doc_id=doc_id,
                name=name,
                value=value,
                unit=unit,
                period=period,
                reporter=reporter,
                partner=partner,
                source_attribution=attribution,
                text=text,
                char_start=0,
                char_end=len(text),
                confidence=0.8,
                origin="document",
                measure=measure,
            )
        )


def add_event(
    db,
    doc_id: str,
    date: str,
    *,
    source: str = "USA",
    target: str = "VNM",
    code: str = "036",
    person: str | None = None,
    precision: str = "day",
    text: str | None = None,
) -> None:
    with db.write() as conn:
        conn.execute(
            t.events.insert().values(
                id=_id(doc_id, date, source, code),
                doc_id=doc_id,
                date=date,
                month=date[:7],
                date_precision=precision,
                source_actor=source,
                target_actor=target,
                source_person=person,
                event_code=code,
                event_root=code[:2],
                event_label="Express intent to meet or negotiate",
                goldstein=4.0,
                quad_class=1,
                dimension="diplomatic",
                status="reported",
                text=text or f"event on {date}",
                char_start=0,
                char_end=10,
                confidence=0.8,
                origin="document",
            )
        )


def add_claim(
    db,
    doc_id: str,
    text: str,
    *,
    factor: str | None = "china_assertiveness",
    date: str | None = None,
    hedged: bool = False,
) -> None:
    with db.write() as conn:
        conn.execute(
            t.claims.insert().values(
                id=_id(doc_id, text),
                doc_id=doc_id,
                factor=factor,
                stance="driver",
                dimension="security",
                kind="driver",
                actors="USA VNM",
                date=date,
                text=text,
                char_start=0,
                char_end=len(text),
                confidence=0.7,
                hedged=hedged,
            )
        )


def profile_with_leaders():
    base = default_profile("USA-VNM")
    leaders = [
        Leader(
            name="Nguyen Phu Trong",
            aliases=["Trong"],
            country="VNM",
            title="General Secretary",
            start="2011-01-19",
            end="2024-07-19",
        ),
        Leader(name="To Lam", country="VNM", title="General Secretary", start="2024-08-03"),
        Leader(
            name="Joe Biden",
            aliases=["Biden"],
            country="USA",
            title="President",
            start="2021-01-20",
            end="2025-01-20",
        ),
    ]
    return base.model_copy(update={"leaders": leaders})


def kinds(frame) -> list[tuple[str, str]]:
    return sorted(zip(frame["kind"], frame["severity"], strict=True))


# --- figures -----------------------------------------------------------------------------------
def test_findings_figure_conflict_between_reporters_is_explained_not_averaged(tmp_db):
    us = add_doc(tmp_db, "U.S. trade sheet", "2025-02-18", ["Goods trade was about $150 billion in 2024."])
    vn = add_doc(
        tmp_db, "Customs story", "2025-07-20", ["Two-way goods trade reached $134.6 billion in 2024."]
    )
    add_indicator(
        tmp_db,
        us,
        150e9,
        reporter="USA",
        partner="VNM",
        attribution="U.S. data",
        text="Goods trade was about $150 billion in 2024.",
    )
    add_indicator(
        tmp_db,
        vn,
        134.6e9,
        reporter="VNM",
        partner="USA",
        attribution="Vietnam Customs",
        text="Two-way goods trade reached $134.6 billion in 2024.",
    )
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert kinds(frame) == [("figure_conflict", "medium")]
    row = frame.iloc[0]
    assert [(e["value"], e["source_attribution"]) for e in row["evidence"]] == [
        (134.6e9, "Vietnam Customs"),
        (150e9, "U.S. data"),
    ]
    assert "USD 150.0 B" in row["title"] and "USD 134.6 B" in row["title"]
    assert "reporter asymmetry" in row["explanation"] and "FOB" in row["explanation"]
    assert "142.3" not in row["explanation"]  # never the average


@pytest.mark.parametrize(
    "second, expected",
    [
        (150.4e9, []),  # within the 2 % tolerance: agreement
        (141e9, [("figure_conflict", "high")]),  # same reporter, different value: a real conflict
    ],
)
def test_findings_same_reporter_disagreement(tmp_db, second, expected):
    a = add_doc(tmp_db, "Sheet A", "2025-02-01", ["x"])
    b = add_doc(tmp_db, "Sheet B", "2025-03-01", ["y"])
    add_indicator(tmp_db, a, 150e9, attribution="U.S. Census Bureau")
    add_indicator(tmp_db, b, second, attribution="U.S. Census Bureau")
    assert kinds(find_all(tmp_db, "USA-VNM", profile_with_leaders())) == expected


@pytest.mark.parametrize(
    "name, values",
    [
        ("aid_amount", (23e6, 44e6)),  # parts of one period's aid: different programmes, not a conflict
        ("goods_trade_total", (150e9, 120e9)),  # two figures in ONE document are two items, not two sources
    ],
)
def test_findings_no_conflict_for_parts_or_within_one_document(tmp_db, name, values):
    a = add_doc(tmp_db, "Fact sheet", "2021-08-25", ["x"])
    for value in values:
        add_indicator(tmp_db, a, value, name=name, period="2021")
    assert find_all(tmp_db, "USA-VNM", profile_with_leaders()).empty


def test_findings_changing_level_is_low_severity_with_its_reason(tmp_db):
    a = add_doc(tmp_db, "January table", "2025-01-20", ["x"])
    b = add_doc(tmp_db, "December table", "2025-12-20", ["y"])
    add_indicator(tmp_db, a, 11, name="fdi_rank", period="2025", unit="rank", measure="rank")
    add_indicator(tmp_db, b, 9, name="fdi_rank", period="2025", unit="rank", measure="rank")
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert kinds(frame) == [("figure_conflict", "low")]
    assert (
        "changes over time" in frame.iloc[0]["explanation"]
        and "no structural reason" not in frame.iloc[0]["explanation"]
    )


# --- policy levels (tariff rates) ---------------------------------------------------------------
ANNOUNCED = "Washington announced a {v} percent tariff on Vietnamese goods."
AGREED = "The two sides agreed that Vietnamese goods would face a {v} percent tariff."
BARE = "Vietnamese goods face a {v} percent tariff."


def add_tariffs(db, reports: list[tuple[str, str, float, str]]) -> None:
    """One document per (published, period, value, sentence template)."""
    for n, (published, period, value, template) in enumerate(reports):
        text = template.format(v=f"{value:g}")
        doc = add_doc(db, f"Story {n}", published, [text])
        add_indicator(
            db, doc, value, name="tariff_rate", period=period, unit="percent", measure="rate", text=text
        )


@pytest.mark.parametrize(
    "reports, expected",
    [
        # announced in April, agreed in July: two states of one policy, not a conflict
        (
            [("2025-04-20", "2025", 46, ANNOUNCED), ("2025-07-20", "2025", 20, AGREED)],
            [("policy_change", "low")],
        ),
        # one month, but announced vs agreed: still successive states
        (
            [("2025-07-03", "2025", 46, ANNOUNCED), ("2025-07-20", "2025", 20, AGREED)],
            [("policy_change", "low")],
        ),
        # day-precise periods months apart, stage not stated: a change over time
        (
            [("2025-04-03", "2025-04-02", 46, BARE), ("2025-08-08", "2025-08-07", 20, BARE)],
            [("policy_change", "low")],
        ),
        # same month, same stage, same reporter, different rate: a real conflict
        (
            [("2025-04-03", "2025", 46, ANNOUNCED), ("2025-04-20", "2025", 50, ANNOUNCED)],
            [("figure_conflict", "high")],
        ),
        # an unmarked report joins the only stage of its month: still the same state, a conflict
        (
            [("2025-07-03", "2025", 20, AGREED), ("2025-07-25", "2025", 25, BARE)],
            [("figure_conflict", "high")],
        ),
        # the same rate reported again later: nothing to say
        ([("2025-07-03", "2025", 20, AGREED), ("2025-10-27", "2025", 20, BARE)], []),
        # a change, and a disagreement about the agreed rate
        (
            [
                ("2025-04-20", "2025", 46, ANNOUNCED),
                ("2025-07-03", "2025", 20, AGREED),
                ("2025-07-20", "2025", 25, AGREED),
            ],
            [("figure_conflict", "high"), ("policy_change", "low")],
        ),
    ],
)
def test_findings_policy_rates_change_or_conflict(tmp_db, reports, expected):
    add_tariffs(tmp_db, reports)
    assert kinds(find_all(tmp_db, "USA-VNM", profile_with_leaders())) == expected


def test_findings_policy_change_cites_each_state_in_order(tmp_db):
    add_tariffs(
        tmp_db,
        [
            ("2025-07-20", "2025", 20, AGREED),
            ("2025-04-20", "2025", 46, ANNOUNCED),
            ("2025-10-27", "2025-10-26", 20, "The framework keeps the {v} percent tariff."),
        ],
    )
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    row = frame.iloc[0]
    assert row["kind"] == "policy_change"
    assert row["title"] == ("tariff rate, USA→VNM: 46 % (announced, 2025-04-20) → 20 % (agreed, 2025-07-20)")
    assert [(e["value"], e["stage"], e["stage_word"], e["date"]) for e in row["evidence"]] == [
        (46.0, "proposed", "announced", "2025-04-20"),
        (20.0, "in_force", "agreed", "2025-07-20"),
        (20.0, "in_force", "keeps", "2025-10-26"),
    ]
    assert "still given on 2025-10-26" in row["explanation"] and "not conflicting" in row["explanation"]


def test_findings_policy_level_is_known_from_the_ontology_measure(tmp_db, tmp_path):
    """Rows imported with another measure, no listed names: the ontology's `measure: rate` still decides."""
    for n, (published, value, template) in enumerate(
        [("2025-04-20", 46, ANNOUNCED), ("2025-07-20", 20, AGREED)]
    ):
        text = template.format(v=value)
        doc = add_doc(tmp_db, f"Story {n}", published, [text])
        add_indicator(
            tmp_db, doc, value, name="tariff_rate", period="2025", unit="percent", measure="level", text=text
        )
    rules = tmp_path / "rules.yaml"
    rules.write_text("policy_indicators: []\n", encoding="utf-8")
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders(), rules=rules)
    assert kinds(frame) == [("policy_change", "low")]
    plain = tmp_path / "plain.yaml"  # rules files are cached by path: a second file
    plain.write_text("policy_indicators: []\npolicy_measures: []\n", encoding="utf-8")
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders(), rules=plain)
    assert kinds(frame) == [("figure_conflict", "high")]  # not a policy level: compared as one figure


@pytest.mark.parametrize(
    "text, value, expected",
    [
        (
            "On 2 April the President announced a reciprocal tariff of 46 percent.",
            46,
            ("proposed", "announced"),
        ),
        ("Trump said Vietnam had agreed to a 20 percent tariff.", 20, ("in_force", "agreed")),
        # the cue nearest before the number wins over an earlier one
        (
            "Under the framework announced in October, the U.S. keeps the 20 percent tariff.",
            20,
            ("in_force", "keeps"),
        ),
        ("The two sides agreed that goods would face a 20 percent tariff.", 20, ("in_force", "agreed")),
        ("Washington threatened tariffs of 46 percent.", 46, ("proposed", "threatened")),
        ("A 10 percent tariff was imposed in August.", 10, ("in_force", "imposed")),
        ("Goods face a 20 percent tariff.", 20, (None, None)),
    ],
)
def test_findings_policy_stage_from_wording(text, value, expected):
    from dyadscope.assess.findings_common import load_rules
    from dyadscope.assess.findings_policy import policy_stage

    assert policy_stage(text, value, load_rules()) == expected


def test_findings_directional_figures_from_two_sides_are_not_compared(tmp_db):
    a = add_doc(tmp_db, "Sheet A", "2025-02-01", ["x"])
    add_indicator(tmp_db, a, 13.1e9, name="goods_exports", reporter="USA", partner="VNM")
    add_indicator(tmp_db, a, 119e9, name="goods_exports", reporter="VNM", partner="USA")
    assert find_all(tmp_db, "USA-VNM", profile_with_leaders()).empty


# --- events ------------------------------------------------------------------------------------
def test_findings_one_day_apart_from_the_two_capitals_is_a_time_zone_variant(tmp_db):
    a = add_doc(tmp_db, "Washington account", "2015-07-10", ["x"])
    b = add_doc(tmp_db, "Hanoi account", "2020-07-12", ["y"])
    add_event(tmp_db, a, "1995-07-11", source="USA", target="VNM", person="Bill Clinton")
    add_event(tmp_db, b, "1995-07-12", source="VNM", target="USA", person="Vo Van Kiet")
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert kinds(frame) == [("date_variant", "low")]
    row = frame.iloc[0]
    assert [(e["date"], e["side"]) for e in row["evidence"]] == [("1995-07-11", "USA"), ("1995-07-12", "VNM")]
    assert "2 independent documents" in row["explanation"] and "time-zone difference" in row["explanation"]
    assert row["title"] == (
        "Express intent to meet or negotiate: dated 1995-07-11 (USA, Bill Clinton) and "
        "1995-07-12 (VNM, Vo Van Kiet): time-zone difference"
    )


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # the place or the time zone in the sentence decides, whatever the extracted actor
        (
            ("1995-07-11", "On 11 July 1995 the President announced in Washington that ties were normal."),
            ("1995-07-12", "On 12 July 1995, Hanoi time, the Prime Minister announced the normalization."),
            [("date_variant", "low")],
        ),
        # one day apart but both from one side: not explained by time zones
        (
            ("1995-07-11", "On 11 July 1995 the normalization was announced."),
            ("1995-07-12", "On 12 July 1995 the normalization was announced."),
            [("date_conflict", "medium")],
        ),
        # two capitals but two days apart: a real conflict
        (
            ("1995-07-11", "On 11 July 1995 the President announced in Washington that ties were normal."),
            ("1995-07-13", "On 13 July 1995, Hanoi time, the Prime Minister announced the normalization."),
            [("date_conflict", "medium")],
        ),
    ],
)
def test_findings_date_variant_needs_both_capitals_and_one_day(tmp_db, first, second, expected):
    for n, (date, text) in enumerate((first, second)):
        doc = add_doc(tmp_db, f"Account {n}", "2020-07-12", [text])
        add_event(tmp_db, doc, date, source="USA", target="VNM", text=text)
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert kinds(frame) == expected
    if expected[0][0] == "date_conflict":
        assert "1995-07-1" in frame.iloc[0]["title"] and "time-zone difference" not in frame.iloc[0]["title"]


def test_findings_bulk_events_are_not_compared_with_documents(tmp_db):
    a = add_doc(tmp_db, "Washington account", "2015-07-10", ["x"])
    add_event(tmp_db, a, "1995-07-11")
    with tmp_db.write() as conn:
        conn.execute(
            t.events.insert().values(
                id="g1",
                doc_id=None,
                date="1995-07-12",
                month="1995-07",
                date_precision="day",
                source_actor="USA",
                target_actor="VNM",
                event_code="036",
                event_root="03",
                event_label="x",
                goldstein=4.0,
                quad_class=1,
                dimension="diplomatic",
                status="reported",
                text="",
                char_start=0,
                char_end=0,
                confidence=0.5,
                origin="gdelt",
                source_event_id="1",
            )
        )
    assert find_all(tmp_db, "USA-VNM", profile_with_leaders()).empty


def test_findings_duplicated_event_is_merged_with_corroboration_two(tmp_db):
    a = add_doc(tmp_db, "Wire one", "2023-09-11", ["x"])
    b = add_doc(tmp_db, "Wire two", "2023-09-12", ["y"])
    add_event(tmp_db, a, "2023-09-10")
    add_event(tmp_db, b, "2023-09-10")
    merged = merged_events(tmp_db.events(dyad="USA-VNM"))
    assert merged[["date", "corroboration", "rows"]].to_dict(orient="records") == [
        {"date": "2023-09-10", "corroboration": 2, "rows": 2}
    ]
    assert find_all(tmp_db, "USA-VNM", profile_with_leaders()).empty  # agreeing reports: no finding


# --- consistency -------------------------------------------------------------------------------
def test_findings_leader_credited_after_tenure_cites_both_sides(tmp_db):
    wrong = add_doc(
        tmp_db,
        "Observer",
        "2025-04-20",
        ["The sweeping 2025 restructuring of the state was led by General Secretary Nguyen Phu Trong."],
    )
    add_doc(
        tmp_db,
        "Briefs",
        "2025-06-16",
        ["On 3 August 2024 the Central Committee elected To Lam as General Secretary."],
    )
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert kinds(frame) == [("inconsistency", "high")]
    evidence = frame.iloc[0]["evidence"]
    assert evidence[0]["doc_id"] == wrong and evidence[0]["date"] == "2025"
    assert evidence[1]["doc_id"] is None and "2024-07-19" in evidence[1]["text"]
    assert evidence[2]["role"] == "succession" and "To Lam" in evidence[2]["text"]


@pytest.mark.parametrize(
    "sentence, published",
    [
        ("In July 2015, General Secretary Nguyen Phu Trong visited the White House.", "2020-07-12"),
        (
            "General Secretary Nguyen Phu Trong, who led the party since 2011, died on 19 July 2024.",
            "2025-06-16",
        ),
        (
            "The former General Secretary Nguyen Phu Trong is remembered in 2025 as a cautious leader.",
            "2025-06-16",
        ),
        ("Vice President Joe Biden visited Hanoi in 2015.", "2016-01-01"),
        ("General Secretary Nguyen Phu Trong set goals for Vietnam to reach by 2045.", "2023-01-01"),
    ],
)
def test_findings_no_tenure_finding_for_consistent_sentences(tmp_db, sentence, published):
    add_doc(tmp_db, "Doc", published, [sentence])
    assert find_all(tmp_db, "USA-VNM", profile_with_leaders()).empty


def test_findings_undated_present_tense_uses_publication_date(tmp_db):
    add_doc(
        tmp_db,
        "Catalogue",
        "2026-01-29",
        [
            "Under the leadership of General Secretary Nguyen Phu Trong, Vietnam has restructured its "
            "political system, aiming to become a high-income country by 2045."
        ],
    )
    assert kinds(find_all(tmp_db, "USA-VNM", profile_with_leaders())) == [("inconsistency", "medium")]


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("On 11 July 1995 and in August 1995 trade was small.", "2015-01-01", ["1995-07-11", "1995-08"]),
        ("By 2030 the goal is set; in 2024 it began.", "2025-01-01", ["2024"]),
        ("The summit of July 2, 2025 followed.", "2025-12-01", ["2025-07-02"]),
        ("Plans for 2027 were announced.", "2025-12-01", []),
    ],
)
def test_findings_action_dates(text, published, expected):
    assert action_dates(text, published, ["by", "until"]) == expected


def test_findings_titled_mentions_skip_modifiers():
    text = "Vice President Joe Biden met former President Joe Biden's aide and President Biden."
    found = titled_mentions(text, "President", ["Joe Biden", "Biden"], ["vice", "former"])
    assert [m.group(0) for m in found] == ["President Biden"]


# --- framework dates -----------------------------------------------------------------------------
def profile_with_framework():
    from dyadscope.profiles import FrameworkStep

    steps = [
        FrameworkStep("2013-07-25", "comprehensive_partnership"),
        FrameworkStep("2023-09-10", "comprehensive_strategic_partnership"),
    ]
    return profile_with_leaders().model_copy(update={"framework": steps})


@pytest.mark.parametrize(
    "sentence, dyad, expected",
    [
        (
            "The United States and Vietnam established a comprehensive strategic partnership in 2013.",
            None,
            [("inconsistency", "medium")],
        ),
        (
            "In 2021 the two countries elevated ties to a Comprehensive Strategic Partnership.",
            "USA-VNM",
            [("inconsistency", "medium")],
        ),
        (
            "The United States and Vietnam established a comprehensive strategic partnership in "
            "September 2023.",
            None,
            [],
        ),
        (
            "They moved from a Comprehensive Partnership established in 2013 to a Comprehensive "
            "Strategic Partnership.",
            "USA-VNM",
            [],
        ),
        ("The ASEAN-U.S. Comprehensive Strategic Partnership was established in 2022.", "USA-VNM", []),
        ("In 2021 the two countries elevated ties to a Comprehensive Strategic Partnership.", "USA-IDN", []),
        (
            "Vietnam and the United States, whose trade grew fast in 2015 and in all of the many "
            "years that followed it, later established a comprehensive strategic partnership.",
            None,
            [],
        ),
    ],
)
def test_findings_framework_dates_against_profile(tmp_db, sentence, dyad, expected):
    add_doc(tmp_db, "Doc", "2025-01-01", [sentence], dyad=dyad)
    frame = find_all(tmp_db, "USA-VNM", profile_with_framework())
    assert kinds(frame) == expected
    if expected:
        assert frame.iloc[0]["evidence"][1]["date"] == "2023-09-10"


# --- claims ------------------------------------------------------------------------------------
def test_findings_stale_and_single_hedged_claims(tmp_db):
    old = add_doc(tmp_db, "Old report", "2015-01-01", ["x"])
    new = add_doc(tmp_db, "New report", "2025-06-01", ["y"])
    add_claim(tmp_db, old, "Both share a concern over China's assertiveness.", factor="china_assertiveness")
    add_claim(tmp_db, new, "Vietnam reportedly plans to buy aircraft.", factor=None, hedged=True)
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert kinds(frame) == [
        ("low_corroboration", "low"),
        ("low_corroboration", "low"),
        ("stale_claim", "low"),
    ]
    stale = frame[frame["kind"] == "stale_claim"].iloc[0]
    assert "2015-01-01" in stale["title"] and "125 months" in stale["explanation"]


def test_findings_horizon_is_configurable(tmp_db):
    old = add_doc(tmp_db, "Old report", "2015-01-01", ["x"])
    add_doc(tmp_db, "New report", "2025-06-01", ["y"])
    add_claim(tmp_db, old, "A shared concern.", factor="china_assertiveness")
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders(), horizon_months=240)
    assert "stale_claim" not in set(frame["kind"])


def test_findings_empty_store_gives_empty_frame_with_columns(tmp_db):
    frame = find_all(tmp_db, "USA-VNM", profile_with_leaders())
    assert frame.empty and list(frame.columns) == [
        "id",
        "kind",
        "severity",
        "title",
        "explanation",
        "evidence",
        "subject",
    ]


# --- the demo corpus and the seeds ---------------------------------------------------------------
def _finding(frame, kind: str, needle: str):
    rows = frame[(frame["kind"] == kind) & frame["title"].str.contains(needle, regex=False)]
    return rows.iloc[0] if len(rows) else None


def _check_trade_and_tenure(frame) -> None:
    trade = _finding(frame, "figure_conflict", "goods trade total, 2024")
    assert trade is not None, list(frame["title"])
    assert {e["value"] for e in trade["evidence"]} >= {150e9, 134.6e9}
    assert "reporter asymmetry" in trade["explanation"]
    tenure = _finding(frame, "inconsistency", "Nguyen Phu Trong")
    assert tenure is not None, list(frame["title"])
    sources = [e["doc_title"] or "" for e in tenure["evidence"]]
    assert "Nguyen Phu Trong" in tenure["evidence"][0]["text"] and sources[1].startswith("dyad profile")
    assert any("To Lam" in e["text"] or "Tô Lâm" in e["text"] for e in tenure["evidence"][2:])


def test_findings_demo_corpus_yields_trade_tenure_date_variant_and_tariff_change(demo_db):
    frame = find_all(demo_db, "USA-VNM")
    _check_trade_and_tenure(frame)
    normalization = frame[
        (frame["kind"] == "date_variant")
        & frame["explanation"].str.contains("1995-07-11")
        & frame["explanation"].str.contains("1995-07-12")
    ]
    assert len(normalization) == 1
    assert len({e["doc_id"] for e in normalization.iloc[0]["evidence"]}) >= 2
    assert (
        "1995-07-11 (USA, in Washington) and 1995-07-12 (VNM, Hanoi time)" in normalization.iloc[0]["title"]
    )
    assert "date_conflict" not in set(frame["kind"])
    # the April announcement and the July agreement are a policy change, not a figure conflict
    assert (
        not frame["title"]
        .str.startswith("tariff rate")
        .where(frame["kind"] == "figure_conflict", False)
        .any()
    )
    tariff = _finding(frame, "policy_change", "tariff rate")
    assert tariff is not None, list(frame["title"])
    assert "46 % (announced" in tariff["title"] and "→ 20 % (agreed" in tariff["title"]
    assert {e["value"] for e in tariff["evidence"]} == {46.0, 20.0}


def test_findings_demo_duplicated_tariff_announcement_is_one_event_with_corroboration_two(demo_db):
    merged = merged_events(demo_db.events(dyad="USA-VNM", status="reported", origin="document"))
    tariff = merged[merged["dates"].map(lambda d: "2025-04-02" in d)]
    assert len(tariff) == 1 and tariff.iloc[0]["corroboration"] == 2 and len(tariff.iloc[0]["doc_ids"]) == 2


@pytest.fixture(scope="module")
def seeds_db(shared_dir, tmp_path_factory):
    import dyadscope

    db = dyadscope.open(tmp_path_factory.mktemp("seeds") / "seeds.db")
    db.ingest(
        sorted((shared_dir / "seeds").glob("0*.txt")) + sorted((shared_dir / "eval" / "docs").glob("*.txt"))
    )
    return db


def test_findings_seeds_and_eval_yield_trade_conflict_and_tenure_finding(seeds_db):
    _check_trade_and_tenure(find_all(seeds_db, "USA-VNM"))
