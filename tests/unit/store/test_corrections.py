"""Issue 15: corrections as an overlay with who/when/why, applied where events are read for scoring."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import update
from typer.testing import CliRunner

import dyadscope
from dyadscope.cli import app
from dyadscope.errors import InputError
from dyadscope.store import tables as t

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "assess"))
from synthetic_store import add_document, event  # noqa: E402

TARIFF = "Washington imposed a 46 percent tariff on Vietnamese goods on 2 April 2025."
VISIT = "The president visited Hanoi on 2 May 2025."


@pytest.fixture
def db(tmp_db: dyadscope.Database) -> dyadscope.Database:
    add_document(tmp_db, "Anchor", "2025-01-10", events=[event("2025-01-05", "042", 1.9)])
    add_document(
        tmp_db,
        "Tariffs",
        "2025-06-01",
        events=[event("2025-04-02", "172", -5.0, dimension="economic", text=TARIFF)],
    )
    return tmp_db


def _april(db: dyadscope.Database) -> float:
    return float(
        db.assess("USA", "VNM", since="2024-12", until="2025-06", snapshot=False)
        .timeline.set_index("month")
        .at["2025-04", "overall"]
    )


def _tariff_id(db: dyadscope.Database) -> str:
    events = db.events(dyad="USA-VNM")
    return str(events[events["text"] == TARIFF]["id"].iloc[0])


def test_corrections_reject_and_recode_move_the_score_and_explanation(db: dyadscope.Database) -> None:
    before = _april(db)
    db.correct("recode", _tariff_id(db), event_code="163", who="ana", why="an embargo, not a fee")
    explained = db.assess("USA", "VNM", since="2024-12", until="2025-06", snapshot=False).explain("2025-04")
    assert set(db.events(dyad="USA-VNM")["event_code"]) == {"042", "172"}  # stored rows stay as extracted
    assert _april(db) < before  # -8 (embargo) hurts more than -5
    assert (explained["text"] == TARIFF).any()
    db.correct("reject", _tariff_id(db), who="ana", why="not about this pair")
    assert _april(db) > before
    rows = db.corrections()
    assert list(rows["action"]) == ["recode", "reject"] and set(rows["who"]) == {"ana"}
    assert rows["at"].str.match(r"\d{4}-\d\d-\d\dT").all() and rows["why"].str.len().min() > 5


def test_corrections_survive_reextraction(db: dyadscope.Database) -> None:
    db.correct("reject", _tariff_id(db), who="ana", why="duplicate of the indicator")
    rejected = _april(db)
    with db.write() as conn:  # re-extraction gives the event a new id, same document and span
        conn.execute(update(t.events).where(t.events.c.id == _tariff_id(db)).values(id="ev_reextracted"))
    assert _april(db) == pytest.approx(rejected)


def test_corrections_swap_merge_and_add_event(db: dyadscope.Database) -> None:
    tariff = _tariff_id(db)
    doc = db.events(dyad="USA-VNM").set_index("id").at[tariff, "doc_id"]
    before = _april(db)
    added = db.correct(
        "add_event",
        event={
            "doc_id": doc,
            "date": "2025-04-20",
            "source_actor": "USA",
            "target_actor": "VNM",
            "event_code": "042",
            "text": VISIT,
        },
        who="ana",
        why="missed by extraction",
    )
    assert added["changes"]["event_code"] == "042"
    explained = db.assess("USA", "VNM", since="2024-12", until="2025-06", snapshot=False).explain("2025-04")
    assert (explained["text"] == VISIT).any() and _april(db) > before
    db.correct("swap_actors", tariff, who="ana", why="Hanoi imposed it")
    swapped = db.assess("USA", "VNM", since="2024-12", until="2025-06", snapshot=False).explain("2025-04")
    assert (swapped["text"] == TARIFF).any()  # still the pair's event, read the other way round
    assert db.corrections()["action"].tolist() == ["add_event", "swap_actors"]


def test_corrections_merge_drops_the_duplicate(db: dyadscope.Database) -> None:
    add_document(
        db,
        "Copy",
        "2025-06-02",
        events=[event("2025-04-02", "172", -5.0, dimension="economic", text=TARIFF + " ")],
    )
    events = db.events(dyad="USA-VNM")
    first, copy = _tariff_id(db), str(events[events["text"] == TARIFF + " "]["id"].iloc[0])
    corroborated = _april(db)
    db.correct("merge", copy, into=first, who="ana", why="one event reported twice by one wire")
    assert _april(db) > corroborated  # one report left: less corroboration, a smaller drop
    with pytest.raises(InputError, match="E510"):
        db.correct("merge", first, into=first, who="ana", why="into itself")


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"action": "recode", "record_id": "nope", "event_code": "042"}, "E509"),
        ({"action": "recode", "record_id": None, "event_code": "042"}, "E509"),
        ({"action": "rename", "record_id": None}, "E407"),
        ({"action": "add_event", "event": {"date": "2025-04-20"}}, "E510"),
    ],
)
def test_corrections_refused_with_a_code(db: dyadscope.Database, kwargs: dict, code: str) -> None:
    with pytest.raises(InputError, match=code):
        db.correct(**kwargs, who="ana", why="testing refusals")
    assert db.corrections().empty


def test_corrections_need_who_and_why(db: dyadscope.Database) -> None:
    with pytest.raises(InputError, match="E510"):
        db.correct("reject", _tariff_id(db), who="", why="")


def test_corrections_export_as_gold_and_cli(db: dyadscope.Database, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["correct", "reject", _tariff_id(db), "--who", "ana", "--why", "not reported", "--db", db.url]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "gold.yaml"
    assert runner.invoke(app, ["corrections", "--export", "-o", str(out), "--db", db.url]).exit_code == 0
    gold = yaml.safe_load(out.read_text(encoding="utf-8"))["corrections"][0]
    rejected = gold["rejected"][0]
    assert rejected["code"] == "172" and rejected["actors"] == ["USA", "VNM"]
    assert len(rejected["locate"].split()) <= 6 and rejected["correction"]["who"] == "ana"
    bad = runner.invoke(
        app, ["correct", "recode", "nope", "--code", "042", "--who", "a", "--why", "b", "--db", db.url]
    )
    assert bad.exit_code == 1
