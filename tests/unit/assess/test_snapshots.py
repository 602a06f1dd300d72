"""Snapshots: stable ids, what diff reports, read-only stores, unknown ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_store import add_document, build_milestones, event

import dyadscope
from dyadscope.errors import NotFound


def test_snapshots_same_inputs_same_id_new_document_new_id(milestone_db: dyadscope.Database) -> None:
    first = milestone_db.assess("USA", "VNM").snapshot_id
    assert milestone_db.assess("USA", "VNM").snapshot_id == first
    assert milestone_db.assess("USA", "VNM", since="2000-01").snapshot_id != first
    add_document(milestone_db, "Another visit", "2019-03-01", events=[event("2019-02-26", "042", 1.9)])
    second = milestone_db.assess("USA", "VNM").snapshot_id
    assert second != first
    frame = milestone_db.snapshots("USA VNM")
    assert {first, second} <= set(frame["id"]) and (frame["dyad"] == "USA-VNM").all()


def test_snapshots_identical_numbers_in_two_stores(tmp_path: Path) -> None:
    one = build_milestones(dyadscope.open(tmp_path / "one.db")).assess("USA", "VNM")
    two = build_milestones(dyadscope.open(tmp_path / "two.db")).assess("USA", "VNM")
    assert one.snapshot_id == two.snapshot_id
    assert one.timeline.equals(two.timeline)


def test_snapshots_diff_names_removed_document(milestone_db: dyadscope.Database) -> None:
    doc_id = add_document(milestone_db, "Visit 2017", "2017-11-15", events=[event("2017-11-12", "042", 1.9)])
    before = milestone_db.assess("USA", "VNM").snapshot_id
    milestone_db.delete_document(doc_id)
    after = milestone_db.assess("USA", "VNM").snapshot_id
    result = milestone_db.diff(before, after)
    assert [d["doc_id"] for d in result["documents_removed"]] == [doc_id]
    assert result["documents_removed"][0]["title"] == "Visit 2017"
    assert result["causes"][0]["status"] == "removed" and result["causes"][0]["contribution_after"] == 0
    months = {c["month"] for c in result["changes"]}
    assert "2017-11" in months and "2016-05" not in months


def test_snapshots_diff_same_snapshot_is_empty(milestone_db: dyadscope.Database) -> None:
    snap = milestone_db.assess("USA", "VNM").snapshot_id
    result = milestone_db.diff(snap, snap)
    assert result["changes"] == [] and result["documents_added"] == [] and result["causes"] == []


@pytest.mark.parametrize("snap", ["", "abc", "zzzzzzzz", "0" * 64, "%' OR 1=1 --"])
def test_snapshots_unknown_id_is_e406(milestone_db: dyadscope.Database, snap: str) -> None:
    with pytest.raises(NotFound) as info:
        milestone_db.diff(snap, snap)
    assert info.value.code == "E406"


def test_snapshots_read_only_store_assesses_without_writing(tmp_path: Path) -> None:
    build_milestones(dyadscope.open(tmp_path / "ro.db"))
    reader = dyadscope.open(tmp_path / "ro.db", read_only=True)
    a = reader.assess("USA", "VNM")
    assert a.snapshot_id and reader.snapshots().empty
