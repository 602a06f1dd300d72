"""report.data.stage: a refusal becomes a note, a bug is raised (issue #13: no staging scaffolding)."""

from __future__ import annotations

from typing import Any

import pytest

from dyadscope.dyads import parse_dyad
from dyadscope.errors import make
from dyadscope.report.data import DyadView, stage


def view() -> DyadView:
    return DyadView(dyad=parse_dyad("USA-VNM"), names=("United States", "Vietnam"))


def test_data_stage_refusal_becomes_a_note() -> None:
    def refuse() -> Any:
        raise make("E608", dyad="USA-VNM", months=3, horizon=12, needed=25)

    shown = view()
    assert stage(shown, "scenario", "foresight", refuse) is None
    assert shown.notes["scenario"].startswith("[E608] ")


@pytest.mark.parametrize("bug", [AttributeError, ImportError, NotImplementedError, TypeError, KeyError])
def test_data_stage_bug_is_raised(bug: type[Exception]) -> None:
    def broken() -> Any:
        raise bug("a bug")

    shown = view()
    with pytest.raises(bug):
        stage(shown, "scenario", "foresight", broken)
    assert shown.notes == {}
