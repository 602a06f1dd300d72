"""Date mentions in a sentence -> ISO date with precision, resolved against the publication date.

Own rules for English (absolute dates, "in April 2025", "since 2010", "November 11 last year",
"last month", "the following year", "a decade later") and Vietnamese ("ngày 12 tháng 7 năm 1995",
"tháng 9/2023"); other languages go through dateparser restricted to the document's language.
Relative dates with no publication date are resolved against the latest date the document states
and flagged ``uncertain``, never silently anchored to the ingest date. Numeric dates such as
02/03/2025 are flagged ``ambiguous`` with both readings when the day and month can swap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .news_dates import WEEKDAY, future_tense, introduced, not_a_year, week_month, weekday_date

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "a": 1, "an": 1}
UNIT_WORDS = r"(?P<unit>days?|weeks?|months?|years?|decades?)"


@dataclass(frozen=True)
class DateMention:
    """One date found in a text: offsets, ISO value, precision and quality flags."""

    start: int
    end: int
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # year | month | day
    kind: str = "absolute"  # absolute | relative | since | target | reference
    ambiguous: bool = False
    uncertain: bool = False
    candidates: tuple[str, ...] = ()
    half: str | None = None  # "H1"/"H2"/"Q1".. when the text names part of a year

    @property
    def year(self) -> int:
        return int(self.value[:4])


def _iso(y: int, m: int | None = None, d: int | None = None) -> tuple[str, str] | None:
    try:
        if d is not None and m is not None:
            return date(y, m, d).isoformat(), "day"
    except ValueError:
        return None
    if m is not None:
        return (f"{y:04d}-{m:02d}", "month") if 1 <= m <= 12 else None
    return f"{y:04d}", "year"


# Absolute patterns, most specific first; each yields (year, month, day) from its groups.
_ABSOLUTE = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MON},?\s+{_YEAR}\b")),
    ("numeric", re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b")),
    (
        "vi_dmy",
        re.compile(
            r"\bngày\s+(?P<day>[0-3]?\d)\s*(?:tháng\s+|/)(?P<mon>[01]?\d)\s*(?:năm\s+|/)"
            r"(?P<year>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "vi_my",
        re.compile(r"\btháng\s+(?P<mon>[01]?\d)\s*(?:năm\s+|/)(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    ),
    ("half", re.compile(rf"\b(?P<half>first|second) half of {_YEAR}\b", re.IGNORECASE)),
    ("quarter", re.compile(rf"\b(?P<q>first|second|third|fourth) quarter of {_YEAR}\b", re.IGNORECASE)),
    ("my", re.compile(rf"\b{_MON}\s+(?:of\s+)?{_YEAR}\b")),
    ("md_rel", re.compile(rf"\b{_MON}\s+{_DAY}\b,?\s+(?P<rel>last|this|next) year\b")),
    (
        "md",
        re.compile(rf"\b{_MON}\s+{_DAY}\b(?!,?\s*(?:19|20)\d\d)(?![\d,]*\s*(?:percent|%|billion|million))"),
    ),
    ("vi_year", re.compile(r"\bnăm\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)),
    ("year", re.compile(r"(?<![\w$.,/-])(?P<year>(?:19|20)\d\d)(?![\w%/-]|\.\d|,\d)")),
]
_SINCE = re.compile(r"\b(?:since|as of|from)\s+(?:early |late |mid-)?$", re.IGNORECASE)
# "Executive Order 14257 of April 2, 2025": the date of a text referred to, not of the event.
_REFERENCE = re.compile(
    r"\b(?:Order|Act|Resolution|Decree|Law|Proclamation|Directive|Circular)\s+(?:(?:No\.?\s*)?[\d/-]+\s+)?"
    r"of\s+$"
)
_TARGET = re.compile(r"\b(?:by|until|through|before)\s+(?:early |late |mid-)?$", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?P<word>today|tomorrow|yesterday|this week|last week|next week|earlier this week|later this week"
    r"|this month|last month|next month|earlier this month|later this month|this year|last year"
    r"|next year|the following year|the next year|the previous year|the same year|that year|earlier this year"
    r"|later this year|the following month|the same month|the following week|the previous week"
    r"|the following day|the next day|the previous day|the day before|the day after|later that year)\b"
    rf"|\b(?P<num>one|two|three|four|five|six|ten|a|an|\d+)\s+{UNIT_WORDS}\s+(?P<dir>later|earlier|ago|after|before)\b",
    re.IGNORECASE,
)
_THIS_MONTH = re.compile(rf"\b(?P<which>this|last|next)\s+{_MON}(?!\s*\d)")


def _month_num(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _absolute(kind: str, found: re.Match[str], order: str | None) -> DateMention | None:
    g = found.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if kind == "numeric":
        return _numeric(found, order)
    if kind in ("half", "quarter"):
        part = g.get("half") or g.get("q") or ""
        idx = ["first", "second", "third", "fourth"].index(part.lower()) + 1
        label = f"H{idx}" if kind == "half" else f"Q{idx}"
        return DateMention(found.start(), found.end(), str(year), "year", half=label)
    if kind in ("md", "md_rel"):
        return None  # resolved later: the year comes from a list, "last year" or the publication date
    month = (
        _month_num(g["mon"])
        if g.get("mon") and not g["mon"].isdigit()
        else (int(g["mon"]) if g.get("mon") else None)
    )
    day = int(g["day"]) if g.get("day") else None
    made = _iso(year or 0, month, day)
    if made is None:
        return None
    return DateMention(found.start(), found.end(), made[0], made[1])


def _numeric(found: re.Match[str], order: str | None) -> DateMention | None:
    a, b, year = int(found["a"]), int(found["b"]), int(found["year"])
    dmy, mdy = _iso(year, b, a), _iso(year, a, b)
    options = [x[0] for x in (dmy, mdy) if x is not None]
    if not options:
        return None
    if len(set(options)) == 1:
        return DateMention(found.start(), found.end(), options[0], "day")
    chosen = (mdy if order == "MDY" else dmy) or (dmy or mdy)
    assert chosen is not None
    return DateMention(
        found.start(),
        found.end(),
        chosen[0],
        "day",
        ambiguous=order not in ("DMY", "MDY"),
        candidates=tuple(options),
    )


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _shift(base: date, unit: str, amount: int) -> date:
    """``base`` moved by ``amount`` days/weeks/months/years/decades (negative goes back)."""
    unit = unit.rstrip("s")
    if unit in ("day", "week"):
        return base + timedelta(days=amount * (7 if unit == "week" else 1))
    months = amount * {"month": 1, "year": 12, "decade": 120}[unit]
    total = base.year * 12 + base.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def to_date(value: str | None) -> tuple[date, str] | None:
    """ISO ``YYYY[-MM[-DD]]`` -> (first day it covers, precision), or None."""
    if not value:
        return None
    parts = [int(p) for p in value[:10].split("-") if p.isdigit()]
    try:
        if len(parts) >= 3:
            return date(parts[0], parts[1], parts[2]), "day"
        if len(parts) == 2:
            return date(parts[0], parts[1], 1), "month"
        if len(parts) == 1:
            return date(parts[0], 1, 1), "year"
    except ValueError:
        return None
    return None


def _fmt(day: date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


_WORD_RULES = {  # word -> (reference: "pub" or "anchor", unit, amount, precision)
    "today": ("pub", "day", 0, "day"),
    "tomorrow": ("pub", "day", 1, "day"),
    "yesterday": ("pub", "day", -1, "day"),
    "this week": ("pub", "week", 0, "month"),
    "earlier this week": ("pub", "week", 0, "month"),
    "later this week": ("pub", "week", 0, "month"),
    "last week": ("pub", "week", -1, "month"),
    "next week": ("pub", "week", 1, "month"),
    "this month": ("pub", "month", 0, "month"),
    "earlier this month": ("pub", "month", 0, "month"),
    "later this month": ("pub", "month", 0, "month"),
    "last month": ("pub", "month", -1, "month"),
    "next month": ("pub", "month", 1, "month"),
    "this year": ("pub", "year", 0, "year"),
    "earlier this year": ("pub", "year", 0, "year"),
    "later this year": ("pub", "year", 0, "year"),
    "last year": ("pub", "year", -1, "year"),
    "next year": ("pub", "year", 1, "year"),
    "the following year": ("anchor", "year", 1, "year"),
    "the next year": ("anchor", "year", 1, "year"),
    "the previous year": ("anchor", "year", -1, "year"),
    "the same year": ("anchor", "year", 0, "year"),
    "that year": ("anchor", "year", 0, "year"),
    "later that year": ("anchor", "year", 0, "year"),
    "the following month": ("anchor", "month", 1, "month"),
    "the same month": ("anchor", "month", 0, "month"),
    "the following week": ("anchor", "week", 1, "month"),
    "the previous week": ("anchor", "week", -1, "month"),
    "the following day": ("anchor", "day", 1, "day"),
    "the next day": ("anchor", "day", 1, "day"),
    "the day after": ("anchor", "day", 1, "day"),
    "the previous day": ("anchor", "day", -1, "day"),
    "the day before": ("anchor", "day", -1, "day"),
}


@dataclass(frozen=True)
class Context:
    """What relative dates resolve against: the publication date and the last date the text stated."""

    published: str | None = None
    anchor: str | None = None  # latest absolute date seen so far in the document
    latest: str | None = None  # latest absolute date anywhere in the document (fallback reference)
    order: str | None = None  # "DMY" / "MDY" when the source's numeric date order is known


def _reference(ctx: Context, which: str) -> tuple[date, str, bool] | None:
    """The date a relative expression counts from, its precision and whether it is uncertain."""
    primary = ctx.published if which == "pub" else (ctx.anchor or ctx.published)
    found = to_date(primary)
    if found:
        return found[0], found[1], False
    fallback = to_date(ctx.latest or ctx.anchor)
    return (fallback[0], fallback[1], True) if fallback else None


def _relative(found: re.Match[str], ctx: Context) -> DateMention | None:
    word = (found["word"] or "").lower()
    if word:
        which, unit, amount, precision = _WORD_RULES[word]
    else:
        num = found["num"].lower()
        amount = int(num) if num.isdigit() else NUMBER_WORDS.get(num, 1)
        unit = found["unit"].lower()
        back = found["dir"].lower() in ("ago", "earlier", "before")
        which, amount = ("pub" if found["dir"].lower() == "ago" else "anchor"), (-amount if back else amount)
        # "one week later" is a duration of seven days: a day, unlike the calendar week "last week".
        unit = "day" if unit.startswith("week") else unit
        amount = amount * 7 if found["unit"].lower().startswith("week") else amount
        precision = "day" if unit.startswith("day") else "month" if unit.startswith("month") else "year"
    ref = _reference(ctx, which)
    if ref is None:
        return None
    base, ref_precision, uncertain = ref
    if unit == "week":
        # A calendar week is no day: its month, flagged when the week straddles two months (news_dates).
        if ref_precision != "day":
            return None if ref_precision == "year" else _week_from_month(found, base, amount, uncertain)
        value, straddles = week_month(base + timedelta(days=7 * amount))
        return DateMention(
            found.start(), found.end(), value, "month", "relative", uncertain=uncertain or straddles
        )
    shifted = _shift(base, unit, amount)
    if _rank(ref_precision) < _rank(precision):
        precision = ref_precision
    return DateMention(
        found.start(), found.end(), _fmt(shifted, precision), precision, "relative", uncertain=uncertain
    )


def _week_from_month(found: re.Match[str], base: date, weeks: int, uncertain: bool) -> DateMention | None:
    """A week counted from a month-precision reference: only "this week" keeps that month."""
    if weeks != 0:
        return None
    return DateMention(
        found.start(), found.end(), _fmt(base, "month"), "month", "relative", uncertain=uncertain
    )


def _weekday(found: re.Match[str], text: str, ctx: Context) -> DateMention | None:
    """ "on Tuesday", "last Monday": a day counted from the publication day, tense deciding the way."""
    ref = _reference(ctx, "pub")
    if ref is None or ref[1] != "day":
        return None  # a weekday needs a day to count from; a month or a year cannot place it
    clause = text[max(0, found.start() - 80) : found.end() + 40]
    day = weekday_date(ref[0], found["wd"], found["mod"], future_tense(clause))
    return DateMention(found.start(), found.end(), day.isoformat(), "day", "relative", uncertain=ref[2])


def _named_month(found: re.Match[str], ctx: Context) -> DateMention | None:
    """ "this November", "last March", "next May" against the publication date."""
    ref = _reference(ctx, "pub")
    if ref is None:
        return None
    base, _, uncertain = ref
    month, which = _month_num(found["mon"]), found["which"].lower()
    year = base.year
    if which == "next" and month <= base.month:
        year += 1
    elif which == "last" and month >= base.month:
        year -= 1
    return DateMention(
        found.start(), found.end(), f"{year:04d}-{month:02d}", "month", "relative", uncertain=uncertain
    )


def _rank(precision: str) -> int:
    return {"year": 0, "month": 1, "day": 2}[precision]


def _month_day(found: re.Match[str], text: str, later: list[DateMention], ctx: Context) -> DateMention | None:
    """ "April 4" takes its year from a following dated list item, "last year", or the publication year."""
    month, day = _month_num(found["mon"]), int(found["day"])
    uncertain = False
    rel = found.groupdict().get("rel")
    if rel:
        ref = _reference(ctx, "pub")
        if ref is None:
            return None
        year, uncertain = ref[0].year + {"last": -1, "this": 0, "next": 1}[rel.lower()], ref[2]
    else:
        nxt = next((m for m in later if m.start >= found.end()), None)
        gap = text[found.end() : nxt.start] if nxt else ""
        if nxt and re.fullmatch(r"[\s,;]*(?:and|or|&)?[\s,;]*", gap) and nxt.precision == "day":
            year = nxt.year
        else:
            ref = _reference(ctx, "pub")
            if ref is None:
                return None
            year, uncertain = ref[0].year, ref[2]
    made = _iso(year, month, day)
    if made is None:
        return None
    return DateMention(found.start(), found.end(), made[0], made[1], "absolute", uncertain=uncertain)


def _kind_from_prefix(text: str, mention: DateMention) -> DateMention:
    before = text[max(0, mention.start - 16) : mention.start]
    if _REFERENCE.search(text[max(0, mention.start - 40) : mention.start]):
        return replace(mention, kind="reference")
    if _SINCE.search(before):
        return replace(mention, kind="since")
    if _TARGET.search(before):
        return replace(mention, kind="target")
    return mention


def find_dates(text: str, ctx: Context | None = None) -> list[DateMention]:
    """All date mentions in ``text``, left to right, resolved against ``ctx``."""
    ctx = ctx or Context()
    order = ctx.order or (_list_order(text) if "/" in text else None)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    pending: list[re.Match[str]] = []
    bare: set[int] = set()  # starts of bare years ("2000"), weaker than any date written out
    for kind, pattern in _ABSOLUTE:
        for match in pattern.finditer(text):
            if overlaps(match.span(), taken):
                continue
            taken.append(match.span())
            if kind in ("md", "md_rel"):
                pending.append(match)
                continue
            if kind == "year" and not_a_year(text, match.start(), match.end()):
                continue  # "round 2099 of talks", "2000 officials": a number, not a year
            mention = _absolute(kind, match, order)
            if mention:
                found.append(mention)
                if kind == "year":
                    bare.add(mention.start)
    found = _explicit_beats_bare(text, found, bare)
    found.sort(key=lambda m: m.start)
    for match in pending:
        mention = _month_day(match, text, found, ctx)
        if mention:
            found.append(mention)
    found.extend(_day_month_list(text, taken, found, ctx, order))
    for match in _THIS_MONTH.finditer(text):
        if not overlaps(match.span(), taken):
            taken.append(match.span())
            named = _named_month(match, ctx)
            if named:
                found.append(named)
    found = _relatives(text, taken, found, ctx)
    for match in WEEKDAY.finditer(text) if "day" in text else ():
        if not overlaps(match.span(), taken):
            day = _weekday(match, text, ctx)
            if day:
                found.append(day)
    return sorted((_kind_from_prefix(text, m) for m in found), key=lambda m: m.start)


def _explicit_beats_bare(text: str, found: list[DateMention], bare: set[int]) -> list[DateMention]:
    """A bare number never beats a date written out in the same sentence, unless a date word leads it."""
    explicit = any(m.start not in bare and m.precision in ("day", "month") for m in found)
    if not explicit:
        return found
    return [m for m in found if m.start not in bare or introduced(text, m.start)]


def _relatives(
    text: str, taken: list[tuple[int, int]], found: list[DateMention], ctx: Context
) -> list[DateMention]:
    """Relative dates: from the date stated before them, or, for "a month after <date>", after them."""
    out = list(found)
    for match in _RELATIVE.finditer(text) if _may_be_relative(text) else ():
        if overlaps(match.span(), taken):
            continue
        taken.append(match.span())
        stated = [m for m in out if m.kind == "absolute" and not m.uncertain]
        follows = _anchor_after(text, match, stated)
        earlier = [m for m in stated if m.end <= match.start()]
        anchor = follows or (earlier[-1] if earlier else None)
        local = replace(ctx, anchor=anchor.value) if anchor else ctx
        rel = _relative(match, local)
        if rel:
            if follows is not None:  # that date places the relative one; it is not the event's own
                out = [replace(m, kind="reference") if m is follows else m for m in out]
            out.append(rel)
    return out


_ANCHOR_GAP = re.compile(
    r"\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[^\s,;:.()]+\s+){0,4}?(?:of\s+|on\s+|in\s+)?"
)


def _anchor_after(text: str, match: re.Match[str], stated: list[DateMention]) -> DateMention | None:
    """The date right after "a month after" / "two days before" that the interval counts from."""
    direction = (match.groupdict().get("dir") or "").lower()
    word = (match.groupdict().get("word") or "").lower()
    if direction not in ("after", "before") and word not in ("the day after", "the day before"):
        return None
    nxt = next((m for m in stated if m.start >= match.end()), None)
    if nxt is None or nxt.start - match.end() > 50:
        return None
    return nxt if _ANCHOR_GAP.fullmatch(text[match.end() : nxt.start]) else None


# "15/4, 16/4 and 2/5": days and months without a year, read in one order for the whole list.
_DAY_MONTH = re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)/(?P<b>[01]?\d)(?![\d/%]|\.\d)")
_DM_LEAD = re.compile(r"\b(?:on|dated|from|until|between)\s+$", re.IGNORECASE)


def _list_order(text: str) -> str | None:
    """The order a sentence's own numeric dates settle ("15/4" can only be day-first)."""
    for found in re.finditer(r"(?<![\d/.])([0-3]?\d)/([0-3]?\d)(?=/(?:19|20)\d\d|(?![\d/]))", text):
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12 >= second:
            return "DMY"
        if second > 12 >= first:
            return "MDY"
    return None


