"""The threshold rule, the interval syntax and how feeds and URL lists are read (no store needed)."""

from __future__ import annotations

import pytest

from dyadscope.errors import InputError
from dyadscope.watch.detect import current_scores, new_findings, score_moves
from dyadscope.watch.schedule import parse_interval, run_every
from dyadscope.watch.sinks import logfmt
from dyadscope.watch.sources import feed_links, url_lines


def scores(month: str, **values: float) -> dict:
    return {"month": month, "scores": values}


@pytest.mark.parametrize(
    "old, new, threshold, expected",
    [
        (scores("2025-03", overall=4.0), scores("2025-04", overall=3.2), 0.5, [("overall", -0.8)]),
        (scores("2025-03", overall=4.0), scores("2025-04", overall=3.6), 0.5, []),
        # strictly more than the threshold: a move of exactly 0.5 is not an alert
        (scores("2025-03", overall=1.0), scores("2025-03", overall=1.5), 0.5, []),
        (
            scores("2025-03", overall=1.0, economic=4.0),
            scores("2025-04", overall=1.1, economic=1.0),
            0.5,
            [("economic", -3.0)],
        ),
        (
            scores("2025-03", overall=1.0),
            scores("2025-04", overall=2.0, security=-5.0),
            0.5,
            [("overall", 1.0)],
        ),
        (scores("2025-03", overall=1.0), scores("2025-04", overall=1.2), 0.1, [("overall", 0.2)]),
    ],
)
def test_detect_score_moves_threshold_rule(old, new, threshold, expected) -> None:
    moves = score_moves(old, new, threshold)
    assert [(m["series"], m["delta"]) for m in moves] == expected
    for move in moves:
        assert (move["old_month"], move["month"]) == (old["month"], new["month"])


def test_detect_current_scores_takes_the_last_month() -> None:
    timeline = [
        {"month": "2025-03", "overall": 1.0, "economic": 2.0, "level": "normal"},
        {"month": "2025-04", "overall": 1.5, "economic": None, "level": "normal"},
    ]
    assert current_scores(timeline) == {"month": "2025-04", "scores": {"overall": 1.5}}
    assert current_scores([]) == {"month": None, "scores": {}}


def test_detect_new_findings_only_high_and_unseen() -> None:
    found = [
        {"id": "a", "severity": "high"},
        {"id": "b", "severity": "high"},
        {"id": "c", "severity": "medium"},
    ]
    assert [f["id"] for f in new_findings(found, {"a"})] == ["b"]


@pytest.mark.parametrize(
    "text, seconds", [("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("1d", 86400), ("45", 45)]
)
def test_schedule_parse_interval(text, seconds) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "h", "5x", "-1h", "0s", "31d", "1.5h"])
def test_schedule_parse_interval_refuses(text) -> None:
    with pytest.raises(InputError, match=r"\[E412\]"):
        parse_interval(text)


def test_schedule_run_every_counts_runs() -> None:
    calls = []
    assert run_every(0.01, lambda: calls.append(1), runs=3) == 3
    assert len(calls) == 3


RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://example.org/one</link></item>
<item><title>Two</title><link>https://example.org/two</link></item>
<item><title>No link</title><description>text only</description></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>A</title><link rel="alternate" href="https://example.org/a"/></entry>
<entry><title>B</title><link rel="enclosure" href="https://example.org/b.mp3"/><link href="https://example.org/b"/></entry>
</feed>"""
BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
<rss><channel><item><link>&lol2;</link></item></channel></rss>"""


@pytest.mark.parametrize(
    "data, expected",
    [
        (RSS, ["https://example.org/one", "https://example.org/two"]),
        (ATOM, ["https://example.org/a", "https://example.org/b"]),
        (BOMB, None),  # DTDs and entities are refused, never expanded
        (b"<html><body>page</body></html>", None),
        (b"plain text", None),
    ],
)
def test_sources_feed_links(data, expected) -> None:
    assert feed_links(data) == expected


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            b"# my list\nhttps://example.org/a\n\nhttp://example.org/b\n",
            ["https://example.org/a", "http://example.org/b"],
        ),
        (b"https://example.org/a\nnot a url\n", None),
        (b"", None),
        (b"\xff\xfe\x00garbage", None),
    ],
)
def test_sources_url_lines(data, expected) -> None:
    assert url_lines(data) == expected


def test_sinks_logfmt_is_one_line() -> None:
    line = logfmt("alert", dyad="USA-VNM", delta=-0.8791, title='down "a lot"\nnext', empty=None)
    assert "\n" not in line
    assert line.startswith("event=alert dyad=USA-VNM delta=-0.879 title=")
    assert "empty" not in line


def test_run_focus_puts_the_dimensions_events_first() -> None:
    from dyadscope.watch.run import MAX_CAUSE_EVENTS, _focus

    events = [{"id": str(n), "dimension": "diplomatic" if n < 6 else "economic"} for n in range(8)]
    cause = {"documents": [], "events": events}
    economic = _focus(cause, {"series": "economic"})["events"]
    assert [e["id"] for e in economic] == ["6", "7", "0", "1", "2"]
    assert [e["id"] for e in _focus(cause, {"series": "overall"})["events"]] == ["0", "1", "2", "3", "4"]
    assert len(economic) == MAX_CAUSE_EVENTS
