"""Event status from cue words before the trigger."""

from __future__ import annotations

import pytest

from dyadscope.extract.status import event_status


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        ("The minister visited Hanoi in May.", "visited", "reported"),
        ("The minister will visit Hanoi in May.", "visit", "planned"),
        ("The minister plans to visit Hanoi in May.", "visit", "planned"),
        (
            "If talk of an arms purchase proves true, Congress will review the sale.",
            "purchase",
            "hypothetical",
        ),
        ("Rumours of a purchase of jets circulated.", "purchase", "hypothetical"),
        ("The minister did not visit Hanoi in May.", "visit", "negated"),
        ("The minister may visit Hanoi.", "visit", "hypothetical"),
        ("In May 2022, the minister visited Hanoi.", "visited", "reported"),
        ("Officials will meet in June, while the president visited Hanoi in May.", "visited", "reported"),
    ],
)
def test_status_cues(text: str, trigger: str, status: str) -> None:
    start = text.index(trigger)
    assert event_status(text, start, start + len(trigger)) == status