def _day_month_list(
    text: str, taken: list[tuple[int, int]], found: list[DateMention], ctx: Context, order: str | None
) -> list[DateMention]:
    if "/" not in text:
        return []
    items = [m for m in _DAY_MONTH.finditer(text) if not overlaps(m.span(), taken)]
    out: list[DateMention] = []
    groups: list[list[re.Match[str]]] = []
    for item in items:
        if groups and _LIST_GAP_DATES.fullmatch(text[groups[-1][-1].end() : item.start()]):
            groups[-1].append(item)
        else:
            groups.append([item])
    for group in groups:
        if len(group) < 2 and not _DM_LEAD.search(text[max(0, group[0].start() - 12) : group[0].start()]):
            continue  # a lone "3/4" is a fraction or a score more often than a date
        year, uncertain = _list_year(text, group[-1].end(), found, ctx)
        if year is None:
            continue
        for item in group:
            a, b = int(item["a"]), int(item["b"])
            day, month = (b, a) if order == "MDY" else (a, b)
            made = _iso(year, month, day)
            if made is None:
                continue
            other = _iso(year, day, month) if a != b and order is None else None
            taken.append(item.span())
            out.append(
                DateMention(
                    item.start(),
                    item.end(),
                    made[0],
                    "day",
                    ambiguous=other is not None,
                    uncertain=uncertain,
                    candidates=(made[0], other[0]) if other else (),
                )
            )
    return out


