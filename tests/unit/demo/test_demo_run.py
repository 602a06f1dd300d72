"""run_demo: fresh store, graceful use of the stages that exist, summary fallback, report when present."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import dyadscope
from dyadscope.demo import corpus_paths
from dyadscope.demo import run as demo_run
from dyadscope.demo.summary import markdown_table
from dyadscope.errors import DyadscopeError, make


class StageView:
    """A Database with some of its methods replaced."""

    def __init__(self, db: dyadscope.Database, **replace: Any) -> None:
        self._db, self._replace = db, replace

    def __getattr__(self, name: str) -> Any:
        return self._replace.get(name) or getattr(self._db, name)


def refuse(*args: Any, **kwargs: Any) -> Any:
    """A stage that refuses on purpose, as the assessment does on a store without evidence."""
    raise make("E605", dyad="USA-VNM")


@pytest.fixture
def staged(monkeypatch: pytest.MonkeyPatch):
    """Install a StageView factory around the demo's fresh store."""

    def install(**replace: Any) -> None:
        real = demo_run.fresh_store

        def fake(out_dir: Path):
            db, path = real(out_dir)
            return StageView(db, **replace), path

        monkeypatch.setattr(demo_run, "fresh_store", fake)

    return install


def test_summary_lines_list_findings_by_kind(tmp_path: Path) -> None:
    run = demo_run.DemoRun(
        out_dir=tmp_path,
        db_path=tmp_path / "demo.db",
        documents=2,
        counts={"events": 3},
        current={"USA-VNM": {"month": "2025-01", "score": 1.0}},
        findings={"USA-VNM": {"figure_conflict": 2, "date_conflict": 1}},
    )
    assert run.summary_lines() == [
        f"store: {tmp_path / 'demo.db'}",
        "documents: 2 ingested",
        "extracted: 3 events",
        "USA-VNM: 2025-01: score +1.00",
        "USA-VNM findings: 2 figure_conflict, 1 date_conflict",
    ]


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (
            {"month": "2025-11", "score": 4.2, "level": "good (mid)", "trend": 0.31},
            "2025-11: score +4.20, good (mid), trend +0.31 over 12 months",
        ),
        ({"month": "2024-01", "score": -1.0}, "2024-01: score -1.00"),
        ({}, "?: score n/a"),
    ],
)
def test_describe_current(current: dict, expected: str) -> None:
    assert demo_run.describe_current(current) == expected


def test_markdown_table_escapes_and_limits() -> None:
    frame = pd.DataFrame({"a": ["x|y", None, "z"], "b": [1.5, 2.0, float("nan")], "c": [1, 2, 3]})
    text = markdown_table(frame, ["a", "b", "missing"], limit=2)
    assert text.splitlines()[:4] == ["| a | b |", "|---|---|", "| x\\|y | 1.5 |", "|  | 2 |"]
    assert "1 more" in text
    assert markdown_table(frame.iloc[0:0], ["a"]) == "_none_\n"


def test_config_is_data() -> None:
    config = demo_run.load_config()
    assert [str(d) for d in config["dyads"]][:1] == ["USA-VNM"] and config["format"] in {"html", "md", "pdf"}


def test_a_bug_in_a_stage_is_raised_not_noted(tmp_path: Path, staged) -> None:
    """Issue #13: a missing or broken stage is a bug, never a note saying "not available yet"."""

    def buggy(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("'NoneType' object has no attribute 'timeline'")

    staged(assess=buggy)
    with pytest.raises(AttributeError):
        demo_run.run_pipeline(tmp_path / "out")


def test_a_refusing_stage_leaves_a_summary(tmp_path: Path, staged) -> None:
    staged(assess=refuse, report=refuse)
    run = demo_run.run_pipeline(tmp_path / "out")
    assert run.output == tmp_path / "out" / "summary.md" and run.output.is_file()
    assert run.documents == len(corpus_paths()) and not run.failed
    text = run.output.read_text(encoding="utf-8")
    assert "Biden in Hanoi" in text and "[E605]" in text
    stored = dyadscope.open(run.db_path)
    assert run.counts == {
        "events": len(stored.events()),
        "indicators": len(stored.indicators()),
        "claims": len(stored.claims()),
    }


def test_a_failing_stage_becomes_a_note_not_a_crash(tmp_path: Path, staged) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise DyadscopeError("[E999] stage under construction")

    staged(assess=broken, report=broken)
    run = demo_run.run_pipeline(tmp_path / "out")
    assert run.output.name == "summary.md"
    assert any("assessment of USA-VNM failed" in n for n in run.notes)
    assert any("report failed" in n for n in run.notes)


def test_the_report_stage_is_used_when_present(tmp_path: Path, staged) -> None:
    calls: list[tuple] = []

    def report(a: str, b: str, *, format: str, output: Path) -> Path:
        calls.append((a, b, format))
        Path(output).write_text("<html>report</html>", encoding="utf-8")
        return Path(output)

    staged(report=report)
    path = demo_run.run_demo(tmp_path / "out")
    assert path == tmp_path / "out" / "report.html" and path.is_file()
    assert calls == [("USA", "VNM", "html")]
    assert (tmp_path / "out" / "summary.md").is_file()


def test_each_run_starts_from_a_fresh_store(tmp_path: Path, staged) -> None:
    staged(assess=refuse, report=refuse)
    out = tmp_path / "out"
    out.mkdir()
    (out / "demo.db").write_bytes(b"not a database at all")
    first = demo_run.run_pipeline(out)
    second = demo_run.run_pipeline(out)
    assert first.documents == second.documents == len(corpus_paths())
    assert first.counts == second.counts
    assert len(dyadscope.open(out / "demo.db").documents()) == len(corpus_paths())
