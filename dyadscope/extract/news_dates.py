"""News dates: weekdays, weeks, wire datelines, and numbers that only look like years.

Pure helpers used by :mod:`dyadscope.extract.dates` (they import nothing from it):

- ``on Tuesday`` / ``last Monday`` / ``next Friday`` resolve against the anchor day (publication date
  or dateline). Tense decides a bare weekday: past tense -> the most recent such day on or before the
  anchor (wire copy names the day of publication by its weekday too); future ("will", "is to",
  "plans to", "is scheduled") -> the next such day on or after it. ``last`` is strictly before,
  ``next`` strictly after.
- A calendar week ("last week", "this week", "next week") is Monday to Sunday: its date is the month
  when the week lies in one month, else the month holding the week's Thursday (the ISO-8601 rule),
  flagged uncertain. Month precision is what a week can defend; scores are monthly anyway. A duration
  ("one week later") is seven days, a day (see ``dates._relative``).
- A wire dateline ("HANOI, March 3 (Reuters) -") dates the story to the day: it is read as the
  publication date by :func:`dyadscope.ingest.published.dateline_date`.
- A bare four-digit number is not a year when a counting noun comes right before it ("round 2099",
  "No. 2045") or a counted noun right after it ("2000 officials", "1999 American and Vietnamese
  troops"), unless a date word introduces it ("in 2000", "the 2000 elections").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(
    r"\b(?:(?P<mod>last|next|this past|this coming|this|past|coming)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    # "Tuesday, March 3, 2025" and "Tuesday 3 March" are absolute dates, read elsewhere.
    r"(?!,?\s*(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d))"
)
# Words that put the clause in the future: the weekday is the next one, not the last.
FUTURE = re.compile(
    r"\b(?:will|shall|won't|is to|are to|plans? to|planned to|intends? to|is expected to|are expected to"
    r"|is scheduled|are scheduled|is due to|are due to|to be held|is set to|are set to|going to"
    r"|upcoming)\b|'ll\b",
    re.IGNORECASE,
)
# Counting nouns before a number: it numbers a thing, it is no year.
_NUMBERED = re.compile(
    r"\b(?:round|rounds|no|nos|number|item|article|art|section|sec|paragraph|para|page|pages|pp|chapter"
    r"|rule|flight|route|room|unit|batch|phase|model|version|code|line|hull|tranche|stage|cycle|lot|box"
    r"|case|file|vol|volume|issue|part|resolution|decision|bill|order|annex|table|figure|fig|exhibit"
    r"|platform|gate|bus|highway|km|kilometre|kilometer|mile|hill|point|grid|serial|account|ticket)"
    r"\.?\s*#?\s*$|#\s*$",
    re.IGNORECASE,
)
# Words that introduce a year: "in 2000", "since 2000", "the 2000 elections", "fiscal 2000".
_YEAR_WORD = re.compile(
    r"(?:\b(?:in|since|by|from|until|till|through|during|of|the|its|their|his|her|our|this|that|early"
    r"|late|mid|year|years|fiscal|FY|to|and|or|between|before|after|around|circa|c|summer|winter|spring"
    r"|autumn|fall|January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|['’]s|[-–—])\s*$",
    re.IGNORECASE,
)
# A bare number followed by a counted noun counts it ("2000 officials", "1999 American and Vietnamese
# troops"); a year used as a modifier ("2024 exports", "2023 elections") is followed by other nouns.
_COUNTED = re.compile(
    r"\s+(?:(?:[A-Z][\w'’.-]*|and|or|more|new|local|foreign|senior|young)\s+){0,4}"
    r"(?:officials|people|persons|troops|soldiers|sailors|marines|personnel|workers|students|delegates"
    r"|participants|members|residents|visitors|tourists|pilgrims|refugees|migrants|prisoners|detainees"
    r"|protesters|demonstrators|civilians|casualties|deaths|victims|families|children|women|men|experts"
    r"|volunteers|veterans|attendees|guests|vessels|ships|boats|aircraft|planes|jets|vehicles|trucks"
    r"|jobs|firms|companies|businesses|enterprises|households|tons|tonnes|doses|units|pieces|copies)\b"
)


def future_tense(text: str) -> bool:
    """True when the sentence speaks of what is to come ("will meet on Tuesday")."""
    return bool(FUTURE.search(text))


def weekday_date(anchor: date, name: str, modifier: str | None, future: bool) -> date:
    """The day a weekday names, counted from ``anchor`` (see the module docstring for the rule)."""
    target = WEEKDAYS.index(name.lower())
    mod = (modifier or "").lower()
    if mod in ("next", "this coming", "coming") or (future and mod not in ("last", "this past", "past")):
        ahead = (target - anchor.weekday()) % 7
        if ahead == 0 and mod in ("next", "this coming", "coming"):
            ahead = 7
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - target) % 7
    if back == 0 and mod in ("last", "this past", "past"):
        back = 7
    return anchor - timedelta(days=back)


def week_month(centre: date) -> tuple[str, bool]:
    """(YYYY-MM, uncertain) for the seven-day week around ``centre`` (its Monday to Sunday)."""
    monday = centre - timedelta(days=centre.weekday())
    sunday = monday + timedelta(days=6)
    thursday = monday + timedelta(days=3)
    return thursday.isoformat()[:7], monday.month != sunday.month


def not_a_year(text: str, start: int, end: int) -> bool:
    """True when the four digits at ``text[start:end]`` number or count something, not a year."""
    before = text[max(0, start - 24) : start]
    if _NUMBERED.search(before):
        return True
    if _YEAR_WORD.search(before):
        return False
    return bool(_COUNTED.match(text, end))


def introduced(text: str, start: int) -> bool:
    """True when a date word introduces the year at ``start`` ("in 2024", "since 2024", "the 2024 ...")."""
    return bool(_YEAR_WORD.search(text[max(0, start - 24) : start]))