_LIST_GAP_DATES = re.compile(r"[\s,;]*(?:and|or|&)?[\s,;]*")


def _list_year(text: str, end: int, found: list[DateMention], ctx: Context) -> tuple[int | None, bool]:
    """A day-month list takes its year from a dated item right after it, else the publication year."""
    nxt = next((m for m in sorted(found, key=lambda m: m.start) if m.start >= end), None)
    if nxt and _LIST_GAP_DATES.fullmatch(text[end : nxt.start]) and nxt.precision == "day":
        return nxt.year, False
    ref = _reference(ctx, "pub")
    return (ref[0].year, ref[2]) if ref else (None, False)


_MONTH_WORD = _MON.replace("?P<mon>", "?:")
_CONTEXT_CUES = re.compile(
    rf"\b(?:this|last|next)\s+{_MONTH_WORD}|\b{_MONTH_WORD}\s+[0-3]?\d(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)
# Every relative expression holds one of these words: a cheap test before the costly patterns.
_RELATIVE_WORDS = ("day", "tomorrow", "week", "month", "year", "decade")


def _may_be_relative(text: str) -> bool:
    low = text.lower()
    return any(word in low for word in _RELATIVE_WORDS)


_NUMERIC_ANY = re.compile(r"\b([0-3]?\d)[/.]([0-3]?\d)[/.](?:19|20)\d\d\b")


def numeric_order(text: str) -> str | None:
    """ "DMY" or "MDY" when some numeric date in the document can only be read one way (25/03/2025)."""
    for found in _NUMERIC_ANY.finditer(text):
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12 >= second:
            return "DMY"
        if second > 12 >= first:
            return "MDY"
    return None


def needs_context(text: str) -> bool:
    """True when ``text`` has a date that depends on the publication date or the previous date."""
    if _CONTEXT_CUES.search(text):
        return True
    if "/" in text and _DAY_MONTH.search(text):
        return True
    if not _may_be_relative(text):
        return False
    return bool(_RELATIVE.search(text) or ("day" in text and WEEKDAY.search(text)))
