"""Dates that cannot be right: records dated before 1900, or after their document, are quarantined.

An extracted event that happened (status ``reported``) cannot be dated after the document that reports
it, nor after the day the import runs when the document has no date ("round 2099 of talks" in an undated
text). Planned and hypothetical events may lie ahead. An indicator's period cannot start after the
document's year. Nothing dated before 1900 is accepted. Quarantined records are left out of the
extraction and listed with a reason (``Extraction.quarantined``), never silently stored.

One exception is kept on purpose (see ``events._until_published``): a reported event whose month or day
the sentence writes out in full is kept after the publication date, flagged ``date_uncertain``, since a
wrong date in the metadata is commoner than a wrong date in the text; it is still refused when it lies
after the day of the import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from ..schema import Document, Event, Indicator

EARLIEST_YEAR = 1900
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Quarantined:
    """A record left out of the extraction, and why."""

    kind: str  # "event" or "indicator"
    id: str
    date: str
    reason: str
    text: str


def _after(value: str, limit: str) -> bool:
    """True when ``value`` lies wholly after ``limit`` (compared at the coarser precision)."""
    size = min(len(value), len(limit))
    return value[:size] > limit[:size]


def _event_problem(event: Event, published: str | None, today: str) -> str | None:
    if int(event.date[:4]) < EARLIEST_YEAR:
        return f"dated {event.date}, before {EARLIEST_YEAR}"
    if event.status != "reported":
        return None  # planned and hypothetical events may lie ahead
    if _after(event.date, today):
        return f"reported as done but dated {event.date}, after the import ({today})"
    if published and _after(event.date, published) and not event.date_uncertain:
        return f"reported as done but dated {event.date}, after its document ({published})"
    return None


def _indicator_problem(indicator: Indicator, published: str | None, today: str) -> str | None:
    year = indicator.period[:4]
    if not year.isdigit():
        return None
    if int(year) < EARLIEST_YEAR:
        return f"period {indicator.period}, before {EARLIEST_YEAR}"
    limit = (published or today)[:4]
    if year > limit:
        return (
            f"period {indicator.period} starts after its document ({published or 'undated; import ' + today})"
        )
    return None


def check_dates(
    doc: Document, events: list[Event], indicators: list[Indicator], today: str | None = None
) -> tuple[list[Event], list[Indicator], list[Quarantined]]:
    """(events kept, indicators kept, quarantined) for one document; ``today`` is the import's day."""
    today = today or datetime.now(UTC).date().isoformat()
    held: list[Quarantined] = []
    kept_events, kept_indicators = [], []
    for event in events:
        problem = _event_problem(event, doc.published, today)
        if problem:
            held.append(Quarantined("event", event.id, event.date, problem, event.text))
        else:
            kept_events.append(event)
    for indicator in indicators:
        problem = _indicator_problem(indicator, doc.published, today)
        if problem:
            held.append(Quarantined("indicator", indicator.id, indicator.period, problem, indicator.text))
        else:
            kept_indicators.append(indicator)
    if held:
        LOG.warning("%s: %d record(s) quarantined for impossible dates", doc.source, len(held))
    return kept_events, kept_indicators, held
