"""Issue #11: the level follows the evidence; structural facts are a prior that evidence overrules."""

from __future__ import annotations

import pytest
from synthetic_store import add_document, event

import dyadscope
from dyadscope.assess.levels import ORDER, band
from dyadscope.assess.prior import facts_for, prior_series, read_facts
from dyadscope.dyads import parse_dyad
from dyadscope.errors import ProfileError

CONFLICT = [("163", -8.0, "economic"), ("112", -2.0, "diplomatic"), ("138", -7.0, "security")]
COOPERATION = [("057", 8.0, "diplomatic"), ("061", 6.4, "economic"), ("062", 7.4, "security")]
ROUTINE = [("040", 1.0, "diplomatic"), ("042", 1.9, "diplomatic")]


def _stream(db: dyadscope.Database, a: str, b: str, codes: list, months: int, start: int = 2021) -> None:
    """One document a month for ``months`` months, each reporting ``codes`` between a and b."""
    for i in range(months):
        month = f"{start + i // 12}-{i % 12 + 1:02d}"
        events = [
            event(
                f"{month}-10", code, g, dimension=dim, a=a, b=b, text=f"In {month} {a} and {b}: {code}/{j}."
            )
            for j, (code, g, dim) in enumerate(codes)
        ]
        add_document(db, f"{a}-{b} {month}", f"{month}-15", events=events, dyad=f"{a}-{b}")


def _last_band(db: dyadscope.Database, a: str, b: str) -> str:
    return band(float(db.assess(a, b, snapshot=False).timeline.iloc[-1]["overall"]))


@pytest.mark.parametrize("a, b", [("USA", "JPN"), ("USA", "KOR")])
def test_level_sanctions_overrule_an_alliance(tmp_db: dyadscope.Database, a: str, b: str) -> None:
    _stream(tmp_db, a, b, CONFLICT, 12)
    assert ORDER.index(_last_band(tmp_db, a, b)) <= ORDER.index("discord")


@pytest.mark.parametrize("a, b", [("USA", "PRK"), ("USA", "IRN")])
def test_level_cooperation_overrules_a_hostile_prior(tmp_db: dyadscope.Database, a: str, b: str) -> None:
    _stream(tmp_db, a, b, COOPERATION, 18)
    assert _last_band(tmp_db, a, b) in {"good", "friendly"}


def test_level_routine_calls_do_not_outweigh_sanctions(tmp_db: dyadscope.Database) -> None:
    # An unprofiled pair: two calls and a meeting a month against one sanctions package a month.
    _stream(tmp_db, "USA", "BLR", [*ROUTINE, ROUTINE[0], ("163", -8.0, "economic")], 12)
    assert ORDER.index(_last_band(tmp_db, "USA", "BLR")) <= ORDER.index("discord")


def test_level_without_facts_or_evidence_is_uninformative(tmp_db: dyadscope.Database) -> None:
    _stream(tmp_db, "USA", "BLR", COOPERATION, 1, start=2024)
    timeline = dyadscope.Database.assess(tmp_db, "USA", "BLR", since="2020-01", until="2024-01").timeline
    before = timeline[timeline["month"] < "2024-01"]
    assert not before["evidence"].any() and timeline.iloc[-1]["evidence"]
    assert before["overall"].abs().max() < 0.5  # no default "normalized" level
    assert (before["hi"] - before["lo"]).min() > 6.0  # a wide, honest interval
    assert (timeline["coverage_docs"].iloc[-1], timeline["coverage_reports"].iloc[-1]) == (1, 3)


def test_level_interval_narrows_with_evidence(tmp_db: dyadscope.Database) -> None:
    _stream(tmp_db, "USA", "BLR", COOPERATION, 24)
    timeline = tmp_db.assess("USA", "BLR", snapshot=False).timeline
    width = timeline["hi"] - timeline["lo"]
    assert width.iloc[-1] < width.iloc[0]
    assert (
        (timeline["lo"] <= timeline["overall"] + 1e-9) & (timeline["overall"] <= timeline["hi"] + 1e-9)
    ).all()


@pytest.mark.parametrize(
    "dyad",
    [
        "USA-RUS",
        "USA-UKR",
        "USA-JPN",
        "USA-IND",
        "USA-IRN",
        "USA-MEX",
        "USA-KOR",
        "USA-PHL",
        "USA-IDN",
        "USA-SAU",
        "USA-PRK",
        "USA-CUB",
        "USA-VNM",
        "USA-AUS",
        "CHN-VNM",
        "USA-CHN",
        "JPN-VNM",
        "RUS-UKR",
    ],
)
def test_prior_every_eval_dyad_has_sourced_facts(dyad: str) -> None:
    facts = facts_for(parse_dyad(dyad))
    assert facts and all(f.source and f.url.startswith("http") for f in facts)


@pytest.mark.parametrize(
    "dyad, month, expected",
    [
        ("USA-JPN", "2023-01", 6.2),
        ("USA-RUS", "2022-06", 1.0 - 5.0),
        ("USA-IRN", "2023-01", -5.0),
        ("CHN-VNM", "1979-03", -8.0),
        ("USA-VNM", "2024-01", 4.6),
        ("USA-BLR", "2024-01", 0.0),
    ],
)
def test_prior_value_from_facts_in_force(dyad: str, month: str, expected: float) -> None:
    prior, _known = prior_series(facts_for(parse_dyad(dyad)), [month])
    assert prior[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    "row, message",
    [
        ("USA-JPN,friendship,,2020-01-01,,x,src,http://x", "unknown kind"),
        ("USA-JPN,alliance,,2020-13,,x,src,http://x", "not YYYY-MM-DD"),
        ("USA-JPN,alliance,,2020-01-01,,x,,", "public source"),
    ],
)
def test_prior_bad_fact_rows_are_e603(tmp_path, row: str, message: str) -> None:
    path = tmp_path / "facts.csv"
    path.write_text("dyad,kind,level,start,end,label,source,url\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=rf"E603.*facts.csv:2.*{message}"):
        read_facts(path)


def test_level_key_moves_only_in_months_with_evidence(tmp_db: dyadscope.Database) -> None:
    from dyadscope.assess.moves import key_moves, largest_moves

    _stream(tmp_db, "USA", "BLR", COOPERATION, 2, start=2024)
    assessment = tmp_db.assess("USA", "BLR", since="2023-01", until="2025-06", snapshot=False)
    moves = largest_moves(assessment.timeline, 6)
    assert set(moves["month"]) <= {"2024-01", "2024-02"}
    assert all(m["main"] and m["main"]["kind"] != "baseline" for m in key_moves(assessment))
